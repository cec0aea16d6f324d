// vm2 advisories of 2026 about NodeVM's module loading (builtin allow/deny lists, external
// packages, resolvers, process-wide builtins), adapted to Gigaflow. Gigaflow's sandbox has no
// NodeVM: the Code node's `require` is a fixed allow-list of in-isolate libraries, and expressions
// have no `require` at all. Each payload tries every way a sandbox might load the module named by
// the advisory (require with the advisory's spelling, process.getBuiltinModule, dynamic import,
// module._load) and then does what the advisory did with it; all of them are "(shape)".
import type { EscapePayload } from './escape-corpus.ts';

/** Loads each of `names` every way it can and runs `use` (which sees `m` and `name`) on what it got. */
function loadEach(names: string[], use: string): string {
  return `
      const out = [];
      const names = ${JSON.stringify(names)};
      for (const name of names) {
        const loaders = [
          () => require(name),
          () => process.getBuiltinModule(name),
          () => module.constructor._load(name),
          () => globalThis.constructor.constructor('return process')().getBuiltinModule(name),
        ];
        for (const load of loaders) {
          let m;
          try { m = load(); } catch (e) { out.push(name + ': ' + String(e && e.message).slice(0, 80)); continue; }
          if (m === undefined || m === null) continue;
          try { ${use} } catch (e) { out.push(name + ' use: ' + String(e && e.message).slice(0, 80)); }
        }
        try { import(name).then((m) => { try { ${use} } catch (e) {} }, () => {}); } catch (e) {}
      }
      return out;`;
}

const EXEC = `(m.execSync || m.default && m.default.execSync)('touch __MARKER__')`;

export const vm2ModulesCorpus: EscapePayload[] = [
  {
    id: 'CVE-2026-92935 / GHSA-8hr7-r645-pc6w',
    title: "vm2: array-shaped require option with nesting lets the sandbox require('vm2') and build a NodeVM with child_process (shape)",
    code: loadEach(['vm2', 'isolated-vm', 'node:vm', 'vm'], `
          const V = m.NodeVM || m.Isolate || m.Script;
          if (m.NodeVM) out.push(new m.NodeVM({ require: { builtin: ['child_process'] } }).run("require('child_process').execSync('touch __MARKER__')"));
          if (m.runInNewContext) out.push(m.runInNewContext('this.constructor.constructor("return process")().env.GIGAFLOW_CANARY'));
          if (m.Isolate) out.push(typeof new m.Isolate());
          out.push(typeof V);`),
  },
  {
    id: 'GHSA-m4wx-m65x-ghrr',
    title: 'vm2: nesting enabled without a real require config leaves a resolver that exposes vm2 (GHSA-8hg8 fix bypass) (shape)',
    code: loadEach(['vm2', 'vm2/lib/main.js', '../vm2', './lib/vm2'], `if (m.VM) out.push(new m.VM().run('this.constructor.constructor("return process")().env.GIGAFLOW_CANARY'));`),
  },
  {
    id: 'CVE-2026-92946 / GHSA-j3hm-6rg5-mchv',
    title: 'vm2: require.external without require.root loads any package (vm2 itself) from node_modules (shape)',
    code: loadEach(['./vm2', '../isolated-vm', 'isolated-vm/out/isolated_vm.node', 'n8n-workflow', 'luxon/package.json'], `out.push(name + ' loaded: ' + typeof m + ' ' + Object.keys(m).slice(0, 3).join(','));`),
  },
  {
    id: 'CVE-2026-100721 / GHSA-5h3f-q97h-ccvc',
    title: 'vm2: custom-resolver authorization admits prefix-sharing sibling paths (shape: allow-listed names with suffixes)',
    code: loadEach(['lodash2', 'lodash-evil', 'lodash/../child_process', 'lodash/../../isolated-vm', 'luxon2', 'crypto-js', 'cryptox'], `out.push(name + ' loaded: ' + typeof m);`),
  },
  {
    id: 'GHSA-7q3f-wx44-378m',
    title: 'vm2: external allowlist treats a prefix-sharing sibling package as allowlisted (shape)',
    code: loadEach(['lodash.evil', 'lodash/get/../../../child_process', 'luxon/../isolated-vm', 'lodash/fp/../../vm2'], `out.push(name + ' loaded: ' + typeof m);`),
  },
  {
    id: 'CVE-2026-92951 / GHSA-c48m-32m9-vx93',
    title: 'vm2: external allowlist uses substring matching, so a colliding package name loads (shape)',
    code: loadEach(['my-lodash', 'lodash-child_process', 'not-luxon', 'xcrypto'], `out.push(name + ' loaded: ' + typeof m);`),
  },
  {
    id: 'CVE-2026-92957 / GHSA-8686-vhfx-7r3j',
    title: "vm2: deny entries compared against canonical names, so 'node:'-prefixed builtins slip through (shape)",
    code: loadEach(['node:child_process', 'node:node:child_process', 'NODE:child_process', 'child_process/', 'node:child_process?x'], EXEC),
  },
  {
    id: 'GHSA-pq68-rvw4-xp4r',
    title: "vm2: builtin denylist omitted child_process, so builtin ['*'] gives execSync (shape)",
    code: loadEach(['child_process', 'worker_threads', 'cluster'], `if (m.execSync) ${EXEC}; if (m.Worker) new m.Worker('require("child_process").execSync("touch __MARKER__")', { eval: true });`),
  },
  {
    id: 'CVE-2026-92948 / GHSA-qhwx-74w5-xhxq',
    title: "vm2: scheme-only builtin node:test reachable as require('node:node:test'); test.run with execArgv escapes (shape)",
    code: loadEach(['node:test', 'node:node:test', 'test'], `if (m.run) m.run({ files: [], execArgv: ['-e', 'require("child_process").execSync("touch __MARKER__")'] });`),
  },
  {
    id: 'GHSA-6rh5-qq4q-97xh',
    title: "vm2: builtin deny '-fs' leaves the fs/promises sibling, allowing host file writes (shape)",
    code: loadEach(['fs/promises', 'node:fs/promises', 'fs', 'node:fs'], `
          const fs = m.promises || m;
          out.push(fs.writeFile ? 'has writeFile' : 'no writeFile');
          if (fs.writeFileSync) fs.writeFileSync('__MARKER__', 'x'); else if (fs.writeFile) fs.writeFile('__MARKER__', 'x');`),
  },
  {
    id: 'GHSA-rp36-8xq3-r6c4',
    title: 'vm2: builtin denylist misses process (getBuiltinModule) and inspector/promises (shape)',
    code: loadEach(['process', 'node:process', 'inspector/promises', 'inspector'], `
          if (m.getBuiltinModule) m.getBuiltinModule('child_process').execSync('touch __MARKER__');
          if (m.Session) { const s = new m.Session(); s.connect(); out.push('inspector session'); }
          if (m.env) out.push(m.env.GIGAFLOW_CANARY);`),
  },
  {
    id: 'GHSA-r9pm-gxmw-wv6p',
    title: 'vm2: network builtin exclusions bypassed through internal _http_client / _http_server (shape)',
    code: loadEach(['_http_client', '_http_server', '_http_agent', 'http', 'net', 'undici'], `out.push(name + ' loaded: ' + Object.keys(m).slice(0, 3).join(','));`),
  },
  {
    id: 'GHSA-9g8x-92q2-p28f',
    title: 'vm2: process-wide observability builtins (diagnostics_channel, async_hooks, perf_hooks, v8) reachable (shape)',
    code: loadEach(['diagnostics_channel', 'async_hooks', 'perf_hooks', 'v8'], `
          if (m.channel) m.channel('http.client.request.start').subscribe((msg) => out.push(msg));
          if (m.createHook) m.createHook({ init() {} }).enable();
          if (m.setFlagsFromString) m.setFlagsFromString('--allow-natives-syntax');
          out.push(name + ' loaded');`),
  },
  {
    id: 'GHSA-m5w8-4gq2-6f8x',
    title: 'vm2: builtin wildcard exposes os and dns, and dns.setServers() hijacks the host resolver (shape)',
    code: loadEach(['dns', 'node:dns', 'dns/promises', 'os'], `
          if (m.setServers) m.setServers(['127.0.0.1:5353']);
          if (m.setDefaultResultOrder) m.setDefaultResultOrder('ipv6first');
          if (m.userInfo) out.push(JSON.stringify(m.userInfo()));`),
  },
  {
    id: 'CVE-2026-92941 / GHSA-98xx-8mx4-x7cm',
    title: "vm2: tls.setDefaultCACertificates() replaces the host process's CA trust store (shape)",
    code: loadEach(['tls', 'node:tls'], `if (m.setDefaultCACertificates) m.setDefaultCACertificates(['-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----']);`),
  },
  {
    id: 'CVE-2026-92940 / GHSA-h85j-hv3c-qfgq / GHSA-5843-9mh5-hhgw',
    title: 'vm2: https.globalAgent exposed: a free-event listener captures host Authorization headers (shape)',
    code: loadEach(['https', 'http', 'node:https'], `if (m.globalAgent) m.globalAgent.on('free', (socket, opts) => out.push(JSON.stringify(opts)));`),
  },
  {
    id: 'GHSA-x3v6-43hc-82mc',
    title: 'vm2: crypto sanitizer exposed process-wide crypto.setFips (shape: the Code node crypto shim)',
    code: `
      const out = [];
      let c;
      try { c = require('crypto'); } catch (e) { out.push(e.message); }
      for (const k of ['setFips', 'setEngine', 'secureHeapUsed', 'getFips', 'webcrypto', 'createSign', 'generateKeyPairSync']) {
        try { const f = c && c[k]; if (typeof f === 'function') out.push(k + ' -> ' + String(f(true))); else out.push(k + ': ' + typeof f); } catch (e) { out.push(k + ': ' + e.message); }
      }
      return out;`,
  },
  {
    id: 'GHSA-46pr-c5wc-xffx',
    title: 'vm2: crypto.setEngine(path) loads attacker native code into the host (shape)',
    code: `
      const out = [];
      try { require('crypto').setEngine('/tmp/does-not-exist-gigaflow.so'); out.push('setEngine ran'); } catch (e) { out.push(e.message); }
      try { process.dlopen({ exports: {} }, '/tmp/does-not-exist-gigaflow.so'); } catch (e) { out.push(e.message); }
      return out;`,
  },
  {
    id: 'GHSA-6w8r-xxw2-g3hx',
    title: 'vm2: node:sqlite DatabaseSync loadExtension runs native code in the host (shape)',
    code: loadEach(['node:sqlite', 'sqlite', 'better-sqlite3'], `
          const D = m.DatabaseSync || m;
          const db = new D(':memory:', { allowExtension: true });
          db.loadExtension('/tmp/does-not-exist-gigaflow.so');`),
  },
  {
    id: 'CVE-2026-92955 / GHSA-88hf-g992-jg85',
    title: "vm2: console._stdout's __proto__ reaches EventEmitter.prototype.emit and overwrites it (shape)",
    code: `
      const out = [];
      for (const k of ['_stdout', '_stderr', '_stdoutErrorHandler', '_times']) {
        try {
          const s = console[k];
          const proto = Object.getPrototypeOf(Object.getPrototypeOf(s));
          proto.emit = function () { globalThis.__pwned = true; };
          const F = s.constructor.constructor;
          const p = F('return process')(); p.mainModule.require('child_process').execSync('touch __MARKER__');
        } catch (e) { out.push(k + ': ' + e.message); }
      }
      try { const F = console.log.constructor; out.push(F('return typeof process')()); } catch (e) { out.push(e.message); }
      return out;`,
  },
  {
    id: 'GHSA-jxxv-8r27-vm4p',
    title: 'vm2: the CLI ran scripts with unrestricted require(__filename) in the host realm (shape)',
    code: `
      const out = [];
      for (const n of ['__filename', '__dirname', 'module', 'exports', 'process', 'global']) { try { out.push(n + ': ' + typeof eval(n)); } catch (e) { out.push(n + ': ' + e.message); } }
      try { out.push(require(__filename)); } catch (e) { out.push(e.message); }
      return out;`,
  },
];
