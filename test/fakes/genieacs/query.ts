// GenieACS's query rewriting before Mongo sees a query (integration-apis.md §2.2; lib/query.ts).
// devices: every key whose last segment does not start with "_" gets "._value" appended, and
// every string value becomes alternatives (the string; its number; its Date; a regex for
// "/src/flags" or for "*" wildcards) joined by $or. Under $ne/$not the alternatives are ANDed.
// tasks/faults: only typed fields are converted (_id → ObjectId, timestamp → Date, retries →
// Number). The rules are re-implemented here, quirks included (see README.md).
import { isPlainObject, ObjectId } from './mongo.ts';
import type { Query } from './mongo.ts';

// Operators whose operand is expanded like a bare value; the others ($regex, $exists, $not...)
// are passed through untouched.
const EXPAND_OPS = new Set(['$eq', '$gt', '$gte', '$in', '$lt', '$lte', '$ne', '$nin']);
const REGEX_LITERAL = /^\/(.*?)\/(g?i?m?y?)$/;
const REGEX_SPECIALS = /[[\]\\^$.|?+()]/;

/** A BSON regex keeps only the flags Mongo knows; g and y are dropped by the driver. */
const mongoRegex = (source: string, flags = ''): RegExp => new RegExp(source, flags.replace(/[gy]/g, ''));

/**
 * "*" wildcards as GenieACS turns them into a regex: anchored at an end unless the pattern
 * starts/ends with "*". Upstream escapes only the FIRST regex special character and turns only
 * the FIRST inner "*" into ".*" (non-global replaces); that is reproduced on purpose.
 */
export function wildcardToRegex(input: string): RegExp | undefined {
  if (!input.includes('*')) return undefined;
  let out = input;
  const special = REGEX_SPECIALS.exec(out);
  if (special) out = `${out.slice(0, special.index)}\\${special[0]}${out.slice(special.index + 1)}`;
  out = out.startsWith('*') ? out.replace(/^\*+/, '') : `^${out}`;
  out = out.endsWith('*') ? out.replace(/\*+$/, '') : `${out}$`;
  const star = out.indexOf('*');
  if (star >= 0) out = `${out.slice(0, star)}.*${out.slice(star + 1)}`;
  return mongoRegex(out);
}

/** The alternatives one string stands for. Non-strings stand for themselves. */
export function alternatives(input: unknown): unknown[] {
  if (typeof input !== 'string') return [input];
  const out: unknown[] = [input];
  const literal = REGEX_LITERAL.exec(input);
  if (literal) out.push({ $regex: mongoRegex(literal[1], literal[2]) });
  if (+input === parseFloat(input)) out.push(+input);
  const date = new Date(input);
  if (input.length >= 8 && date.getFullYear() > 1983) out.push(date);
  const wildcard = wildcardToRegex(input);
  if (wildcard) out.push({ $regex: wildcard });
  return out;
}

function expandValue(value: unknown): unknown[] {
  if (Array.isArray(value)) return [value.flatMap((v) => expandValue(v))];
  if (!isPlainObject(value)) return alternatives(value);
  // Every combination of the expanded operator operands (the first key varies fastest).
  const entries = Object.entries(value).map(([k, v]) => [k, EXPAND_OPS.has(k) ? expandValue(v) : [v]] as const);
  const combos: Array<Record<string, unknown>> = [];
  const total = entries.reduce((n, [, vs]) => n * vs.length, 1);
  for (let c = 0; c < total; c++) {
    const combo: Record<string, unknown> = {};
    let rest = c;
    for (const [k, vs] of entries) {
      combo[k] = vs[rest % vs.length];
      rest = Math.floor(rest / vs.length);
    }
    combos.push(combo);
  }
  return combos;
}

const valuePath = (key: string): string => (key[key.lastIndexOf('.') + 1] === '_' ? key : `${key}._value`);

/** query.expand for the devices collection. Throws (→ dropped connection) where GenieACS throws. */
export function expandDeviceQuery(query: Query): Query {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (key.startsWith('$')) {
      if (!Array.isArray(value)) throw new TypeError('v.map is not a function');
      out[key] = value.map((q) => expandDeviceQuery(q as Query));
      continue;
    }
    const path = valuePath(key);
    const conditions = expandValue(value).map((v) => ({ [path]: v }));
    if (conditions.length === 1) {
      Object.assign(out, conditions[0]);
      continue;
    }
    const and = (out.$and ??= []) as unknown[];
    const ops = isPlainObject(value) ? value : undefined;
    if (ops && (ops.$ne != null || ops.$not != null)) {
      if (Object.keys(ops).length > 1) throw new Error('Cannot mix $ne or $not with other operators');
      and.push(...conditions);
    } else {
      and.push({ $or: conditions });
    }
  }
  return out;
}

type Converter = (v: unknown) => unknown;

/** query.sanitizeQueryTypes: converts the typed fields' operands in place. */
export function sanitizeQueryTypes(query: Query, types: Record<string, Converter>): Query {
  for (const [key, value] of Object.entries(query)) {
    if (key.startsWith('$')) {
      if (!Array.isArray(value)) throw new TypeError('v is not iterable');
      for (const q of value) sanitizeQueryTypes(q as Query, types);
    } else if (key in types) {
      const convert = types[key];
      if (!isPlainObject(value)) {
        query[key] = convert(value);
        continue;
      }
      for (const [op, operand] of Object.entries(value)) {
        if (op === '$in' || op === '$nin') {
          if (Array.isArray(operand)) for (let i = 0; i < operand.length; i++) operand[i] = convert(operand[i]);
        } else if (['$eq', '$gt', '$gte', '$lt', '$lte', '$ne'].includes(op)) {
          value[op] = convert(operand);
        } else if (op !== '$exists' && op !== '$type') {
          throw new Error('Operator not supported');
        }
      }
    }
  }
  return query;
}

export const TASK_QUERY_TYPES: Record<string, Converter> = {
  _id: (v) => new ObjectId(v),
  timestamp: (v) => new Date(v as number),
  retries: Number,
};

export const FAULT_QUERY_TYPES: Record<string, Converter> = {
  timestamp: (v) => new Date(v as number),
  retries: Number,
};
