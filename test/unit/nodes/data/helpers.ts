// Runs data nodes through the node harness (the real engine, registry, sandbox, run-node policy) on given items.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import type { INode } from '../../../../host/model/index.ts';
import type { EngineResult } from '../../../../host/engine/execution.ts';
import { harness, trigger, workflow } from '../../../helpers/engine.ts';

export const items = (...json: IDataObject[]): INodeExecutionData[] => json.map((j) => ({ json: j }));

/** Start → node under test (the harness's runNode), fed `input`; returns its first output (or the run's error). */
export async function runNode(type: string, typeVersion: number, parameters: Record<string, unknown>, input: INodeExecutionData[], extra: Partial<INode> = {}) {
  const run = await (await harness()).runNode({ type: `n8n-nodes-base.${type}`, typeVersion, parameters: parameters as INodeParameters, input, node: { name: 'Node', ...extra } });
  const result = run.raw as EngineResult;
  return { result, task: result.runData.Node?.[0], out: run.items, json: run.json };
}

/**
 * Start → A and Start → B (pinned to the given items) → Merge inputs 1 and 2 → After (a Set node that
 * reads `$('A').item` and `$('B').item`, so lineage through the merge is checked too).
 */
export async function runMerge(parameters: Record<string, unknown>, a: IDataObject[], b: IDataObject[], typeVersion = 3) {
  const wf = workflow(
    [
      trigger,
      { name: 'A', type: 'n8n-nodes-base.noOp', position: [200, -100] },
      { name: 'B', type: 'n8n-nodes-base.noOp', position: [200, 100] },
      { name: 'Merge', type: 'n8n-nodes-base.merge', typeVersion, parameters: parameters as INodeParameters, position: [400, 0] },
    ],
    [['Start', 'A'], ['Start', 'B'], ['A', 'Merge', 0, 0], ['B', 'Merge', 0, 1]],
  );
  const run = await (await harness()).runWorkflow(wf, { pinData: { A: items(...a), B: items(...b) } });
  const result = run.raw as EngineResult;
  const out = run.output('Merge');
  return { result, task: result.runData.Merge?.[0], out, json: out.map((i) => i.json) };
}
