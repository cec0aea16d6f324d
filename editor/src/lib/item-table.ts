// Items as a table: one column per top-level key of any item, so ragged items line up.

export interface ItemTable {
  columns: string[];
  rows: string[][];
}

function cell(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

export function tableOf(items: unknown[]): ItemTable {
  const columns: string[] = [];
  const seen = new Set<string>();
  const objects = items.map((i) => (i && typeof i === 'object' && !Array.isArray(i) ? (i as Record<string, unknown>) : { value: i }));
  for (const o of objects) for (const k of Object.keys(o)) if (!seen.has(k)) (seen.add(k), columns.push(k));
  return { columns, rows: objects.map((o) => columns.map((c) => cell(o[c]))) };
}
