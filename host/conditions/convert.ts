// Conditions of If, Switch and Filter nodes are JSONLogic rules. n8n stores them as its own
// "filter" objects (If v2, Switch v3, Filter v2) or as If v1's typed lists; this module turns those
// into JSONLogic when a workflow is imported, and again at run time for workflows that reached
// storage another way. Pure: it imports nothing but the model, and never evaluates anything.
// The operator names here are the single list both import and the nodes validate against.
import type { INode, INodeParameters } from '../model/index.ts';
import { ValidationError } from '../model/index.ts';

/** json-logic-js's own operators; `log` is left out on purpose (it writes item data to stdout). */
export const STANDARD_OPERATORS: readonly string[] = [
  '==', '===', '!=', '!==', '>', '>=', '<', '<=', '!!', '!', '%', 'in', 'cat', 'substr', '+', '*', '-', '/',
  'min', 'max', 'merge', 'var', 'missing', 'missing_some', 'if', '?:', 'and', 'or', 'filter', 'map', 'reduce',
  'all', 'none', 'some',
];

/** Ours, implemented in host/conditions/operations.ts. */
export const CUSTOM_OPERATORS: readonly string[] = [
  'startsWith', 'endsWith', 'contains', 'match', 'lower', 'length', 'isEmpty', 'notEmpty', 'exists',
  'dateBefore', 'dateAfter', 'dateBeforeOrEqual', 'dateAfterOrEqual', 'dateEqual', 'dateNotEqual',
  'asString', 'asNumber', 'asBoolean', 'asArray', 'asObject',
];

/** The placeholder the nodes put where a `={{ }}` operand stood; never valid in a stored rule. */
export const OPERAND_OPERATOR = '$operand';

const KNOWN = new Set([...STANDARD_OPERATORS, ...CUSTOM_OPERATORS]);
const FORBIDDEN_PATH = /(^|\.)(__proto__|constructor|prototype)(\.|$)/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isExpression = (v: unknown): v is string => typeof v === 'string' && v.startsWith('=');

/** What is wrong with a rule, or undefined. Walks every operand, including map/filter bodies. */
export function ruleProblem(rule: unknown, extraOperators: readonly string[] = []): string | undefined {
  if (Array.isArray(rule)) {
    for (const r of rule) {
      const p = ruleProblem(r, extraOperators);
      if (p) return p;
    }
    return undefined;
  }
  if (!isObject(rule)) return undefined;
  const keys = Object.keys(rule);
  if (keys.length === 0) return undefined;
  if (keys.length > 1) return `a JSONLogic operation is an object with exactly one key (the operator), got {${keys.join(', ')}}`;
  const op = keys[0];
  if (!KNOWN.has(op) && !extraOperators.includes(op)) return `unknown JSONLogic operator "${op}"`;
  const args = rule[op];
  if (op === 'var') {
    const path = Array.isArray(args) ? args[0] : args;
    if (typeof path === 'string' && FORBIDDEN_PATH.test(path)) return `{"var": "${path}"} reads a forbidden property`;
  }
  return ruleProblem(args, extraOperators);
}

/** A rule given as JSON text or as a value; throws a plain Error saying what is wrong. */
export function parseRule(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch (err) {
    throw new Error(`is not valid JSON: ${(err as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// n8n's filter value (If v2, Switch v3, Filter v2): {options, conditions: [...], combinator}

export interface N8nFilterCondition {
  id?: string;
  leftValue?: unknown;
  rightValue?: unknown;
  operator?: { type?: string; operation?: string; rightType?: string; singleValue?: boolean };
}

export interface N8nFilterValue {
  options?: { caseSensitive?: boolean; typeValidation?: 'strict' | 'loose'; version?: number; leftValue?: unknown };
  conditions: N8nFilterCondition[];
  combinator?: string;
}

/** Node-level settings that win over the options stored in the filter value. */
export interface ConversionSettings {
  caseSensitive?: boolean;
  typeValidation?: 'strict' | 'loose';
}

export function isN8nFilterValue(value: unknown): value is N8nFilterValue {
  return isObject(value) && Array.isArray(value.conditions) && !('jsonLogic' in value);
}

/** If v1: {string: [...], number: [...], boolean: [...], dateTime: [...]} of {value1, operation, value2}. */
export function isN8nIfV1Conditions(value: unknown): value is Record<string, Json[]> {
  if (!isObject(value) || 'jsonLogic' in value) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => ['string', 'number', 'boolean', 'dateTime'].includes(k) && Array.isArray(value[k]));
}

/** The node settings (ignore case, convert types) that n8n's editor copies into the filter options. */
export function settingsFromParameters(params: INodeParameters): ConversionSettings {
  const rawOptions: unknown = params.options;
  const options: Json = isObject(rawOptions) ? rawOptions : {};
  const out: ConversionSettings = {};
  if (typeof options.ignoreCase === 'boolean') out.caseSensitive = !options.ignoreCase;
  if (params.looseTypeValidation === true || options.looseTypeValidation === true) out.typeValidation = 'loose';
  return out;
}

type Where = { node: string; field: string };

function cannot(where: Where, what: string): never {
  throw new ValidationError(`Node "${where.node}": ${what} cannot be converted`, { node: where.node, field: where.field });
}

const CAST = { string: 'asString', number: 'asNumber', boolean: 'asBoolean', array: 'asArray', object: 'asObject' } as const;

function isLiteralOf(v: unknown, type: string): boolean {
  if (type === 'string') return typeof v === 'string' && !v.startsWith('=');
  if (type === 'number') return typeof v === 'number';
  if (type === 'boolean') return typeof v === 'boolean';
  return false;
}

/** One n8n condition as a JSONLogic rule. Operands stay as given (usually `={{ }}` expressions). */
function convertCondition(c: N8nFilterCondition, caseSensitive: boolean, loose: boolean, where: Where): unknown {
  const type = String(c.operator?.type ?? '');
  const operation = String(c.operator?.operation ?? '');
  const left = c.leftValue;
  const right = c.rightValue;
  const ignoreCase = !caseSensitive;
  const cast = (v: unknown, t: keyof typeof CAST) => (isLiteralOf(v, t) ? v : { [CAST[t]]: loose ? [v, 'loose'] : [v] });
  const lower = (v: unknown) => {
    if (typeof v === 'string') return v.startsWith('=') ? { lower: [v] } : v.toLocaleLowerCase();
    return typeof v === 'object' && v !== null ? { lower: [v] } : v;
  };
  const str = (v: unknown) => (ignoreCase ? lower(cast(v, 'string')) : cast(v, 'string'));
  const not = (rule: unknown) => ({ '!': [rule] });

  if (operation === 'exists') return { exists: [left] };
  if (operation === 'notExists') return not({ exists: [left] });

  switch (type) {
    case 'string': {
      const s = { equals: '==', notEquals: '!=', contains: 'contains', startsWith: 'startsWith', endsWith: 'endsWith' }[operation];
      if (s) return { [s]: [str(left), str(right)] };
      const negated = { notContains: 'contains', notStartsWith: 'startsWith', notEndsWith: 'endsWith' }[operation];
      if (negated) return not({ [negated]: [str(left), str(right)] });
      if (operation === 'regex' || operation === 'notRegex') {
        // n8n keeps the case of regex operands and adds the `i` flag instead.
        const m = { match: ignoreCase ? [cast(left, 'string'), cast(right, 'string'), 'i'] : [cast(left, 'string'), cast(right, 'string')] };
        return operation === 'regex' ? m : not(m);
      }
      if (operation === 'empty') return { isEmpty: [cast(left, 'string')] };
      if (operation === 'notEmpty') return { notEmpty: [cast(left, 'string')] };
      break;
    }
    case 'number': {
      const op = { equals: '==', notEquals: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=' }[operation];
      if (op) return { [op]: [cast(left, 'number'), cast(right, 'number')] };
      if (operation === 'empty') return not({ exists: [left] });
      if (operation === 'notEmpty') return { exists: [left] };
      break;
    }
    case 'dateTime': {
      const op = {
        equals: 'dateEqual', notEquals: 'dateNotEqual', after: 'dateAfter', before: 'dateBefore',
        afterOrEquals: 'dateAfterOrEqual', beforeOrEquals: 'dateBeforeOrEqual',
      }[operation];
      if (op) return { [op]: [left, right] };
      if (operation === 'empty') return not({ exists: [left] });
      if (operation === 'notEmpty') return { exists: [left] };
      break;
    }
    case 'boolean': {
      if (operation === 'true') return { '!!': [cast(left, 'boolean')] };
      if (operation === 'false') return not(cast(left, 'boolean'));
      if (operation === 'equals') return { '==': [cast(left, 'boolean'), cast(right, 'boolean')] };
      if (operation === 'notEquals') return { '!=': [cast(left, 'boolean'), cast(right, 'boolean')] };
      if (operation === 'empty') return not({ exists: [left] });
      if (operation === 'notEmpty') return { exists: [left] };
      break;
    }
    case 'array': {
      const arr = cast(left, 'array');
      const needle = ignoreCase ? lower(right) : right;
      const haystack = ignoreCase ? { lower: [arr] } : arr;
      if (operation === 'contains') return { contains: [haystack, needle] };
      if (operation === 'notContains') return not({ contains: [haystack, needle] });
      const op = { lengthEquals: '==', lengthNotEquals: '!=', lengthGt: '>', lengthLt: '<', lengthGte: '>=', lengthLte: '<=' }[operation];
      if (op) return { [op]: [{ length: [arr] }, cast(right, 'number')] };
      if (operation === 'empty') return { isEmpty: [arr] };
      if (operation === 'notEmpty') return { notEmpty: [arr] };
      break;
    }
    case 'object': {
      if (operation === 'empty') return { isEmpty: [cast(left, 'object')] };
      if (operation === 'notEmpty') return { notEmpty: [cast(left, 'object')] };
      break;
    }
  }
  return cannot(where, `condition operator ${type || '(none)'}.${operation || '(none)'}`);
}

function combine(rules: unknown[], combinator: string, where: Where): unknown {
  if (combinator !== 'and' && combinator !== 'or') return cannot(where, `combinator "${combinator}"`);
  // n8n: every() of nothing passes, some() of nothing fails.
  if (rules.length === 0) return combinator === 'and';
  if (rules.length === 1) return rules[0];
  return { [combinator]: rules };
}

/** n8n's filter value → JSONLogic. Throws ValidationError naming the node and the field. */
export function convertN8nFilter(value: N8nFilterValue, settings: ConversionSettings, where: Where): unknown {
  const caseSensitive = settings.caseSensitive ?? value.options?.caseSensitive ?? true;
  const loose = (settings.typeValidation ?? value.options?.typeValidation ?? 'strict') === 'loose';
  const rules = value.conditions.map((c) => {
    if (!isObject(c)) return cannot(where, 'a condition that is not an object');
    return convertCondition(c, caseSensitive, loose, where);
  });
  return combine(rules, String(value.combinator ?? 'and'), where);
}

// ---------------------------------------------------------------------------------------------
// n8n If v1: typed lists plus `combineOperation` ('all' | 'any')

const V1_OPS: Record<string, Record<string, (a: unknown, b: unknown) => unknown>> = {
  boolean: {
    equal: (a, b) => ({ '===': [a, b] }),
    notEqual: (a, b) => ({ '!==': [a, b] }),
  },
  number: {
    smaller: (a, b) => ({ '<': [a, b] }),
    smallerEqual: (a, b) => ({ '<=': [a, b] }),
    equal: (a, b) => ({ '===': [a, b] }),
    notEqual: (a, b) => ({ '!==': [a, b] }),
    larger: (a, b) => ({ '>': [a, b] }),
    largerEqual: (a, b) => ({ '>=': [a, b] }),
    isEmpty: (a) => ({ isEmpty: [a] }),
    isNotEmpty: (a) => ({ notEmpty: [a] }),
  },
  string: {
    contains: (a, b) => ({ contains: [{ asString: [a, 'loose'] }, { asString: [b, 'loose'] }] }),
    notContains: (a, b) => ({ '!': [{ contains: [{ asString: [a, 'loose'] }, { asString: [b, 'loose'] }] }] }),
    startsWith: (a, b) => ({ startsWith: [a, b] }),
    notStartsWith: (a, b) => ({ '!': [{ startsWith: [a, b] }] }),
    endsWith: (a, b) => ({ endsWith: [a, b] }),
    notEndsWith: (a, b) => ({ '!': [{ endsWith: [a, b] }] }),
    equal: (a, b) => ({ '===': [a, b] }),
    notEqual: (a, b) => ({ '!==': [a, b] }),
    regex: (a, b) => ({ match: [a, b] }),
    notRegex: (a, b) => ({ '!': [{ match: [a, b] }] }),
    isEmpty: (a) => ({ isEmpty: [a] }),
    isNotEmpty: (a) => ({ notEmpty: [a] }),
  },
  dateTime: {
    after: (a, b) => ({ dateAfter: [a, b] }),
    before: (a, b) => ({ dateBefore: [a, b] }),
  },
};

const V1_DEFAULT_OPERATION: Record<string, string> = { boolean: 'equal', number: 'smaller', string: 'equal', dateTime: 'after' };

/** If v1 conditions → JSONLogic, in n8n's order (boolean, dateTime, number, string). */
export function convertIfV1(conditions: Record<string, Json[]>, combineOperation: unknown, where: Where): unknown {
  const rules: unknown[] = [];
  for (const type of ['boolean', 'dateTime', 'number', 'string']) {
    for (const c of conditions[type] ?? []) {
      if (!isObject(c)) return cannot(where, `a ${type} condition that is not an object`);
      const operation = String(c.operation ?? V1_DEFAULT_OPERATION[type]);
      const make = V1_OPS[type][operation];
      if (!make) return cannot(where, `condition operator ${type}.${operation}`);
      rules.push(make(c.value1, c.value2));
    }
  }
  const combinator = combineOperation === 'any' ? 'or' : combineOperation === undefined || combineOperation === 'all' ? 'and' : String(combineOperation);
  return combine(rules, combinator, where);
}

// ---------------------------------------------------------------------------------------------
// Import: convert the condition parameters of If / Switch / Filter nodes

const SUPPORTED: Record<string, number[]> = {
  'n8n-nodes-base.if': [1, 2, 2.1, 2.2],
  'n8n-nodes-base.switch': [3, 3.1, 3.2],
  'n8n-nodes-base.filter': [2, 2.1, 2.2],
};

/** The stored form of one condition parameter; leaves expressions and missing values alone. */
function convertParameter(value: unknown, settings: ConversionSettings, where: Where, v1Combine?: unknown): unknown {
  if (value === undefined || isExpression(value)) return value;
  let rule: unknown;
  if (isObject(value) && 'jsonLogic' in value) {
    if (isExpression(value.jsonLogic)) return value;
    try {
      rule = parseRule(value.jsonLogic);
    } catch (err) {
      throw new ValidationError(`Node "${where.node}": ${where.field} ${(err as Error).message}`, where);
    }
    const problem = ruleProblem(rule);
    if (problem) throw new ValidationError(`Node "${where.node}": ${where.field}: ${problem}`, where);
    return value;
  }
  if (isN8nFilterValue(value)) rule = convertN8nFilter(value, settings, where);
  else if (v1Combine !== undefined && isN8nIfV1Conditions(value)) rule = convertIfV1(value, v1Combine, where);
  else {
    try {
      rule = parseRule(value);
    } catch (err) {
      throw new ValidationError(`Node "${where.node}": ${where.field} ${(err as Error).message}`, where);
    }
    const problem = ruleProblem(rule);
    if (problem) throw new ValidationError(`Node "${where.node}": ${where.field} holds neither an n8n condition nor a JSONLogic rule (${problem})`, where);
  }
  return { jsonLogic: rule };
}

/**
 * An imported node with its conditions as `{ jsonLogic: rule }`. Other node types come back as
 * they are. Throws ValidationError naming the node and the parameter when a condition cannot be
 * converted or a JSONLogic rule is invalid.
 */
export function convertNodeConditions(node: INode): INode {
  // Own keys only: a node type named "__proto__" or "constructor" was a 500 (found by test/fuzz/workflow-import.fuzz.test.ts).
  const versions = Object.hasOwn(SUPPORTED, node.type) ? SUPPORTED[node.type] : undefined;
  if (!versions) return node;
  if (!versions.includes(node.typeVersion))
    throw new ValidationError(
      `Node "${node.name}": ${node.type} version ${node.typeVersion} is not supported (supported: ${versions.join(', ')}); update the node in n8n before exporting`,
      { node: node.name, field: 'typeVersion' },
    );
  const params: INodeParameters = { ...node.parameters };
  const settings = settingsFromParameters(params);
  if (node.type === 'n8n-nodes-base.switch') {
    const rawRules: unknown = params.rules;
    const rules = isObject(rawRules) ? rawRules : undefined;
    if (rules && Array.isArray(rules.values)) {
      const values = rules.values.map((rule: unknown, i: number) => {
        if (!isObject(rule)) return rule;
        const field = `rules.values[${i}].conditions`;
        return { ...rule, conditions: convertParameter(rule.conditions, settings, { node: node.name, field }) };
      });
      params.rules = { ...rules, values } as INodeParameters['rules'];
    }
  } else {
    const v1 = node.type === 'n8n-nodes-base.if' && node.typeVersion === 1;
    const original = params.conditions;
    const converted = convertParameter(original, settings, { node: node.name, field: 'conditions' }, v1 ? (params.combineOperation ?? 'all') : undefined);
    if (converted !== undefined) params.conditions = converted as INodeParameters['conditions'];
    // If v1's combineOperation now lives inside the rule.
    if (v1 && isN8nIfV1Conditions(original)) delete params.combineOperation;
  }
  return { ...node, parameters: params };
}
