// Follows pairedItem lineage back through run data, for `$('Node').item`.
import type { IPairedItemData } from 'n8n-workflow';
import type { INodeExecutionData, RunData } from '../model/index.ts';
import type { PendingRun } from './types.ts';

type Source = PendingRun['sources'][number];

function pairsOf(item: INodeExecutionData): IPairedItemData[] {
  const p = item.pairedItem;
  if (p === undefined || p === null) return [];
  if (typeof p === 'number') return [{ item: p }];
  return Array.isArray(p) ? p : [p];
}

/**
 * The item of `target`'s output that `inputItems[itemIndex]` descends from. Each step goes from an
 * output item of a node to the input item(s) it was paired with, then to the parent that fed that
 * input; an item merged from several inputs (pairedItem array) is followed along every pair, as n8n
 * does, and the first path that reaches `target` wins.
 */
export function findPairedItem(
  runData: RunData,
  sources: PendingRun['sources'],
  inputItems: INodeExecutionData[],
  itemIndex: number,
  target: string,
): INodeExecutionData | undefined {
  let budget = 10_000; // bounds the walk on pathological lineage
  const walk = (item: INodeExecutionData | undefined, source: Source): INodeExecutionData | undefined => {
    if (!item || !source || --budget < 0) return undefined;
    if (source.previousNode === target) return item;
    const task = runData[source.previousNode]?.[source.previousNodeRun];
    if (!task) return undefined;
    for (const pair of pairsOf(item)) {
      const parentSource = task.source[pair.input ?? 0];
      if (!parentSource) continue;
      const parentRun = parentSource.previousNodeRun ?? (runData[parentSource.previousNode]?.length ?? 1) - 1;
      const parentOutput = parentSource.previousNodeOutput ?? 0;
      const parentItem = runData[parentSource.previousNode]?.[parentRun]?.data?.main[parentOutput]?.[pair.item];
      const found = walk(parentItem, { previousNode: parentSource.previousNode, previousNodeOutput: parentOutput, previousNodeRun: parentRun });
      if (found) return found;
    }
    return undefined;
  };
  return walk(inputItems[itemIndex], sources[0]);
}
