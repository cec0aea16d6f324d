// The variable picker's pure logic: which nodes are upstream of a node, their items as a tree of
// fields (key, type, sample), and the n8n expression each field inserts — `{{ $json.a.b }}` for the
// direct parent, `{{ $('Node').item.json.a.b }}` for nodes further up.
import type { Connections } from '../api/types.ts';

export type PathPart = string | number;

export interface VarEntry {
  /** What the row shows: a key, `[0]` for an array element, or an ERPNext field's label. */
  key: string;
  path: PathPart[];
  /** JSON kind (string, number, boolean, null, object, array) or an ERPNext fieldtype. */
  type: string;
  /** A short preview of scalar values; empty for objects and arrays. */
  sample: string;
  children?: VarEntry[];
  /** ERPNext catalog rows: the fieldname behind the label. */
  fieldname?: string;
}

export interface UpstreamNode {
  name: string;
  /** 1 for a direct parent, 2 for its parents, … */
  depth: number;
  /** The output of this node that leads toward the selected node (the first one found). */
  output: number;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** `['customer', 'first name', 0]` → `.customer['first name'][0]`. */
export function accessor(path: PathPart[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : IDENTIFIER.test(p) ? `.${p}` : `[${quote(p)}]`)).join('');
}

/** The `{{ }}` expression reading `path` of the item from `node` (direct parent: `$json`). */
export function expressionFor(path: PathPart[], node: string, direct: boolean): string {
  const base = direct ? '$json' : `$(${quote(node)}).item.json`;
  return `{{ ${base}${accessor(path)} }}`;
}

/**
 * Every node the selected node can read from, walking connections backwards: nearest first, each
 * once (at its smallest depth), loops ignored.
 */
export function upstreamNodes(connections: Connections, name: string): UpstreamNode[] {
  // Reverse index: target → sources with the output they leave from.
  const parents = new Map<string, { src: string; output: number }[]>();
  for (const [src, byType] of Object.entries(connections ?? {})) {
    for (const outputs of Object.values(byType ?? {})) {
      (outputs ?? []).forEach((targets, output) => {
        for (const c of targets ?? []) {
          if (!c?.node) continue;
          const list = parents.get(c.node) ?? [];
          list.push({ src, output });
          parents.set(c.node, list);
        }
      });
    }
  }
  const seen = new Set([name]);
  const out: UpstreamNode[] = [];
  let frontier = [name];
  for (let depth = 1; frontier.length; depth++) {
    const next: string[] = [];
    for (const n of frontier) {
      for (const { src, output } of parents.get(n) ?? []) {
        if (seen.has(src)) continue;
        seen.add(src);
        out.push({ name: src, depth, output });
        next.push(src);
      }
    }
    frontier = next;
  }
  return out;
}

export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

const MAX_SAMPLE = 40;

export function sampleOf(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > MAX_SAMPLE ? `${v.slice(0, MAX_SAMPLE)}…` : v);
  if (typeof v === 'object' || v === undefined) return '';
  return String(v);
}

/** Array elements listed per array; the rest are left out (the expression for [0] shows the way). */
export const MAX_ELEMENTS = 5;
/** Nesting shown; deeper values stay a collapsed leaf. */
export const MAX_DEPTH = 8;

function entry(key: string, path: PathPart[], v: unknown, depth: number): VarEntry {
  const e: VarEntry = { key, path, type: kindOf(v), sample: sampleOf(v) };
  if (depth < MAX_DEPTH && v && typeof v === 'object') e.children = childrenOf(v, path, depth + 1);
  return e;
}

function childrenOf(v: object, path: PathPart[], depth: number): VarEntry[] {
  if (Array.isArray(v)) return v.slice(0, MAX_ELEMENTS).map((el, i) => entry(`[${i}]`, [...path, i], el, depth));
  return Object.entries(v).map(([k, el]) => entry(k, [...path, k], el, depth));
}

/** A value's fields as a tree (for a plain object: one entry per key). */
export function buildTree(value: unknown, path: PathPart[] = []): VarEntry[] {
  return value && typeof value === 'object' ? childrenOf(value, path, 0) : [];
}

/**
 * One sample item from a node's items: the first item, plus the keys only later items have
 * (items of one node usually share a shape, but optional fields show up on some only).
 */
export function sampleItem(items: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of items.slice(0, 50)) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) continue;
    for (const [k, v] of Object.entries(item)) if (!(k in out)) out[k] = v;
  }
  return out;
}

export interface CatalogFieldLike {
  fieldname: string;
  label: string;
  fieldtype: string;
  children?: CatalogFieldLike[];
}

/** ERPNext catalog fields under `base` (the trigger's `body`); a Table's rows read as `[0]`. */
export function catalogTree(fields: CatalogFieldLike[], base: PathPart[]): VarEntry[] {
  return fields.map((f) => {
    const path = [...base, f.fieldname];
    const e: VarEntry = { key: f.label || f.fieldname, fieldname: f.fieldname, path, type: f.fieldtype, sample: '' };
    if (f.children?.length) e.children = catalogTree(f.children, [...path, 0]);
    return e;
  });
}

/** Entries whose key, fieldname or path contains `query` (case-insensitive), with the branches leading to them. */
export function filterTree(entries: VarEntry[], query: string): VarEntry[] {
  const q = query.trim().toLowerCase();
  if (!q) return entries;
  const out: VarEntry[] = [];
  for (const e of entries) {
    const own = [e.key, e.fieldname ?? '', accessor(e.path)].some((s) => s.toLowerCase().includes(q));
    const children = e.children ? filterTree(e.children, q) : undefined;
    if (own) out.push(e);
    else if (children?.length) out.push({ ...e, children });
  }
  return out;
}

/**
 * A fixed-mode text field after dropping `text` at its selection, the way n8n does: the field
 * becomes an expression (`=` prefix) with the text around the cursor kept. A value already
 * starting with `=` is an expression shown raw; the text goes in at the cursor.
 */
export function insertIntoFixed(value: string, start: number, end: number, text: string): { value: string; cursor: number } {
  const isExpression = value.startsWith('=');
  // Never before an expression's own `=`.
  const s = Math.max(isExpression ? 1 : 0, Math.min(start, value.length));
  const e = Math.max(s, Math.min(end, value.length));
  const spliced = value.slice(0, s) + text + value.slice(e);
  if (isExpression) return { value: spliced, cursor: s + text.length };
  return { value: `=${spliced}`, cursor: s + text.length + 1 };
}
