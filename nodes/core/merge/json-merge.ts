// JSON combining and comparing as n8n's Merge does it (lodash merge/assign/isEqual semantics),
// written for plain item JSON. Results are fresh objects: the input items are never changed.
type Rec = Record<string, unknown>;

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

export const isPlainObject = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

/** "Empty" for the Minimize Empty Fields option: undefined, null or ''. */
const isEmpty = (v: unknown) => v === undefined || v === null || v === '';

function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** lodash `merge` of `source` into `target`, which is ours to change: objects merge by key, arrays by index. */
function mergeInto(target: Rec | unknown[], source: Rec | unknown[], keepFilled: boolean): void {
  for (const key of Object.keys(source)) {
    if (UNSAFE.has(key)) continue;
    const value = (source as Rec)[key];
    const current = (target as Rec)[key];
    if (keepFilled && current !== undefined && isEmpty(value)) continue;
    if (Array.isArray(value) || isPlainObject(value)) {
      const base = Array.isArray(value) ? (Array.isArray(current) ? current : []) : isPlainObject(current) ? current : {};
      mergeInto(base, value, keepFilled);
      define(target, key, base);
    } else if (value !== undefined || !Object.hasOwn(target, key)) {
      define(target, key, value);
    }
  }
}

/** merge({}, ...sources); `keepFilled` keeps an earlier value over a later empty one at any depth. */
export function deepMerge(sources: (Rec | undefined)[], keepFilled = false): Rec {
  const out: Rec = {};
  for (const source of sources) if (source) mergeInto(out, source, keepFilled);
  return out;
}

/** Object.assign({}, ...sources): later top-level fields replace earlier ones whole. */
export function shallowMerge(sources: (Rec | undefined)[], keepFilled = false): Rec {
  const out: Rec = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source ?? {})) {
      if (UNSAFE.has(key) || (keepFilled && out[key] !== undefined && isEmpty(value))) continue;
      define(out, key, value);
    }
  }
  return out;
}

export interface ClashOptions {
  resolveClash?: string;
  mergeMode?: string;
  overrideEmpty?: boolean;
}

/** The merge function the Clash Handling options pick; deep merge unless shallow is asked for. */
export function mergeFunction(clash: ClashOptions): (sources: (Rec | undefined)[]) => Rec {
  const keepFilled = clash.overrideEmpty === true;
  return clash.mergeMode === 'shallowMerge' ? (s) => shallowMerge(s, keepFilled) : (s) => deepMerge(s, keepFilled);
}

/** Every key renamed to `key_suffix` ("Always Add Input Number to Field Names"). */
export function withSuffix(json: Rec, suffix: string): Rec {
  const out: Rec = {};
  for (const [key, value] of Object.entries(json)) define(out, `${key}_${suffix}`, value);
  return out;
}

export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => isDeepEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && isDeepEqual(a[k], b[k]));
  }
  return false;
}

const isNil = (v: unknown) => v === null || v === undefined;
const isFalsy = (v: unknown) => isNil(v) || v === '' || (Array.isArray(v) && v.length === 0);

function parsesTo(text: string, value: unknown): boolean {
  try {
    return isDeepEqual(JSON.parse(text), value);
  } catch {
    return false;
  }
}

/**
 * The Fuzzy Compare option: values of different types match when they mean the same
 * (3 and "3", true and "true", an object and its JSON text; null, "" and [] alike).
 */
export function fuzzyEqual(a: unknown, b: unknown): boolean {
  if (!isNil(a) && !isNil(b) && typeof a === typeof b) return isDeepEqual(a, b);
  if (isFalsy(a) && isFalsy(b)) return true;
  if (typeof a === 'number' && typeof b === 'string') return String(a) === b;
  if (typeof a === 'string' && typeof b === 'number') return a === String(b);
  if (typeof a === 'object' && a !== null && typeof b === 'string') return parsesTo(b, a);
  if (typeof a === 'string' && typeof b === 'object' && b !== null) return parsesTo(a, b);
  if (typeof a === 'boolean' && typeof b === 'string') return String(a) === b.toLowerCase();
  if (typeof a === 'string' && typeof b === 'boolean') return a.toLowerCase() === String(b);
  return isDeepEqual(a, b);
}
