// Follows pairedItem lineage back through run data, for `$('Node').item`.
import type { IPairedItemData } from 'n8n-workflow';
import type { INodeExecutionData, RunData } from '../model/index.ts';
import type { PendingRun } from './types.ts';

function firstPair(item: INodeExecutionData): IPairedItemData | undefined {
  const p = item.pairedItem;
  if (p === undefined || p === null) return undefined;
  if (typeof p === 'number') return { item: p };
  return Array.isArray(p) ? p[0] : p;
}

/**
 * The item of `target`'s output that `inputItems[itemIndex]` descends from. Each step goes from an
 * output item of a node to the input item it was paired with, then to the parent that fed that input.
 */
export function findPairedItem(
  runData: RunData,
  sources: PendingRun['sources'],
  inputItems: INodeExecutionData[],
  itemIndex: number,
  target: string,
): INodeExecutionData | undefined {
  let item: INodeExecutionData | undefined = inputItems[itemIndex];
  let source = sources[0];
  for (let hops = 0; item && source && hops < 10_000; hops++) {
    if (source.previousNode === target) return item;
    const task = runData[source.previousNode]?.[source.previousNodeRun];
    const pair = firstPair(item);
    if (!task || !pair) return undefined;
    const parentSource = task.source[pair.input ?? 0];
    if (!parentSource) return undefined;
    const parentRun = parentSource.previousNodeRun ?? (runData[parentSource.previousNode]?.length ?? 1) - 1;
    item = runData[parentSource.previousNode]?.[parentRun]?.data?.main[parentSource.previousNodeOutput ?? 0]?.[pair.item];
    source = { previousNode: parentSource.previousNode, previousNodeOutput: parentSource.previousNodeOutput ?? 0, previousNodeRun: parentRun };
  }
  return undefined;
}
