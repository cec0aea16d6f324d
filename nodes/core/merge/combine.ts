// Merge › Combine › Position (item i of every input into one) and › All Possible Combinations (cross join).
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import type { ClashOptions } from './json-merge.ts';
import { mergeFunction, withSuffix } from './json-merge.ts';
import { combined } from './paired.ts';
import type { Inputs } from './paired.ts';

const clashOptions = (ctx: IExecuteFunctions) => (ctx.getNodeParameter('options.clashHandling.values', 0, {}) ?? {}) as ClashOptions;

export function combineByPosition(ctx: IExecuteFunctions, inputs: Inputs): INodeExecutionData[] {
  const clash = clashOptions(ctx);
  const includeUnpaired = ctx.getNodeParameter('options.includeUnpaired', 0, false) === true;
  const resolve = clash.resolveClash ?? '';
  // "preferInputN" names the input whose values win; otherwise the last input wins.
  const preferred = resolve.startsWith('preferInput') ? Number(resolve.slice('preferInput'.length)) - 1 : inputs.length - 1;
  if (!Number.isInteger(preferred) || preferred < 0 || preferred >= inputs.length)
    throw new NodeOperationError(ctx.getNode(), `Clash handling "${resolve}" names an input this node does not have`, { parameter: 'options.clashHandling' });
  const addSuffix = resolve === 'addSuffix';
  const lengths = inputs.map((items) => items.length);
  const count = includeUnpaired ? Math.max(...lengths) : Math.min(...lengths);
  const merge = mergeFunction(clash);
  const out: INodeExecutionData[] = [];
  for (let i = 0; i < count; i++) {
    const entries = inputs.map((items) => items[i]);
    const sources = addSuffix
      ? entries.map((e, k) => (e ? withSuffix(e.json, String(k + 1)) : undefined))
      : [...entries.map((e) => e?.json), entries[preferred]?.json];
    out.push(combined(merge(sources), entries));
  }
  return out;
}

export function combineAll(ctx: IExecuteFunctions, [in1 = [], in2 = []]: Inputs): INodeExecutionData[] {
  const clash = clashOptions(ctx);
  // Later values win, so preferring input 1 means putting it second.
  const [first, second] = clash.resolveClash === 'preferInput1' ? [in2, in1] : [in1, in2];
  const addSuffix = clash.resolveClash === 'addSuffix';
  const merge = mergeFunction(clash);
  const out: INodeExecutionData[] = [];
  for (const a of first) {
    for (const b of second) {
      const json = addSuffix ? merge([withSuffix(a.json, '1'), withSuffix(b.json, '2')]) : merge([a.json, b.json]);
      out.push(combined(json, [a, b]));
    }
  }
  return out;
}
