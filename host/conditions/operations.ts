import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
// Our JSONLogic operators, registered with json-logic-js once. Each is a small pure function of
// already-evaluated operands: none calls a value it is given, evaluates code, or reads anything but
// its arguments (plus the per-evaluation operands and time zone set by applyRule).
// Semantics follow n8n's filter conditions so converted n8n rules route items as n8n does.
import jsonLogic from 'json-logic-js';
import { DateTime } from 'luxon';
import { setFlagsFromString } from 'node:v8';
import { CUSTOM_OPERATORS, OPERAND_OPERATOR } from './convert.ts';

// `match` takes user patterns and runs them on the main thread against item data from webhooks: a
// catastrophic pattern such as (a+)+$ would block the host for seconds per item (found by
// test/fuzz/conditions.fuzz.test.ts). V8 then switches such a regular expression to its linear-time
// engine (same results; patterns with backreferences or lookarounds cannot switch).
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

// jsonLogic.apply is synchronous, so these never leak between two evaluations.
let activeOperands: readonly unknown[] = [];
let activeZone = 'UTC';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isMissing = (v: unknown) => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function typeName(v: unknown): string {
  const t = Array.isArray(v) ? 'array' : typeof v;
  return `${'aeiou'.includes(t[0]) ? 'an' : 'a'} ${t}`;
}

function typeError(v: unknown, expected: string, loose: boolean): Error {
  const shown = typeof v === 'object' ? JSON.stringify(v) : String(v);
  const article = 'aeiou'.includes(expected[0]) ? 'an' : 'a';
  return new Error(
    loose
      ? `Conversion error: the ${typeof v} '${shown}' can't be converted to ${article} ${expected}`
      : `Wrong type: '${shown}' is ${typeName(v)} but was expecting ${article} ${expected}`,
  );
}

// ---- regular expressions: "/body/flags" or a bare pattern, compiled once ----

const regexCache = new Map<string, RegExp>();

function regex(pattern: string, extraFlags: string): RegExp {
  const key = `${extraFlags}\u0000${pattern}`;
  const cached = regexCache.get(key);
  if (cached) return cached;
  const m = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  // g and y make test() stateful between items; a condition wants a plain match.
  const flags = new Set(((m ? m[2] : '') + extraFlags).replace(/[gy]/g, ''));
  let re: RegExp;
  try {
    re = new RegExp(m ? m[1] : pattern, [...flags].join(''));
  } catch (err) {
    throw new Error(`Invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`);
  }
  if (regexCache.size >= 500) regexCache.clear();
  regexCache.set(key, re);
  return re;
}

// ---- dates: ISO, HTTP, RFC 2822, SQL (ERPNext's "2026-06-27 10:00:00.000000"), epoch ms ----

function millis(v: unknown): number | null {
  if (isMissing(v) || v === '') return null;
  if (typeof v === 'number') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.getTime();
  const s = String(v).trim();
  const opts = { zone: activeZone, setZone: true };
  const parsers = [
    () => DateTime.fromISO(s, opts),
    () => DateTime.fromHTTP(s, opts),
    () => DateTime.fromRFC2822(s, opts),
    () => DateTime.fromSQL(s, opts),
  ];
  for (const parse of parsers) {
    const d = parse();
    if (d.isValid) return d.toMillis();
  }
  const ms = Date.parse(s);
  if (!Number.isNaN(ms)) return ms;
  throw new Error(`'${s}' is not a valid date`);
}

function compareDates(test: (a: number, b: number) => boolean) {
  return (a: unknown, b: unknown): boolean => {
    const x = millis(a);
    const y = millis(b);
    return x !== null && y !== null && test(x, y);
  };
}

// ---- type casts for converted n8n rules: strict by default, 'loose' converts where it can ----

function asString(v: unknown, mode?: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (mode !== 'loose') throw typeError(v, 'string', false);
  return text(v);
}

function asNumber(v: unknown, mode?: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (mode !== 'loose') throw typeError(v, 'number', false);
  const n = Number(v);
  if (Number.isNaN(n)) throw typeError(v, 'number', true);
  return n;
}

function asBoolean(v: unknown, mode?: unknown): boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v;
  if (mode !== 'loose') throw typeError(v, 'boolean', false);
  if (typeof v === 'string' && ['true', 'false'].includes(v.trim().toLowerCase())) return v.trim().toLowerCase() === 'true';
  if (v === 1 || v === 0 || v === '1' || v === '0') return Number(v) === 1;
  return Boolean(v);
}

function parseJson(v: unknown): unknown {
  try {
    return JSON.parse(String(v));
  } catch {
    try {
      return JSON.parse(String(v).replace(/'/g, '"'));
    } catch {
      return undefined;
    }
  }
}

function asArray(v: unknown, mode?: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  if (mode !== 'loose') throw typeError(v, 'array', false);
  const parsed = typeof v === 'string' ? parseJson(v) : undefined;
  if (!Array.isArray(parsed)) throw typeError(v, 'array', true);
  return parsed;
}

function asObject(v: unknown, mode?: unknown): Record<string, unknown> | null {
  if (v === null || v === undefined) return null;
  if (isPlainObject(v)) return v;
  if (mode !== 'loose') throw typeError(v, 'object', false);
  const parsed = typeof v === 'string' ? parseJson(v) : undefined;
  if (!isPlainObject(parsed)) throw typeError(v, 'object', true);
  return parsed;
}

function isEmpty(v: unknown): boolean {
  if (isMissing(v)) return true;
  if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) return Object.keys(v).length === 0;
  return false;
}

function lower(v: unknown): unknown {
  if (typeof v === 'string') return v.toLocaleLowerCase();
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x.toLocaleLowerCase() : x));
  return v;
}

const operations: Record<string, (...args: unknown[]) => unknown> = {
  startsWith: (a, b) => text(a).startsWith(text(b)),
  endsWith: (a, b) => text(a).endsWith(text(b)),
  contains: (a, b) => (Array.isArray(a) ? a.includes(b) : typeof a === 'string' || typeof a === 'number' ? text(a).includes(text(b)) : false),
  match: (value, pattern, flags) => regex(text(pattern), typeof flags === 'string' ? flags : '').test(text(value)),
  lower,
  length: (v) => (typeof v === 'string' || Array.isArray(v) ? v.length : 0),
  isEmpty,
  notEmpty: (v) => !isEmpty(v),
  exists: (v) => !isMissing(v),
  dateBefore: compareDates((a, b) => a < b),
  dateAfter: compareDates((a, b) => a > b),
  dateBeforeOrEqual: compareDates((a, b) => a <= b),
  dateAfterOrEqual: compareDates((a, b) => a >= b),
  dateEqual: compareDates((a, b) => a === b),
  dateNotEqual: compareDates((a, b) => a !== b),
  asString,
  asNumber,
  asBoolean,
  asArray,
  asObject,
};

const missing = CUSTOM_OPERATORS.filter((name) => !Object.hasOwn(operations, name));
if (missing.length || Object.keys(operations).length !== CUSTOM_OPERATORS.length)
  throw new Error(`JSONLogic operators out of step with host/conditions/convert.ts: ${missing.join(', ') || 'extra operators'}`);

for (const [name, fn] of Object.entries(operations)) jsonLogic.add_operation(name, fn);
// Stands where a `={{ }}` operand was; its value comes from the current evaluation only.
jsonLogic.add_operation(OPERAND_OPERATOR, (index: unknown) => (typeof index === 'number' ? activeOperands[index] : undefined));

export interface ApplyOptions {
  /** Values of the `={{ }}` operands, by the index in their `$operand` placeholder. */
  operands?: readonly unknown[];
  /** IANA zone for dates without an offset. */
  timezone?: string;
}

/** Evaluates a validated rule against data. Throws the operator's Error on bad operands. */
export function applyRule(rule: unknown, data: unknown, opts: ApplyOptions = {}): unknown {
  const previous = [activeOperands, activeZone] as const;
  activeOperands = opts.operands ?? [];
  activeZone = opts.timezone ?? 'UTC';
  try {
    return jsonLogic.apply(rule as Parameters<typeof jsonLogic.apply>[0], data);
  } finally {
    [activeOperands, activeZone] = previous;
  }
}

/** JSONLogic's truthiness: like JavaScript's, except that [] is false. */
export const truthy = (value: unknown): boolean => jsonLogic.truthy(value);

/** What a rule sees: the item's fields at the top level, and again as $json / json. */
export function itemData(item: INodeExecutionData, itemIndex: number): IDataObject {
  const json = item.json ?? {};
  return { ...json, $json: json, json, $itemIndex: itemIndex };
}
