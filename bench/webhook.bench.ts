// bench:webhook — Webhook → Set (2 expressions) → respond on the real host (SQLite, every execution
// saved, expressions sandboxed) against a bare Express handler doing the same, in the same run.
// Usage: npm run bench:webhook [-- --duration 15 --connections 32]
import { fork, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '15' }, connections: { type: 'string', default: '32' } } });
const duration = Number(values.duration);
const connections = Number(values.connections);
const root = new URL('..', import.meta.url).pathname;
const body = JSON.stringify({ name: 'Ada', qty: 3, price: 4.5 });

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, startedAt: number): Promise<number> {
  for (;;) {
    try {
      if ((await fetch(url)).ok) return performance.now() - startedAt;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function load(url: string) {
  const result = await autocannon({ url, connections, duration, method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx, total: result.requests.total };
}

const dataDir = mkdtempSync(join(tmpdir(), 'gigaflow-bench-'));
const env = { ...process.env, GIGAFLOW_DATA_DIR: dataDir, GIGAFLOW_LOG_LEVEL: 'warn', GIGAFLOW_TEMPLATES_DIR: join(dataDir, 'no-templates') };
try {
  const imported = spawnSync(process.execPath, [join(root, 'host/cli/bin.ts'), 'import', join(root, 'bench/fixtures/webhook-set.json'), '--activate'], { env, encoding: 'utf8' });
  if (imported.status !== 0) throw new Error(`import failed: ${imported.stderr}`);

  const port = await freePort();
  const t0 = performance.now();
  const host = spawn(process.execPath, [join(root, 'host/cli/bin.ts'), 'start'], { env: { ...env, GIGAFLOW_PORT: String(port), GIGAFLOW_HOST: '127.0.0.1' }, stdio: 'inherit' });
  const startupMs = await waitReady(`http://127.0.0.1:${port}/readyz`, t0);
  const check = await fetch(`http://127.0.0.1:${port}/webhook/bench`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  console.log('host answer:', check.status, await check.text());
  await load(`http://127.0.0.1:${port}/webhook/bench`); // warm-up is not measured: first `duration` s
  const gigaflow = await load(`http://127.0.0.1:${port}/webhook/bench`);
  host.kill('SIGTERM');

  const basePort = await freePort();
  const base = fork(join(root, 'bench/baseline-express.ts'), { env: { ...process.env, PORT: String(basePort) } });
  await new Promise((r) => base.once('message', r));
  await load(`http://127.0.0.1:${basePort}/webhook/bench`);
  const express = await load(`http://127.0.0.1:${basePort}/webhook/bench`);
  base.kill('SIGTERM');

  const row = (name: string, r: Awaited<ReturnType<typeof load>>) =>
    `${name.padEnd(22)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   errors ${r.errors}`;
  console.log(`\nWebhook → Set (2 expressions) → respond, ${connections} connections, ${duration} s (after an equal warm-up)`);
  console.log(row('gigaflow (saved)', gigaflow));
  console.log(row('bare express', express));
  const ratio = gigaflow.rps / express.rps;
  console.log(`ratio gigaflow/express: ${ratio.toFixed(2)}`);
  console.log(`start to /readyz: ${startupMs.toFixed(0)} ms`);
  console.log('\nTargets (issue 2):');
  console.log(`  ≥ 5,000 req/s ............ ${gigaflow.rps >= 5000 ? 'met' : 'NOT met'}`);
  console.log(`  ≥ 1/3 of bare express .... ${ratio >= 1 / 3 ? 'met' : 'NOT met'}`);
  console.log(`  p99 ≤ 20 ms .............. ${gigaflow.p99 <= 20 ? 'met' : 'NOT met'}`);
  console.log(`  start to /readyz ≤ 1.5 s . ${startupMs <= 1500 ? 'met' : 'NOT met'}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
