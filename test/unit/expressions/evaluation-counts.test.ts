// The evaluator tells onEvaluation (gigaflow_sandbox_evaluations_total) of every sandbox run, with
// its outcome; literal templates and non-expression values never reach the sandbox and are not told.
import { afterAll, expect, it } from 'vitest';
import { createExpressionEvaluator } from '../../../host/expressions/evaluate.ts';
import { makeData } from './fixtures.ts';

const seen: string[] = [];
const ev = createExpressionEvaluator({ timeoutMs: 100, codeTimeoutMs: 200, onEvaluation: (kind, outcome) => seen.push(`${kind} ${outcome}`) });
afterAll(() => ev.dispose());
const data = makeData();

it('reports each sandbox run once with ok, error or timeout', async () => {
  expect(ev.resolve({ a: '={{ 1 + 1 }}', b: '=plain text', c: 'not an expression' }, data, 'p')).toEqual({ a: 2, b: 'plain text', c: 'not an expression' });
  expect(() => ev.resolve('={{ null.x }}', data, 'p')).toThrow();
  expect(() => ev.resolve('={{ (() => { while (true) {} })() }}', data, 'p')).toThrow(/timed out/);
  expect(ev.evaluate('2 * 3', data)).toBe(6);
  await expect(ev.runCode('return [{ json: { ok: true } }];', data)).resolves.toBeDefined();
  await expect(ev.runCode('throw new Error("nope")', data)).rejects.toThrow('nope');
  await expect(ev.runCode('while (true) {}', data)).rejects.toThrow(/timed out/);
  expect(seen).toEqual(['expression ok', 'expression error', 'expression timeout', 'expression ok', 'code ok', 'code error', 'code timeout']);
});
