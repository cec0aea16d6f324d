import { describe, expect, it } from 'vitest';
import { formatPath, mismatches, parsePath, valueAt } from '../../../host/workflow-tests/match.ts';

describe('expectation paths', () => {
  it('read the bracket, dot and quoted spellings alike and print one', () => {
    expect(parsePath('[0].body.name')).toEqual([0, 'body', 'name']);
    expect(parsePath('0.body.name')).toEqual([0, 'body', 'name']);
    expect(parsePath('body["a b"][2]')).toEqual(['body', 'a b', 2]);
    expect(formatPath([0, 'body', 'a b', 2, 'x'])).toBe('[0].body["a b"][2].x');
    expect(formatPath([])).toBe('(whole output)');
    expect(valueAt([{ body: { 'a b': [1, 2, { x: 3 }] } }], parsePath('[0].body["a b"][2].x'))).toBe(3);
    expect(valueAt([{}], parsePath('[0].body.x'))).toBeUndefined();
  });
});

describe('contains', () => {
  it('lets objects have more keys but wants arrays of the same length and equal leaves', () => {
    expect(mismatches({ a: 1 }, { a: 1, b: 2 })).toEqual([]);
    expect(mismatches([{ a: 1 }], [{ a: 1, b: 2 }])).toEqual([]);
    expect(mismatches([{ a: 1 }], [{ a: 1 }, { a: 2 }])).toEqual([{ path: [], expected: [{ a: 1 }], actual: [{ a: 1 }, { a: 2 }], reason: 'expected 1 element(s), got 2' }]);
    expect(mismatches({ a: { b: [1, 2] } }, { a: { b: [1, 3] } })).toEqual([{ path: ['a', 'b', 1], expected: 2, actual: 3 }]);
    expect(mismatches({ a: 1 }, {})).toEqual([{ path: ['a'], expected: 1, actual: undefined, reason: 'missing' }]);
    expect(mismatches({ a: null }, { a: 0 })).toEqual([{ path: ['a'], expected: null, actual: 0 }]);
    expect(mismatches({ a: '1' }, { a: 1 })).toHaveLength(1);
    expect(mismatches({ a: {} }, { a: [] })).toEqual([{ path: ['a'], expected: {}, actual: [], reason: 'expected an object, got array' }]);
    expect(mismatches(5, 5)).toEqual([]);
  });

  it('skips ignored paths, relative to the compared value, and reports paths from `at`', () => {
    const expected = [{ token: 'abc', exp: 1, keep: 'x' }];
    const actual = [{ token: 'zzz', exp: 2, keep: 'y' }];
    expect(mismatches(expected, actual, { ignore: ['[0].token', '0.exp'] }).map((m) => formatPath(m.path))).toEqual(['[0].keep']);
    expect(mismatches({ token: 'a' }, { token: 'b' }, { at: [0], ignore: ['token'] })).toEqual([]);
    expect(mismatches({ token: 'a' }, { token: 'b' }, { at: [0] }).map((m) => formatPath(m.path))).toEqual(['[0].token']);
  });

  it('stops at the limit', () => {
    expect(mismatches(Array.from({ length: 50 }, (_, i) => i), Array.from({ length: 50 }, () => -1), { limit: 3 })).toHaveLength(3);
  });
});
