// Time and memory limits, and that the evaluator keeps working after a runaway evaluation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExpressionEvaluator } from '../../../host/expressions/evaluate.ts';
import type { ExpressionEvaluator } from '../../../host/expressions/evaluate.ts';
import { ExpressionError } from '../../../host/model/errors.ts';
import { makeData } from './fixtures.ts';

let ev: ExpressionEvaluator;
beforeAll(() => {
  ev = createExpressionEvaluator({ timeoutMs: 300, memoryLimitMb: 64, codeTimeoutMs: 500 });
});
afterAll(() => ev.dispose());

const data = makeData();

function timed<T>(fn: () => T): { value?: T; error?: unknown; ms: number } {
  const t0 = performance.now();
  try {
    return { value: fn(), ms: performance.now() - t0 };
  } catch (error) {
    return { error, ms: performance.now() - t0 };
  }
}

async function timedAsync<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> {
  const t0 = performance.now();
  try {
    return { value: await fn(), ms: performance.now() - t0 };
  } catch (error) {
    return { error, ms: performance.now() - t0 };
  }
}

describe('expression time limit', () => {
  it('stops an infinite loop and keeps working', () => {
    const r = timed(() => ev.resolve('={{ (() => { while (true) {} })() }}', data, 'loop'));
    expect(r.error).toBeInstanceOf(ExpressionError);
    expect((r.error as ExpressionError).message).toBe('timed out after 300 ms');
    expect((r.error as ExpressionError).parameter).toBe('loop');
    expect(r.ms).toBeLessThan(3000);
    expect(ev.resolve('={{ $json.x + 1 }}', data, 'p')).toBe(6);
  });

  it('stops loops V8 finds hard to interrupt', () => {
    for (const code of [
      '(() => { let x; while (true) { x = new Array(1000); } })()',
      '(() => { let x; while (true) { x = Array(1000); } })()',
      'Function("let x; while (true) { x = new ([].constructor)(1000); }")()',
      '(function f() { Promise.resolve().then(f) })()',
      '/(a+)+$/.test("a".repeat(40) + "b")',
    ]) {
      const r = timed(() => ev.evaluate(code, data));
      expect((r.error as Error)?.message, code).toBe('timed out after 300 ms');
      expect(r.ms).toBeLessThan(5000);
      expect(ev.evaluate('1 + 1', data)).toBe(2);
    }
  });
});

describe('expression memory limit', () => {
  it('stops a growing array and recreates the isolate', () => {
    const r = timed(() => ev.resolve('={{ (() => { const a = []; while (true) a.push({ i: a.length, s: "xxxxxxxxxxxxxxxx" + a.length }) })() }}', data, 'bomb'));
    expect(r.error).toBeInstanceOf(ExpressionError);
    expect(['memory limit exceeded', 'timed out after 300 ms']).toContain((r.error as Error).message);
    expect((r.error as ExpressionError).parameter).toBe('bomb');
    // evaluations after the memory bomb still work
    expect(ev.resolve('={{ $json.name }}', data, 'p')).toBe('World');
    expect(ev.resolve("={{ $('Webhook').first().json.name.toTitleCase() }}", data, 'p')).toBe('Alice');
  });

  it('reports a memory bomb stopped by the time limit as a memory error', () => {
    const big = createExpressionEvaluator({ timeoutMs: 1000, memoryLimitMb: 32 });
    try {
      const r = timed(() => big.evaluate('(() => { const a = []; while (true) a.push(new Array(10000).fill(1)) })()', data));
      expect((r.error as Error).message).toBe('memory limit exceeded');
      expect(r.ms).toBeLessThan(15_000);
      const r2 = timed(() => big.evaluate('(() => { let s = "x"; const keep = []; while (true) { s = s + s.slice(0, 1000) + Math.random(); keep.push(s) } })()', data));
      expect((r2.error as Error).message).toBe('memory limit exceeded');
      expect(big.evaluate('"still alive".toUpperCase()', data)).toBe('STILL ALIVE');
    } finally {
      big.dispose();
    }
  });

  it('refuses allocations V8 would turn into a process abort', () => {
    for (const code of ['new Array(1e9).fill(0)', 'Array.from({ length: 1e9 }, () => 0)', '"ab".repeat(2e8).split("")', '(() => { const m = new Map(); for (let i = 0; ; i++) m.set(i, i) })()', '[..."x".repeat(1e8)]']) {
      const r = timed(() => ev.evaluate(code, data));
      expect(r.error, code).toBeInstanceOf(ExpressionError);
      expect((r.error as Error).message).toMatch(/exceeds the sandbox limit|memory limit exceeded|timed out/);
    }
    expect(ev.evaluate('[1, 2, 3].sum()', data)).toBe(6);
  });

  it('a huge ArrayBuffer is refused by the isolate allocator', () => {
    const r = timed(() => ev.evaluate('new Uint8Array(2 ** 31).length', data));
    expect(r.error).toBeInstanceOf(ExpressionError);
    expect(ev.evaluate('1', data)).toBe(1);
  });
});

describe('Code node limits', () => {
  it('stops an infinite loop in runCode and keeps working', async () => {
    const r = await timedAsync(() => ev.runCode('while (true) {}', data));
    expect((r.error as Error).message).toBe('timed out after 500 ms');
    expect(r.ms).toBeLessThan(5000);
    expect(await ev.runCode('return 40 + 2', data)).toBe(42);
    const r2 = await timedAsync(() => ev.runCode('while (true) {}', data, { timeoutMs: 100 }));
    expect((r2.error as Error).message).toBe('timed out after 100 ms');
  });

  it('stops an async infinite loop', async () => {
    const r = await timedAsync(() => ev.runCode('for (;;) { await null }', data));
    expect((r.error as Error).message).toBe('timed out after 500 ms');
    expect(await ev.runCode('return "ok"', data)).toBe('ok');
  });

  it('stops a memory bomb in runCode and keeps working', async () => {
    const big = createExpressionEvaluator({ codeTimeoutMs: 20_000, memoryLimitMb: 32 });
    try {
      const r = await timedAsync(() => big.runCode('const a = []; while (true) a.push({ i: a.length, s: "y".repeat(64) + a.length });', data));
      expect((r.error as Error).message).toMatch(/^memory limit exceeded/);
      expect(r.ms).toBeLessThan(15_000);
      expect(await big.runCode('return items.length', data)).toBe(3);
    } finally {
      big.dispose();
    }
  });

  it('expressions keep working while code runs', async () => {
    const slow = ev.runCode('const end = Date.now() + 200; while (Date.now() < end) {} return "done"', data);
    expect(ev.resolve('={{ $json.x }}', data, 'p')).toBe(5);
    expect(await slow).toBe('done');
  });
});

describe('dispose', () => {
  it('a disposed evaluator refuses work', async () => {
    const tmp = createExpressionEvaluator();
    expect(tmp.evaluate('1', data)).toBe(1);
    tmp.dispose();
    expect(() => tmp.evaluate('1', data)).toThrow(/disposed/);
    await expect(tmp.runCode('return 1', data)).rejects.toThrow(/disposed/);
  });
});

describe('allocation guards leave ordinary work alone', () => {
  it('splitting a large text by lines works', () => {
    const big = createExpressionEvaluator({ memoryLimitMb: 64 });
    try {
      // 6 MB of text: over the 4 M element guard in characters, far under it in lines.
      expect(big.evaluate('"line of text\\n".repeat(450000).split("\\n").length', data)).toBe(450001);
      expect(() => big.evaluate('"x".repeat(5000000).split("")', data)).toThrow(/exceeds the sandbox limit/);
    } finally {
      big.dispose();
    }
  });
});
