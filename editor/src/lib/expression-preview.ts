// The live preview's request (what the editor knows about the node's data) and how its value is
// shown. The host evaluates; nothing here runs the user's expression.
import type { PreviewRequest } from '../api/expressions.ts';
import type { ExpressionScope, ItemJson } from './expression-context.ts';

/** A preview needs samples, not whole runs: the host caps the context at 2 MB. */
export const MAX_PREVIEW_ITEMS = 200;

export interface PreviewTarget {
  node?: { name: string; type: string; typeVersion: number };
  workflow?: { id: string; name: string; active: boolean; timezone?: string };
  workflowNodes: string[];
}

const sample = (items: ItemJson[]) => items.slice(0, MAX_PREVIEW_ITEMS);

export function previewRequest(expression: string, itemIndex: number, scope: ExpressionScope, target: PreviewTarget): PreviewRequest {
  return {
    expression,
    itemIndex,
    input: sample(scope.input),
    nodes: Object.fromEntries(Object.entries(scope.outputs).map(([name, items]) => [name, sample(items)])),
    workflowNodes: target.workflowNodes,
    node: target.node ?? { name: scope.node, type: '', typeVersion: 1 },
    workflow: target.workflow ?? { id: '', name: '', active: false },
    ...(scope.prevNode ? { prevNode: scope.prevNode } : {}),
  };
}

/** The text shown for a value: strings as they are, the rest as JSON; '' means an empty string. */
export function formatPreviewValue(value: unknown, type: string): string {
  if (type === 'undefined') return 'undefined';
  if (type === 'string') return value as string;
  return JSON.stringify(value, null, typeof value === 'object' && value !== null ? 2 : undefined) ?? String(value);
}

/** Calls `run` once typing pauses for `ms`, and tells whether an answer is still the latest. */
export function debounced<A extends unknown[]>(ms: number, run: (isLatest: () => boolean, ...args: A) => void): { call: (...args: A) => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  return {
    call(...args: A) {
      clearTimeout(timer);
      const mine = ++generation;
      timer = setTimeout(() => run(() => mine === generation, ...args), ms);
    },
    cancel() {
      clearTimeout(timer);
      generation++;
    },
  };
}
