// Sample data for a condition: the items the node received in the last run, else what its
// upstream nodes hand on (pinned data, or their output in the last run). Also the field paths
// those items hold, offered as suggestions in a row's field input.
import { inputOf, outputOf } from '../stores/execution.store.ts';
import { edgesOf, pinnedItems, wf } from '../stores/workflow.store.ts';

// Store data is reactive (proxies structuredClone refuses): copy through JSON, as it is JSON anyway.
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The JSON of the items that reach `node` (first input), or [] when nothing is known yet. */
export function sampleItemsFor(node: string | undefined): unknown[] {
  if (!node) return [];
  const received = inputOf(node)?.[0];
  if (received?.length) return copy(received);
  for (const edge of edgesOf().filter((e) => e.dst === node && e.input === 0)) {
    const pinned = pinnedItems(edge.src);
    if (pinned?.length) return copy(pinned.map((i) => i.json));
    const out = outputOf(edge.src)?.items[edge.output];
    if (out?.length) return copy(out);
  }
  return [];
}

/**
 * Dotted paths in the items, as `{"var": ...}` reads them: nested fields (`body.status`), the
 * array itself (for "some element of") and the first element's fields (`items.0.qty`).
 */
export function fieldPaths(items: readonly unknown[], limit = 200): string[] {
  const out = new Set<string>();
  const walk = (value: unknown, prefix: string, depth: number) => {
    if (out.size >= limit || depth > 6) return;
    if (prefix) out.add(prefix);
    if (Array.isArray(value)) {
      if (value.length && (isObject(value[0]) || Array.isArray(value[0]))) walk(value[0], `${prefix}.0`, depth + 1);
      return;
    }
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) walk(child, prefix ? `${prefix}.${key}` : key, depth + 1);
  };
  for (const item of items.slice(0, 20)) walk(item, '', 0);
  return [...out];
}

/** What the trigger condition sees: the items of the workflow's first node without inputs that has data. */
export function triggerSampleItems(): unknown[] {
  const fed = new Set(edgesOf().map((e) => e.dst));
  for (const node of wf.nodes.filter((n) => !fed.has(n.name) && !n.disabled)) {
    const pinned = pinnedItems(node.name);
    if (pinned?.length) return copy(pinned.map((i) => i.json));
    const out = outputOf(node.name)?.items[0];
    if (out?.length) return copy(out);
  }
  return [];
}
