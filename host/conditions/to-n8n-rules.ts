// Reads a JSONLogic rule as a list of n8n filter conditions: the inverse of convertN8nFilter in
// convert.ts for every shape it writes, plus the common hand-written rules. Pure; the editor
// bundles it too. A rule n8n's filter cannot say throws NotRepresentable (callers turn it into a
// result). What each condition needs from the filter's options (case, type validation) is
// returned with it, because n8n has one setting per filter where JSONLogic has one per operand.
export class NotRepresentable extends Error {
  override name = 'NotRepresentable';
}

type Json = Record<string, unknown>;
type Cast = 'string' | 'number' | 'boolean' | 'array' | 'object';
export type Mode = 'strict' | 'loose';

/** What a condition asks of the filter options; `preferLoose` marks uncast hand-written operands. */
export interface Needs {
  caseSensitive?: boolean;
  mode?: Mode;
  preferLoose?: boolean;
}

/** n8n's operator object as its editor writes it (`name` is the label's message key). */
export interface N8nOperator {
  type: string;
  operation: string;
  name: string;
  singleValue?: boolean;
  rightType?: string;
}

export interface Draft {
  condition: { leftValue: unknown; rightValue: unknown; operator: N8nOperator };
  needs: Needs;
}

export interface Analysis {
  drafts: Draft[];
  combinator: 'and' | 'or';
}

/** One operand as convert.ts writes it: `lower(asX(value, 'loose'?))`, each layer optional. */
interface Side {
  value: unknown;
  literal: boolean;
  cast?: Cast;
  mode?: Mode;
  lowered: boolean;
}

const CASTS: Record<string, Cast> = { asString: 'string', asNumber: 'number', asBoolean: 'boolean', asArray: 'array', asObject: 'object' };
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isExpression = (v: unknown): v is string => typeof v === 'string' && v.startsWith('=');
const no = (what: string) => new NotRepresentable(what);
const show = (v: unknown) => JSON.stringify(v);

export const opOf = (v: unknown): string | undefined => (isObject(v) && Object.keys(v).length === 1 ? Object.keys(v)[0] : undefined);

/** The operands of an operation; json-logic-js takes a lone operand without the array. */
function argsOf(v: unknown, op: string): unknown[] {
  const a = (v as Json)[op];
  return Array.isArray(a) ? a : [a];
}

/** `{var: "a.b"}` as n8n writes the same read: `={{ $json.a.b }}`. */
function varExpression(args: unknown[]): string {
  const [path, fallback] = args;
  if (typeof path !== 'string' && typeof path !== 'number') throw no(`{"var": ${show(path)}}`);
  const text = String(path).replace(/^\$?json\./, '');
  if (text === '' || text === '$json' || text === 'json') throw no('{"var": ""} (the whole item)');
  let code = text === '$itemIndex' ? '$itemIndex' : '$json';
  // var reads null through a missing parent; so does ?. (but not on $json itself, always there).
  if (text !== '$itemIndex')
    text.split('.').forEach((seg, i) => {
      const dot = i === 0 ? '' : '?.';
      code += /^\d+$/.test(seg) ? `${dot}[${seg}]` : IDENTIFIER.test(seg) ? `${dot || '.'}${seg}` : `${dot}[${show(seg)}]`;
    });
  if (args.length > 1 && fallback !== null) {
    if (typeof fallback === 'object') throw no(`{"var": ${show(args)}} (an object default)`);
    code += ` ?? ${show(fallback)}`;
  }
  return `={{ ${code} }}`;
}

/** A rule operand as an n8n value: literals as they are, `var` as an expression. */
export function n8nValue(v: unknown): unknown {
  if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return v;
  if (Array.isArray(v) && v.every((x) => !isObject(x) && !Array.isArray(x))) return [...v];
  if (opOf(v) === 'var') return varExpression(argsOf(v, 'var'));
  throw no(`the operand ${show(v)}`);
}

function side(v: unknown): Side {
  let cur = v;
  let lowered = false;
  if (opOf(cur) === 'lower') {
    const a = argsOf(cur, 'lower');
    if (a.length !== 1) throw no(`${show(v)}`);
    [cur, lowered] = [a[0], true];
  }
  const op = opOf(cur);
  if (op && CASTS[op]) {
    const a = argsOf(cur, op);
    if (a.length > 2 || (a.length === 2 && a[1] !== 'loose')) throw no(`${show(cur)}`);
    return { value: n8nValue(a[0]), literal: false, cast: CASTS[op], mode: a[1] === 'loose' ? 'loose' : 'strict', lowered };
  }
  const literal = !isExpression(cur) && !isObject(cur);
  return { value: n8nValue(cur), literal, lowered };
}

const isLiteralOf = (s: Side, type: Cast) => s.literal && (type === 'array' ? Array.isArray(s.value) : typeof s.value === type);

/**
 * Checks the operands against the shape convert.ts writes (`expect[i]`: the cast it adds to side
 * i, or 'raw' where it adds none) and says what the options must be for it to write them again.
 */
function needsOf(sides: Side[], expect: (Cast | 'raw')[], caseMatters: boolean): Needs {
  const needs: Needs = {};
  sides.forEach((s, i) => {
    const want = expect[i];
    if (s.cast && s.cast !== want) throw no(`a ${s.cast} type check on an operand n8n reads as ${want === 'raw' ? 'it is' : `a ${want}`}`);
    if (s.mode) {
      if (needs.mode && needs.mode !== s.mode) throw no('strict and loose type checks in one condition');
      needs.mode = s.mode;
    } else if (want !== 'raw' && !isLiteralOf(s, want)) needs.preferLoose = true;
  });
  if (!caseMatters) {
    if (sides.some((s) => s.lowered)) throw no('lower() in a comparison n8n does not lower-case');
    return needs;
  }
  const strings = sides.filter((s) => !s.literal || typeof s.value === 'string');
  if (sides.some((s) => s.lowered)) {
    for (const s of strings)
      if (s.literal ? (s.value as string).toLocaleLowerCase() !== s.value : !s.lowered) throw no('a comparison that lower-cases one side only');
    needs.caseSensitive = false;
  } else if (strings.some((s) => !s.literal || (s.value as string).toLocaleLowerCase() !== s.value)) needs.caseSensitive = true;
  return needs;
}

const SINGLE = new Set(['exists', 'notExists', 'empty', 'notEmpty', 'true', 'false']);

function operator(type: string, operation: string, rightType?: string): N8nOperator {
  const out: N8nOperator = { type, operation, name: `filter.operator.${operation}` };
  if (SINGLE.has(operation)) out.singleValue = true;
  if (rightType) out.rightType = rightType;
  return out;
}

function draft(type: string, operation: string, sides: Side[], needs: Needs, rightType?: string): Draft {
  const rightValue = SINGLE.has(operation) ? '' : sides[1].value;
  return { condition: { leftValue: sides[0].value, rightValue, operator: operator(type, operation, rightType) }, needs };
}

/** The type of a two-sided comparison: the casts', else the literals', else the operator's first. */
function comparedType(sides: Side[], allowed: Cast[]): Cast {
  const casts = [...new Set(sides.map((s) => s.cast).filter((c): c is Cast => !!c))];
  if (casts.length > 1) throw no(`a comparison of ${casts.join(' and ')}`);
  const type = casts[0] ?? (['boolean', 'number', 'string'] as Cast[]).find((t) => sides.some((s) => isLiteralOf(s, t))) ?? allowed[0];
  if (!allowed.includes(type)) throw no(`a ${type} comparison with this operator`);
  return type;
}

/** `{length: [array]}` on the left of a comparison: n8n's array length operations. */
function lengthOf(v: unknown): Side | undefined {
  if (opOf(v) !== 'length') return undefined;
  const a = argsOf(v, 'length');
  if (a.length !== 1) throw no(show(v));
  return side(a[0]);
}

const LENGTH_OPS: Record<string, string> = { '==': 'lengthEquals', '===': 'lengthEquals', '!=': 'lengthNotEquals', '!==': 'lengthNotEquals', '>': 'lengthGt', '<': 'lengthLt', '>=': 'lengthGte', '<=': 'lengthLte' };
const NUMBER_OPS: Record<string, string> = { '>': 'gt', '<': 'lt', '>=': 'gte', '<=': 'lte' };
const FLIPPED: Record<string, string> = { '<': '>', '<=': '>=' };
const DATE_OPS: Record<string, string> = {
  dateBefore: 'before', dateAfter: 'after', dateBeforeOrEqual: 'beforeOrEquals', dateAfterOrEqual: 'afterOrEquals', dateEqual: 'equals', dateNotEqual: 'notEquals',
};

function comparison(op: string, a: unknown[]): Draft[] {
  if (a.length === 3 && (op === '<' || op === '<=')) {
    // {"<": [low, x, high]}: between, as two conditions (so only under "and").
    return [...comparison(FLIPPED[op], [a[1], a[0]]), ...comparison(op, [a[1], a[2]])];
  }
  if (a.length !== 2) throw no(`"${op}" with ${a.length} operands`);
  const arr = lengthOf(a[0]);
  if (arr) {
    const right = side(a[1]);
    return [draft('array', LENGTH_OPS[op], [arr, right], needsOf([arr, right], ['array', 'number'], false), 'number')];
  }
  const sides = a.map(side);
  const eq = op === '==' || op === '===' || op === '!=' || op === '!==';
  const positive = op === '==' || op === '===';
  if (eq && sides[1].literal && sides[1].value === null) return [draft('any', positive ? 'notExists' : 'exists', sides, needsOf(sides.slice(0, 1), ['raw'], false))];
  const type = comparedType(sides, eq ? ['string', 'number', 'boolean'] : ['number']);
  const operation = eq ? (positive ? 'equals' : 'notEquals') : NUMBER_OPS[op];
  return [draft(type, operation, sides, needsOf(sides, [type, type], type === 'string'))];
}

function stringOp(operation: string, a: unknown[]): Draft {
  if (a.length !== 2) throw no(`"${operation}" with ${a.length} operands`);
  const sides = a.map(side);
  if (operation === 'contains' && (sides[0].cast === 'array' || (sides[0].literal && Array.isArray(sides[0].value)))) {
    // convert.ts leaves the needle as it is (n8n's rightType "any"), lower-cased when ignoring case.
    return draft('array', 'contains', sides, needsOf(sides, ['array', 'raw'], true), 'any');
  }
  return draft('string', operation, sides, needsOf(sides, ['string', 'string'], true));
}

function regexOp(a: unknown[]): Draft {
  const [value, pattern, flags, ...rest] = a;
  if (rest.length || (flags !== undefined && flags !== 'i')) throw no(`match flags ${show(flags)} (only "i", or /pattern/flags)`);
  const sides = [side(value), side(pattern)];
  const needs = needsOf(sides, ['string', 'string'], false);
  return draft('string', 'regex', sides, { ...needs, caseSensitive: flags !== 'i' });
}

function emptyOp(operation: 'empty' | 'notEmpty', a: unknown[]): Draft {
  if (a.length !== 1) throw no(`"${operation}" with ${a.length} operands`);
  const s = side(a[0]);
  const type = s.cast ?? 'string';
  if (type !== 'string' && type !== 'array' && type !== 'object') throw no(`is-empty on a ${type}`);
  return draft(type, operation, [s], needsOf([s], [type], false));
}

const NEGATED: Record<string, string> = {
  equals: 'notEquals', contains: 'notContains', startsWith: 'notStartsWith', endsWith: 'notEndsWith', regex: 'notRegex',
  exists: 'notExists', notExists: 'exists', empty: 'notEmpty', notEmpty: 'empty', true: 'false', notEquals: 'equals',
  lengthEquals: 'lengthNotEquals', lengthNotEquals: 'lengthEquals',
};
const CONDITION_OPS = new Set([
  '==', '===', '!=', '!==', '<', '<=', '>', '>=', '!!', 'exists', 'isEmpty', 'notEmpty', 'contains', 'startsWith', 'endsWith', 'match', 'in',
  ...Object.keys(DATE_OPS),
]);

function negation(a: unknown[]): Draft[] {
  if (a.length !== 1) throw no(`"!" with ${a.length} operands`);
  const inner = a[0];
  const op = opOf(inner);
  if (!op || !CONDITION_OPS.has(op)) {
    const s = side(inner);
    return [draft('boolean', 'false', [s], needsOf([s], ['boolean'], false))];
  }
  const drafts = conditions(inner);
  const { condition, needs } = drafts[0];
  const { type, rightType } = condition.operator;
  const operation = NEGATED[condition.operator.operation];
  // Only negations that keep n8n's missing-value and type-error behaviour: not "not after", "not >".
  if (drafts.length !== 1 || !operation || type === 'dateTime') throw no(`"!" of ${show(inner)}`);
  return [{ condition: { ...condition, operator: operator(type, operation, rightType) }, needs }];
}

/** One leaf of the rule (no and/or) as n8n conditions: one, or two for a "between". */
export function conditions(rule: unknown): Draft[] {
  const op = opOf(rule);
  if (!op) throw no(`${show(rule)} as a condition`);
  const a = argsOf(rule, op);
  if (op === '!') return negation(a);
  if ((op === '!!' || op === 'exists') && a.length !== 1) throw no(`"${op}" with ${a.length} operands`);
  if (op === 'in' && a.length !== 2) throw no(`"in" with ${a.length} operands`);
  if (op === '!!') {
    const s = side(a[0]);
    return [draft('boolean', 'true', [s], needsOf([s], ['boolean'], false))];
  }
  if (op === 'exists') {
    // Gigaflow's exists checks no type; n8n's "any" type does not either (n8n's editor lists exists per type).
    const s = side(a[0]);
    return [draft('any', 'exists', [s], needsOf([s], ['raw'], false))];
  }
  if (op === 'isEmpty') return [emptyOp('empty', a)];
  if (op === 'notEmpty') return [emptyOp('notEmpty', a)];
  if (op in LENGTH_OPS) return comparison(op, a);
  if (op === 'contains' || op === 'startsWith' || op === 'endsWith') return [stringOp(op, a)];
  if (op === 'in') return [stringOp('contains', [a[1], a[0]])];
  if (op === 'match') return [regexOp(a)];
  if (DATE_OPS[op]) {
    if (a.length !== 2) throw no(`"${op}" with ${a.length} operands`);
    const sides = a.map(side);
    return [draft('dateTime', DATE_OPS[op], sides, needsOf(sides, ['raw', 'raw'], false))];
  }
  throw no(`the operator "${op}"`);
}

/** The rule as one combinator over leaves; same-combinator nesting is flattened. */
export function analyseRule(rule: unknown): Analysis {
  // convert.ts writes "and" of nothing as true and "or" of nothing as false.
  if (rule === true) return { drafts: [], combinator: 'and' };
  if (rule === false) return { drafts: [], combinator: 'or' };
  const op = opOf(rule);
  if (op !== 'and' && op !== 'or') return { drafts: conditions(rule), combinator: 'and' };
  const drafts: Draft[] = [];
  const walk = (children: unknown[]) => {
    for (const child of children) {
      const childOp = opOf(child);
      const childArgs = childOp ? argsOf(child, childOp) : [];
      if (childOp === op || ((childOp === 'and' || childOp === 'or') && childArgs.length === 1)) walk(childArgs);
      else if (childOp === 'and' || childOp === 'or') throw no(`"${childOp}" inside "${op}" (n8n's filter has one combinator)`);
      else {
        const leaf = conditions(child);
        if (leaf.length > 1 && op === 'or') throw no('a "between" inside "or"');
        drafts.push(...leaf);
      }
    }
  };
  walk(argsOf(rule, op));
  return { drafts, combinator: op };
}
