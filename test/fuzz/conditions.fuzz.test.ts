// Fuzz: JSONLogic rules (host/conditions). Any rule tree is either refused by ruleProblem with a
// message, or evaluates to a value / throws a plain Error, quickly. Through POST
// /api/v1/conditions/test the host answers 200 or a 4xx naming the field, never a 5xx.
import fc from 'fast-check';
import './helpers/seed.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOM_OPERATORS, STANDARD_OPERATORS, ruleProblem } from '../../host/conditions/convert.ts';
import { applyRule, itemData, truthy } from '../../host/conditions/operations.ts';
import { startTestHost } from '../helpers/host.ts';
import type { TestHost } from '../helpers/host.ts';

const scalar = fc.oneof(
  fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('a', 'A', '2026-01-31', '2026-01-31T10:00:00+02:00', 'not a date', '/^a/i', '(a+)+$', '[', '', 'x.y', '__proto__', '=expr'),
);
const operator = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...STANDARD_OPERATORS, ...CUSTOM_OPERATORS) },
  { weight: 1, arbitrary: fc.constantFrom('log', '$operand', 'constructor', '__proto__', 'toString', 'hasOwnProperty') },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const varPath = fc.constantFrom('name', 'x', 'nested.deep', 'nested.deep.1', '$json.name', 'missing', '', '__proto__', 'constructor.prototype', 'a.b.c.d');
const { rule } = fc.letrec<{ rule: unknown; op: unknown }>((tie) => ({
  rule: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('op'), fc.array(tie('rule'), { maxLength: 4 }), varPath.map((p) => ({ var: p }))),
  op: fc.tuple(operator, fc.oneof(tie('rule'), fc.array(tie('rule'), { maxLength: 4 }))).map(([op, args]) => ({ [op]: args })),
}));
const item = fc.oneof(
  fc.constant({ name: 'Alice', x: 5, nested: { deep: [1, 2, 3] } }),
  fc.dictionary(fc.constantFrom('name', 'x', 'nested', 'a', '$json'), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
);

function evaluates(r: unknown, json: Record<string, unknown>): void {
  const t0 = performance.now();
  try {
    truthy(applyRule(r, itemData({ json: json as never }, 0)));
  } catch (err) {
    // Operators report bad operands as Errors with a message; nothing else may escape.
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message.length).toBeGreaterThan(0);
  }
  expect(performance.now() - t0).toBeLessThan(1000);
}

describe('JSONLogic rule fuzz (pure)', () => {
  it('ruleProblem never throws; an accepted rule evaluates to a value or a plain Error, quickly', () => {
    fc.assert(
      fc.property(rule, item, (r, json) => {
        const problem = ruleProblem(r);
        if (problem !== undefined) {
          expect(typeof problem).toBe('string');
          return;
        }
        evaluates(r, json);
      }),
      { numRuns: 1500 },
    );
  });

  it('regression: a catastrophic regular expression in `match` is bounded (was ~24 s per item)', () => {
    const t0 = performance.now();
    expect(applyRule({ match: [{ var: 'name' }, '(a+)+$'] }, { name: `${'a'.repeat(40)}!` })).toBe(false);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('rules never write to Object.prototype', () => {
    fc.assert(
      fc.property(rule, (r) => {
        if (ruleProblem(r) === undefined) evaluates(r, { name: 'x' });
        expect(Object.keys(Object.prototype)).toEqual([]);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});

describe('POST /api/v1/conditions/test fuzz', () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost();
  });
  afterAll(() => t?.close());

  const body = fc.oneof(
    fc.record({ rule: fc.oneof(rule, rule.map((r) => JSON.stringify(r)), rule.map((r) => ({ jsonLogic: r }))), items: fc.array(item, { maxLength: 3 }) }),
    fc.record({ rule, items: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 })), timezone: fc.oneof(fc.string(), fc.constantFrom('Europe/Paris', 'Mars/Base'), fc.integer()) }, { requiredKeys: [] }),
    fc.jsonValue({ maxDepth: 3 }),
  );

  it('answers 200 with results, or a 4xx whose message and field name the problem', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await t.api('/api/v1/conditions/test', { method: 'POST', body: JSON.stringify(b) });
        const json = (await res.json()) as { results?: unknown[]; message?: string; field?: string };
        expect(res.status, JSON.stringify(json)).toBeLessThan(500);
        if (res.status === 200) {
          expect(Array.isArray(json.results)).toBe(true);
        } else {
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(json.message).toBeTruthy();
          if (res.status === 400 && typeof b === 'object' && b !== null && !Array.isArray(b)) expect(['rule', 'items', 'timezone']).toContain(json.field?.replace(/\[\d+\]$/, ''));
        }
      }),
      { numRuns: 300 },
    );
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });
});
