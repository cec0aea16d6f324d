// The isolated-vm side of the evaluator: one persistent isolate + context per kind of work
// (expressions run synchronously on the calling thread; Code-node code runs asynchronously on
// isolated-vm's thread pool), the bootstrap of the in-isolate runtime, the two narrow host
// callbacks, and the translation of isolate failures (timeout, memory, syntax, user errors).
//
// What crosses the boundary:
//   host -> isolate: primitives only (ids, indexes, JSON strings, the zone name) and two
//                    ivm.Callback functions that are captured by the runtime's closure and never
//                    exposed to user code.
//   isolate -> host: primitives only (objects and failures as tagged JSON strings).
// No ivm.Reference to any host object, no ivm module, no host function taking arbitrary input.
import ivm from 'isolated-vm';
import { readFileSync } from 'node:fs';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ExpressionData } from './types.ts';

export type SandboxMode = 'expression' | 'code';

/** A failure reported by the sandbox, already classified. */
export interface SandboxFailure {
  kind: 'syntax' | 'runtime' | 'sandbox' | 'timeout' | 'memory' | 'internal';
  message: string;
  name?: string;
  description?: string;
  line?: number;
}

/** One console call captured in a Code run (same shape as the execution record's log lines). */
export interface SandboxLogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  at: string;
}

export class SandboxFailureError extends Error {
  override name = 'SandboxFailureError';
  readonly failure: SandboxFailure;
  constructor(failure: SandboxFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

// Operations of the data callback (mirrored in runtime/runtime.js).
const OP_ITEM = 1;
const OP_INPUT_ALL = 2;
const OP_OUTPUT = 3;
const OP_PAIRED = 4;
const OP_PARAMS = 5;
const OP_META = 6;
const OP_HAS_NODE = 7;
const OP_EXECUTED = 8;
const S_NO_NODE = -1;
const S_NOT_EXECUTED = -2;
const S_NO_PAIRED = -3;
const S_STALE = -4;
const S_BAD_ARG = -5;

const CACHE_MISS = 'compiled-code cache miss';
const MAX_NAME = 1000;
const MAX_INDEX = 10_000_000;
const MAX_HASH_INPUT = 64 * 1024 * 1024;
const MAX_HMAC_KEY = 64 * 1024;
const MAX_RANDOM_BYTES = 65536;
const DIGEST_ENCODINGS = new Set(['hex', 'base64', 'base64url']);
const LOG_LEVELS = new Set<string>(['debug', 'info', 'warn', 'error']);
const MAX_COMPILED = 5000;

/**
 * V8 ceiling of the expression isolate, far above its memory budget. Some allocations (a plain
 * object's dictionary doubling, isolated-vm issues #107/#457/#527) make V8 abort the whole process
 * when they reach the ceiling instead of failing; the expression isolate runs on the main thread,
 * so such an abort would take the host down. With the ceiling this high, the time limit stops a
 * growing evaluation long before it gets there (measured: the fastest bomb, Array#push, reaches
 * ~0.85 GB in 1 s), and the budget is enforced between evaluations instead.
 */
export function expressionHeapCeilingMb(budgetMb: number): number {
  return Math.max(budgetMb * 16, 2048);
}

/** Heap use is checked after this many evaluations (a check costs ~2 µs) and after any failure. */
const BUDGET_CHECK_EVERY = 32;

const HASH_ALGORITHMS = new Map<string, string>([
  ['md5', 'md5'],
  ['sha1', 'sha1'],
  ['sha224', 'sha224'],
  ['sha256', 'sha256'],
  ['sha384', 'sha384'],
  ['sha512', 'sha512'],
  ['sha3', 'sha3-512'],
  ['sha3-256', 'sha3-256'],
  ['sha3-384', 'sha3-384'],
  ['sha3-512', 'sha3-512'],
  ['ripemd160', 'ripemd160'],
]);

// ---------------------------------------------------------------------------------------------
// Bootstrap source (read once per process).

const bootstrapSources = new Map<SandboxMode, string>();

function stripExpressionFile(src: string): string {
  // The runtime files are a single parenthesised function expression followed by ';'.
  return src.trim().replace(/;\s*$/, '');
}

function patchLuxon(src: string): string {
  // Collect every class of the Luxon bundle so the runtime can freeze them, and freeze the zone
  // singletons / cached objects Luxon shares between callers. Each patch is optional: if a Luxon
  // upgrade changes the bundle, the corresponding hardening is skipped, not the sandbox.
  const classNames = [...src.matchAll(/^ {2}var (\w+) = \/\*#__PURE__\*\/function/gm)].map((m) => m[1]!);
  let out = src;
  const replacements: Array<[string, string]> = [
    ['ianaZoneCache.set(name, zone = new IANAZone(name));', 'ianaZoneCache.set(name, zone = Object.freeze(new IANAZone(name)));'],
    ['singleton$1 = new SystemZone();', 'singleton$1 = Object.freeze(new SystemZone());'],
    ['singleton = new FixedOffsetZone(0);', 'singleton = Object.freeze(new FixedOffsetZone(0));'],
    ['weekInfoCache.set(locString, data);', 'weekInfoCache.set(locString, data = Object.freeze(data));'],
    ['intlResolvedOptionsCache.set(locString, opts);', 'intlResolvedOptionsCache.set(locString, opts = Object.freeze(opts));'],
  ];
  for (const [from, to] of replacements) out = out.split(from).join(to);
  const ret = out.lastIndexOf('return exports;');
  if (ret > 0 && classNames.length > 0) {
    out = `${out.slice(0, ret)}exports.__gfInternals = [${classNames.join(', ')}];\n  ${out.slice(ret)}`;
  }
  return out;
}

/**
 * lodash's UMD build wrapped in a function that returns its exports. The local `module`/`exports`
 * make it take its CommonJS branch (no global `_`); the local `define` keeps it off the AMD branch.
 * Undefined when lodash is not installed (then `require('lodash')` is simply not on the list).
 */
function lodashFactorySource(require: NodeJS.Require): string {
  try {
    const src = readFileSync(require.resolve('lodash/lodash.min.js'), 'utf8');
    return `function () {\nvar module = { exports: {} }, exports = module.exports, define;\n${src}\n;\nreturn module.exports;\n}`;
  } catch {
    return 'undefined';
  }
}

function getBootstrapSource(mode: SandboxMode): string {
  const known = bootstrapSources.get(mode);
  if (known !== undefined) return known;
  const require = createRequire(import.meta.url);
  // luxon's "require" entry is build/node/luxon.js; the IIFE build sits next to it.
  const luxonPath = join(dirname(require.resolve('luxon')), '..', 'global', 'luxon.js');
  const luxonSrc = patchLuxon(readFileSync(luxonPath, 'utf8'));
  const here = new URL('./runtime/', import.meta.url);
  const prelude = readFileSync(new URL('prelude.js', here), 'utf8');
  const runtime = stripExpressionFile(readFileSync(new URL('runtime.js', here), 'utf8'));
  const extensions = stripExpressionFile(readFileSync(new URL('extensions.js', here), 'utf8'));
  // Code-only parts stay out of the expression isolate entirely.
  const codeGlobals = mode === 'code' ? `(${stripExpressionFile(readFileSync(new URL('code-globals.js', here), 'utf8'))}\n)` : 'undefined';
  const lodash = mode === 'code' ? lodashFactorySource(require) : 'undefined';
  const source = `${prelude}\n;\n${luxonSrc}\n;\nreturn (${runtime}\n)(luxon, (${extensions}\n), $0, $1, $2, $3, (${lodash}), ${codeGlobals});\n`;
  bootstrapSources.set(mode, source);
  return source;
}

// ---------------------------------------------------------------------------------------------
// Host callbacks. They only read the data registered for a token, validate every argument, and
// never throw (a host exception would carry host stack frames into the isolate).

let nextToken = 1;

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= -1 && v <= MAX_INDEX;
}

function isName(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_NAME;
}

function json(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

/**
 * The current node's input items as n8n shows them to that node: each one paired with its own
 * position (n8n stamps `pairedItem: { item: i }` on every input item before a node runs), so
 * Code that returns `$input.all()` hands on correct lineage instead of the previous node's.
 */
function withLineage(item: ExpressionData['inputItems'][number] | undefined, index: number): unknown {
  return item === undefined || item === null ? item : { ...item, pairedItem: { item: index } };
}

function errorText(err: unknown): string {
  const msg = err instanceof Error ? err.message : typeof err === 'string' ? err : 'Data access failed';
  return '\u0000' + msg.slice(0, 1000);
}

function makeDataCallback(calls: Map<number, ExpressionData>) {
  return (token: unknown, op: unknown, name: unknown, a: unknown, b: unknown): string | number | undefined => {
    try {
      if (typeof token !== 'number') return S_BAD_ARG;
      const data = calls.get(token);
      if (data === undefined) return S_STALE;
      switch (op) {
        case OP_ITEM: {
          if (!isIndex(a) || a < 0) return S_BAD_ARG;
          return json(withLineage(data.inputItems[a], a));
        }
        case OP_INPUT_ALL:
          return json(data.inputItems.map(withLineage));
        case OP_OUTPUT: {
          if (!isName(name) || !isIndex(a) || a < 0 || !isIndex(b)) return S_BAD_ARG;
          if (!data.hasNode(name)) return S_NO_NODE;
          const out = data.nodeOutput(name, a, b < 0 ? undefined : b);
          return out === undefined ? S_NOT_EXECUTED : json(out);
        }
        case OP_PAIRED: {
          if (!isName(name) || !isIndex(a) || a < 0) return S_BAD_ARG;
          if (!data.hasNode(name)) return S_NO_NODE;
          const item = data.pairedItem(name, a);
          if (item !== undefined) return json(item);
          return data.nodeOutput(name) === undefined ? S_NOT_EXECUTED : S_NO_PAIRED;
        }
        case OP_PARAMS: {
          if (!isName(name)) return S_BAD_ARG;
          if (!data.hasNode(name)) return S_NO_NODE;
          return json(data.nodeParameters(name) ?? {});
        }
        case OP_EXECUTED: {
          if (!isName(name)) return S_BAD_ARG;
          if (!data.hasNode(name)) return S_NO_NODE;
          return data.nodeOutput(name) === undefined ? 0 : 1;
        }
        case OP_HAS_NODE:
          return isName(name) && data.hasNode(name) ? 1 : 0;
        case OP_META:
          switch (name) {
            case 'execution':
              return json({ ...data.execution });
            case 'workflow':
              return json({ ...data.workflow });
            case 'vars':
              return json({ ...data.vars });
            case 'prevNode':
              return json(data.prevNode ? { ...data.prevNode } : undefined);
            case 'node':
              return json({ ...data.node });
            default:
              return S_BAD_ARG;
          }
        default:
          return S_BAD_ARG;
      }
    } catch (err) {
      return errorText(err);
    }
  };
}

/** Digest of a string: plain hash, or HMAC when `key` is a string (Code's crypto.createHmac). */
function hashCallback(text: unknown, algorithm: unknown, key: unknown, encoding: unknown): string | number {
  try {
    if (typeof text !== 'string' || typeof algorithm !== 'string' || text.length > MAX_HASH_INPUT) return S_BAD_ARG;
    const algo = HASH_ALGORITHMS.get(algorithm);
    if (algo === undefined) return S_BAD_ARG;
    const enc = encoding === undefined ? 'hex' : encoding;
    if (typeof enc !== 'string' || !DIGEST_ENCODINGS.has(enc)) return S_BAD_ARG;
    if (key !== undefined && (typeof key !== 'string' || key.length > MAX_HMAC_KEY)) return S_BAD_ARG;
    const h = key === undefined ? createHash(algo) : createHmac(algo, key);
    return h.update(text, 'utf8').digest(enc as 'hex' | 'base64' | 'base64url');
  } catch {
    return S_BAD_ARG;
  }
}

/** Random bytes from the host's CSPRNG, as hex (Code's crypto.randomUUID / randomInt / getRandomValues). */
function randomCallback(count: unknown): string | number {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_RANDOM_BYTES) return S_BAD_ARG;
  return randomBytes(count).toString('hex');
}

/**
 * Where a syntax error is: V8 reports no position for the Function constructor the runtime
 * compiles with, so compile the same text once more as a script (compiled, never run) and read
 * the position from isolated-vm's message ("... [code:3:11]").
 */
async function syntaxErrorLine(iso: ivm.Isolate, code: string): Promise<number | undefined> {
  if (iso.isDisposed) return undefined;
  try {
    const script = await iso.compileScript(`(async function () {\n${code}\n})`, { filename: 'code' });
    script.release();
  } catch (err) {
    const match = /\[code:(\d+):\d+\]/.exec(err instanceof Error ? err.message : '');
    if (match) return Math.min(Math.max(Number(match[1]) - 1, 1), code.split('\n').length);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// One isolate with its context and compiled-code cache.

interface RuntimeApi {
  run: ivm.Reference;
  start: ivm.Reference;
  collect: ivm.Reference;
  reset: ivm.Reference;
}

class Instance {
  readonly iso: ivm.Isolate;
  readonly context: ivm.Context;
  readonly api: RuntimeApi;
  readonly ids = new Map<string, number>();
  nextId = 1;
  lastZone: string | undefined;
  inflight = 0;
  /** Set after a timeout or a catastrophic error: finish what runs, then throw the isolate away. */
  retired = false;
  catastrophic = false;
  private catastropheError: Error | undefined;
  private readonly catastropheListeners = new Set<(err: Error) => void>();

  constructor(mode: SandboxMode, memoryLimitMb: number, calls: Map<number, ExpressionData>) {
    const options: ivm.IsolateOptions = { memoryLimit: mode === 'expression' ? expressionHeapCeilingMb(memoryLimitMb) : memoryLimitMb };
    if (mode === 'code') {
      // Code runs on a pool thread; if V8 hits a fatal out-of-memory there, isolated-vm parks that
      // thread and calls this instead of aborting the process. (Not used for the expression
      // isolate: it runs on the main thread, where parking would hang the host.)
      options.onCatastrophicError = (message: string) => {
        this.catastrophic = true;
        this.retired = true;
        this.catastropheError = new SandboxFailureError({ kind: 'memory', message: `memory limit exceeded (${message})` });
        for (const fail of this.catastropheListeners) fail(this.catastropheError);
        this.catastropheListeners.clear();
      };
    }
    this.iso = new ivm.Isolate(options);
    try {
      this.context = this.iso.createContextSync();
      const limits = {
        maxElements: memoryLimitMb * 65536,
        maxStringLength: memoryLimitMb * 262144,
        maxCollectionSize: memoryLimitMb * 8192,
        maxBytes: memoryLimitMb * 1024 * 1024,
      };
      const config = new ivm.ExternalCopy({ mode, limits }).copyInto();
      const apiRef = this.context.evalClosureSync(
        getBootstrapSource(mode),
        [new ivm.Callback(makeDataCallback(calls)), new ivm.Callback(hashCallback), config, new ivm.Callback(randomCallback)],
        { result: { reference: true }, timeout: 20_000 },
      ) as ivm.Reference;
      this.api = {
        run: apiRef.getSync('run', { reference: true }) as ivm.Reference,
        start: apiRef.getSync('start', { reference: true }) as ivm.Reference,
        collect: apiRef.getSync('collect', { reference: true }) as ivm.Reference,
        reset: apiRef.getSync('reset', { reference: true }) as ivm.Reference,
      };
      apiRef.release();
    } catch (err) {
      this.iso.dispose();
      throw err;
    }
  }

  /**
   * `call`, or the isolate's catastrophic failure if that comes first. Not Promise.race with one
   * long-lived promise: every race leaves a reaction on it that keeps the call's result alive
   * for the isolate's lifetime (the soak bench saw the Code node's output leak that way).
   */
  orCatastrophe<T>(call: Promise<T>): Promise<T> {
    if (this.catastropheError) return Promise.reject(this.catastropheError);
    return new Promise<T>((resolve, reject) => {
      this.catastropheListeners.add(reject);
      call.then(resolve, reject).finally(() => this.catastropheListeners.delete(reject));
    });
  }

  /** Id for a compiled unit; `src` is sent only the first time the isolate sees it. */
  idFor(key: string, mode: SandboxMode): { id: number; src: string | undefined } {
    const known = this.ids.get(key);
    if (known !== undefined) return { id: known, src: undefined };
    if (this.ids.size >= MAX_COMPILED) {
      this.ids.clear();
      if (mode === 'expression') this.api.reset.applySync(undefined, [], { timeout: 1000 });
      else this.api.reset.applyIgnored(undefined, []);
    }
    const id = this.nextId++;
    this.ids.set(key, id);
    return { id, src: key };
  }

  get usable(): boolean {
    return !this.retired && !this.iso.isDisposed;
  }

  release(): void {
    if (this.catastrophic) return; // its thread is parked inside V8; leave it alone
    if (!this.iso.isDisposed) {
      try {
        this.iso.dispose();
      } catch {
        // already gone
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------

export class SandboxIsolate {
  readonly mode: SandboxMode;
  private readonly memoryLimitMb: number;
  private readonly calls = new Map<number, ExpressionData>();
  private instance: Instance | undefined;
  private disposed = false;
  /** How many isolates were created (first one included); visible for tests and metrics. */
  created = 0;
  private sinceBudgetCheck = 0;

  constructor(mode: SandboxMode, memoryLimitMb: number) {
    this.mode = mode;
    this.memoryLimitMb = memoryLimitMb;
  }

  private acquire(): Instance {
    if (this.disposed) throw new SandboxFailureError({ kind: 'internal', message: 'The expression evaluator has been disposed' });
    const cur = this.instance;
    if (cur !== undefined && cur.usable) return cur;
    if (cur !== undefined) this.retire(cur);
    const next = new Instance(this.mode, this.memoryLimitMb, this.calls);
    this.created++;
    this.instance = next;
    return next;
  }

  private retire(inst: Instance): void {
    inst.retired = true;
    if (this.instance === inst) this.instance = undefined;
    if (inst.inflight === 0) inst.release();
  }

  /** True (and the isolate retired) when the expression isolate's heap is over its budget. */
  private overBudget(inst: Instance): boolean {
    if (this.mode !== 'expression' || inst.iso.isDisposed) return false;
    this.sinceBudgetCheck = 0;
    let used = 0;
    try {
      used = inst.iso.getHeapStatisticsSync().used_heap_size;
    } catch {
      return false;
    }
    if (used <= this.memoryLimitMb * 1024 * 1024) return false;
    this.retire(inst);
    return true;
  }

  private classify(inst: Instance, err: unknown, timeoutMs: number): SandboxFailure {
    if (err instanceof SandboxFailureError) return err.failure;
    const message = err instanceof Error ? err.message : typeof err === 'string' ? err : undefined;
    if (inst.iso.isDisposed || (message !== undefined && /memory limit|Isolate was disposed|Isolate is disposed|Isolated is disposed/i.test(message))) {
      this.retire(inst);
      return { kind: 'memory', message: 'memory limit exceeded' };
    }
    if (message !== undefined && /Script execution timed out/.test(message)) {
      // A growing evaluation stopped by the clock is reported as what it was: over the memory budget.
      if (this.overBudget(inst)) return { kind: 'memory', message: 'memory limit exceeded' };
      // Termination can leave microtasks of the stopped code queued: start over with a clean isolate.
      this.retire(inst);
      return { kind: 'timeout', message: `timed out after ${timeoutMs} ms` };
    }
    if (err instanceof Error) return { kind: 'runtime', message: err.message, name: err.name };
    // A non-Error value thrown out of the isolate (an unhandled rejection): already a copy.
    let text = 'Unknown error';
    try {
      text = typeof err === 'object' && err !== null && 'message' in err ? String((err as { message: unknown }).message) : String(err);
    } catch {
      // keep generic
    }
    return { kind: 'runtime', message: text };
  }

  /**
   * Results are primitives: strings prefixed \u0000 (escaped string), \u0001 (JSON of an object)
   * or \u0002 (JSON of a failure); anything else is the value itself.
   */
  private static decode(r: unknown): unknown {
    if (typeof r !== 'string' || r.length === 0) return r;
    switch (r.charCodeAt(0)) {
      case 0:
        return r.slice(1);
      case 1:
        return JSON.parse(r.slice(1));
      case 2:
        throw new SandboxFailureError(SandboxIsolate.failureFromInfo(r.slice(1)));
      default:
        return r;
    }
  }

  private static failureFromInfo(text: unknown): SandboxFailure {
    try {
      const info = JSON.parse(String(text)) as { k: string; m: string; n?: string; d?: string; l?: number };
      if (info.k === 'miss') return { kind: 'internal', message: CACHE_MISS };
      const kind = info.k === 'syntax' || info.k === 'sandbox' ? info.k : 'runtime';
      return { kind, message: String(info.m), name: info.n, description: info.d, line: typeof info.l === 'number' ? info.l : undefined };
    } catch {
      return { kind: 'runtime', message: 'Unknown error' };
    }
  }

  /**
   * Runs a compiled template synchronously. `key` is the template descriptor (JSON, see
   * runtime.js compileTemplate); `json` the current item's JSON when sent eagerly.
   */
  runExpression(key: string, json: string | undefined, data: ExpressionData, timeoutMs: number): unknown {
    for (let attempt = 0; ; attempt++) {
      const inst = this.acquire();
      const token = nextToken++;
      this.calls.set(token, data);
      const { id, src } = inst.idFor(key, 'expression');
      const tz = typeof data.timezone === 'string' ? data.timezone : '';
      const zone = tz === inst.lastZone ? undefined : tz;
      inst.inflight++;
      try {
        const r = inst.api.run.applySync(undefined, [id, src, json, data.itemIndex, data.runIndex, zone, token], { timeout: timeoutMs });
        if (zone !== undefined) inst.lastZone = zone;
        if (++this.sinceBudgetCheck >= BUDGET_CHECK_EVERY) this.overBudget(inst);
        return SandboxIsolate.decode(r);
      } catch (err) {
        const failure = this.classify(inst, err, timeoutMs);
        if (failure.kind === 'runtime') this.overBudget(inst);
        if (failure.kind === 'internal' && failure.message === CACHE_MISS && attempt === 0) {
          inst.ids.clear();
          continue;
        }
        throw new SandboxFailureError(failure);
      } finally {
        inst.inflight--;
        this.calls.delete(token);
        if (inst.retired && inst.inflight === 0) inst.release();
      }
    }
  }

  /** A Code result may come wrapped with its console output: hand the lines over, return the rest. */
  private static unwrapLogs(r: unknown, logs: SandboxLogLine[] | undefined): unknown {
    if (typeof r !== 'string' || r.charCodeAt(0) !== 3) return r;
    const { r: inner, l } = JSON.parse(r.slice(1)) as { r?: unknown; l?: unknown };
    if (logs !== undefined && Array.isArray(l)) {
      for (const line of l as SandboxLogLine[]) {
        const level = LOG_LEVELS.has(line.level) ? line.level : 'info';
        logs.push({ level, message: String(line.message), at: String(line.at) });
      }
    }
    return inner;
  }

  /** Runs Code-node code (an async function body) on the isolate's own thread; console output goes to `logs`. */
  async runCode(code: string, data: ExpressionData, mode: string, timeoutMs: number, logs?: SandboxLogLine[]): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const inst = this.acquire();
      const callId = nextToken++;
      this.calls.set(callId, data);
      const { id, src } = inst.idFor(code, 'code');
      inst.inflight++;
      try {
        // `start` runs the body; its microtasks (awaits) drain at the end of that isolate task.
        let startError: unknown;
        try {
          await inst.orCatastrophe(
            inst.api.start.apply(undefined, [callId, id, src, data.itemIndex, data.runIndex, typeof data.timezone === 'string' ? data.timezone : '', mode], { timeout: timeoutMs }),
          );
        } catch (err) {
          // An unhandled rejection of a detached promise also lands here; the outcome of the
          // body itself is still collected below and wins.
          startError = err;
          const failure = this.classify(inst, err, timeoutMs);
          if (failure.kind === 'timeout' || failure.kind === 'memory' || failure.kind === 'internal') throw new SandboxFailureError(failure);
        }
        let r: unknown;
        try {
          r = await inst.orCatastrophe(inst.api.collect.apply(undefined, [callId], { timeout: timeoutMs }));
        } catch (err) {
          throw new SandboxFailureError(this.classify(inst, startError ?? err, timeoutMs));
        }
        try {
          return SandboxIsolate.decode(SandboxIsolate.unwrapLogs(r, logs));
        } catch (err) {
          if (err instanceof SandboxFailureError && err.failure.kind === 'internal' && err.failure.message === CACHE_MISS && attempt === 0) {
            inst.ids.delete(code);
            continue;
          }
          if (err instanceof SandboxFailureError && err.failure.kind === 'syntax' && err.failure.line === undefined) {
            throw new SandboxFailureError({ ...err.failure, line: await syntaxErrorLine(inst.iso, code) });
          }
          throw err;
        }
      } finally {
        inst.inflight--;
        this.calls.delete(callId);
        if (inst.retired && inst.inflight === 0) inst.release();
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    const inst = this.instance;
    this.instance = undefined;
    if (inst !== undefined) {
      inst.retired = true;
      inst.release();
    }
    this.calls.clear();
  }
}
