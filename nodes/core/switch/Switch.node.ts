import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { itemCondition } from '../conditions/node-conditions.ts';
import type { ItemCondition } from '../conditions/node-conditions.ts';
import { valueAt } from '../conditions/prepare.ts';
import { switchDescription } from './description.ts';

type Options = { fallbackOutput?: string | number; allMatchingOutputs?: boolean };

const routed = (item: INodeExecutionData, i: number): INodeExecutionData => ({ ...item, pairedItem: { item: i } });

/** The output index unmatched items go to: -1 for none; 'extra' is the last output. */
function fallbackIndex(ctx: IExecuteFunctions, fallback: unknown, ruleCount: number): number {
  if (fallback === undefined || fallback === 'none' || fallback === '') return -1;
  if (fallback === 'extra') return ruleCount;
  const n = Number(fallback);
  if (!Number.isInteger(n) || n < 0 || n >= ruleCount)
    throw new NodeOperationError(
      ctx.getNode(),
      `Fallback output ${JSON.stringify(fallback)} does not exist: use 'none', 'extra' or a rule's output index from 0 to ${ruleCount - 1}`,
      { parameter: 'options.fallbackOutput' },
    );
  return n;
}

function routeByExpression(ctx: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
  const count = Number(ctx.getNodeParameter('numberOutputs', 0, 4));
  if (!Number.isInteger(count) || count < 1)
    throw new NodeOperationError(ctx.getNode(), `Number of Outputs must be a whole number of at least 1, got ${JSON.stringify(count)}`, { parameter: 'numberOutputs' });
  const out: INodeExecutionData[][] = Array.from({ length: count }, () => []);
  items.forEach((item, i) => {
    try {
      const index = Number(ctx.getNodeParameter('output', i));
      if (!Number.isInteger(index) || index < 0 || index >= count)
        throw new NodeOperationError(ctx.getNode(), `Output ${index} does not exist: the output index must be from 0 to ${count - 1}`, { parameter: 'output', itemIndex: i });
      out[index].push(routed(item, i));
    } catch (err) {
      if (!ctx.continueOnFail()) throw err;
      out[0].push({ json: { error: (err as Error).message }, pairedItem: { item: i } });
    }
  });
  return out;
}

export class Switch implements INodeType {
  description = switchDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const mode = this.getNodeParameter('mode', 0, 'rules');
    if (mode === 'expression') return routeByExpression(this, items);
    if (mode !== 'rules') throw new NodeOperationError(this.getNode(), `Mode must be 'rules' or 'expression', got ${JSON.stringify(mode)}`, { parameter: 'mode' });

    const rules = valueAt(this.getNode().parameters, ['rules', 'values']);
    if (!Array.isArray(rules) || rules.length === 0) return [[]];
    const options = this.getNodeParameter('options', 0, {}) as Options;
    const fallback = fallbackIndex(this, options.fallbackOutput, rules.length);
    const out: INodeExecutionData[][] = Array.from({ length: rules.length + (options.fallbackOutput === 'extra' ? 1 : 0) }, () => []);
    let tests: ItemCondition[] = [];
    let setupError: unknown;
    try {
      tests = rules.map((_, r) => itemCondition(this, `rules.values.${r}.conditions`, `rules.values[${r}].conditions`));
    } catch (err) {
      if (!this.continueOnFail()) throw err;
      setupError = err;
    }

    items.forEach((item, i) => {
      try {
        if (setupError) throw setupError;
        let matched = false;
        for (let r = 0; r < tests.length; r++) {
          if (!tests[r](i, item)) continue;
          matched = true;
          out[r].push(routed(item, i));
          if (!options.allMatchingOutputs) break;
        }
        if (!matched && fallback >= 0) out[fallback].push(routed(item, i));
      } catch (err) {
        // As in n8n: with continueOnFail the error goes to the first output as an item.
        if (!this.continueOnFail()) throw err;
        out[0].push({ json: { error: (err as Error).message }, pairedItem: { item: i } });
      }
    });
    return out;
  }
}
