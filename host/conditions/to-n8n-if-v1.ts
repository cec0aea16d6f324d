// The way back for If v1 nodes: convert.ts keeps their typeVersion 1 and stores the converted
// rule, so the n8n form must be v1's own typed lists ({string: [{value1, operation, value2}], ...}
// and combineOperation), the inverse of convertIfV1. v1 compares with plain === and <, so the type
// list a condition goes in only orders it: types are picked to keep the rule's order.
import { NotRepresentable, n8nValue, opOf } from './to-n8n-rules.ts';

type V1Type = 'boolean' | 'dateTime' | 'number' | 'string';
const ORDER: V1Type[] = ['boolean', 'dateTime', 'number', 'string'];

export interface V1Condition {
  value1: unknown;
  operation: string;
  value2?: unknown;
}

export interface V1Parameters {
  conditions: Partial<Record<V1Type, V1Condition[]>>;
  combineOperation: 'all' | 'any';
}

interface Leaf {
  types: V1Type[];
  condition: V1Condition;
}

const no = (what: string) => new NotRepresentable(`${what} (If v1 has no such condition)`);
const argsOf = (v: unknown, op: string): unknown[] => {
  const a = (v as Record<string, unknown>)[op];
  return Array.isArray(a) ? a : [a];
};

const COMPARE: Record<string, string> = { '<': 'smaller', '<=': 'smallerEqual', '>': 'larger', '>=': 'largerEqual' };
const STRING_OPS: Record<string, string> = { startsWith: 'startsWith', endsWith: 'endsWith', match: 'regex' };
const NEGATED: Record<string, string> = { contains: 'notContains', startsWith: 'notStartsWith', endsWith: 'notEndsWith', regex: 'notRegex' };

/** The operands of v1's string contains: both `asString(x, 'loose')`. */
function looseStrings(a: unknown[]): unknown[] | undefined {
  const out = a.map((x) => {
    const inner = opOf(x) === 'asString' ? argsOf(x, 'asString') : [];
    return inner.length === 2 && inner[1] === 'loose' ? n8nValue(inner[0]) : undefined;
  });
  return a.length === 2 && out.every((x) => x !== undefined) ? out : undefined;
}

function leaf(rule: unknown): Leaf {
  const op = opOf(rule);
  if (!op) throw no(JSON.stringify(rule));
  const a = argsOf(rule, op);
  const two = (types: V1Type[], operation: string): Leaf => {
    if (a.length !== 2) throw no(`"${op}" with ${a.length} operands`);
    return { types, condition: { value1: n8nValue(a[0]), operation, value2: n8nValue(a[1]) } };
  };
  if (op === '===' || op === '!==') {
    const kinds = a.map((x) => typeof x);
    const types: V1Type[] = kinds.includes('boolean') ? ['boolean'] : kinds.includes('number') ? ['number'] : kinds.includes('string') ? ['string'] : ['boolean', 'number', 'string'];
    return two(types, op === '===' ? 'equal' : 'notEqual');
  }
  if (COMPARE[op]) return two(['number'], COMPARE[op]);
  if (op === 'isEmpty' || op === 'notEmpty') {
    if (a.length !== 1) throw no(`"${op}" with ${a.length} operands`);
    return { types: ['number', 'string'], condition: { value1: n8nValue(a[0]), operation: op === 'isEmpty' ? 'isEmpty' : 'isNotEmpty' } };
  }
  if (op === 'contains') {
    const values = looseStrings(a);
    if (!values) throw no('"contains" without loose string operands');
    return { types: ['string'], condition: { value1: values[0], operation: 'contains', value2: values[1] } };
  }
  if (STRING_OPS[op]) return two(['string'], STRING_OPS[op]);
  if (op === 'dateAfter' || op === 'dateBefore') return two(['dateTime'], op === 'dateAfter' ? 'after' : 'before');
  if (op === '!' && a.length === 1) {
    const inner = leaf(a[0]);
    const negated = NEGATED[inner.condition.operation];
    if (negated) return { ...inner, condition: { ...inner.condition, operation: negated } };
  }
  throw no(`the rule ${JSON.stringify(rule)}`);
}

/** A rule as If v1 parameters; throws NotRepresentable. */
export function ruleToIfV1(rule: unknown): V1Parameters {
  // convertIfV1 writes "all" of nothing as true and "any" of nothing as false.
  if (rule === true || rule === false) return { conditions: { string: [] }, combineOperation: rule ? 'all' : 'any' };
  const op = opOf(rule);
  const combinator = op === 'and' || op === 'or' ? op : undefined;
  const leaves = (combinator ? argsOf(rule, combinator) : [rule]).map(leaf);
  const conditions: V1Parameters['conditions'] = {};
  let at = 0;
  for (const { types, condition } of leaves) {
    const type = types.find((t) => ORDER.indexOf(t) >= at) ?? types[0];
    at = Math.max(at, ORDER.indexOf(type));
    (conditions[type] ??= []).push(condition);
  }
  return { conditions, combineOperation: combinator === 'or' ? 'any' : 'all' };
}
