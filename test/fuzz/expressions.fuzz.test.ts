// Fuzz: the expression parser and evaluator (host/expressions). Any `=` template built from
// JavaScript-ish fragments and `{{ }}` either resolves or throws an ExpressionError naming the
// parameter, never anything else, and never runs past the time limit.
import fc from 'fast-check';
import './helpers/seed.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExpressionEvaluator } from '../../host/expressions/evaluate.ts';
import type { ExpressionEvaluator } from '../../host/expressions/evaluate.ts';
import { splitTemplate } from '../../host/expressions/template.ts';
import { ExpressionError } from '../../host/model/errors.ts';
import { makeData } from '../unit/expressions/fixtures.ts';

const TIMEOUT_MS = 150;
let ev: ExpressionEvaluator;
beforeAll(() => {
  ev = createExpressionEvaluator({ timeoutMs: TIMEOUT_MS, memoryLimitMb: 64 });
});
afterAll(() => ev.dispose());
const data = makeData();

// Fragments chosen to stress the template scanner (strings, regex, comments, nesting) and the
// runtime (globals, data accessors, loops, throws).
const fragment = fc.constantFrom(
  '{{', '}}', '{', '}', '(', ')', '[', ']', '`', '${', "'", '"', '/', '//', '/*', '*/', '\\', '\n', ' ',
  '$json', '$json.x', '$json.nested.deep[1]', "$('Webhook').item", "$('Nope').all()", '$input.all()', '$now', '$today',
  '$itemIndex', '$runIndex', '$vars', '$node', '$workflow', '$execution', 'DateTime', '$jmespath', 'this', 'globalThis',
  'constructor', '__proto__', 'prototype', 'process', 'require', 'import(', 'eval', 'Function', 'new ', 'throw ',
  'while(true){}', 'for(;;);', '1', '0', '-', '+', '*', '?', ':', '.', ',', ';', '=>', '=', 'null', 'undefined',
  'x', '"a}}b"', '/}}/', 'toString', 'valueOf', 'await ', 'async ', 'yield', '\u0000', '\u2028', '🚀', 'é',
);
const codeish = fc.array(fragment, { maxLength: 24 }).map((parts) => parts.join(''));
// Well-formed expressions too, so the runtime (not only the parser) is exercised: data access,
// unknown nodes, thrown errors, endless loops.
const operand = fc.constantFrom(
  '$json.x', '$json.nested.deep', '$json.missing.deeper', '1', '"s"', '$itemIndex', "$('Webhook').item.json.name", "$('Nope').item",
  "$('Not Run').all()", '(() => { while (true) {} })()', '(() => { throw new TypeError("boom") })()', 'undefinedVar', '$now.toISO()',
  '[1,2,3].map(n => n * 2)', '"x".repeat(1e9)', 'JSON.parse("{")', 'Symbol()', '10n', '{ a: 1 }', 'new Date(NaN).toISOString()',
);
const wellFormed = fc.array(operand, { minLength: 1, maxLength: 4 }).chain((ops) =>
  fc.array(fc.constantFrom(' + ', ' || ', ' ?? ', ', ', ' && '), { minLength: ops.length - 1, maxLength: ops.length - 1 }).map((joins) =>
    ops.map((o, i) => (i ? joins[i - 1] : '') + o).join(''),
  ),
);
const anyText = fc.string({ unit: 'binary', maxLength: 80 });
const template = fc.oneof(
  wellFormed.map((c) => `{{ ${c} }}`),
  fc.tuple(anyText, wellFormed).map(([a, c]) => `${a} {{ ${c} }}`),
  codeish.map((c) => `{{ ${c} }}`),
  fc.tuple(anyText, codeish, anyText).map(([a, c, b]) => `${a}{{${c}}}${b}`),
  codeish,
  anyText,
);

describe('expression fuzz', () => {
  it('splitTemplate never throws and keeps every text character outside code', () => {
    fc.assert(
      fc.property(fc.oneof(template, anyText), (body) => {
        const parts = splitTemplate(body);
        expect(Array.isArray(parts)).toBe(true);
        // Every part is either non-empty text or a code segment found in the body.
        for (const p of parts) {
          if (typeof p === 'string') expect(p.length).toBeGreaterThan(0);
          else expect(body.includes(`{{${p.code}}}`)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('resolve returns a value or throws ExpressionError naming the parameter, within the time limit', () => {
    fc.assert(
      fc.property(template, (body) => {
        const t0 = performance.now();
        try {
          ev.resolve(`=${body}`, data, 'fuzzParam');
        } catch (err) {
          expect(err).toBeInstanceOf(ExpressionError);
          expect((err as ExpressionError).parameter).toBe('fuzzParam');
          expect(typeof (err as Error).message).toBe('string');
        }
        // Time limit plus generous slack for a loaded 2-core machine.
        expect(performance.now() - t0).toBeLessThan(TIMEOUT_MS + 2000);
      }),
      { numRuns: 400 },
    );
  });

  it('evaluate (bare code) throws only ExpressionError', () => {
    fc.assert(
      fc.property(fc.oneof(codeish, wellFormed), (code) => {
        try {
          ev.evaluate(code, data);
        } catch (err) {
          expect(err).toBeInstanceOf(ExpressionError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('nested parameters (objects of templates): errors are ExpressionErrors naming the parameter', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('a', 'b', 'c'), template, { maxKeys: 3 }), (params) => {
        const value = { outer: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, `=${v}`])) };
        try {
          ev.resolve(value, data, 'nested');
        } catch (err) {
          expect(err).toBeInstanceOf(ExpressionError);
          expect((err as ExpressionError).parameter).toBe('nested');
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the evaluator still works after the fuzzing (no poisoned isolate)', () => {
    expect(ev.resolve('={{ $json.x + 1 }}', data, 'after')).toBe(6);
  });
});
