// `filters` / `or_filters` as frappe.model.db_query evaluates them on MariaDB:
// shapes from frappe.utils.data.get_filter/make_filter_tuple, field checks from
// frappe.desk.reportview.validate_filters, and prepare_filter_condition's ifnull() rules, which
// decide whether a NULL column matches (e.g. `!=` and `not in` match NULLs, `=` does not).
// Text compares like utf8mb4_unicode_ci: case- and accent-insensitive.
import { pyRepr } from './as-json.ts';
import { NAMED_TIMESPANS, timespanRange, toDate, toDatetime } from './dates.ts';
import { columnType, getField, isStandardField, NUMERIC_TYPES, tableFields } from './doctypes.ts';
import type { DocTypeDef } from './doctypes.ts';
import { FrappeError, frappeThrow, jsonDecodeError } from './errors.ts';
import { collationKey, fold, getMeta } from './site.ts';
import type { Doc, Site } from './site.ts';

export interface Condition {
  doctype: string;
  fieldname: string;
  operator: string;
  value: unknown;
}

const TREE_OPERATORS = ['ancestors of', 'descendants of', 'not ancestors of', 'not descendants of', 'descendants of (inclusive)'];
/** get_filter's valid_operators, plus "starts with"/"ends with" from recent builds. */
export const VALID_OPERATORS = ['=', '!=', '>', '<', '>=', '<=', 'like', 'not like', 'in', 'not in', 'is', 'between', 'timespan', 'previous', 'next', ...TREE_OPERATORS, 'starts with', 'ends with'];
const PERIODS: Record<string, string> = { '1 week': 'week', '1 month': 'month', '3 months': 'quarter', '6 months': '6 months', '1 year': 'year' };
const DATETIME_FALLBACK = '0001-01-01 00:00:00.000000';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON-or-already-parsed request argument (`fields`, `filters`, ...). Bad JSON is a 500 JSONDecodeError. */
export function parseJsonArg(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw jsonDecodeError();
  }
}

function makeFilterTuple(doctype: string, key: string, value: unknown): unknown[] {
  return Array.isArray(value) ? [doctype, key, value[0], value[1]] : [doctype, key, '=', value];
}

/** filters in any accepted shape → [doctype, fieldname, operator, value] conditions. */
export function normalizeFilters(doctype: string, raw: unknown): Condition[] {
  const filters = parseJsonArg(raw);
  if (filters === undefined || filters === null || filters === '') return [];
  let tuples: unknown[];
  if (isPlainObject(filters)) tuples = Object.entries(filters).map(([k, v]) => makeFilterTuple(doctype, k, v));
  else if (Array.isArray(filters)) {
    tuples = filters.map((item) => {
      if (isPlainObject(item)) {
        const [k, v] = Object.entries(item)[0] ?? [];
        return makeFilterTuple(doctype, String(k), v);
      }
      if (!Array.isArray(item)) frappeThrow('Filter must be a tuple or list (in a list)');
      if (item.length === 3) return [doctype, ...item];
      if (item.length > 4) return item.slice(0, 4);
      if (item.length !== 4) frappeThrow(`Filter must have 4 values (doctype, fieldname, operator, value): ${pyRepr(item)}`);
      return item;
    });
  } else frappeThrow('Filter must be a tuple or list (in a list)');
  return tuples.map((t) => {
    const [dt, fieldname, operator, value] = t as [unknown, unknown, unknown, unknown];
    return { doctype: String(dt ?? doctype), fieldname: String(fieldname), operator: operator ? String(operator) : '=', value };
  });
}

/** reportview.raise_invalid_field: DataError "Field not permitted in query: x". */
export const invalidField = (fieldname: string): FrappeError =>
  new FrappeError('DataError', {
    messages: [{ message: `Field not permitted in query: ${fieldname}`, title: 'Message', indicator: 'red', raise_exception: 1 }],
  });

/** The fields and operators of conditions must exist; child-table conditions must name a child of `meta`. */
export function validateConditions(site: Site, meta: DocTypeDef, conds: Condition[]): void {
  for (const c of conds) {
    if (c.doctype !== meta.name) {
      const child = getMeta(site, c.doctype);
      if (!isStandardField(c.fieldname) && !getField(child, c.fieldname)) throw invalidField(c.fieldname);
      if (!tableFields(meta).some((df) => df.options === c.doctype)) frappeThrow(`${c.doctype} is not a child table of ${meta.name}; the fake filters only on the doctype and its child tables`);
    } else if (!isStandardField(c.fieldname)) {
      const df = getField(meta, c.fieldname);
      if (!df || df.fieldtype === 'Table') throw invalidField(c.fieldname);
    }
  }
  for (const c of conds) {
    if (!VALID_OPERATORS.includes(c.operator.toLowerCase())) frappeThrow(`Operator must be one of ${VALID_OPERATORS.join(', ')}`);
  }
}

type Kind = 'number' | 'date' | 'text';
const kindOf = (fieldtype: string | undefined): Kind => (fieldtype && NUMERIC_TYPES.has(fieldtype) ? 'number' : fieldtype === 'Date' || fieldtype === 'Datetime' ? 'date' : 'text');

/** MariaDB's string → number cast: the leading number, else 0. */
function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const m = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?/i.exec(String(v ?? ''));
  return m ? Number(m[0]) : 0;
}

/** "YYYY-MM-DD HH:MM:SS" (Python's str of a datetime without microseconds) → with ".000000". */
const fullDatetime = (s: string): string => (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(s) ? `${s}.000000` : s);

/** SQL comparison of a column value with a filter value, by column kind. */
export function sqlCompare(a: unknown, b: unknown, kind: Kind): number {
  if (kind === 'number') return Math.sign(toNumber(a) - toNumber(b));
  if (kind === 'date') {
    const x = fullDatetime(String(a));
    const y = fullDatetime(String(b));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = String(a);
  const y = String(b);
  const kx = collationKey(x);
  const ky = collationKey(y);
  return kx < ky ? -1 : kx > ky ? 1 : 0;
}

const likeCache = new Map<string, RegExp>();
/** LIKE: % and _ wildcards, backslash escapes, case- and accent-insensitive. */
export function sqlLike(value: unknown, pattern: unknown): boolean {
  const p = fold(String(pattern ?? ''));
  let re = likeCache.get(p);
  if (!re) {
    let src = '';
    for (let i = 0; i < p.length; i++) {
      const ch = p[i];
      if (ch === '\\' && i + 1 < p.length) src += p[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      else if (ch === '%') src += '[\\s\\S]*';
      else if (ch === '_') src += '[\\s\\S]';
      else src += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
    re = new RegExp(`^${src}$`, 'u');
    likeCache.set(p, re);
  }
  return re.test(fold(typeof value === 'number' ? String(value) : String(value ?? '')));
}

const truthy = (v: unknown): boolean => !(v === null || v === undefined || v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0));

interface Prepared {
  fieldname: string;
  /** Rows of this doctype are tested; for a child doctype, any row of the parent's table(s). */
  childTables?: string[];
  test(value: unknown): boolean;
}

/** frappe.model.db_query.get_between_date_filter: missing ends are today; datetimes span whole days. */
function betweenDates(value: unknown, datetime: boolean, today: string): [string, string] {
  const list = Array.isArray(value) ? value : [];
  const from = list.length >= 1 ? list[0] : today;
  const to = list.length >= 2 ? list[1] : today;
  return datetime ? [toDatetime(from), toDatetime(to, true)] : [toDate(from), toDate(to)];
}

function prepare(site: Site, meta: DocTypeDef, cond: Condition): Prepared {
  const condMeta = cond.doctype === meta.name ? meta : getMeta(site, cond.doctype);
  const { fieldname } = cond;
  const fieldtype = columnType(condMeta, fieldname);
  const df = getField(condMeta, fieldname);
  const dateish = fieldname === 'creation' || fieldname === 'modified' || fieldtype === 'Date' || fieldtype === 'Datetime';
  let op = cond.operator.toLowerCase();
  let value: unknown = cond.value;
  let kind = kindOf(fieldtype);
  let canBeNull = !['name', 'modified', 'creation'].includes(fieldname);
  let fallback: unknown = '';
  let coalesceDecided: boolean | undefined;

  if (TREE_OPERATORS.includes(op)) {
    const ref = df?.fieldtype === 'Link' ? df.options! : condMeta.name;
    frappeThrow(`Operator "${op}" needs a tree doctype, and ${ref} is not a tree doctype (it has no lft/rgt)`);
  }
  let test: (v: unknown) => boolean;
  if (op === 'in' || op === 'not in') {
    const raw = value ?? '';
    const list = (typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : [raw]).map((v) => (v === null || v === undefined ? '' : String(v)).trim());
    if (op === 'in') canBeNull &&= !truthy(cond.value) || list.some((v) => v === '');
    const values = kind === 'date' ? list.map((v) => (v === '' ? v : dateish && fieldtype !== 'Date' ? toDatetime(v) : toDate(v))) : list;
    const hit = (v: unknown): boolean => values.some((x) => sqlCompare(v, x, kind) === 0);
    test = op === 'in' ? hit : (v) => !hit(v);
  } else {
    if (df && NUMERIC_TYPES.has(df.fieldtype)) canBeNull = false;
    if (op === 'previous' || op === 'next' || op === 'timespan') {
      const keyword = op === 'timespan' ? String(value) : PERIODS[String(value)] && `${op === 'previous' ? 'last' : 'next'} ${PERIODS[String(value)]}`;
      const range = keyword ? timespanRange(keyword, site.clock.today()) : undefined;
      if (!range) frappeThrow(`Unknown timespan ${pyRepr(value)}: the fake knows ${NAMED_TIMESPANS.join(', ')}, "last|next N days/weeks/months/years", and for previous/next: ${Object.keys(PERIODS).join(', ')}`);
      op = 'between';
      value = range;
      fallback = DATETIME_FALLBACK;
    }
    if ((op === '>' || op === '>=') && dateish) canBeNull = false;
    if (['>', '<', '>=', '<='].includes(op) && (fieldname === 'creation' || fieldname === 'modified')) {
      value = toDatetime(value);
      canBeNull = false;
      kind = 'date';
    } else if (op === 'between' && dateish) {
      canBeNull = false;
      value = betweenDates(value, fieldtype !== 'Date', site.clock.today());
    } else if (op === 'is') {
      const v = String(value ?? '').toLowerCase();
      if (v !== 'set' && v !== 'not set') frappeThrow(`Operator "is" takes "set" or "not set", not ${pyRepr(value)}`);
      op = v === 'set' ? '!=' : '=';
      value = '';
      // is set: col != '' (NULL never matches); is not set: ifnull(col, '') = ''.
      coalesceDecided = v === 'not set';
      if (kind === 'date') kind = 'text';
    } else if (fieldtype === 'Date' && op !== 'like' && op !== 'not like' && op !== 'starts with' && op !== 'ends with') {
      value = op === 'between' ? value : toDate(value);
      fallback = '0001-01-01';
    } else if (fieldtype === 'Datetime' && op !== 'like' && op !== 'not like' && op !== 'starts with' && op !== 'ends with') {
      value = op === 'between' ? value : toDatetime(value);
      fallback = DATETIME_FALLBACK;
    } else if (['like', 'not like', 'starts with', 'ends with'].includes(op) || (typeof value === 'string' && kind !== 'number')) {
      value = value ?? '';
      fallback = '';
      if (kind === 'date') kind = 'text';
    } else if ((op === '=' || op === '!=') && (value === null || value === undefined) && kind !== 'number') {
      // Documented choice: {"field": null} means "not set" (and "!=" null means "set").
      value = '';
      fallback = '';
    } else if (kind === 'number') {
      fallback = 0;
    }
    test = (v) => {
      switch (op) {
        case '=':
          return sqlCompare(v, value, kind) === 0;
        case '!=':
          return sqlCompare(v, value, kind) !== 0;
        case '>':
          return sqlCompare(v, value, kind) > 0;
        case '<':
          return sqlCompare(v, value, kind) < 0;
        case '>=':
          return sqlCompare(v, value, kind) >= 0;
        case '<=':
          return sqlCompare(v, value, kind) <= 0;
        case 'like':
          return sqlLike(v, value);
        case 'not like':
          return !sqlLike(v, value);
        case 'starts with':
          return fold(String(v)).startsWith(fold(String(value)));
        case 'ends with':
          return fold(String(v)).endsWith(fold(String(value)));
        case 'between': {
          const [from, to] = Array.isArray(value) ? value : [value, value];
          return sqlCompare(v, from, kind) >= 0 && sqlCompare(v, to, kind) <= 0;
        }
        default:
          return false;
      }
    };
  }
  // prepare_filter_condition: ifnull(col, fallback) unless the column cannot be NULL or
  // the value is truthy and the operator is = or like.
  const coalesce = coalesceDecided ?? (canBeNull && !(truthy(cond.value) && (op === '=' || op === 'like')));
  const childTables = condMeta === meta ? undefined : tableFields(meta).filter((t) => t.options === condMeta.name).map((t) => t.fieldname);
  return {
    fieldname,
    childTables,
    test(raw) {
      let v: unknown = raw === undefined ? null : raw;
      if (v === null && coalesce) v = fallback;
      return v === null ? false : test(v);
    },
  };
}

/** A predicate for rows of `meta`: every `filters` condition, and at least one `or_filters` one. */
export function compileFilters(site: Site, meta: DocTypeDef, filters: Condition[], orFilters: Condition[]): (doc: Doc) => boolean {
  const check = (p: Prepared, doc: Doc): boolean =>
    p.childTables ? p.childTables.some((t) => ((doc[t] as Doc[] | undefined) ?? []).some((row) => p.test(row[p.fieldname]))) : p.test(doc[p.fieldname]);
  const all = filters.map((c) => prepare(site, meta, c));
  const any = orFilters.map((c) => prepare(site, meta, c));
  return (doc) => all.every((p) => check(p, doc)) && (any.length === 0 || any.some((p) => check(p, doc)));
}

/** Parse, validate and compile filters + or_filters for `doctype`. */
export function buildPredicate(site: Site, meta: DocTypeDef, filters: unknown, orFilters: unknown): (doc: Doc) => boolean {
  const f = normalizeFilters(meta.name, filters);
  const o = normalizeFilters(meta.name, orFilters);
  validateConditions(site, meta, [...f, ...o]);
  return compileFilters(site, meta, f, o);
}
