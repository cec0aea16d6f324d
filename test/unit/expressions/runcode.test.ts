import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeExecutionError, createExpressionEvaluator } from '../../../host/expressions/evaluate.ts';
import type { ExpressionEvaluator } from '../../../host/expressions/evaluate.ts';
import { inputItems, makeData } from './fixtures.ts';

let ev: ExpressionEvaluator;
beforeAll(() => {
  ev = createExpressionEvaluator({ codeTimeoutMs: 5000 });
});
afterAll(() => ev.dispose());

const data = makeData();

async function codeError(p: Promise<unknown>): Promise<CodeExecutionError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(CodeExecutionError);
    return err as CodeExecutionError;
  }
  throw new Error('expected runCode to fail');
}

describe('runCode', () => {
  it('returns the JSON-copied return value', async () => {
    expect(await ev.runCode('return 1 + 1', data)).toBe(2);
    expect(await ev.runCode('return { a: [1, { b: "c" }], d: undefined }', data)).toEqual({ a: [1, { b: 'c' }] });
    expect(await ev.runCode('return DateTime.fromISO("2024-01-01T00:00:00Z", { zone: "UTC" })', data)).toBe('2024-01-01T00:00:00.000Z');
    expect(await ev.runCode('const x = 1;', data)).toBe(undefined);
  });

  it('supports await', async () => {
    expect(await ev.runCode('const v = await Promise.resolve(20); await null; return v + 1', data)).toBe(21);
    expect(await ev.runCode('const wait = () => new Promise(r => r(5)); const [a, b] = await Promise.all([wait(), wait()]); return a * b', data)).toBe(25);
    expect(await ev.runCode('async function f() { return 3 } return await f()', data)).toBe(3);
  });

  it('has items, $input and the expression globals', async () => {
    const out = await ev.runCode(
      `const result = [];
       for (const item of items) result.push({ json: { doubled: item.json.x * 2 } });
       return result;`,
      data,
    );
    expect(out).toEqual(inputItems.map((i) => ({ json: { doubled: (i.json.x as number) * 2 } })));
    expect(await ev.runCode('return $input.all().length + items.length', data)).toBe(6);
    expect(await ev.runCode("return $('Webhook').first().json.name + $workflow.name + $now.zoneName", data)).toBe('AliceField service dispatchEurope/Berlin');
    expect(await ev.runCode('return $json.x', data)).toBe(5);
    expect(await ev.runCode('return "abc".toTitleCase()', data)).toBe('Abc');
  });

  it("'runOnceForEachItem' gives the item's $json / item", async () => {
    const second = makeData({ itemIndex: 1 });
    expect(await ev.runCode('return { json: { seen: $json.x, same: item.json === $json } }', second, { mode: 'runOnceForEachItem' })).toEqual({ json: { seen: 6, same: true } });
    expect(await ev.runCode('return typeof item', second, { mode: 'runOnceForAllItems' })).toBe('undefined');
  });

  it('mutating items works on copies (typical Code node pattern)', async () => {
    const out = (await ev.runCode('for (const item of $input.all()) item.json.extra = true; return $input.all()', data)) as Array<{ json: Record<string, unknown> }>;
    expect(out.every((i) => i.json.extra === true)).toBe(true);
    expect(inputItems[0]!.json.extra).toBeUndefined();
  });

  it('sloppy-mode globals work but do not leak into the next run', async () => {
    expect(await ev.runCode('counter = 1; return counter', data)).toBe(1);
    expect(await ev.runCode('return typeof counter', data)).toBe('undefined');
  });

  it('console exists and does nothing', async () => {
    expect(await ev.runCode('console.log("hi"); console.error(new Error("x")); return 1', data)).toBe(1);
  });

  it("errors carry the user's message", async () => {
    const e1 = await codeError(ev.runCode('throw new Error("Customer not found")', data));
    expect(e1.message).toBe('Customer not found');
    const e2 = await codeError(ev.runCode('\n\nundefinedFunction()', data));
    expect(e2.message).toBe('undefinedFunction is not defined');
    expect(e2.errorName).toBe('ReferenceError');
    expect(e2.lineNumber).toBe(3);
    const e3 = await codeError(ev.runCode('await null; throw new TypeError("late")', data));
    expect(e3.message).toBe('late');
    const e4 = await codeError(ev.runCode('return {', data));
    expect(e4.message).toMatch(/^invalid syntax/);
    expect(e4.kind).toBe('syntax');
    const e5 = await codeError(ev.runCode("return $('Nope').all()", data));
    expect(e5.message).toBe("Referenced node doesn't exist");
    const e6 = await codeError(ev.runCode('return () => 1', data));
    expect(e6.message).toMatch(/function/);
  });

  it('a rejected promise the code does not await does not replace its result', async () => {
    expect(await ev.runCode('Promise.reject(new Error("detached")); return 1', data)).toBe(1);
    expect(await ev.runCode('return 2', data)).toBe(2);
  });

  it('code that awaits forever fails instead of hanging', async () => {
    const e = await codeError(ev.runCode('await new Promise(() => {}); return 1', data));
    expect(e.message).toMatch(/did not finish/);
  });

  it('runs concurrently without mixing data', async () => {
    const runs = Array.from({ length: 20 }, (_, i) => ev.runCode('await null; return $json.x + $itemIndex', makeData({ itemIndex: i % 3 }), { mode: 'runOnceForEachItem' }));
    const results = await Promise.all(runs);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => (inputItems[i % 3]!.json.x as number) + (i % 3)));
  });
});
