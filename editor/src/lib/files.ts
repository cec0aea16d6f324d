// Browser file helpers for import/export.
import { nodesToN8n } from '../../../host/conditions/to-n8n.ts';
import type { WorkflowInput } from '../api/types.ts';

export function downloadJson(filename: string, value: unknown): void {
  const blob = new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename.replace(/[\\/:*?"<>|]+/g, '_');
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export function readFileText(file: File): Promise<string> {
  return file.text();
}

/**
 * A workflow as a file, in the key order of n8n's "Download" (which imports it back): pinData is
 * always written, as n8n does; ids and timestamps are left to whoever imports it. Conditions are
 * written in n8n's shape (the host reads both), so the file also opens in n8n; nodes whose rule n8n
 * cannot hold keep JSONLogic and are listed in `meta.gigaflowUnconverted`, as the host's export does.
 */
export function workflowFile(w: WorkflowInput): Record<string, unknown> {
  const { nodes, unconverted } = nodesToN8n(w.nodes);
  const { gigaflowUnconverted: _stale, ...meta } = (w.meta ?? {}) as Record<string, unknown>;
  if (unconverted.length) meta.gigaflowUnconverted = unconverted.map((u) => u.node);
  return {
    name: w.name,
    nodes,
    pinData: w.pinData ?? {},
    connections: w.connections,
    settings: w.settings ?? {},
    ...(Object.keys(meta).length ? { meta } : {}),
    ...(w.tags?.length ? { tags: w.tags } : {}),
  };
}
