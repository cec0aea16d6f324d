// Pure conversion between a JSONLogic rule and the condition builder's rows and groups.
// A rule is shown as rows only when converting the rows back gives exactly the same rule
// (rule → rows → rule is checked, not assumed): anything else is kept intact for JSON mode,
// so the builder never rewrites a rule it cannot show.
import { OPERATORS, operatorByKey, type OperatorDef, type ValueType } from './jsonlogic-operators.ts';

export type { ValueType } from './jsonlogic-operators.ts';
export type Scalar = string | number | boolean | null;
export type Combinator = 'and' | 'or';

export interface ConditionRow {
  kind: 'row';
  id: number;
  field: string;
  operator: string;
  /** The value as typed; read according to valueType (a comma-separated list for "is one of"). */
  valueText: string;
  valueType: ValueType;
  /** True until the user picks a type: the type then follows what is typed. */
  autoType: boolean;
}

export interface ConditionGroup {
  kind: 'group';
  id: number;
  combinator: Combinator;
  negate: boolean;
  /** When set, the group asks whether SOME element of this array field matches (JSONLogic `some`). */
  someOf?: string;
  children: ConditionNode[];
}

export type ConditionNode = ConditionRow | ConditionGroup;

let nextId = 1;
const newId = () => nextId++;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v);

export function newRow(field = ''): ConditionRow {
  return { kind: 'row', id: newId(), field, operator: 'eq', valueText: '', valueType: 'string', autoType: true };
}

export function newGroup(combinator: Combinator = 'and', children: ConditionNode[] = []): ConditionGroup {
  return { kind: 'group', id: newId(), combinator, negate: false, children };
}

// ---- values ----

export function typeOf(v: Scalar): ValueType {
  if (v === null) return 'null';
  return typeof v as ValueType;
}

/** The type a typed text most likely means: 42 → number, true → boolean, null → null, else text. */
export function inferType(text: string): ValueType {
  const t = text.trim();
  if (t !== '' && Number.isFinite(Number(t)) && /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return 'number';
  if (t === 'true' || t === 'false') return 'boolean';
  if (t === 'null') return 'null';
  return 'string';
}

export function scalarOf(text: string, type: ValueType): Scalar {
  if (type === 'null') return null;
  if (type === 'boolean') return text.trim() === 'true';
  if (type === 'number') {
    const n = Number(text.trim());
    return text.trim() === '' || Number.isNaN(n) ? text : n;
  }
  return text;
}

function textOf(v: Scalar): string {
  return v === null ? '' : String(v);
}

const splitList = (text: string) => (text.trim() === '' ? [] : text.split(',').map((s) => s.trim()));

/** The row's right operand as it goes into the rule. */
export function rowValue(row: ConditionRow, op: OperatorDef = operatorByKey(row.operator)): Scalar | Scalar[] {
  if (op.value === 'list') return splitList(row.valueText).map((s) => scalarOf(s, row.valueType));
  return scalarOf(row.valueText, row.valueType);
}

// ---- rows → rule ----

function rowRule(row: ConditionRow): unknown {
  const op = operatorByKey(row.operator);
  const args: unknown[] = [{ var: row.field }];
  if (op.value !== 'none') args.push(rowValue(row, op));
  const rule = { [op.op]: args };
  return op.negated ? { '!': [rule] } : rule;
}

function groupRule(group: ConditionGroup, isRoot: boolean): unknown {
  const children = group.children.map((c) => nodeRule(c));
  let rule: unknown;
  if (group.someOf !== undefined) {
    const inner = children.length === 1 ? children[0] : { [group.combinator]: children };
    rule = { some: [{ var: group.someOf }, inner] };
  } else if (isRoot && children.length === 1 && !group.negate) {
    return children[0];
  } else {
    rule = { [group.combinator]: children };
  }
  return group.negate ? { '!': [rule] } : rule;
}

function nodeRule(node: ConditionNode): unknown {
  return node.kind === 'row' ? rowRule(node) : groupRule(node, false);
}

/** The rule for a root group; an empty root is `{}` (no condition yet). */
export function rowsToRule(root: ConditionGroup): unknown {
  if (!root.children.length && !root.negate && root.someOf === undefined) return {};
  return groupRule(root, true);
}

// ---- rule → rows ----

function fieldOf(v: unknown): string | undefined {
  return isObject(v) && Object.keys(v).length === 1 && typeof v.var === 'string' ? v.var : undefined;
}

function parseRow(rule: unknown, negated: boolean): ConditionRow | undefined {
  if (!isObject(rule) || Object.keys(rule).length !== 1) return undefined;
  const [name] = Object.keys(rule);
  const args = rule[name];
  if (!Array.isArray(args)) return undefined;
  const op = OPERATORS.find((o) => o.op === name && !!o.negated === negated);
  if (!op) return undefined;
  const field = fieldOf(args[0]);
  if (field === undefined) return undefined;
  const row: ConditionRow = { ...newRow(field), operator: op.key, autoType: false };
  if (op.value === 'none') return args.length === 1 ? row : undefined;
  if (args.length !== 2) return undefined;
  const value = args[1];
  if (op.value === 'list') {
    if (!Array.isArray(value) || !value.every(isScalar)) return undefined;
    const types = new Set(value.map(typeOf));
    if (types.size > 1) return undefined;
    return { ...row, valueType: value.length ? typeOf(value[0]) : 'string', valueText: value.map(textOf).join(', ') };
  }
  if (!isScalar(value)) return undefined;
  return { ...row, valueType: typeOf(value), valueText: textOf(value) };
}

function parseGroupBody(rule: unknown): { combinator: Combinator; children: ConditionNode[] } | undefined {
  if (isObject(rule) && Object.keys(rule).length === 1 && ('and' in rule || 'or' in rule)) {
    const combinator: Combinator = 'and' in rule ? 'and' : 'or';
    const list = rule[combinator];
    if (!Array.isArray(list)) return undefined;
    const children: ConditionNode[] = [];
    for (const item of list) {
      const child = parseNode(item);
      if (!child) return undefined;
      children.push(child);
    }
    return { combinator, children };
  }
  return undefined;
}

function parseNode(rule: unknown): ConditionNode | undefined {
  if (!isObject(rule) || Object.keys(rule).length !== 1) return undefined;
  const body = parseGroupBody(rule);
  if (body) return { ...newGroup(body.combinator, body.children) };
  if (Array.isArray(rule.some) && rule.some.length === 2) {
    const field = fieldOf(rule.some[0]);
    if (field === undefined) return undefined;
    const inner = parseGroupBody(rule.some[1]) ?? (() => {
      const single = parseNode(rule.some[1] as unknown);
      return single ? { combinator: 'and' as Combinator, children: [single] } : undefined;
    })();
    if (!inner) return undefined;
    return { ...newGroup(inner.combinator, inner.children), someOf: field };
  }
  if (Array.isArray(rule['!']) && rule['!'].length === 1) {
    const inner = rule['!'][0];
    const row = parseRow(inner, true);
    if (row) return row;
    const group = parseNode(inner);
    if (group?.kind === 'group' && !group.negate) return { ...group, negate: true };
    return parseRow(rule, false); // {"!": [{"var": x}]}: "is false"
  }
  return parseRow(rule, false);
}

export type ParsedRule = { ok: true; root: ConditionGroup } | { ok: false; reason: 'shape' };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Rows for a rule, or `ok: false` when the builder cannot show it exactly (it stays JSON).
 * An empty rule (`{}`, undefined, null) is an empty root group.
 */
export function ruleToRows(rule: unknown): ParsedRule {
  if (rule === undefined || rule === null || (isObject(rule) && Object.keys(rule).length === 0)) return { ok: true, root: newGroup('and') };
  const node = parseNode(rule);
  if (!node) return { ok: false, reason: 'shape' };
  const root = node.kind === 'group' ? node : newGroup('and', [node]);
  // Only a fixed point is shown as rows: what the rows would write back must be this very rule.
  if (!same(rowsToRule(root), rule)) return { ok: false, reason: 'shape' };
  return { ok: true, root };
}

// ---- the node parameter {"jsonLogic": rule} ----

export type ParameterRule =
  | { kind: 'rule'; rule: unknown }
  | { kind: 'n8n' } // an n8n filter value, converted when the node runs
  | { kind: 'invalid'; message: string };

/** The rule inside an If/Switch/Filter `conditions` value (object, or JSON text of it). */
export function ruleFromParameter(value: unknown): ParameterRule {
  let v = value;
  if (typeof v === 'string') {
    if (v.trim() === '') return { kind: 'rule', rule: {} };
    try {
      v = JSON.parse(v);
    } catch (err) {
      return { kind: 'invalid', message: (err as Error).message };
    }
  }
  if (v === undefined || v === null) return { kind: 'rule', rule: {} };
  if (isObject(v) && 'jsonLogic' in v) {
    const inner = v.jsonLogic;
    if (typeof inner === 'string' && !inner.startsWith('=')) {
      try {
        return { kind: 'rule', rule: JSON.parse(inner) };
      } catch (err) {
        return { kind: 'invalid', message: (err as Error).message };
      }
    }
    return { kind: 'rule', rule: inner };
  }
  if (isObject(v) && Array.isArray(v.conditions)) return { kind: 'n8n' };
  if (isObject(v) && Object.keys(v).length === 0) return { kind: 'rule', rule: {} };
  return { kind: 'rule', rule: v };
}

/** The parameter value for a rule: `{"jsonLogic": rule}`, or the empty default `{}`. */
export function parameterFromRule(rule: unknown): unknown {
  return isObject(rule) && Object.keys(rule).length === 0 ? {} : { jsonLogic: rule };
}

/** True for the If/Switch/Filter `conditions` parameter (JSON holding `{"jsonLogic": rule}`). */
export function isConditionProperty(property: { name: string; type: string; placeholder?: string }): boolean {
  return property.name === 'conditions' && property.type === 'json' && String(property.placeholder ?? '').includes('jsonLogic');
}
