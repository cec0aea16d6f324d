// Every known escape payload must fail harmlessly, both as an expression and as Code-node code:
// it throws an ordinary error or returns a value without host secrets, the host global, host
// prototypes and the file system stay untouched, and the evaluator keeps working.
import { randomUUID } from 'node:crypto';
import { getServers } from 'node:dns';
import { EventEmitter } from 'node:events';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExpressionEvaluator } from '../../host/expressions/evaluate.ts';
import type { ExpressionEvaluator } from '../../host/expressions/evaluate.ts';
import { ExpressionError } from '../../host/model/errors.ts';
import { inputItems, makeData, setItems, webhookItems } from '../unit/expressions/fixtures.ts';
import { escapeCorpus } from './escape-corpus.ts';
import type { EscapePayload } from './escape-corpus.ts';
import { n8nExtraCorpus } from './escape-corpus-n8n.ts';
import { vm2BridgeCorpus } from './escape-corpus-vm2-bridge.ts';
import { vm2ModulesCorpus } from './escape-corpus-vm2-modules.ts';

/** Every payload: the original corpus plus the 2026 vm2 advisories and the further n8n ones. */
const corpus: EscapePayload[] = [...escapeCorpus, ...vm2BridgeCorpus, ...vm2ModulesCorpus, ...n8nExtraCorpus];
type RunKind = 'expression' | 'code (all items)' | 'code (each item)';
const RUN_KINDS: RunKind[] = ['expression', 'code (all items)', 'code (each item)'];
/** Which payload ran which way: printed and checked at the end, so a payload that silently did not run shows. */
const ran = new Map<string, Set<RunKind>>();
function markRan(id: string, kind: RunKind): void {
  if (!ran.has(id)) ran.set(id, new Set());
  ran.get(id)!.add(kind);
}

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
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(HOST_OBJECT_PROTO_KEYS);
  // every host intrinsic prototype a bridge bug could reach keeps exactly its own keys and values
  expect(snapshotIntrinsics()).toEqual(HOST_INTRINSICS);
  // host data handed to the sandbox is never changed by it
  expect(JSON.stringify([webhookItems, setItems, inputItems])).toBe(HOST_DATA);
  expect(data.vars.region).toBe('north');
  expect(data.workflow.name).toBe('Field service dispatch');
  // process-wide state (vm2 GHSA-m5w8 dns.setServers) and the environment are untouched
  expect(getServers()).toEqual(HOST_DNS);
  expect(process.env.GIGAFLOW_CANARY).toBe(CANARY);
}

const HOST_OBJECT_PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();
const arrayIteratorProto = Object.getPrototypeOf([][Symbol.iterator]());
const INTRINSIC_PROTOS: Record<string, object> = {
  Object: Object.prototype,
  Array: Array.prototype,
  Function: Function.prototype,
  Promise: Promise.prototype,
  Error: Error.prototype,
  RangeError: RangeError.prototype,
  String: String.prototype,
  Uint8Array: Uint8Array.prototype,
  TypedArray: Object.getPrototypeOf(Uint8Array.prototype),
  ArrayBuffer: ArrayBuffer.prototype,
  DataView: DataView.prototype,
  ArrayIterator: arrayIteratorProto,
  Iterator: Object.getPrototypeOf(arrayIteratorProto),
  EventEmitter: EventEmitter.prototype,
  Buffer: Buffer.prototype,
  JSON,
  Math,
};
function snapshotIntrinsics(): Record<string, [string, unknown][]> {
  const out: Record<string, [string, unknown][]> = {};
  for (const [name, proto] of Object.entries(INTRINSIC_PROTOS)) {
    out[name] = Reflect.ownKeys(proto).map((k) => {
      const d = Object.getOwnPropertyDescriptor(proto, k)!;
      return [String(k), 'value' in d ? d.value : d.get] as [string, unknown];
    });
  }
  return out;
}
const HOST_INTRINSICS = snapshotIntrinsics();
const HOST_DATA = JSON.stringify([webhookItems, setItems, inputItems]);
const HOST_DNS = getServers();

function source(code: string): string {
  return code.replaceAll('__MARKER__', MARKER);
}

function asExpression(code: string): string {
  const body = source(code);
  const wrapper = /\bawait\b/.test(body) ? 'async function' : 'function';
  return `={{ (${wrapper} () {\n${body}\n})() }}`;
}

describe('escape corpus', () => {
  it('has a payload for every advisory, each with an advisory id, a title and code', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(110);
    const ids = new Set<string>();
    for (const p of corpus) {
      expect(p.id).toMatch(/GHSA-|CVE-|vm2|generic|n8n/);
      expect(p.title.length).toBeGreaterThan(10);
      expect(p.code.trim().length).toBeGreaterThan(10);
      ids.add(p.id);
    }
    expect(ids.size).toBe(corpus.length);
    expect(corpus.filter((p) => /GHSA-|CVE-/.test(p.id)).length).toBeGreaterThanOrEqual(90);
  });
});

describe.each(corpus)('$id — $title', (payload) => {
  it('fails harmlessly as an expression', () => {
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: ev.resolve(asExpression(payload.code), data, 'payload') };
    } catch (error) {
      outcome = { ok: false, error };
    }
    markRan(payload.id, 'expression');
    assertContained(outcome, 'expression');
    expect(ev.resolve('={{ $json.name + $("Webhook").first().json.id }}', data, 'after')).toBe('World1');
  });

  it('fails harmlessly as Code node code (run once for all items)', async () => {
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: await ev.runCode(source(payload.code), data) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    markRan(payload.id, 'code (all items)');
    assertContained(outcome, 'code');
    expect(await ev.runCode('return items.length + $json.x', data)).toBe(8);
  });

  it('fails harmlessly as Code node code (run once for each item)', async () => {
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: await ev.runCode(source(payload.code), data, { mode: 'runOnceForEachItem' }) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    markRan(payload.id, 'code (each item)');
    assertContained(outcome, 'code');
    expect(await ev.runCode('return { json: { v: $json.x + item.json.x } }', data, { mode: 'runOnceForEachItem' })).toEqual({ json: { v: 10 } });
  });
});

describe('nothing planted by one evaluation is seen by the next (GHSA-fg85-4wv2-p98j persistence)', () => {
  const plant = corpus.find((p) => p.id === 'GHSA-fg85-4wv2-p98j (persistence variant)')!;
  const probe = `return [typeof globalThis.__gfPersist, String(({}).__gfPersist), [1, 2].map((x) => x * 2), JSON.stringify({ a: 1 }), 'ab'.toUpperCase(), $input.all().length, typeof DateTime.now()]`;
  const clean = ['undefined', 'undefined', [2, 4], '{"a":1}', 'AB', 3, 'object'];
  const plantThenProbe = plant.code.replace("return 'planted';", probe);
  it('Code: the plant works inside its own run (so the check below can fail); expressions: nothing can be planted', async () => {
    expect(await ev.runCode(plantThenProbe, data)).not.toEqual(clean);
    expect(ev.resolve(asExpression(plantThenProbe), data, 'plant')).toEqual(clean);
    expect(ev.resolve('={{ Object.isFrozen(globalThis) && Object.isFrozen(Object.prototype) && Object.isFrozen(Array.prototype) }}', data, 'frozen')).toBe(true);
  });
  it('expressions', () => {
    try { ev.resolve(asExpression(plant.code), data, 'plant'); } catch { /* a refusal is fine too */ }
    expect(ev.resolve(asExpression(probe), data, 'probe')).toEqual(clean);
  });
  it('Code node', async () => {
    await ev.runCode(plant.code, data).catch(() => undefined);
    expect(await ev.runCode(probe, data)).toEqual(clean);
  });
});

describe('nothing of the host is reachable from inside the sandbox', () => {
  const sweep = corpus.find((p) => p.id === 'generic: reachable-graph sweep')!;
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

// Last in the file (vitest runs a file's tests in order): every payload ran all three ways.
describe('corpus accounting', () => {
  it('every payload ran as an expression and as Code in both modes', () => {
    const lines = corpus.map((p) => `${[...(ran.get(p.id) ?? [])].length === RUN_KINDS.length ? 'ran' : 'MISSING'}  ${p.id}`);
    console.log(`escape corpus: ${corpus.length} payloads x ${RUN_KINDS.length} runs\n${lines.join('\n')}`);
    for (const p of corpus) expect([...(ran.get(p.id) ?? [])].sort(), p.id).toEqual([...RUN_KINDS].sort());
  });
});
