// The slice of MongoDB's query language the NBI passes through (collection.find(q) with the
// query expanded by query.ts): dotted paths that walk into sub-documents and arrays, BSON type
// brackets (a number never equals or compares with a string, a Date only with a Date), null
// matching a missing field, and the operators $eq $ne $gt $gte $lt $lte $in $nin $regex
// $options $exists $not plus top-level $and $or $nor. Anything else throws, as mongod rejects it
// (the NBI then drops the connection, see server.ts).

const OBJECT_ID_HEX = /^[0-9a-f]{24}$/i;
let objectIdCounter = Math.floor(Math.random() * 0xffffff);

/** Task ids are ObjectIds in Mongo; they serialize to their 24-digit hex string. */
export class ObjectId {
  readonly hex: string;
  constructor(hex?: unknown) {
    if (hex === undefined) {
      const time = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
      const random = Array.from({ length: 5 }, () => Math.floor(Math.random() * 256).toString(16).padStart(2, '0')).join('');
      objectIdCounter = (objectIdCounter + 1) % 0xffffff;
      this.hex = time + random + objectIdCounter.toString(16).padStart(6, '0');
      return;
    }
    if (typeof hex !== 'string' || !OBJECT_ID_HEX.test(hex)) {
      // The wording of the bson package's BSONError.
      throw new Error('input must be a 24 character hex string, 12 byte Uint8Array, or an integer');
    }
    this.hex = hex.toLowerCase();
  }
  toJSON(): string {
    return this.hex;
  }
  toString(): string {
    return this.hex;
  }
}

export type Query = Record<string, unknown>;
export class QueryError extends Error {}

export const isPlainObject = (v: unknown): v is Record<string, unknown> => Object.prototype.toString.call(v) === '[object Object]' && !(v instanceof ObjectId);

// BSON comparison order (canonical type brackets).
function bracket(v: unknown): number {
  if (v === undefined || v === null) return 1;
  if (typeof v === 'number') return 2;
  if (typeof v === 'string') return 3;
  if (Array.isArray(v)) return 5;
  if (v instanceof ObjectId) return 7;
  if (typeof v === 'boolean') return 8;
  if (v instanceof Date) return 9;
  if (v instanceof RegExp) return 11;
  return 4;
}

/** Total BSON order, used by sort and by the range operators within one bracket. */
export function compareValues(a: unknown, b: unknown): number {
  const ba = bracket(a);
  const bb = bracket(b);
  if (ba !== bb) return ba - bb;
  switch (ba) {
    case 2:
      return (a as number) - (b as number);
    case 3:
      return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
    case 7:
      return compareValues((a as ObjectId).hex, (b as ObjectId).hex);
    case 8:
      return Number(a) - Number(b);
    case 9:
      return (a as Date).getTime() - (b as Date).getTime();
    case 5: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareValues(x[i], y[i]);
        if (c) return c;
      }
      return x.length - y.length;
    }
    case 4: {
      const x = Object.entries(a as object);
      const y = Object.entries(b as object);
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareValues(x[i][0], y[i][0]) || compareValues(x[i][1], y[i][1]);
        if (c) return c;
      }
      return x.length - y.length;
    }
    default:
      return 0;
  }
}

/** Equality as Mongo sees it: same bracket and same value; documents compare field by field, in order. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (bracket(a) !== bracket(b)) return false;
  if (a instanceof RegExp || b instanceof RegExp) return String(a) === String(b);
  return compareValues(a, b) === 0;
}

/**
 * The values a dotted path reaches. Arrays on the way are walked element by element (and by a
 * numeric segment as an index); a terminal array yields itself and each element.
 */
export function valuesAt(value: unknown, segments: string[]): unknown[] {
  if (segments.length === 0) return Array.isArray(value) ? [value, ...value] : [value];
  const [head, ...rest] = segments;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    if (/^\d+$/.test(head) && Number(head) < value.length) out.push(...valuesAt(value[Number(head)], rest));
    for (const el of value) if (isPlainObject(el)) out.push(...valuesAt(el, segments));
    return out;
  }
  if (isPlainObject(value) && Object.hasOwn(value, head)) return valuesAt(value[head], rest);
  return [];
}

const isOperatorObject = (v: unknown): v is Record<string, unknown> => isPlainObject(v) && Object.keys(v).length > 0 && Object.keys(v)[0].startsWith('$');

function regexOf(pattern: unknown, options: unknown): RegExp {
  if (pattern instanceof RegExp) return options === undefined ? pattern : new RegExp(pattern.source, String(options));
  if (typeof pattern !== 'string') throw new QueryError('$regex has to be a string');
  const flags = typeof options === 'string' ? options.replace(/[^imsu]/g, '') : '';
  try {
    return new RegExp(pattern, flags);
  } catch (err) {
    throw new QueryError(`Regular expression is invalid: ${(err as Error).message}`);
  }
}

function equalsAny(found: unknown[], wanted: unknown): boolean {
  if (wanted === null) return found.length === 0 || found.some((v) => v === null || v === undefined);
  if (wanted instanceof RegExp) return found.some((v) => typeof v === 'string' && wanted.test(v));
  return found.some((v) => valuesEqual(v, wanted));
}

function compareAny(found: unknown[], wanted: unknown, ok: (c: number) => boolean): boolean {
  return found.some((v) => !Array.isArray(v) && bracket(v) === bracket(wanted) && ok(compareValues(v, wanted)));
}

function applyOperator(found: unknown[], op: string, arg: unknown, cond: Record<string, unknown>): boolean {
  switch (op) {
    case '$eq':
      return equalsAny(found, arg);
    case '$ne':
      return !equalsAny(found, arg);
    case '$gt':
      return compareAny(found, arg, (c) => c > 0);
    case '$gte':
      return compareAny(found, arg, (c) => c >= 0);
    case '$lt':
      return compareAny(found, arg, (c) => c < 0);
    case '$lte':
      return compareAny(found, arg, (c) => c <= 0);
    case '$in':
    case '$nin': {
      if (!Array.isArray(arg)) throw new QueryError(`${op} needs an array`);
      // mongod refuses operator documents inside $in, such as the {$regex} alternatives query.ts
      // adds for a wildcard or /regex/ string.
      if (arg.some(isOperatorObject)) throw new QueryError(`cannot nest $ under ${op}`);
      const hit = arg.some((w) => equalsAny(found, w));
      return op === '$in' ? hit : !hit;
    }
    case '$exists':
      return arg ? found.length > 0 : found.length === 0;
    case '$regex': {
      const re = regexOf(arg, cond.$options);
      return found.some((v) => typeof v === 'string' && re.test(v));
    }
    case '$options':
      if (!('$regex' in cond)) throw new QueryError('$options needs a $regex');
      return true;
    case '$not':
      if (!(arg instanceof RegExp) && !isOperatorObject(arg)) throw new QueryError('$not needs a regex or a document');
      return !matchCondition(found, arg);
    default:
      throw new QueryError(`unknown operator: ${op}`);
  }
}

function matchCondition(found: unknown[], cond: unknown): boolean {
  if (isOperatorObject(cond)) {
    for (const [op, arg] of Object.entries(cond)) if (!applyOperator(found, op, arg, cond)) return false;
    return true;
  }
  return equalsAny(found, cond);
}

export function matches(doc: Record<string, unknown>, query: Query): boolean {
  for (const [key, cond] of Object.entries(query)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(cond) || cond.length === 0) throw new QueryError(`${key} argument must be a non-empty array`);
      const results = cond.map((q) => matches(doc, q as Query));
      if (key === '$and' && !results.every(Boolean)) return false;
      if (key === '$or' && !results.some(Boolean)) return false;
      if (key === '$nor' && results.some(Boolean)) return false;
    } else if (key.startsWith('$')) {
      throw new QueryError(`unknown top level operator: ${key}`);
    } else if (!matchCondition(valuesAt(doc, key.split('.')), cond)) {
      return false;
    }
  }
  return true;
}

/** cursor.sort: keys in order, 1 ascending / -1 descending; ties keep insertion order. */
export function sortDocs<T extends Record<string, unknown>>(docs: T[], sort: Record<string, unknown>): T[] {
  const keys = Object.entries(sort).map(([k, dir]) => {
    if (dir !== 1 && dir !== -1) throw new QueryError(`Invalid sort value for ${k}: ${JSON.stringify(dir)}`);
    return [k.split('.'), dir] as const;
  });
  const sortKey = (doc: T, segs: readonly string[], dir: number): unknown => {
    const found = valuesAt(doc, [...segs]).filter((v) => !Array.isArray(v));
    if (found.length === 0) return null;
    return found.reduce((best, v) => (compareValues(v, best) * dir < 0 ? v : best));
  };
  return docs
    .map((doc, i) => ({ doc, i }))
    .sort((a, b) => {
      for (const [segs, dir] of keys) {
        const c = compareValues(sortKey(a.doc, segs, dir), sortKey(b.doc, segs, dir));
        if (c) return c * dir;
      }
      return a.i - b.i;
    })
    .map((x) => x.doc);
}
