// The condition builder's pure conversion: rule → rows → rule is a fixed point, rules the rows
// cannot show exactly are refused (kept as JSON), and the examples are valid host rules.
import { describe, expect, it } from 'vitest';
import {
  inferType,
  isConditionProperty,
  newGroup,
  newRow,
  parameterFromRule,
  ruleFromParameter,
  ruleToRows,
  rowsToRule,
  type ConditionGroup,
  type ConditionRow,
} from '../../../../editor/src/lib/jsonlogic-builder.ts';
import { CONDITION_EXAMPLES } from '../../../../editor/src/lib/jsonlogic-examples.ts';
import { OPERATORS } from '../../../../editor/src/lib/jsonlogic-operators.ts';
import { fieldPaths } from '../../../../editor/src/lib/jsonlogic-samples.ts';
import { CUSTOM_OPERATORS, STANDARD_OPERATORS, ruleProblem } from '../../../../host/conditions/convert.ts';
import { conditionsProperty } from '../../../../nodes/core/conditions/properties.ts';

const v = (path: string) => ({ var: path });
const eq = (path: string, value: unknown) => ({ '==': [v(path), value] });

function roundTrip(rule: unknown): unknown {
  const parsed = ruleToRows(rule);
  if (!parsed.ok) throw new Error(`not shown as rows: ${JSON.stringify(rule)}`);
  return rowsToRule(parsed.root);
}

const row = (field: string, operator: string, valueText = '', valueType: ConditionRow['valueType'] = 'string'): ConditionRow => ({
  ...newRow(field),
  operator,
  valueText,
  valueType,
  autoType: false,
});

describe('rows → rule', () => {
  it('writes priority == High AND (status == Open OR status == Replied)', () => {
    const root = newGroup('and', [row('priority', 'eq', 'High'), newGroup('or', [row('status', 'eq', 'Open'), row('status', 'eq', 'Replied')])]);
    expect(rowsToRule(root)).toEqual({ and: [eq('priority', 'High'), { or: [eq('status', 'Open'), eq('status', 'Replied')] }] });
  });

  it('types values, writes lists, value-less and negated operators', () => {
    expect(rowsToRule(newGroup('and', [row('qty', 'gte', '5', 'number')]))).toEqual({ '>=': [v('qty'), 5] });
    expect(rowsToRule(newGroup('and', [row('ok', 'eq', 'true', 'boolean')]))).toEqual({ '==': [v('ok'), true] });
    expect(rowsToRule(newGroup('and', [row('x', 'eq', '', 'null')]))).toEqual({ '==': [v('x'), null] });
    expect(rowsToRule(newGroup('and', [row('status', 'in', 'Open, Replied')]))).toEqual({ in: [v('status'), ['Open', 'Replied']] });
    expect(rowsToRule(newGroup('and', [row('name', 'isEmpty')]))).toEqual({ isEmpty: [v('name')] });
    expect(rowsToRule(newGroup('and', [row('name', 'notContains', 'x')]))).toEqual({ '!': [{ contains: [v('name'), 'x'] }] });
    const negated: ConditionGroup = { ...newGroup('or', [row('a', 'isTrue'), row('b', 'isFalse')]), negate: true };
    expect(rowsToRule(negated)).toEqual({ '!': [{ or: [{ '!!': [v('a')] }, { '!': [v('b')] }] }] });
  });

  it('an empty builder is the parameter default {}', () => {
    expect(rowsToRule(newGroup())).toEqual({});
    expect(parameterFromRule({})).toEqual({});
    expect(parameterFromRule(eq('a', 1))).toEqual({ jsonLogic: eq('a', 1) });
  });

  it('infers a typed value', () => {
    expect(['42', '-27', '1.5', 'true', 'null', 'High', '', '12abc'].map(inferType)).toEqual(['number', 'number', 'number', 'boolean', 'null', 'string', 'string', 'string']);
  });
});

describe('rule → rows', () => {
  const shown = [
    eq('priority', 'High'),
    { and: [eq('priority', 'High'), { or: [eq('status', 'Open'), eq('status', 'Replied')] }] },
    { '<': [v('rx'), -27] },
    { '!=': [v('flag'), false] },
    { in: [v('n'), [1, 2, 3]] },
    { '!': [{ exists: [v('openIssue')] }] },
    { '!!': [v('name')] },
    { match: [v('serial'), '^[A-Z]+$'] },
    { '!': [{ and: [eq('a', 1), eq('b', 2)] }] },
    { some: [v('opticalStatus'), { '<': [v('rxPowerDbm'), -27] }] },
    { some: [v('lines'), { or: [eq('a', 1), eq('b', 2)] }] },
    { '>=': [v('onusOffline'), '={{ $vars.LIMIT }}'] },
  ];
  for (const rule of shown) {
    it(`shows ${JSON.stringify(rule)} as rows and writes it back unchanged`, () => {
      expect(roundTrip(rule)).toEqual(rule);
      expect(roundTrip(roundTrip(rule))).toEqual(rule);
    });
  }

  const kept = [
    { '==': [{ var: ['a', 0] }, 1] }, // var with a default
    { '==': [v('a'), v('b')] }, // field against field
    { '<': [1, v('x'), 5] }, // between
    { and: [eq('a', 1)] }, // would be written without its and
    { or: [] }, // an empty builder writes {}
    { '!': v('a') }, // ! without the array
    { in: [v('s'), ['a', 1]] }, // mixed list
    { in: [v('s'), ['a,b']] }, // comma inside a list element
    { '+': [1, 2] },
    { '==': [v('a'), 1], '!=': [v('b'), 2] },
    { likes: [v('a'), 1] },
    true,
    'text',
  ];
  for (const rule of kept) {
    it(`keeps ${JSON.stringify(rule)} as JSON`, () => {
      expect(ruleToRows(rule).ok).toBe(false);
    });
  }

  it('reads an empty rule as an empty builder', () => {
    for (const empty of [undefined, null, {}]) {
      const parsed = ruleToRows(empty);
      expect(parsed.ok && parsed.root.children.length).toBe(0);
    }
  });
});

describe('the conditions parameter', () => {
  it('finds the rule in {jsonLogic}, JSON text, or the default', () => {
    expect(ruleFromParameter({ jsonLogic: eq('a', 1) })).toEqual({ kind: 'rule', rule: eq('a', 1) });
    expect(ruleFromParameter('{"jsonLogic": {"==": [{"var": "a"}, 1]}}')).toEqual({ kind: 'rule', rule: eq('a', 1) });
    expect(ruleFromParameter({ jsonLogic: '{"==": [{"var": "a"}, 1]}' })).toEqual({ kind: 'rule', rule: eq('a', 1) });
    expect(ruleFromParameter({})).toEqual({ kind: 'rule', rule: {} });
    expect(ruleFromParameter(undefined)).toEqual({ kind: 'rule', rule: {} });
    expect(ruleFromParameter({ conditions: [], combinator: 'and' })).toEqual({ kind: 'n8n' });
    expect(ruleFromParameter('{oops')).toMatchObject({ kind: 'invalid' });
  });

  it('recognises the If/Switch/Filter conditions property only', () => {
    expect(isConditionProperty(conditionsProperty)).toBe(true);
    expect(isConditionProperty({ name: 'conditions', type: 'fixedCollection' })).toBe(false);
    expect(isConditionProperty({ name: 'filters', type: 'json' })).toBe(false);
  });
});

describe('operators and examples', () => {
  it('every builder operator is one the host evaluates', () => {
    const known = new Set([...STANDARD_OPERATORS, ...CUSTOM_OPERATORS]);
    for (const o of OPERATORS) expect(known.has(o.op), o.op).toBe(true);
  });

  it('every example is a valid rule the builder shows as rows', () => {
    for (const ex of CONDITION_EXAMPLES) {
      expect(ruleProblem(ex.rule), ex.key).toBeUndefined();
      expect(roundTrip(ex.rule)).toEqual(ex.rule);
    }
  });
});

describe('field suggestions', () => {
  it('lists nested paths, arrays and their first element', () => {
    const paths = fieldPaths([{ priority: 'High', body: { status: 'Open' }, opticalStatus: [{ rxPowerDbm: -28 }] }, { extra: 1 }]);
    expect(paths).toEqual(['priority', 'body', 'body.status', 'opticalStatus', 'opticalStatus.0', 'opticalStatus.0.rxPowerDbm', 'extra']);
  });
});
