// Cost per expression of the sandboxed evaluator (isolated-vm), a QuickJS (WebAssembly)
// equivalent, and plain unsandboxed `new Function` as the baseline; then the escape corpus against
// both sandboxes.   Run: npx node bench/sandbox.bench.ts   (or npm run bench:sandbox)
import { existsSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExpressionEvaluator } from '../host/expressions/evaluate.ts';
import type { ExpressionData } from '../host/expressions/types.ts';
import { escapeCorpus } from '../test/security/escape-corpus.ts';
import { QuickJsEvaluator } from './sandbox-quickjs.ts';
import type { QuickJsData } from './sandbox-quickjs.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 20_000);
const ROUNDS = 5;

const item = { x: 5, name: 'World', qty: 3, tags: ['a', 'b'], address: { city: 'Berlin', zip: '10115' } };
const webhook = [
  { json: { id: 1, name: 'Alice' } },
  { json: { id: 2, name: 'Bob' } },
];
const outputs: Record<string, typeof webhook> = { Webhook: webhook };

const data: ExpressionData = {
  itemIndex: 0,
  runIndex: 0,
  inputItems: [{ json: item }],
  nodeOutput: (name) => outputs[name],
  pairedItem: (name, i) => outputs[name]?.[i],
  hasNode: (name) => name in outputs,
  nodeParameters: () => ({}),
  node: { name: 'Bench', type: 'n8n-nodes-base.set', typeVersion: 3 },
  execution: { id: 'bench', mode: 'manual', resumeUrl: '' },
  workflow: { id: 'wf', name: 'Bench', active: false },
  vars: {},
  timezone: 'UTC',
};
const qjsData: QuickJsData = { json: item, nodeOutput: (name) => outputs[name] };

interface Case {
  name: string;
  template: string;
  /** The same computation as one JS expression (for QuickJS and the baseline). */
  js: string;
  expected: unknown;
}

const cases: Case[] = [
  { name: '{{ $json.x }}', template: '={{ $json.x }}', js: '$json.x', expected: 5 },
  { name: 'Hello {{ $json.name }}!', template: '=Hello {{ $json.name }}!', js: '"Hello " + $json.name + "!"', expected: 'Hello World!' },
  { name: '{{ $json.address }} (object)', template: '={{ $json.address }}', js: '$json.address', expected: item.address },
  { name: '{{ $json.qty * 2 > 5 ? "big" : "small" }}', template: '={{ $json.qty * 2 > 5 ? "big" : "small" }}', js: '$json.qty * 2 > 5 ? "big" : "small"', expected: 'big' },
  { name: "{{ $('Webhook').first().json.id }} (lazy)", template: "={{ $('Webhook').first().json.id }}", js: "$('Webhook').first().json.id", expected: 1 },
];

function measure(fn: () => unknown): number {
  for (let i = 0; i < Math.min(2000, ITERATIONS); i++) fn();
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < ITERATIONS; i++) fn();
    samples.push(((performance.now() - t0) * 1000) / ITERATIONS);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

function check(label: string, got: unknown, expected: unknown): void {
  if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(`${label}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
}

// Baseline: unsandboxed new Function, cached per code string, no copying at all.
const baselineCache = new Map<string, (json: unknown, $: unknown) => unknown>();
const baseline$ = (name: string) => {
  const all = outputs[name]!;
  return { all: () => all, first: () => all[0], last: () => all[all.length - 1] };
};
function baselineEval(js: string): unknown {
  let fn = baselineCache.get(js);
  if (!fn) {
    fn = new Function('$json', '$', `return (${js});`) as (json: unknown, $: unknown) => unknown;
    baselineCache.set(js, fn);
  }
  return fn(item, baseline$);
}

async function main(): Promise<void> {
  console.log(`Node ${process.version}, ${ITERATIONS} evaluations x ${ROUNDS} rounds (median), µs per evaluation\n`);

  let t0 = performance.now();
  const ivmEval = createExpressionEvaluator({ timeoutMs: 1000 });
  check('warm-up', ivmEval.resolve('={{ 1 }}', data, 'p'), 1);
  const ivmColdMs = performance.now() - t0;
  t0 = performance.now();
  const qjs = await QuickJsEvaluator.create({ timeoutMs: 1000 });
  check('warm-up', qjs.evaluate('1', qjsData), 1);
  const qjsColdMs = performance.now() - t0;

  const rows: Array<{ name: string; ivm: number; qjs: number; base: number }> = [];
  for (const c of cases) {
    check(`ivm ${c.name}`, ivmEval.resolve(c.template, data, 'p'), c.expected);
    check(`quickjs ${c.name}`, qjs.evaluate(c.js, qjsData), c.expected);
    check(`baseline ${c.name}`, baselineEval(c.js), c.expected);
    const ivm = measure(() => ivmEval.resolve(c.template, data, 'p'));
    const q = measure(() => qjs.evaluate(c.js, qjsData));
    const base = measure(() => baselineEval(c.js));
    rows.push({ name: c.name, ivm, qjs: q, base });
  }

  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (v: number) => v.toFixed(v < 1 ? 3 : 2).padStart(9);
  console.log(`${pad('expression', 44)}${'ivm µs'.padStart(9)}${'qjs µs'.padStart(9)}${'base µs'.padStart(9)}${'ivm/base'.padStart(10)}${'qjs/base'.padStart(10)}`);
  for (const r of rows) {
    console.log(`${pad(r.name, 44)}${num(r.ivm)}${num(r.qjs)}${num(r.base)}${(r.ivm / r.base).toFixed(0).padStart(9)}x${(r.qjs / r.base).toFixed(0).padStart(9)}x`);
  }
  console.log(`\ncold start (create + first evaluation): isolated-vm ${ivmColdMs.toFixed(1)} ms (includes Luxon + runtime + lock-down), QuickJS ${qjsColdMs.toFixed(1)} ms (WASM module load, no Luxon)`);

  // Code node: one run over 100 items.
  const manyItems = Array.from({ length: 100 }, (_, i) => ({ json: { i, v: i * 2 } }));
  const codeData: ExpressionData = { ...data, inputItems: manyItems };
  const code = 'return items.map((it) => ({ json: { doubled: it.json.v * 2 } }));';
  for (let i = 0; i < 50; i++) await ivmEval.runCode(code, codeData);
  const codeRuns = 500;
  t0 = performance.now();
  for (let i = 0; i < codeRuns; i++) await ivmEval.runCode(code, codeData);
  console.log(`runCode (100 items in, 100 out, isolated-vm, async on the isolate thread): ${(((performance.now() - t0) * 1000) / codeRuns).toFixed(1)} µs per run`);

  // Escape corpus against both sandboxes.
  const canary = `canary-${randomUUID()}`;
  const marker = join(tmpdir(), `gigaflow-bench-pwned-${randomUUID()}`);
  process.env.GIGAFLOW_CANARY = canary;
  const escaped = (text: string) => text.includes(canary) || (globalThis as Record<string, unknown>).__pwned !== undefined || existsSync(marker);
  const outcome = (fn: () => unknown) => {
    try {
      return JSON.stringify(fn()) ?? 'undefined';
    } catch (e) {
      return String((e as Error)?.message ?? e);
    }
  };
  const outcomeAsync = async (fn: () => Promise<unknown>) => {
    try {
      return JSON.stringify(await fn()) ?? 'undefined';
    } catch (e) {
      return String((e as Error)?.message ?? e);
    }
  };
  let ivmContained = 0;
  let qjsContained = 0;
  const qjsCorpus = await QuickJsEvaluator.create({ timeoutMs: 1000, memoryLimitMb: 64 });
  for (const p of escapeCorpus) {
    const src = p.code.replaceAll('__MARKER__', marker);
    const wrapper = /\bawait\b/.test(src) ? 'async function' : 'function';
    const ivmExpr = outcome(() => ivmEval.resolve(`={{ (${wrapper} () {\n${src}\n})() }}`, data, 'p'));
    const ivmCode = await outcomeAsync(() => ivmEval.runCode(src, data));
    if (!escaped(ivmExpr) && !escaped(ivmCode)) ivmContained++;
    const q = outcome(() => qjsCorpus.runCode(src, qjsData));
    if (!escaped(q)) qjsContained++;
    rmSync(marker, { force: true });
  }
  console.log(`\nescape corpus (${escapeCorpus.length} payloads; contained = no canary, no host global, no marker file):`);
  console.log(`  isolated-vm evaluator (expression + Code): ${ivmContained}/${escapeCorpus.length} contained`);
  console.log(`  QuickJS evaluator (Code):                  ${qjsContained}/${escapeCorpus.length} contained`);

  // Runaway code: how long until each sandbox stops it (time limit 1000 ms, memory 64 MB).
  console.log('\nrunaway code (expression form), time to stop:');
  const ivmSmall = createExpressionEvaluator({ timeoutMs: 1000, memoryLimitMb: 64 });
  const qjsSmall = await QuickJsEvaluator.create({ timeoutMs: 1000, memoryLimitMb: 64 });
  const runaways = [
    ['infinite loop', '(() => { while (true) {} })()'],
    ['memory bomb (array of objects)', '(() => { const a = []; while (true) a.push({ i: a.length, s: "pad-" + a.length }) })()'],
  ];
  for (const [label, js] of runaways) {
    for (const [name, run] of [
      ['isolated-vm', () => ivmSmall.evaluate(js!, data)],
      ['QuickJS', () => qjsSmall.evaluate(js!, qjsData)],
    ] as const) {
      const start = performance.now();
      const msg = outcome(run);
      console.log(`  ${pad(label!, 32)}${pad(name, 13)}${(performance.now() - start).toFixed(0).padStart(6)} ms  ${msg.slice(0, 60)}`);
    }
  }
  ivmSmall.dispose();

  ivmEval.dispose();
  qjs.dispose();
  // The corpus leaves cyclic garbage / pending jobs in its QuickJS runtime; QuickJS asserts on
  // that at dispose time, so that runtime is simply dropped with the process.
  delete process.env.GIGAFLOW_CANARY;
}

await main();
