// bench:queue — queue mode end to end: lastNode webhooks (Webhook → Set → answer) through a main,
// BullMQ on Redis and 1 then 2 workers (real processes, shared database, every execution saved).
// Each answered request is an execution a worker finished, so req/s = executions/s.
// Baseline in the same run: the floor (bench/queue-floor.ts), the same path with no Gigaflow code.
// Usage: npm run bench:queue [-- --duration 10 --connections 64 --concurrency 20 --profile DIR]
// (--profile: every Gigaflow process writes a V8 CPU profile into DIR)
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { closedPort } from '../test/helpers/ports.ts';
import { startCluster } from '../test/integration/queue/cluster.ts';
import { cpuSplit } from './cpu-split.ts';
import { startFloor } from './queue-floor.ts';

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '64' }, concurrency: { type: 'string', default: '20' }, profile: { type: 'string' } },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const concurrency = Number(values.concurrency);
const body = JSON.stringify({ requestId: 'bench' });

async function load(url: string, seconds: number) {
  let result!: autocannon.Result;
  const split = await cpuSplit(async () => {
    result = await autocannon({ url, connections, duration: seconds, method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return result.requests.total;
  });
  return { split, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx, total: result.requests.total };
}

async function measure(workers: number, floor = false) {
  const cluster = floor
    ? await startFloor({ workers, concurrency, port: await closedPort() })
    : await startCluster({ workers, concurrency, fixtures: ['echo-last-node.json'], env: { GIGAFLOW_LOG_LEVEL: 'info', ...(values.profile ? { GIGAFLOW_CPU_PROFILE_DIR: values.profile } : {}) } });
  try {
    const url = `${cluster.url}/webhook/echo`;
    const check = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (check.status !== 200) throw new Error(`webhook answered ${check.status}: ${await check.text()}`);
    await load(url, Math.max(3, Math.round(duration / 3))); // warm-up, not measured
    return await load(url, duration);
  } finally {
    await cluster.stop();
  }
}

const floorOne = await measure(1, true);
const floorTwo = await measure(2, true);
const one = await measure(1);
const two = await measure(2);
const row = (name: string, r: Awaited<ReturnType<typeof measure>>, floor?: Awaited<ReturnType<typeof measure>>) =>
  `${name.padEnd(22)} ${r.rps.toFixed(0).padStart(8)} exec/s${floor ? ` (${(r.rps / floor.rps).toFixed(2)} of the floor)` : ''}   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   errors ${r.errors}   total ${r.total}`;
console.log(`\nQueue mode: lastNode webhook → Set → answer via Redis, ${connections} connections, ${duration} s (after a warm-up), worker concurrency ${concurrency}`);
console.log(row('floor, 1 worker', floorOne));
console.log(row('floor, 2 workers', floorTwo));
console.log(row('1 worker', one, floorOne));
console.log(row('2 workers', two, floorTwo));
const ratio = two.rps / one.rps;
console.log(`ratio 2 workers / 1 worker: ${ratio.toFixed(2)}`);
console.log('\nCPU per execution (ms, all processes of each role; 2 cores = 2 ms of CPU per ms):');
const roles = [...new Set([floorOne, floorTwo, one, two].flatMap((r) => r.split.map((x) => x.role)))];
const cpuOf = (r: Awaited<ReturnType<typeof measure>>, role: string) => (r.split.find((x) => x.role === role)?.msPerRequest ?? 0).toFixed(3).padStart(9);
console.log(`${''.padEnd(16)}${['floor 1w', 'floor 2w', '1 worker', '2 workers'].map((h) => h.padStart(9)).join(' ')}`);
for (const role of [...roles, 'total']) {
  const cells = [floorOne, floorTwo, one, two].map((r) => (role === 'total' ? r.split.reduce((n, x) => n + x.msPerRequest, 0).toFixed(3).padStart(9) : cpuOf(r, role)));
  console.log(`${role.padEnd(16)}${cells.join(' ')}`);
}
console.log('\nTargets (issue 11):');
console.log(`  ≥ 2,000 exec/s with 2 workers ... ${two.rps >= 2000 ? 'met' : 'NOT met'} (${two.rps.toFixed(0)})`);
console.log(`  errors ........................... ${one.errors + two.errors === 0 ? 'none' : one.errors + two.errors}`);
console.log(`  the floor itself with 2 workers ... ${floorTwo.rps.toFixed(0)} exec/s (${floorTwo.rps >= 2000 ? 'reaches' : 'below'} 2,000 on this machine)`);
