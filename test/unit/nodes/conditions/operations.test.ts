// Our JSONLogic operators as a hand-written rule uses them.
import { describe, expect, it } from 'vitest';
import { applyRule } from '../../../../host/conditions/operations.ts';

const apply = (rule: unknown, data: unknown = {}) => applyRule(rule, data);

describe('custom JSONLogic operators', () => {
  it('string tests', () => {
    expect(apply({ startsWith: [{ var: 'name' }, 'ISS-'] }, { name: 'ISS-1' })).toBe(true);
    expect(apply({ endsWith: [{ var: 'port' }, '/1'] }, { port: 'gpon_1/2/1' })).toBe(true);
    expect(apply({ contains: [{ var: 'subject' }, 'cut'] }, { subject: 'Fibre cut' })).toBe(true);
    expect(apply({ contains: [{ var: 'tags' }, 'vip'] }, { tags: ['vip', 'ftth'] })).toBe(true);
    expect(apply({ contains: [{ var: 'missing' }, 'x'] })).toBe(false);
    expect(apply({ '==': [{ lower: [{ var: 's' }] }, 'high'] }, { s: 'HIGH' })).toBe(true);
    expect(apply({ lower: [['A', 1]] })).toEqual(['a', 1]);
  });

  it('match: bare patterns, /body/flags, an extra flags operand, and no state between items', () => {
    expect(apply({ match: ['HWTC1A2B', '^HWTC'] })).toBe(true);
    expect(apply({ match: ['hwtc1a2b', '/^HWTC/i'] })).toBe(true);
    expect(apply({ match: ['hwtc1a2b', '^HWTC', 'i'] })).toBe(true);
    // With a kept g flag, RegExp.test would resume at lastIndex and fail every second item.
    for (let i = 0; i < 3; i++) expect(apply({ match: ['ONT-7', '/ont/gi'] })).toBe(true);
    expect(() => apply({ match: ['x', '('] })).toThrow('Invalid regular expression "("');
  });

  it('emptiness, existence and length', () => {
    for (const v of [null, '', [], {}]) expect(apply({ isEmpty: [{ var: 'v' }] }, { v })).toBe(true);
    for (const v of [0, false, ' ', [0], { a: 1 }]) expect(apply({ notEmpty: [{ var: 'v' }] }, { v })).toBe(true);
    expect(apply({ exists: [{ var: 'v' }] }, { v: 0 })).toBe(true);
    expect(apply({ exists: [{ var: 'v' }] }, {})).toBe(false);
    expect(apply({ length: [{ var: 'v' }] }, { v: [1, 2, 3] })).toBe(3);
    expect(apply({ length: [{ var: 'v' }] }, { v: 'abcd' })).toBe(4);
    expect(apply({ length: [{ var: 'v' }] }, {})).toBe(0);
  });

  it('dates in several formats, epoch milliseconds, and the zone for local times', () => {
    expect(apply({ dateAfter: ['2026-06-27 10:00:00.000000', 1782554399000] })).toBe(true);
    expect(apply({ dateEqual: ['2026-06-27T10:00:00Z', 'Sat, 27 Jun 2026 10:00:00 GMT'] })).toBe(true);
    expect(applyRule({ dateEqual: ['2026-06-27 12:00:00', '2026-06-27T10:00:00Z'] }, {}, { timezone: 'Europe/Berlin' })).toBe(true);
    expect(apply({ dateBefore: [null, '2026-01-01'] })).toBe(false);
  });
});
