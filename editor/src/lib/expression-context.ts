// The data an expression of one node can see, as far as the editor knows it: the node's input
// items ($json, $input) and its upstream nodes' outputs ($('Node')). Pinned data wins over the
// last run (in a manual run a pinned node hands on exactly those items). Pure functions over the
// workflow's definition and run data, so completions and the preview share one answer.
import type { Connections, TaskData } from '../api/types.ts';

export type ItemJson = Record<string, unknown>;

export interface WorkflowSnapshot {
  connections: Connections;
  pinData: Record<string, { json: ItemJson }[]>;
  /** The last run's data per node (execution.runData), if there was a run. */
  runData?: Record<string, TaskData[]>;
}

export interface Parent {
  node: string;
  output: number;
  input: number;
}

/** The nodes whose main outputs feed `node`, with which output goes into which input. */
export function parentsOf(node: string, connections: Connections): Parent[] {
  const parents: Parent[] = [];
  for (const [src, byType] of Object.entries(connections ?? {})) {
    (byType?.main ?? []).forEach((targets, output) => {
      for (const c of targets ?? []) if (c?.node === node) parents.push({ node: src, output, input: c.index ?? 0 });
    });
  }
  return parents;
}

/** Every node upstream of `node`, nearest first (breadth-first along connections, backwards). */
export function upstreamNodes(node: string, connections: Connections): string[] {
  const seen = new Set<string>([node]);
  const order: string[] = [];
  let frontier = [node];
  while (frontier.length) {
    const next: string[] = [];
    for (const n of frontier) {
      for (const p of parentsOf(n, connections)) {
        if (seen.has(p.node)) continue;
        seen.add(p.node);
        order.push(p.node);
        next.push(p.node);
      }
    }
    frontier = next;
  }
  return order;
}

/** What `node` handed on from `output`: its pinned items, else its last run's items, else undefined. */
export function outputItems(node: string, snap: WorkflowSnapshot, output = 0): ItemJson[] | undefined {
  const pinned = snap.pinData?.[node];
  if (pinned?.length && output === 0) return pinned.map((i) => i.json);
  const tasks = snap.runData?.[node];
  const last = tasks?.[tasks.length - 1];
  const items = last?.data?.main?.[output];
  return items ? items.map((i) => i.json as ItemJson) : undefined;
}

/** The items on the node's first input: from the parent feeding input 0 (pinned or last run). */
export function inputItems(node: string, snap: WorkflowSnapshot): ItemJson[] {
  const parents = parentsOf(node, snap.connections).filter((p) => p.input === 0);
  for (const p of parents) {
    const items = outputItems(p.node, snap, p.output);
    if (items) return items;
  }
  return [];
}

export interface ExpressionScope {
  node: string;
  input: ItemJson[];
  /** Upstream node names, nearest first. */
  upstream: string[];
  /** Upstream nodes that have items (pinned or run). */
  outputs: Record<string, ItemJson[]>;
  /** The parent on input 0 ($prevNode). */
  prevNode?: string;
}

export function expressionScope(node: string, snap: WorkflowSnapshot): ExpressionScope {
  const upstream = upstreamNodes(node, snap.connections);
  const outputs: Record<string, ItemJson[]> = {};
  for (const name of upstream) {
    const items = outputItems(name, snap);
    if (items) outputs[name] = items;
  }
  const prevNode = parentsOf(node, snap.connections).find((p) => p.input === 0)?.node;
  return { node, input: inputItems(node, snap), upstream, outputs, prevNode };
}
