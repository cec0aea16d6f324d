// Every known escape payload must fail harmlessly, both as an expression and as Code-node code:
// it throws an ordinary error or returns a value without host secrets, the host global, host
// prototypes and the file system stay untouched, and the evaluator keeps working.
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExpressionEvaluator } from '../../host/expressions/evaluate.ts';
import type { ExpressionEvaluator } from '../../host/expressions/evaluate.ts';
import { ExpressionError } from '../../host/model/errors.ts';
import { makeData } from '../unit/expressions/fixtures.ts';
import { escapeCorpus } from './escape-corpus.ts';

const CANARY = `gigaflow-canary-${randomUUID()}`;
const MARKER = join(tmpdir(), `gigaflow-pwned-${process.pid}-${randomUUID()}`);
const HOST_PATH = process.cwd();

let ev: ExpressionEvaluator;
const data = makeData();

beforeAll(() => {
  process.env.GIGAFLOW_CANARY = CANARY;
  ev = createExpressionEvaluator({ timeoutMs: 1000, codeTimeoutMs: 2000 });
});

afterAll(() => {
  ev.dispose();
  delete process.env.GIGAFLOW_CANARY;
  rmSync(MARKER, { force: true });
});

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function describeOutcome(o: Outcome): string {
  if (o.ok) return JSON.stringify(o.value) ?? 'undefined';
  const e = o.error as { name?: unknown; message?: unknown; description?: unknown; stack?: unknown };
  return [e?.name, e?.message, e?.description].map((v) => String(v)).join(' | ');
}

function assertContained(o: Outcome, kind: 'expression' | 'code'): void {
  const text = describeOutcome(o);
  expect(text).not.toContain(CANARY);
  expect(text).not.toContain(HOST_PATH);
  expect(text).not.toMatch(/node_modules|node:internal/);
  if (!o.ok) {
    // a normal error of the evaluator, not a crash of something else
    if (kind === 'expression') expect(o.error).toBeInstanceOf(ExpressionError);
    else expect(o.error).toBeInstanceOf(Error);
    // the payload was parsed and ran (the corpus is valid JavaScript)
    expect(String((o.error as Error).message)).not.toMatch(/^invalid syntax/);
  }
  expect((globalThis as Record<string, unknown>).__pwned).toBeUndefined();
  expect((globalThis as Record<string, unknown>).__kept).toBeUndefined();
  expect(existsSync(MARKER)).toBe(false);
  expect(({} as Record<string, unknown>).__gigaflowPolluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'toJSON')).toBe(false);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(HOST_OBJECT_PROTO_KEYS);
}

const HOST_OBJECT_PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

function source(code: string): string {
  return code.replaceAll('__MARKER__', MARKER);
}

function asExpression(code: string): string {
  const body = source(code);
  const wrapper = /\bawait\b/.test(body) ? 'async function' : 'function';
  return `={{ (${wrapper} () {\n${body}\n})() }}`;
}

describe('escape corpus', () => {
  it('has at least 35 payloads, each with an advisory id, a title and code', () => {
    expect(escapeCorpus.length).toBeGreaterThanOrEqual(35);
    const ids = new Set<string>();
    for (const p of escapeCorpus) {
      expect(p.id).toMatch(/GHSA-|CVE-|vm2|generic/);
      expect(p.title.length).toBeGreaterThan(10);
      expect(p.code.trim().length).toBeGreaterThan(10);
      ids.add(p.id);
    }
    expect(ids.size).toBe(escapeCorpus.length);
    expect(escapeCorpus.filter((p) => /GHSA-|CVE-/.test(p.id)).length).toBeGreaterThanOrEqual(35);
  });
});

describe.each(escapeCorpus)('$id — $title', (payload) => {
  it('fails harmlessly as an expression', () => {
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: ev.resolve(asExpression(payload.code), data, 'payload') };
    } catch (error) {
      outcome = { ok: false, error };
    }
    assertContained(outcome, 'expression');
    expect(ev.resolve('={{ $json.name + $("Webhook").first().json.id }}', data, 'after')).toBe('World1');
  });

  it('fails harmlessly as Code node code', async () => {
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: await ev.runCode(source(payload.code), data) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    assertContained(outcome, 'code');
    expect(await ev.runCode('return items.length + $json.x', data)).toBe(8);
  });
});

describe('nothing of the host is reachable from inside the sandbox', () => {
  const sweep = escapeCorpus.find((p) => p.id === 'generic: reachable-graph sweep')!;
  it('the reachable object graph holds no host function and no isolated-vm handle (expression)', () => {
    expect(ev.resolve(asExpression(sweep.code), data, 'sweep')).toEqual({ visited: true, findings: [] });
  });
  it('the reachable object graph holds no host function and no isolated-vm handle (Code)', async () => {
    expect(await ev.runCode(sweep.code, data)).toEqual({ visited: true, findings: [] });
  });
});

describe('runaway payloads are stopped and the host stays alive', () => {
  const loops = ['while (true) {}', 'for (;;) { Math.random(); }', 'let x; while (true) { x = new Array(1000); }', '(function f() { f(); f(); })()'];
  const bombs = [
    'const a = []; while (true) a.push({ i: a.length, pad: "padding-padding-" + a.length });',
    'let s = "x"; const keep = []; while (true) { s = s + s.slice(0, 4096) + keep.length; keep.push(s); }',
    // A plain object's dictionary doubling aborts V8 at its heap ceiling (isolated-vm #457): the
    // expression isolate's high ceiling plus the time limit must stop it first.
    'const o = {}; for (let i = 0; ; i++) o["k" + i] = i;',
  ];

  it.each(loops)('infinite loop as an expression: %s', (code) => {
    const t0 = performance.now();
    expect(() => ev.resolve(`={{ (() => { ${code} })() }}`, data, 'loop')).toThrow(ExpressionError);
    expect(performance.now() - t0).toBeLessThan(6000);
    expect(ev.resolve('={{ 6 * 7 }}', data, 'p')).toBe(42);
  });

  it.each(loops)('infinite loop as Code: %s', async (code) => {
    const t0 = performance.now();
    await expect(ev.runCode(code, data)).rejects.toThrow(/timed out after 2000 ms|Maximum call stack/);
    expect(performance.now() - t0).toBeLessThan(8000);
    expect(await ev.runCode('return 6 * 7', data)).toBe(42);
  });

  it.each(bombs)('memory bomb as an expression: %s', (code) => {
    const bombEv = createExpressionEvaluator({ timeoutMs: 1000, memoryLimitMb: 48 });
    try {
      const t0 = performance.now();
      expect(() => bombEv.resolve(`={{ (() => { ${code} })() }}`, data, 'bomb')).toThrow(/memory limit exceeded/);
      expect(performance.now() - t0).toBeLessThan(15_000);
      expect(bombEv.resolve('={{ $json.x }}', data, 'p')).toBe(5);
    } finally {
      bombEv.dispose();
    }
  });

  it.each(bombs)('memory bomb as Code: %s', async (code) => {
    const bombEv = createExpressionEvaluator({ codeTimeoutMs: 15_000, memoryLimitMb: 48 });
    try {
      const t0 = performance.now();
      await expect(bombEv.runCode(code, data)).rejects.toThrow(/memory limit exceeded/);
      expect(performance.now() - t0).toBeLessThan(15_000);
      expect(await bombEv.runCode('return $json.x', data)).toBe(5);
    } finally {
      bombEv.dispose();
    }
  });

  it('the host is unaffected at the end', async () => {
    expect((globalThis as Record<string, unknown>).__pwned).toBeUndefined();
    expect(existsSync(MARKER)).toBe(false);
    expect(process.env.GIGAFLOW_CANARY).toBe(CANARY);
    expect(ev.resolve('=Hello {{ $json.name }}', data, 'p')).toBe('Hello World');
    expect(await ev.runCode('return $input.first().json.name', data)).toBe('World');
  });
});
