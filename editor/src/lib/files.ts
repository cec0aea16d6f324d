// Browser file helpers for import/export.
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
 * always written, as n8n does; ids and timestamps are left to whoever imports it.
 */
export function workflowFile(w: WorkflowInput): Record<string, unknown> {
  return {
    name: w.name,
    nodes: w.nodes,
    pinData: w.pinData ?? {},
    connections: w.connections,
    settings: w.settings ?? {},
    ...(w.meta && Object.keys(w.meta).length ? { meta: w.meta } : {}),
    ...(w.tags?.length ? { tags: w.tags } : {}),
  };
}
