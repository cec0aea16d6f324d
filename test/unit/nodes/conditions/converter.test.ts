// Every n8n filter operator the converter maps, evaluated the way the nodes evaluate it: the
// `={{ }}` operands lifted out and their (per-item) values handed to json-logic-js. Expected
// results follow n8n's filter semantics (packages/workflow/src/node-parameters/filter-parameter.ts).
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../host/model/errors.ts';
import { convertIfV1, convertN8nFilter, convertNodeConditions } from '../../../../host/conditions/convert.ts';
import type { N8nFilterValue } from '../../../../host/conditions/convert.ts';
import { applyRule, truthy } from '../../../../host/conditions/operations.ts';
import { prepareRule } from '../../../../nodes/core/conditions/prepare.ts';
import type { INode } from '../../../../host/model/index.ts';

type Opts = { caseSensitive?: boolean; loose?: boolean; rightLiteral?: boolean };

function filterValue(type: string, operation: string, opts: Opts, right: unknown = '={{ $json.right }}'): N8nFilterValue {
  return {
    options: { caseSensitive: opts.caseSensitive ?? true, leftValue: '', typeValidation: opts.loose ? 'loose' : 'strict', version: 2 },
    conditions: [{ id: 'c1', leftValue: '={{ $json.left }}', rightValue: right, operator: { type, operation } }],
    combinator: 'and',
  };
}

/** Converts one n8n condition and evaluates it with these operand values, as at run time. */
function check(type: string, operation: string, left: unknown, right?: unknown, opts: Opts = {}): boolean {
  const value = opts.rightLiteral ? filterValue(type, operation, opts, right) : filterValue(type, operation, opts);
  const { rule, operands } = prepareRule(value, { settings: {}, where: { node: 'N', field: 'conditions' }, lift: true });
  const values = operands.map((o) => ('path' in o ? (o.path.at(-1) === 'leftValue' ? left : right) : 'value' in o ? o.value : undefined));
  return truthy(applyRule(rule, {}, { operands: values, timezone: 'UTC' }));
}

describe('n8n string operators', () => {
  it.each([
    ['equals', 'abc', 'abc', true],
    ['equals', 'abc', 'ABC', false],
    ['notEquals', 'abc', 'abd', true],
    ['notEquals', 'abc', 'abc', false],
    ['contains', 'Fibre cut on Main St', 'cut', true],
    ['contains', 'Fibre cut', 'CUT', false],
    ['notContains', 'Fibre cut', 'outage', true],
    ['startsWith', 'ISS-2026-00042', 'ISS-', true],
    ['startsWith', 'ISS-2026-00042', '2026', false],
    ['notStartsWith', 'SUB-0001', 'ISS-', true],
    ['endsWith', 'gpon-olt_1/2/1', '/1', true],
    ['notEndsWith', 'gpon-olt_1/2/1', '/1', false],
    ['regex', 'HWTC1A2B3C4D', '^HWTC[0-9A-F]{8}$', true],
    ['regex', 'hwtc1a2b3c4d', '^HWTC', false],
    ['regex', 'hwtc1a2b3c4d', '/^HWTC/i', true],
    ['notRegex', 'ZTEG00000001', '^HWTC', true],
    ['empty', '', undefined, true],
    ['empty', null, undefined, true],
    ['empty', 'x', undefined, false],
    ['notEmpty', 'x', undefined, true],
    ['notEmpty', undefined, undefined, false],
    ['exists', '', undefined, true],
    ['exists', null, undefined, false],
    ['notExists', undefined, undefined, true],
  ])('%s(%j, %j) is %s', (operation, left, right, expected) => {
    expect(check('string', operation, left, right)).toBe(expected);
  });

  it('ignores case when caseSensitive is false, regex included (with the i flag)', () => {
    const ci = { caseSensitive: false };
    expect(check('string', 'equals', 'High', 'HIGH', ci)).toBe(true);
    expect(check('string', 'contains', 'Area OUTAGE', 'outage', ci)).toBe(true);
    expect(check('string', 'startsWith', 'iss-1', 'ISS', ci)).toBe(true);
    expect(check('string', 'endsWith', 'A.B', 'b', ci)).toBe(true);
    expect(check('string', 'regex', 'hwtc1', '^HWTC', ci)).toBe(true);
    expect(check('string', 'equals', 'High', 'high', { caseSensitive: false, rightLiteral: true })).toBe(true);
  });

  it('fails on a wrong type with strict type validation and converts with loose', () => {
    expect(() => check('string', 'equals', 5, '5')).toThrow("Wrong type: '5' is a number but was expecting a string");
    expect(check('string', 'equals', 5, '5', { loose: true })).toBe(true);
  });

  it('keeps a literal right value as it is in the rule', () => {
    const rule = convertN8nFilter(filterValue('string', 'equals', {}, 'High'), {}, { node: 'N', field: 'conditions' });
    expect(rule).toEqual({ '==': [{ asString: ['={{ $json.left }}'] }, 'High'] });
  });
});

describe('n8n number operators', () => {
  it.each([
    ['equals', 5, 5, true],
    ['equals', 5, 6, false],
    ['notEquals', 5, 6, true],
    ['gt', -25.1, -27, true],
    ['gt', -27, -27, false],
    ['gte', -27, -27, true],
    ['lt', -28.41, -27, true],
    ['lt', null, -27, false],
    ['lt', -27, -27, false],
    ['lte', -27, -27, true],
    ['lte', -26, -27, false],
    ['empty', null, undefined, true],
    ['empty', 0, undefined, false],
    ['notEmpty', 0, undefined, true],
    ['exists', Number.NaN, undefined, false],
  ])('%s(%j, %j) is %s', (operation, left, right, expected) => {
    expect(check('number', operation, left, right)).toBe(expected);
  });

  it('compares numeric strings as numbers with loose validation and fails with strict', () => {
    expect(check('number', 'gt', '10', '9', { loose: true })).toBe(true);
    expect(() => check('number', 'gt', '10', 9)).toThrow("Wrong type: '10' is a string but was expecting a number");
    expect(() => check('number', 'gt', 'N/A', 9, { loose: true })).toThrow("Conversion error: the string 'N/A' can't be converted to a number");
  });
});

describe('n8n dateTime operators', () => {
  it.each([
    ['after', '2026-06-02', '2026-06-01', true],
    ['after', '2026-06-01', '2026-06-01', false],
    ['afterOrEquals', '2026-06-01T00:00:00Z', '2026-06-01', true],
    ['before', '2026-06-27 10:00:00.000000', '2026-06-27T10:00:01Z', true],
    ['beforeOrEquals', '2026-06-27 10:00:00.000000', '2026-06-27T10:00:00.000Z', true],
    ['equals', 'Sat, 27 Jun 2026 10:00:00 GMT', '2026-06-27T10:00:00Z', true],
    ['notEquals', '2026-06-27', '2026-06-28', true],
    ['after', null, '2026-06-01', false],
    ['notEquals', null, '2026-06-01', false],
    ['empty', null, undefined, true],
    ['notEmpty', '2026-06-01', undefined, true],
  ])('%s(%j, %j) is %s', (operation, left, right, expected) => {
    expect(check('dateTime', operation, left, right)).toBe(expected);
  });

  it('fails on a value that is not a date', () => {
    expect(() => check('dateTime', 'after', 'soon', '2026-06-01')).toThrow("'soon' is not a valid date");
  });
});

describe('n8n boolean operators', () => {
  it.each([
    ['true', true, true],
    ['true', false, false],
    ['true', null, false],
    ['false', false, true],
    ['false', null, true],
    ['false', true, false],
    ['exists', false, true],
    ['notExists', null, true],
    ['empty', null, true],
    ['notEmpty', false, true],
  ])('%s(%j) is %s', (operation, left, expected) => {
    expect(check('boolean', operation, left)).toBe(expected);
  });

  it('equals and notEquals', () => {
    expect(check('boolean', 'equals', true, true)).toBe(true);
    expect(check('boolean', 'notEquals', true, false)).toBe(true);
  });

  it("casts ERPNext's 0/1 checkboxes and 'true' strings only with loose validation", () => {
    expect(() => check('boolean', 'true', 1)).toThrow("Wrong type: '1' is a number but was expecting a boolean");
    expect(check('boolean', 'true', 1, undefined, { loose: true })).toBe(true);
    expect(check('boolean', 'true', 0, undefined, { loose: true })).toBe(false);
    expect(check('boolean', 'true', 'TRUE', undefined, { loose: true })).toBe(true);
    expect(check('boolean', 'false', 'false', undefined, { loose: true })).toBe(true);
  });
});

describe('n8n array operators', () => {
  it.each([
    ['contains', ['FTTH 500', 'IPTV'], 'IPTV', true],
    ['contains', ['FTTH 500'], 'iptv', false],
    ['contains', [3, 7], 7, true],
    ['notContains', ['FTTH 500'], 'IPTV', true],
    ['lengthEquals', [1, 2], 2, true],
    ['lengthNotEquals', [1, 2], 2, false],
    ['lengthGt', [1, 2, 3], 2, true],
    ['lengthLt', [1], 2, true],
    ['lengthGte', [1, 2], 2, true],
    ['lengthLte', [1, 2, 3], 2, false],
    ['empty', [], undefined, true],
    ['empty', null, undefined, true],
    ['notEmpty', [0], undefined, true],
    ['exists', [], undefined, true],
  ])('%s(%j, %j) is %s', (operation, left, right, expected) => {
    expect(check('array', operation, left, right)).toBe(expected);
  });

  it('ignores case of string elements when asked', () => {
    expect(check('array', 'contains', ['FTTH 500', 'IPTV'], 'iptv', { caseSensitive: false })).toBe(true);
  });

  it('parses a JSON array only with loose validation', () => {
    expect(() => check('array', 'contains', '["a"]', 'a')).toThrow('but was expecting an array');
    expect(check('array', 'contains', '["a"]', 'a', { loose: true })).toBe(true);
  });

  it('never reads an array element or right value as JSONLogic', () => {
    expect(check('array', 'contains', [{ var: 'x' }], { var: 'x' })).toBe(false);
    expect(check('array', 'lengthEquals', [{ var: 'x' }, { cat: ['a'] }], 2)).toBe(true);
  });
});

describe('n8n object operators', () => {
  it.each([
    ['empty', {}, true],
    ['empty', null, true],
    ['empty', { a: 1 }, false],
    ['notEmpty', { var: 'a' }, true],
    ['exists', {}, true],
    ['notExists', undefined, true],
  ])('%s(%j) is %s', (operation, left, expected) => {
    expect(check('object', operation, left)).toBe(expected);
  });
});

describe('combinators and failures', () => {
  const where = { node: 'Check Issue', field: 'conditions' };
  const cond = (operation: string, rightValue: unknown) => ({ leftValue: '={{ $json.priority }}', rightValue, operator: { type: 'string', operation } });

  it('joins conditions with and / or, and keeps n8n results for an empty list', () => {
    const value = { conditions: [cond('equals', 'High'), cond('equals', 'Urgent')], combinator: 'or' };
    expect(convertN8nFilter(value, {}, where)).toEqual({
      or: [{ '==': [{ asString: ['={{ $json.priority }}'] }, 'High'] }, { '==': [{ asString: ['={{ $json.priority }}'] }, 'Urgent'] }],
    });
    expect(convertN8nFilter({ conditions: [], combinator: 'and' }, {}, where)).toBe(true);
    expect(convertN8nFilter({ conditions: [], combinator: 'or' }, {}, where)).toBe(false);
  });

  it('names the node and the parameter when an operator cannot be converted', () => {
    const err = (() => {
      try {
        convertN8nFilter({ conditions: [cond('soundsLike', 'High')] }, {}, where);
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect(err!.message).toBe('Node "Check Issue": condition operator string.soundsLike cannot be converted');
    expect(err!.node).toBe('Check Issue');
    expect(err!.field).toBe('conditions');
    expect(() => convertN8nFilter({ conditions: [cond('equals', 'a')], combinator: 'xor' }, {}, where)).toThrow('combinator "xor" cannot be converted');
    expect(() => convertN8nFilter({ conditions: [{ leftValue: 1, operator: { type: 'object', operation: 'equals' } }] }, {}, where)).toThrow(
      'condition operator object.equals cannot be converted',
    );
  });

  it('lets node settings win over the stored filter options', () => {
    const value = { options: { caseSensitive: true }, conditions: [cond('equals', 'High')] };
    expect(convertN8nFilter(value, { caseSensitive: false }, where)).toEqual({ '==': [{ lower: [{ asString: ['={{ $json.priority }}'] }] }, 'high'] });
    expect(convertN8nFilter(value, { typeValidation: 'loose' }, where)).toEqual({ '==': [{ asString: ['={{ $json.priority }}', 'loose'] }, 'High'] });
  });
});

describe('n8n If v1 conditions', () => {
  const where = { node: 'Old If', field: 'conditions' };
  const run = (rule: unknown) => truthy(applyRule(rule, {}));

  it('converts every type and combines with combineOperation', () => {
    const conditions = {
      number: [{ value1: 45, operation: 'larger', value2: 30 }],
      string: [{ value1: 'Unpaid', operation: 'equal', value2: 'Unpaid' }, { value1: 'ISS-1', operation: 'startsWith', value2: 'ISS' }],
      boolean: [{ value1: true, value2: true }],
      dateTime: [{ value1: '2026-06-02', operation: 'after', value2: '2026-06-01' }],
    };
    expect(run(convertIfV1(conditions, 'all', where))).toBe(true);
    const oneFalse = { ...conditions, number: [{ value1: 10, operation: 'larger', value2: 30 }] };
    expect(run(convertIfV1(oneFalse, 'all', where))).toBe(false);
    expect(run(convertIfV1(oneFalse, 'any', where))).toBe(true);
  });

  it.each([
    ['number', 'smaller', 1, 2, true],
    ['number', 'smallerEqual', 2, 2, true],
    ['number', 'equal', 2, 2, true],
    ['number', 'notEqual', 2, 3, true],
    ['number', 'largerEqual', 2, 2, true],
    ['number', 'isEmpty', null, undefined, true],
    ['number', 'isNotEmpty', 0, undefined, true],
    ['string', 'contains', 'fibre cut', 'cut', true],
    ['string', 'notContains', 'fibre cut', 'storm', true],
    ['string', 'endsWith', 'a.pdf', '.pdf', true],
    ['string', 'notEndsWith', 'a.pdf', '.pdf', false],
    ['string', 'notStartsWith', 'abc', 'b', true],
    ['string', 'notEqual', 'a', 'b', true],
    ['string', 'regex', 'ONT-7', '/ont-\\d/i', true],
    ['string', 'notRegex', 'ONT-7', '^X', true],
    ['string', 'isEmpty', '', undefined, true],
    ['string', 'isNotEmpty', 'x', undefined, true],
    ['boolean', 'notEqual', true, false, true],
    ['dateTime', 'before', '2026-06-01', '2026-06-02', true],
  ])('%s.%s(%j, %j) is %s', (type, operation, value1, value2, expected) => {
    expect(run(convertIfV1({ [type]: [{ value1, operation, value2 }] }, 'all', where))).toBe(expected);
  });

  it('rejects an unknown v1 operation naming the node', () => {
    expect(() => convertIfV1({ string: [{ value1: 'a', operation: 'rhymes', value2: 'b' }] }, 'all', where)).toThrow(
      'Node "Old If": condition operator string.rhymes cannot be converted',
    );
  });
});

describe('convertNodeConditions (import)', () => {
  const node = (type: string, typeVersion: number, parameters: Record<string, unknown>): INode =>
    ({ id: '1', name: 'N', type, typeVersion, position: [0, 0], parameters }) as INode;
  const filter = { options: { caseSensitive: true, typeValidation: 'strict' }, conditions: [{ leftValue: '={{ $json.status }}', rightValue: 'Unpaid', operator: { type: 'string', operation: 'equals' } }], combinator: 'and' };
  const rule = { '==': [{ asString: ['={{ $json.status }}'] }, 'Unpaid'] };

  it('converts If, Filter and every Switch rule, keeping the other parameters', () => {
    expect(convertNodeConditions(node('n8n-nodes-base.if', 2.2, { conditions: filter, options: {} })).parameters).toEqual({ conditions: { jsonLogic: rule }, options: {} });
    expect(convertNodeConditions(node('n8n-nodes-base.filter', 2.2, { conditions: filter })).parameters.conditions).toEqual({ jsonLogic: rule });
    const sw = convertNodeConditions(node('n8n-nodes-base.switch', 3.2, { rules: { values: [{ conditions: filter, renameOutput: true, outputKey: 'unpaid' }] }, options: { fallbackOutput: 'extra' } }));
    expect(sw.parameters).toEqual({ rules: { values: [{ conditions: { jsonLogic: rule }, renameOutput: true, outputKey: 'unpaid' }] }, options: { fallbackOutput: 'extra' } });
  });

  it('leaves other nodes, converted rules and expressions alone', () => {
    const set = node('n8n-nodes-base.set', 3.4, { conditions: filter });
    expect(convertNodeConditions(set)).toBe(set);
    const done = node('n8n-nodes-base.if', 2.2, { conditions: { jsonLogic: { '==': [{ var: 'a' }, 1] } } });
    expect(convertNodeConditions(done).parameters).toEqual(done.parameters);
    expect(convertNodeConditions(node('n8n-nodes-base.filter', 2, { conditions: '={{ $json.rule }}' })).parameters.conditions).toBe('={{ $json.rule }}');
  });

  it("applies the node's Ignore Case and Convert Types settings", () => {
    const converted = convertNodeConditions(node('n8n-nodes-base.filter', 2.2, { conditions: filter, looseTypeValidation: true, options: { ignoreCase: true } }));
    expect(converted.parameters.conditions).toEqual({ jsonLogic: { '==': [{ lower: [{ asString: ['={{ $json.status }}', 'loose'] }] }, 'unpaid'] } });
    const v20 = convertNodeConditions(node('n8n-nodes-base.if', 2, { conditions: filter, options: { looseTypeValidation: true, ignoreCase: false } }));
    expect(v20.parameters.conditions).toEqual({ jsonLogic: { '==': [{ asString: ['={{ $json.status }}', 'loose'] }, 'Unpaid'] } });
  });

  it('folds If v1 combineOperation into the rule', () => {
    const v1 = convertNodeConditions(node('n8n-nodes-base.if', 1, { conditions: { number: [{ value1: '={{ $json.n }}', operation: 'larger', value2: 3 }] }, combineOperation: 'any' }));
    expect(v1.parameters).toEqual({ conditions: { jsonLogic: { '>': ['={{ $json.n }}', 3] } } });
  });

  it('rejects invalid rules and unsupported versions naming node and parameter', () => {
    const bad = (params: Record<string, unknown>, type = 'n8n-nodes-base.if', v = 2.2) => {
      try {
        convertNodeConditions(node(type, v, params));
      } catch (e) {
        return e as ValidationError;
      }
      throw new Error('no error');
    };
    expect(bad({ conditions: { jsonLogic: '{"==": [' } }).message).toMatch(/^Node "N": conditions is not valid JSON/);
    const unknown = bad({ conditions: { jsonLogic: { '~=': [1, 1] } } });
    expect(unknown.message).toBe('Node "N": conditions: unknown JSONLogic operator "~="');
    expect([unknown.node, unknown.field]).toEqual(['N', 'conditions']);
    const inRule = bad({ rules: { values: [{ conditions: filter }, { conditions: { jsonLogic: { log: 'x' } } }] } }, 'n8n-nodes-base.switch', 3);
    expect(inRule.field).toBe('rules.values[1].conditions');
    expect(bad({ conditions: { jsonLogic: { var: 'constructor.constructor' } } }).message).toContain('forbidden property');
    expect(bad({}, 'n8n-nodes-base.switch', 2).message).toBe(
      'Node "N": n8n-nodes-base.switch version 2 is not supported (supported: 3, 3.1, 3.2); update the node in n8n before exporting',
    );
  });
});
