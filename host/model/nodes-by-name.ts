import type { INode } from './workflow.ts';

const EMPTY: ReadonlyMap<string, INode> = new Map();
const cache = new WeakMap<readonly INode[], ReadonlyMap<string, INode>>();

/**
 * A workflow's nodes by name, built once per nodes array: workflows are replaced on save, never
 * mutated in place, so every run of a version (and each observer of its end: Insights, metrics,
 * traces) shares one map instead of building its own per run.
 */
export function nodesByName(nodes: readonly INode[] | undefined): ReadonlyMap<string, INode> {
  if (!nodes) return EMPTY;
  let map = cache.get(nodes);
  if (!map) cache.set(nodes, (map = new Map(nodes.map((n) => [n.name, n]))));
  return map;
}
