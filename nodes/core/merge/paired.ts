// Lineage for merged items: every output item names the input items it came from, with the input
// index, so `$('Node').item` downstream can follow any branch back.
import type { IBinaryKeyData, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { deepMerge } from './json-merge.ts';

export type Inputs = INodeExecutionData[][];

/** The items of each input, re-stamped with their own position (the engine passes upstream lineage through). */
export function stampedInputs(read: (input: number) => INodeExecutionData[], count: number): Inputs {
  return Array.from({ length: count }, (_, input) =>
    read(input).map((item, i) => ({ ...item, pairedItem: input ? { item: i, input } : { item: i } })),
  );
}

export function pairsOf(items: (INodeExecutionData | undefined)[]): IPairedItemData[] {
  const out: IPairedItemData[] = [];
  for (const item of items) {
    const p = item?.pairedItem;
    if (p === undefined || p === null) continue;
    if (typeof p === 'number') out.push({ item: p });
    else if (Array.isArray(p)) out.push(...p);
    else out.push(p);
  }
  return out;
}

/** Binary data of several items merged the same way as their JSON; undefined when none has any. */
export function mergedBinary(items: (INodeExecutionData | undefined)[]): IBinaryKeyData | undefined {
  const sources = items.map((i) => i?.binary).filter((b): b is IBinaryKeyData => !!b && Object.keys(b).length > 0);
  return sources.length ? (deepMerge(sources as unknown as Record<string, unknown>[]) as unknown as IBinaryKeyData) : undefined;
}

export function combined(json: Record<string, unknown>, from: (INodeExecutionData | undefined)[]): INodeExecutionData {
  const item: INodeExecutionData = { json: json as INodeExecutionData['json'], pairedItem: pairsOf(from) };
  const binary = mergedBinary(from);
  if (binary) item.binary = binary;
  return item;
}
