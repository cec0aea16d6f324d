// Verdicts of one condition on one item, three ways: our If node holding a condition parameter
// (JSONLogic or n8n's filter), and n8n's own evaluator (n8n-workflow's executeFilter) on an n8n
// filter, with the operands resolved in our sandbox and the node settings n8n reads.
import { createRequire } from 'node:module';
import { settingsFromParameters } from '../../host/conditions/convert.ts';
import type { N8nFilterValue } from '../../host/conditions/convert.ts';
import type { ExpressionData } from '../../host/expressions/types.ts';
import type { IDataObject, INode, INodeParameters } from '../../host/model/index.ts';
import { engineDeps, run, trigger, workflow } from './engine.ts';

// n8n-workflow's ESM build does not load in Node; its CommonJS build does.
const { executeFilter } = createRequire(import.meta.url)('n8n-workflow') as { executeFilter: (value: unknown) => boolean };

export type Verdict = boolean | 'error';
type Json = Record<string, unknown>;

/** An If 2.2 holding one condition parameter, with the node settings (case, types) of `node`. */
export function ifParameters(node: Pick<INode, 'parameters'>, conditions: unknown): INodeParameters {
  const s = settingsFromParameters(node.parameters);
  return { conditions, options: s.caseSensitive === false ? { ignoreCase: true } : {}, looseTypeValidation: s.typeValidation === 'loose' } as INodeParameters;
}

/** Our If node's verdict on one item: true/false output, or 'error' when the node fails. */
export async function decide(parameters: INodeParameters, item: IDataObject): Promise<Verdict> {
  const wf = workflow([trigger, { name: 'Check', type: 'n8n-nodes-base.if', typeVersion: 2.2, parameters }], [['Start', 'Check']]);
  const result = await run(wf, { triggerItems: [{ json: item }] });
  if (result.status !== 'success') return 'error';
  return (result.runData.Check[0].data!.main[0]?.length ?? 0) > 0;
}

function expressionData(item: IDataObject): ExpressionData {
  return {
    itemIndex: 0, runIndex: 0, inputItems: [{ json: item }], nodeOutput: () => undefined, pairedItem: () => undefined, hasNode: () => false,
    nodeParameters: () => undefined, node: { name: 'Check', type: 'n8n-nodes-base.if', typeVersion: 2.2 },
    execution: { id: 'e', mode: 'manual', resumeUrl: '' }, workflow: { id: 'w', name: 'w', active: false }, vars: {}, timezone: 'UTC',
  };
}

/** The case and type settings n8n applies to a node's filters (node parameters win over the filter's options). */
export function n8nSettings(node: Pick<INode, 'type' | 'typeVersion' | 'parameters'>): { caseSensitive: boolean; typeValidation: 'strict' | 'loose' } {
  const p = node.parameters as Json;
  const options = (p.options ?? {}) as Json;
  const looseAtTop = node.typeVersion >= (node.type === 'n8n-nodes-base.switch' ? 3.1 : 2.1);
  const loose = looseAtTop ? p.looseTypeValidation === true : options.looseTypeValidation === true;
  return { caseSensitive: options.ignoreCase !== true, typeValidation: loose ? 'loose' : 'strict' };
}

/** n8n's verdict on an n8n filter of `node` for one item. */
export async function n8nDecide(node: Pick<INode, 'type' | 'typeVersion' | 'parameters'>, filter: N8nFilterValue, item: IDataObject): Promise<Verdict> {
  const { expressions } = await engineDeps();
  let conditions: unknown[];
  try {
    conditions = filter.conditions.map((c) => ({
      ...c,
      leftValue: expressions.resolve(c.leftValue, expressionData(item), 'leftValue'),
      rightValue: expressions.resolve(c.rightValue, expressionData(item), 'rightValue'),
    }));
  } catch {
    return 'error';
  }
  try {
    return executeFilter({ ...filter, options: { ...filter.options, ...n8nSettings(node) }, conditions });
  } catch {
    return 'error';
  }
}
