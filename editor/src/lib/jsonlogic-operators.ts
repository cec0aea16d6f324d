// The comparisons a builder row offers, each one JSONLogic operator the host evaluates
// (host/conditions/convert.ts STANDARD_OPERATORS / CUSTOM_OPERATORS; docs/conditions.md).
// `negated` rows are written {"!": [{op: ...}]}; `value` says what the right operand is.
export type ValueType = 'string' | 'number' | 'boolean' | 'null';

export interface OperatorDef {
  /** Stable key, also the i18n key under conditions.operators. */
  key: string;
  /** The host's JSONLogic operator name. */
  op: string;
  negated?: boolean;
  value: 'scalar' | 'list' | 'none';
}

export const OPERATORS: readonly OperatorDef[] = [
  { key: 'eq', op: '==', value: 'scalar' },
  { key: 'ne', op: '!=', value: 'scalar' },
  { key: 'lt', op: '<', value: 'scalar' },
  { key: 'lte', op: '<=', value: 'scalar' },
  { key: 'gt', op: '>', value: 'scalar' },
  { key: 'gte', op: '>=', value: 'scalar' },
  { key: 'contains', op: 'contains', value: 'scalar' },
  { key: 'notContains', op: 'contains', negated: true, value: 'scalar' },
  { key: 'in', op: 'in', value: 'list' },
  { key: 'startsWith', op: 'startsWith', value: 'scalar' },
  { key: 'endsWith', op: 'endsWith', value: 'scalar' },
  { key: 'match', op: 'match', value: 'scalar' },
  { key: 'isEmpty', op: 'isEmpty', value: 'none' },
  { key: 'notEmpty', op: 'notEmpty', value: 'none' },
  { key: 'exists', op: 'exists', value: 'none' },
  { key: 'notExists', op: 'exists', negated: true, value: 'none' },
  { key: 'isTrue', op: '!!', value: 'none' },
  { key: 'isFalse', op: '!', value: 'none' },
  { key: 'dateBefore', op: 'dateBefore', value: 'scalar' },
  { key: 'dateAfter', op: 'dateAfter', value: 'scalar' },
];

export function operatorByKey(key: string): OperatorDef {
  const found = OPERATORS.find((o) => o.key === key);
  if (!found) throw new Error(`Unknown builder operator "${key}"`);
  return found;
}
