// JSONLogic → n8n conditions (host/conditions/to-n8n.ts) for hand-written rules: the n8n filter
// they become, and that it routes items as the rule does, both in our If node and in n8n's own
// evaluator. Rules n8n's filter cannot say come back as a reason, leaving the node unchanged.
import { describe, expect, it } from 'vitest';
import type { N8nFilterValue } from '../../../../host/conditions/convert.ts';
import { convertNodeConditions } from '../../../../host/conditions/convert.ts';
import { conditionId, nodeConditionsToN8n, nodesToN8n, ruleToN8nFilter } from '../../../../host/conditions/to-n8n.ts';
import type { IDataObject, INode, INodeParameters } from '../../../../host/model/index.ts';
import { decide, n8nDecide } from '../../../helpers/n8n-filter.ts';

const ifNode = (rule: unknown, extra: Partial<INode> = {}): INode => ({
  id: 'if-1', name: 'Check', type: 'n8n-nodes-base.if', typeVersion: 2.2, position: [0, 0], parameters: { conditions: { jsonLogic: rule }, options: {} } as INodeParameters, ...extra,
});
const filterOf = (node: INode) => node.parameters.conditions as unknown as N8nFilterValue;
const conditionsOf = (rule: unknown) => {
  const result = ruleToN8nFilter(rule);
  if (!result.ok) throw new Error(result.reason);
  return result.value.conditions.map(({ id: _id, ...c }) => c);
};

describe('hand-written rules become n8n conditions', () => {
  it('reads var as $json, with paths, indexes, n8n spellings and defaults', () => {
    const left = (v: unknown) => conditionsOf({ '==': [v, 'x'] })[0].leftValue;
    // JSONLogic reads null through a missing parent, n8n's ?. does too.
    expect(left({ var: 'a.b' })).toBe('={{ $json.a?.b }}');
    expect(left({ var: 'items.0.qty' })).toBe('={{ $json.items?.[0]?.qty }}');
    expect(left({ var: 'body.customer-id' })).toBe('={{ $json.body?.["customer-id"] }}');
    expect(left({ var: '0' })).toBe('={{ $json[0] }}');
    expect(left({ var: '$json.priority' })).toBe('={{ $json.priority }}');
    expect(left({ var: 'json.priority' })).toBe('={{ $json.priority }}');
    expect(left({ var: ['status', 'Open'] })).toBe('={{ $json.status ?? "Open" }}');
    expect(left('={{ $vars.REGION }}')).toBe('={{ $vars.REGION }}');
  });

  it('writes n8n’s operators, with the type the literal gives', () => {
    const op = (rule: unknown) => conditionsOf(rule).map((c) => `${c.operator!.type}.${c.operator!.operation}`);
    expect(op({ '==': [{ var: 'a' }, 'x'] })).toEqual(['string.equals']);
    expect(op({ '!=': [{ var: 'a' }, 3] })).toEqual(['number.notEquals']);
    expect(op({ '===': [{ var: 'a' }, true] })).toEqual(['boolean.equals']);
    expect(op({ '<': [-40, { var: 'rx' }, -27] })).toEqual(['number.gt', 'number.lt']);
    expect(op({ in: ['x', { var: 's' }] })).toEqual(['string.contains']);
    expect(op({ in: [{ var: 's' }, ['a', 'b']] })).toEqual(['array.contains']);
    expect(op({ '==': [{ var: 'a' }, null] })).toEqual(['any.notExists']);
    expect(op({ '!': [{ exists: [{ var: 'a' }] }] })).toEqual(['any.notExists']);
    expect(op({ '!': [{ startsWith: [{ var: 'a' }, 'x'] }] })).toEqual(['string.notStartsWith']);
    expect(op({ '>=': [{ length: [{ var: 'a' }] }, 2] })).toEqual(['array.lengthGte']);
    expect(op({ dateAfterOrEqual: [{ var: 'd' }, '2026-01-01'] })).toEqual(['dateTime.afterOrEquals']);
    expect(conditionsOf({ notEmpty: [{ var: 't' }] })[0]).toEqual({
      leftValue: '={{ $json.t }}', rightValue: '', operator: { type: 'string', operation: 'notEmpty', name: 'filter.operator.notEmpty', singleValue: true },
    });
    // Constants: convert.ts writes an empty "and" as true, an empty "or" as false.
    expect(ruleToN8nFilter(true)).toMatchObject({ ok: true, value: { conditions: [], combinator: 'and' } });
    expect(ruleToN8nFilter(false)).toMatchObject({ ok: true, value: { conditions: [], combinator: 'or' } });
    expect(ruleToN8nFilter(JSON.stringify({ '==': [{ var: 'a' }, 'x'] }))).toMatchObject({ ok: true });
  });

  const items: IDataObject[] = [
    { priority: 'High', status: 'Open', subject: 'Area outage', days: 45, serial: 'HWTC1A2B', tech: 'HR-1', rx: -28.4, urgent: true, end: '2026-06-15T08:00:00Z', a: { b: 3 } },
    { priority: 'high', status: 'Closed', subject: 'Slow Wi-Fi', days: '45', serial: 'ALCL1234', tech: '', rx: -80, urgent: false, end: '2026-08-31T08:00:00Z', a: { b: 9 } },
    { priority: 'Low', status: 'Replied', subject: 'OUTAGE', days: 10, serial: 'ZTEG00C0', tech: null, rx: -21, urgent: 1, end: '2026-07-15T08:00:00Z', a: { b: '5' } },
    { priority: 5, status: 'Open', subject: 'outage again', days: 30, serial: 'HWTC9999', rx: '-30', urgent: 0 },
    {},
  ];
  // A missing value is 0 to JSONLogic's < and <=; n8n has no number (undefined < 5 is false).
  const present = (item: IDataObject) => (item.a as IDataObject | undefined)?.b !== undefined;
  const cases: [string, unknown, ((item: IDataObject) => boolean)?][] = [
    ['equals', { '==': [{ var: 'priority' }, 'High'] }],
    ['not equals', { '!=': [{ var: 'status' }, 'Closed'] }],
    ['greater', { '>': [{ var: 'days' }, 30] }],
    ['greater or equal', { '>=': [{ var: 'days' }, 30] }],
    ['less', { '<': [{ var: 'a.b' }, 5] }, present],
    ['less or equal', { '<=': [{ var: 'a.b' }, 5] }, present],
    ['between', { '<': [-40, { var: 'rx' }, -27] }],
    ['in a string', { in: ['outage', { var: 'subject' }] }],
    ['in a list', { in: [{ var: 'status' }, ['Open', 'Replied']] }],
    ['startsWith', { startsWith: [{ var: 'serial' }, 'HWTC'] }],
    ['endsWith', { endsWith: [{ var: 'serial' }, '99'] }],
    ['contains', { contains: [{ var: 'subject' }, 'age'] }],
    ['match', { match: [{ var: 'serial' }, '^(HWTC|ZTEG)[0-9A-F]{4}'] }],
    ['match ignoring case', { match: [{ var: 'subject' }, '^outage', 'i'] }],
    ['isEmpty', { isEmpty: [{ var: 'tech' }] }],
    ['notEmpty', { notEmpty: [{ var: 'tech' }] }],
    ['exists', { exists: [{ var: 'tech' }] }],
    ['== null', { '==': [{ var: 'tech' }, null] }],
    ['truthy', { '!!': [{ var: 'urgent' }] }],
    ['falsy', { '!': [{ var: 'urgent' }] }],
    ['date before', { dateBefore: [{ var: 'end' }, '2026-07-01T00:00:00Z'] }],
    ['date after or equal', { dateAfterOrEqual: [{ var: 'end' }, '2026-07-15T08:00:00Z'] }],
    ['and, nested one level', { and: [{ '==': [{ var: 'status' }, 'Open'] }, { and: [{ startsWith: [{ var: 'serial' }, 'HWTC'] }, { '>': [{ var: 'days' }, 20] }] }] }],
    ['or, nested one level', { or: [{ '==': [{ var: 'priority' }, 'Low'] }, { or: [{ '<': [{ var: 'rx' }, -70] }] }] }],
  ];

  it.each(cases)('%s routes items as the rule does, in our If and in n8n', async (_name, rule, only = () => true) => {
    const { node, problem } = nodeConditionsToN8n(ifNode(rule));
    expect(problem).toBeUndefined();
    const verdicts = [];
    for (const item of items.filter(only)) {
      const asRule = await decide(ifNode(rule).parameters, item);
      verdicts.push({ item, rule: asRule, converted: await decide(node.parameters, item), n8n: await n8nDecide(node, filterOf(node), item) });
    }
    expect(verdicts).toEqual(verdicts.map((v) => ({ ...v, converted: v.rule, n8n: v.rule })));
    expect(verdicts.some((v) => v.rule === true) && verdicts.some((v) => v.rule === false)).toBe(true);
  });
});

describe('node settings follow the rule', () => {
  it('uncast hand-written operands convert types where required, as JSONLogic compares', () => {
    const rule = { '>': [{ var: 'days' }, '={{ $vars.GRACE_DAYS }}'] };
    expect(nodeConditionsToN8n(ifNode(rule)).node.parameters).toMatchObject({ looseTypeValidation: true, conditions: { options: { typeValidation: 'loose' } } });
    // If 2 (and Switch 3) keep the setting under options.
    expect(nodeConditionsToN8n(ifNode(rule, { typeVersion: 2 })).node.parameters).toMatchObject({ options: { looseTypeValidation: true }, conditions: { options: { version: 1 } } });
  });

  it('lower() on both sides is n8n’s Ignore Case; a case-sensitive rule turns it off', () => {
    const lowered = { contains: [{ lower: [{ asString: ['={{ $json.subject }}'] }] }, 'outage'] };
    expect(nodeConditionsToN8n(ifNode(lowered)).node.parameters).toMatchObject({ options: { ignoreCase: true }, conditions: { options: { caseSensitive: false } } });
    const exact = ifNode({ '==': [{ asString: ['={{ $json.priority }}'] }, 'High'] }, {});
    exact.parameters.options = { ignoreCase: true };
    expect(nodeConditionsToN8n(exact).node.parameters).toMatchObject({ options: { ignoreCase: false }, conditions: { options: { caseSensitive: true } } });
  });

  it('gives conditions stable ids per node and place', () => {
    const rule = { and: [{ '==': [{ var: 'a' }, 1] }, { '==': [{ var: 'b' }, 2] }] };
    const ids = (node: INode) => filterOf(nodeConditionsToN8n(node).node).conditions.map((c) => c.id);
    expect(ids(ifNode(rule))).toEqual(ids(ifNode(rule)));
    expect(new Set([...ids(ifNode(rule)), ...ids(ifNode(rule, { id: 'if-2' }))]).size).toBe(4);
    expect(conditionId('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('If v1 keeps its version and its typed lists', () => {
  const v1: INode = {
    id: 'v1', name: 'Old If', type: 'n8n-nodes-base.if', typeVersion: 1, position: [0, 0],
    parameters: {
      conditions: {
        boolean: [{ value1: '={{ $json.vip }}', value2: true }],
        number: [{ value1: '={{ $json.days }}', operation: 'larger', value2: 30 }, { value1: '={{ $json.score }}', operation: 'isEmpty' }],
        string: [{ value1: '={{ $json.subject }}', operation: 'notContains', value2: 'test' }, { value1: '={{ $json.serial }}', operation: 'regex', value2: '^HW' }],
      },
      combineOperation: 'any',
    },
  };

  it('round-trips n8n → JSONLogic → n8n → JSONLogic', () => {
    const stored = convertNodeConditions(v1);
    const { node, problem } = nodeConditionsToN8n(stored);
    expect(problem).toBeUndefined();
    expect(node.typeVersion).toBe(1);
    expect(node.parameters.combineOperation).toBe('any');
    expect(node.parameters.conditions).toEqual({
      boolean: [{ value1: '={{ $json.vip }}', operation: 'equal', value2: true }],
      number: [{ value1: '={{ $json.days }}', operation: 'larger', value2: 30 }, { value1: '={{ $json.score }}', operation: 'isEmpty' }],
      string: [{ value1: '={{ $json.subject }}', operation: 'notContains', value2: 'test' }, { value1: '={{ $json.serial }}', operation: 'regex', value2: '^HW' }],
    });
    expect(convertNodeConditions(node).parameters).toEqual(stored.parameters);
  });

  it('says when a rule has no If v1 form', () => {
    const { node, problem } = nodeConditionsToN8n({ ...v1, parameters: { conditions: { jsonLogic: { '==': [{ var: 'a' }, 1] } } } });
    expect(problem).toMatch(/^conditions: .*If v1 has no such condition.* cannot be represented in n8n$/);
    expect(node.parameters.conditions).toEqual({ jsonLogic: { '==': [{ var: 'a' }, 1] } });
  });
});

describe('rules n8n’s filter cannot represent', () => {
  const cases: [string, unknown, RegExp][] = [
    ['or inside and', { and: [{ '==': [{ var: 'a' }, 1] }, { or: [{ '==': [{ var: 'b' }, 2] }, { '==': [{ var: 'c' }, 3] }] }] }, /"or" inside "and"/],
    ['between inside or', { or: [{ '<': [1, { var: 'a' }, 5] }, { '==': [{ var: 'b' }, 2] }] }, /"between" inside "or"/],
    ['arithmetic', { '>': [{ '+': [{ var: 'a' }, 1] }, 5] }, /operand/],
    ['the whole item', { '==': [{ var: '' }, 1] }, /whole item/],
    ['an if', { if: [{ var: 'a' }, true, false] }, /operator "if"/],
    ['not greater', { '!': [{ '>': [{ var: 'a' }, 5] }] }, /"!" of/],
    ['regex flags n8n has no option for', { match: [{ var: 'a' }, 'x', 'm'] }, /match flags/],
    ['case rules that disagree', { and: [{ '==': [{ lower: [{ asString: ['={{ $json.a }}'] }] }, 'x'] }, { '==': [{ asString: ['={{ $json.b }}'] }, 'Y'] }] }, /Ignore Case/],
    ['strict next to loose', { and: [{ '==': [{ asString: ['={{ $json.a }}'] }, 'x'] }, { '>': [{ asNumber: ['={{ $json.b }}', 'loose'] }, 1] }] }, /Convert types/],
  ];

  it.each(cases)('%s: a reason, the node unchanged, never a throw', (_name, rule, reason) => {
    const node = ifNode(rule);
    const result = nodeConditionsToN8n(node);
    expect(result.node).toBe(node);
    expect(result.problem).toMatch(reason);
  });

  it('a Switch converts all its rules or none, and nodesToN8n names the nodes', () => {
    const rules = { values: [{ conditions: { jsonLogic: { '==': [{ var: 'a' }, 1] } }, outputKey: 'one' }, { conditions: { jsonLogic: { cat: ['a', 'b'] } }, outputKey: 'two' }] };
    const sw: INode = { id: 's', name: 'Route', type: 'n8n-nodes-base.switch', typeVersion: 3.2, position: [0, 0], parameters: { rules } as INodeParameters };
    const computed = ifNode('={{ $json.rule }}', { name: 'Computed' });
    computed.parameters.conditions = { jsonLogic: '={{ $json.rule }}' };
    const fine = ifNode({ '==': [{ var: 'a' }, 1] }, { name: 'Fine' });
    const { nodes, unconverted } = nodesToN8n([sw, computed, fine]);
    expect(nodes[0]).toBe(sw);
    expect(nodes[1]).toBe(computed);
    expect(filterOf(nodes[2]).combinator).toBe('and');
    expect(unconverted).toEqual([
      { node: 'Route', problem: expect.stringMatching(/^rules\.values\[1\]\.conditions: .*operator "cat"/) },
      { node: 'Computed', problem: expect.stringMatching(/computed by an expression/) },
    ]);
    expect(ruleToN8nFilter('{ not json')).toMatchObject({ ok: false, reason: expect.stringContaining('not a valid rule') });
  });
});
