// frappe.client.get_list → frappe.get_list (DatabaseQuery): fields (JSON list, "*", "x as y",
// dotted Link fields "customer.customer_name" whose column comes back as "customer_name"),
// filters / or_filters, order_by ("creation desc, name asc"; default the doctype's sort,
// modified desc), limit_start / limit_page_length (0 = all), as_dict=0 rows as arrays.
import { columnType, dataFields, getField, isStandardField, STANDARD_FIELDS, tableFields, CHILD_FIELDS } from './doctypes.ts';
import type { DocTypeDef } from './doctypes.ts';
import { bare, FrappeError, frappeThrow } from './errors.ts';
import { buildPredicate, invalidField, parseJsonArg, sqlCompare } from './filters.ts';
import { outputValue } from './serialize.ts';
import { allDocs, canAccess, checkListPermission, findDoc, getMeta } from './site.ts';
import type { Doc, Site } from './site.ts';

export interface ListArgs {
  doctype: string;
  fields?: unknown;
  filters?: unknown;
  or_filters?: unknown;
  order_by?: unknown;
  limit_start?: unknown;
  limit_page_length?: unknown;
  as_dict?: unknown;
  group_by?: unknown;
  parent?: unknown;
}

/** frappe.utils.cint: int(float(x)), 0 when it is not a number. */
export function cint(v: unknown): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  const n = typeof v === 'number' ? v : Number.parseFloat(String(v ?? ''));
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

/** frappe.utils.sbool for as_dict / debug: "0"/"false" → false, "1"/"true" → true. */
export function sbool(v: unknown, fallback: boolean): boolean {
  if (v === undefined || v === null || v === '') return fallback;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const s = String(v).toLowerCase();
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  return fallback;
}

interface Column {
  key: string;
  fieldtype: string | undefined;
  read(doc: Doc): unknown;
}

const sqlError = (code: number, text: string): FrappeError => new FrappeError('OperationalError', { excText: `(${code}, "${text}")`, status: 500 });

function wildcardColumns(meta: DocTypeDef): Column[] {
  const names = [...STANDARD_FIELDS, ...dataFields(meta).map((df) => df.fieldname), ...(meta.istable ? CHILD_FIELDS : [])];
  return names.map((name) => ({ key: name, fieldtype: columnType(meta, name), read: (doc) => doc[name] }));
}

function column(site: Site, user: string, meta: DocTypeDef, spec: string): Column[] {
  if (spec.trim() === '*') return wildcardColumns(meta);
  const [, expr, alias] = /^\s*(.+?)(?:\s+as\s+`?([\w ]+?)`?)?\s*$/i.exec(spec) ?? [];
  const qualified = /^`?tab([^`.]+)`?\.`?(\w+)`?$/.exec(expr ?? '');
  const field = (qualified && qualified[1] === meta.name ? qualified[2] : (expr ?? '')).replace(/`/g, '');
  const dotted = /^(\w+)\.(\w+)$/.exec(field);
  if (dotted) {
    const link = getField(meta, dotted[1]);
    if (!link || link.fieldtype !== 'Link') throw invalidField(field);
    const target = getMeta(site, link.options!);
    if (!isStandardField(dotted[2]) && !getField(target, dotted[2])) throw invalidField(field);
    // DatabaseQuery joins the linked table, which needs read permission on it.
    checkListPermission(site, user, target.name);
    const targetField = dotted[2];
    return [{ key: alias ?? targetField, fieldtype: columnType(target, targetField), read: (doc) => findDoc(site, target.name, doc[link.fieldname])?.[targetField] ?? null }];
  }
  if (!/^\w+$/.test(field)) throw invalidField(field);
  if (!isStandardField(field)) {
    const df = getField(meta, field);
    if (!df || df.fieldtype === 'Table') throw invalidField(field);
  }
  const name = field;
  return [{ key: alias ?? name, fieldtype: columnType(meta, name), read: (doc) => doc[name] }];
}

function parseFields(raw: unknown): string[] {
  if (raw === '*') return ['*'];
  const parsed = parseJsonArg(raw);
  if (parsed === undefined || parsed === null) return ['name'];
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const fields = list.filter((f) => f !== null && f !== '').map(String);
  return fields.length ? fields : ['name'];
}

interface SortKey {
  field: string;
  desc: boolean;
}

function parseOrderBy(meta: DocTypeDef, raw: unknown): SortKey[] {
  const text = raw === undefined || raw === null || raw === '' ? `${meta.sort_field} ${meta.sort_order}` : String(raw);
  if (/\bselect\b/i.test(text) && /\bfrom\b/i.test(text)) frappeThrow('Cannot use sub-query in order by');
  return text.split(',').map((part) => {
    const m = /^\s*(?:`?tab([^`.]+)`?\.)?`?(\w+)`?(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!m) throw new FrappeError('ProgrammingError', { excText: `(1064, "You have an error in your SQL syntax near '${part.trim()}'")`, status: 500 });
    const field = m[2];
    if ((m[1] && m[1] !== meta.name) || (!isStandardField(field) && !dataFields(meta).some((df) => df.fieldname === field))) {
      throw sqlError(1054, `Unknown column '${m[1] ? `tab${m[1]}.` : ''}${field}' in 'order clause'`);
    }
    return { field, desc: (m[3] ?? 'asc').toLowerCase() === 'desc' };
  });
}

function sorter(meta: DocTypeDef, keys: SortKey[]): (a: Doc, b: Doc) => number {
  const kinds = keys.map((k) => {
    const t = columnType(meta, k.field);
    return t === 'Int' || t === 'Check' || t === 'Float' || t === 'Currency' || t === 'Percent' ? 'number' : t === 'Date' || t === 'Datetime' ? 'date' : 'text';
  });
  return (a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const x = a[keys[i].field] ?? null;
      const y = b[keys[i].field] ?? null;
      // MariaDB sorts NULL before every value ascending.
      const c = x === null && y === null ? 0 : x === null ? -1 : y === null ? 1 : sqlCompare(x, y, kinds[i] as 'number' | 'date' | 'text');
      if (c !== 0) return keys[i].desc ? -c : c;
    }
    return 0;
  };
}

/** Child rows are listed only through a parent the user can read (check_parent_permission). */
function childRows(site: Site, user: string, meta: DocTypeDef, parent: unknown): Doc[] {
  const parentMeta = typeof parent === 'string' ? site.schema.get(parent) : undefined;
  const tables = parentMeta ? tableFields(parentMeta).filter((df) => df.options === meta.name) : [];
  if (!parentMeta || tables.length === 0 || !canAccess(site, user, parentMeta.name)) throw bare('PermissionError');
  return allDocs(site, parentMeta.name).flatMap((doc) => tables.flatMap((t) => (doc[t.fieldname] as Doc[] | undefined) ?? []));
}

/** The rows of a get_list call, ready for the response (floats marked for Python output). */
export function getList(site: Site, user: string, args: ListArgs): unknown[] {
  const meta = getMeta(site, args.doctype);
  const rows = meta.istable ? childRows(site, user, meta, args.parent) : (checkListPermission(site, user, meta.name), allDocs(site, meta.name));
  if (args.group_by) frappeThrow('group_by is not supported by the fake Frappe');
  const columns = parseFields(args.fields).flatMap((spec) => column(site, user, meta, spec));
  const match = buildPredicate(site, meta, args.filters, args.or_filters);
  const order = parseOrderBy(meta, args.order_by);
  const start = Math.max(0, cint(args.limit_start));
  const length = args.limit_page_length === undefined ? 20 : cint(args.limit_page_length);
  const selected = rows.filter(match).sort(sorter(meta, order));
  const page = length > 0 ? selected.slice(start, start + length) : selected.slice(start);
  const asDict = sbool(args.as_dict, true);
  return page.map((doc) => {
    const values = columns.map((c) => outputValue(c.fieldtype, c.read(doc), true));
    if (!asDict) return values;
    const out: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      out[c.key] = values[i];
    });
    return out;
  });
}

/** frappe.client.get_count: how many rows match (same filter rules, same permission). */
export function getCount(site: Site, user: string, doctype: string, filters: unknown): number {
  const meta = getMeta(site, doctype);
  checkListPermission(site, user, meta.name);
  const match = buildPredicate(site, meta, filters, undefined);
  return allDocs(site, meta.name).filter(match).length;
}
