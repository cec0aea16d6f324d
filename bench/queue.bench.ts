// bench:queue — queue mode end to end: lastNode webhooks (Webhook → Set → answer) through a main,
// BullMQ on Redis and 1 then 2 workers (real processes, shared database, every execution saved).
// Each answered request is an execution a worker finished, so req/s = executions/s.
// Usage: npm run bench:queue [-- --duration 10 --connections 64 --concurrency 20]
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startCluster } from '../test/integration/queue/cluster.ts';

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '64' }, concurrency: { type: 'string', default: '20' } },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const concurrency = Number(values.concurrency);
const body = JSON.stringify({ requestId: 'bench' });

async function load(url: string, seconds: number) {
  const result = await autocannon({ url, connections, duration: seconds, method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx, total: result.requests.total };
}

async function measure(workers: number) {
  const cluster = await startCluster({ workers, concurrency, fixtures: ['echo-last-node.json'], env: { GIGAFLOW_LOG_LEVEL: 'info' } });
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

const one = await measure(1);
const two = await measure(2);
const row = (name: string, r: Awaited<ReturnType<typeof measure>>) =>
  `${name.padEnd(22)} ${r.rps.toFixed(0).padStart(8)} exec/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   errors ${r.errors}   total ${r.total}`;
console.log(`\nQueue mode: lastNode webhook → Set → answer via Redis, ${connections} connections, ${duration} s (after a warm-up), worker concurrency ${concurrency}`);
console.log(row('1 worker', one));
console.log(row('2 workers', two));
const ratio = two.rps / one.rps;
console.log(`ratio 2 workers / 1 worker: ${ratio.toFixed(2)}`);
console.log('\nTargets (issue 11):');
console.log(`  ≥ 2,000 exec/s with 2 workers ... ${two.rps >= 2000 ? 'met' : 'NOT met'} (${two.rps.toFixed(0)})`);
console.log(`  errors ........................... ${one.errors + two.errors === 0 ? 'none' : one.errors + two.errors}`);
