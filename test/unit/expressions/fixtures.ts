// Test data for the expression evaluator: a small workflow run where 'Webhook' and 'Set' have run,
// 'Not Run' exists but has not executed, and the current node is 'Current'.
import type { ExpressionData } from '../../../host/expressions/types.ts';
import type { INodeExecutionData } from '../../../host/model/index.ts';

export interface FixtureOptions {
  itemIndex?: number;
  runIndex?: number;
  inputItems?: INodeExecutionData[];
  outputs?: Record<string, INodeExecutionData[]>;
  timezone?: string;
  prevNode?: ExpressionData['prevNode'];
}

export const webhookItems: INodeExecutionData[] = [
  { json: { id: 1, name: 'Alice', email: 'alice@example.com', tags: ['a', 'b'] } },
  { json: { id: 2, name: 'Bob', email: 'bob@example.com', tags: [] } },
];

export const setItems: INodeExecutionData[] = [
  { json: { total: 10, label: 'first' }, pairedItem: { item: 0 } },
  { json: { total: 20, label: 'second' }, pairedItem: { item: 1 } },
];

export const inputItems: INodeExecutionData[] = [
  { json: { x: 5, name: 'World', nested: { deep: [1, 2, 3] } }, binary: { file: { data: 'aGVsbG8=', mimeType: 'text/plain', fileName: 'a.txt' } } as never, pairedItem: { item: 0 } },
  { json: { x: 6, name: 'Second' }, pairedItem: { item: 1 } },
  { json: { x: 7, name: 'Third' }, pairedItem: { item: 1 } },
];

export function makeData(opts: FixtureOptions = {}): ExpressionData {
  const outputs: Record<string, INodeExecutionData[]> = opts.outputs ?? { Webhook: webhookItems, Set: setItems };
  const nodes = new Set(['Webhook', 'Set', 'Not Run', 'Current', ...Object.keys(outputs)]);
  const items = opts.inputItems ?? inputItems;
  return {
    itemIndex: opts.itemIndex ?? 0,
    runIndex: opts.runIndex ?? 0,
    inputItems: items,
    nodeOutput(name: string, outputIndex = 0) {
      if (outputIndex !== 0) return [];
      return outputs[name];
    },
    pairedItem(name: string, itemIndex: number) {
      const out = outputs[name];
      if (!out) return undefined;
      // The fixture's lineage: input item i descends from item (pairedItem.item) of the upstream node.
      const paired = items[itemIndex]?.pairedItem;
      const index = typeof paired === 'object' && paired !== null && !Array.isArray(paired) ? paired.item : itemIndex;
      return out[index];
    },
    hasNode: (name: string) => nodes.has(name),
    nodeParameters(name: string) {
      if (!nodes.has(name)) return undefined;
      return { operation: 'get', nodeName: name, url: `=https://example.com/{{ $json.id }}` };
    },
    node: { name: 'Current', type: 'n8n-nodes-base.set', typeVersion: 3 },
    execution: { id: 'exec-42', mode: 'manual', resumeUrl: 'https://gigaflow.test/webhook-waiting/exec-42' },
    workflow: { id: 'wf-7', name: 'Field service dispatch', active: true },
    vars: { region: 'north', apiBase: 'https://api.example.com' },
    prevNode: opts.prevNode === undefined ? { name: 'Set', outputIndex: 0, runIndex: 0 } : opts.prevNode,
    timezone: opts.timezone ?? 'Europe/Berlin',
  };
}
