// A minimal QuickJS (quickjs-emscripten, WebAssembly) evaluator built the same way as the
// isolated-vm one, for bench/sandbox.bench.ts only: one persistent runtime + context, compiled
// functions cached by code string, one VM call per evaluation, the current item's JSON copied
// eagerly as a JSON string, other nodes' data fetched lazily through one narrow host function.
// It has no Luxon and no extension functions; it is here to compare cost and containment.
import { getQuickJS } from 'quickjs-emscripten';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten';

export interface QuickJsData {
  json: unknown;
  nodeOutput(name: string): unknown[] | undefined;
}

const BOOTSTRAP = `
(function (hostNode) {
  'use strict';
  const cache = new Map();
  let current = null;
  const $ = (name) => {
    const out = hostNode(String(name));
    if (out === undefined) throw new Error("Referenced node doesn't exist");
    const all = JSON.parse(out);
    return { all: () => all, first: () => all[0], last: () => all[all.length - 1] };
  };
  const $input = { all: () => [{ json: current }], first: () => ({ json: current }), get item() { return { json: current }; } };
  function compile(src, asCode) {
    if (asCode) return new (Object.getPrototypeOf(async function () {}).constructor)('$json', '$', '$input', src);
    return new Function('$json', '$', '$input', 'return (' + src + '\\n)');
  }
  function encode(v) {
    if (v === undefined) return undefined;
    if (typeof v === 'string') return 's' + v;
    return 'j' + JSON.stringify(v);
  }
  return {
    run(id, src, json) {
      let fn = cache.get(id);
      if (fn === undefined) { fn = compile(src, false); cache.set(id, fn); }
      current = JSON.parse(json);
      try { return encode(fn(current, $, $input)); } finally { current = null; }
    },
    start(src, json, state) {
      const fn = compile(src, true);
      current = JSON.parse(json);
      fn(current, $, $input).then((v) => { state.done = true; state.value = encode(v); }, (e) => { state.done = true; state.error = String(e && e.message || e); });
    },
  };
})
`;

export class QuickJsEvaluator {
  private readonly runtime: QuickJSRuntime;
  private readonly ctx: QuickJSContext;
  private readonly api: QuickJSHandle;
  private readonly runFn: QuickJSHandle;
  private readonly startFn: QuickJSHandle;
  private readonly ids = new Map<string, number>();
  private data: QuickJsData | undefined;
  private deadline = Infinity;
  private readonly timeoutMs: number;

  static async create(opts: { timeoutMs?: number; memoryLimitMb?: number } = {}): Promise<QuickJsEvaluator> {
    const qjs = await getQuickJS();
    return new QuickJsEvaluator(qjs.newRuntime(), opts);
  }

  private constructor(runtime: QuickJSRuntime, opts: { timeoutMs?: number; memoryLimitMb?: number }) {
    this.timeoutMs = opts.timeoutMs ?? 1000;
    this.runtime = runtime;
    runtime.setMemoryLimit((opts.memoryLimitMb ?? 128) * 1024 * 1024);
    runtime.setMaxStackSize(1024 * 1024);
    runtime.setInterruptHandler(() => performance.now() > this.deadline);
    this.ctx = runtime.newContext();
    const ctx = this.ctx;
    const hostNode = ctx.newFunction('hostNode', (nameHandle) => {
      // Narrow host function: a string in, a JSON string (or undefined) out.
      if (ctx.typeof(nameHandle) !== 'string' || this.data === undefined) return ctx.undefined;
      const out = this.data.nodeOutput(ctx.getString(nameHandle).slice(0, 1000));
      return out === undefined ? ctx.undefined : ctx.newString(JSON.stringify(out));
    });
    const factory = ctx.unwrapResult(ctx.evalCode(BOOTSTRAP));
    this.api = ctx.unwrapResult(ctx.callFunction(factory, ctx.undefined, hostNode));
    factory.dispose();
    hostNode.dispose();
    this.runFn = ctx.getProp(this.api, 'run');
    this.startFn = ctx.getProp(this.api, 'start');
  }

  private decode(h: QuickJSHandle): unknown {
    if (this.ctx.typeof(h) !== 'string') return undefined;
    const s = this.ctx.getString(h);
    return s[0] === 's' ? s.slice(1) : JSON.parse(s.slice(1));
  }

  /** Evaluates a bare expression (the inside of {{ }}). */
  evaluate(code: string, data: QuickJsData): unknown {
    const ctx = this.ctx;
    let id = this.ids.get(code);
    const first = id === undefined;
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(code, id);
    }
    const idH = ctx.newNumber(id);
    const srcH = first ? ctx.newString(code) : ctx.undefined;
    const jsonH = ctx.newString(JSON.stringify(data.json ?? {}));
    this.data = data;
    this.deadline = performance.now() + this.timeoutMs;
    try {
      const res = ctx.callFunction(this.runFn, ctx.undefined, idH, srcH, jsonH);
      if (res.error) {
        const err = ctx.dump(res.error) as { message?: string } | string;
        res.error.dispose();
        throw new Error(typeof err === 'object' && err !== null ? String(err.message) : String(err));
      }
      const v = this.decode(res.value);
      res.value.dispose();
      return v;
    } finally {
      this.data = undefined;
      this.deadline = Infinity;
      idH.dispose();
      if (first) srcH.dispose();
      jsonH.dispose();
    }
  }

  /** Runs an async function body (Code node style). */
  runCode(code: string, data: QuickJsData): unknown {
    const ctx = this.ctx;
    const state = ctx.newObject();
    const srcH = ctx.newString(code);
    const jsonH = ctx.newString(JSON.stringify(data.json ?? {}));
    this.data = data;
    this.deadline = performance.now() + this.timeoutMs;
    try {
      const res = ctx.callFunction(this.startFn, ctx.undefined, srcH, jsonH, state);
      if (res.error) {
        const err = ctx.dump(res.error) as { message?: string } | string;
        res.error.dispose();
        throw new Error(typeof err === 'object' && err !== null ? String(err.message) : String(err));
      }
      res.value.dispose();
      const jobs = this.runtime.executePendingJobs();
      if (jobs.error) {
        const err = ctx.dump(jobs.error);
        jobs.error.dispose();
        throw new Error(String((err as { message?: string })?.message ?? err));
      }
      const out = ctx.dump(state) as { done?: boolean; value?: string; error?: string };
      if (!out.done) throw new Error('did not finish');
      if (out.error !== undefined) throw new Error(out.error);
      if (out.value === undefined) return undefined;
      return out.value[0] === 's' ? out.value.slice(1) : JSON.parse(out.value.slice(1));
    } finally {
      this.data = undefined;
      this.deadline = Infinity;
      state.dispose();
      srcH.dispose();
      jsonH.dispose();
    }
  }

  dispose(): void {
    this.runFn.dispose();
    this.startFn.dispose();
    this.api.dispose();
    this.ctx.dispose();
    this.runtime.dispose();
  }
}
