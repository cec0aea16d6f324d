// bench:soak — a long run at a steady webhook rate on the real host (single process, SQLite, every
// execution saved, pruning on), checking that memory stays flat, storage stays bounded and nothing
// fails. Phase 1 measures the maximum rate (closed loop); phase 2 offers half of it on a fixed
// schedule (open loop) for --minutes, sampling the host's RSS and SQLite files every 5 s.
// Usage: npm run bench:soak [-- --minutes 10 --connections 32 --max-count 5000 --prune-minutes 1]
//        (--rate N skips phase 1 and offers N req/s; under 5 min the RSS rule is printed, not judged)
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startHost } from './soak/host-process.ts';
import { type Failure, type MinuteStats, closedLoop, createClient, openLoop } from './soak/load.ts';
import { heapUsedBytes, rssBytes, sqliteSizes } from './soak/probes.ts';
import { mb, quantile, slope } from './soak/stats.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    'measure-seconds': { type: 'string', default: '20' },
    'warmup-minutes': { type: 'string' },
    'max-count': { type: 'string', default: '5000' },
    'prune-minutes': { type: 'string', default: '1' },
    rate: { type: 'string' },
  },
});
const minutes = Number(values.minutes);
const connections = Number(values.connections);
const measureSeconds = Number(values['measure-seconds']);
// 2 min on a 10-min run (JIT, caches and SQLite's page cache fill up first); less on a quick check.
const warmupMinutes = values['warmup-minutes'] !== undefined ? Number(values['warmup-minutes']) : Math.min(2, minutes * 0.3);
const SAMPLE_MS = 5000;
const RSS_GROWTH_LIMIT = 0.1;
/** Shorter runs print the RSS slope but do not fail on it: V8 and SQLite's caches still grow then. */
const MIN_JUDGED_MINUTES = 5;
const STORAGE_GROWTH_LIMIT = 1.25;
for (const [name, v] of Object.entries({ minutes, connections, measureSeconds, warmupMinutes })) {
  if (!Number.isFinite(v) || v < 0 || (name !== 'warmupMinutes' && v === 0)) throw new Error(`--${name} must be a positive number, got ${v}`);
}

const root = new URL('..', import.meta.url).pathname;
// Two orders alternate so both branches run: total 13.5 (If false → Respond Small) and 249 (Code → Respond Large).
const bodies = [
  { customer: 'Ada', lines: [{ sku: 'ONT-1', qty: 3, price: 4.5 }] },
  { customer: 'Grace', lines: [{ sku: 'ONT-1', qty: 2, price: 4.5 }, { sku: 'RTR-7', qty: 4, price: 60 }] },
].map((b) => JSON.stringify(b));
const answersOk = (text: string): boolean => {
  try {
    return (JSON.parse(text) as { status?: string }).status === 'accepted';
  } catch {
    return false;
  }
};

interface Sample {
  atMin: number;
  rss: number;
  /** V8 heap in use: tells a heap that grows (a leak) from RSS that V8 or SQLite just has not returned. */
  heap: number;
  db: number;
  wal: number;
}

const host = await startHost(join(root, 'bench/fixtures/soak-order.json'), {
  GIGAFLOW_EXECUTIONS_MAX_COUNT: values['max-count'],
  GIGAFLOW_PRUNE_INTERVAL_MINUTES: values['prune-minutes'],
});
const client = createClient(`${host.url}/webhook/soak`, { maxSockets: connections, timeoutMs: 10_000, expect: answersOk });
const failures: string[] = [];
try {
  for (const body of bodies) {
    const res = await fetch(`${host.url}/webhook/soak`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await res.text();
    console.log(`host answer: ${res.status} ${text}`);
    if (!res.ok || !answersOk(text)) throw new Error(`the soak workflow answered ${res.status} ${text}`);
  }

  let rate = Number(values.rate);
  let phase1Failures = 0;
  if (values.rate === undefined) {
    await closedLoop(client, bodies, connections, 5); // warm-up, not measured
    const max = await closedLoop(client, bodies, connections, measureSeconds);
    phase1Failures = max.failures;
    rate = Math.max(1, Math.round(max.rate / 2));
    console.log(`phase 1: max ${max.rate.toFixed(0)} req/s closed loop (${connections} connections, ${measureSeconds} s, ${max.failures} failures) → phase 2 at ${rate} req/s`);
  } else console.log(`phase 2 at --rate ${rate} req/s (phase 1 skipped)`);
  if (phase1Failures) failures.push(`${phase1Failures} failed requests while measuring the maximum rate`);

  const samples: Sample[] = [];
  const started = performance.now();
  const sample = async (): Promise<void> => {
    const atMin = (performance.now() - started) / 60_000;
    try {
      const rss = rssBytes(host.pid);
      samples.push({ atMin, rss, heap: await heapUsedBytes(host.url), ...sqliteSizes(host.dbPath) });
    } catch {
      // the host is gone; host.exited() reports it
    }
  };
  await sample();
  const sampler = setInterval(() => void sample(), SAMPLE_MS);
  const run = await openLoop(client, bodies, rate, minutes * 60);
  clearInterval(sampler);
  await sample();
  const exited = host.exited();
  if (exited) failures.push(exited);

  // Per-minute table.
  const errorsOf = (m: MinuteStats): number => Object.values(m.failures).reduce((a, b) => a + b, 0);
  const inMinute = (i: number): Sample[] => samples.filter((s) => s.atMin >= i && s.atMin <= i + 1);
  const range = (xs: number[]): string => (xs.length ? `${mb(Math.min(...xs)).padStart(6)}–${mb(Math.max(...xs)).padEnd(6)}` : '     –       ');
  console.log(`\nSoak: ${rate} req/s open loop for ${minutes} min; pruning every ${values['prune-minutes']} min to ${values['max-count']} executions`);
  console.log('min    sent      ok  errors  p50 ms  p99 ms   RSS MB (min–max)  heap MB (min–max)   DB MB (min–max)   WAL MB max');
  run.minutes.forEach((m, i) => {
    const s = inMinute(i);
    const cells = [
      String(i + 1).padStart(3),
      String(m.sent).padStart(7),
      String(m.ok).padStart(7),
      String(errorsOf(m)).padStart(7),
      quantile(m.latencies, 0.5).toFixed(1).padStart(7),
      quantile(m.latencies, 0.99).toFixed(1).padStart(7),
      `  ${range(s.map((x) => x.rss))}`,
      `  ${range(s.map((x) => x.heap).filter(Number.isFinite))}`,
      `   ${range(s.map((x) => x.db))}`,
      `  ${(s.length ? mb(Math.max(...s.map((x) => x.wal))) : '–').padStart(8)}`,
    ];
    console.log(cells.join(' '));
  });
  const all = run.minutes.flatMap((m) => m.latencies);
  const failureKinds = run.minutes.reduce<Record<string, number>>((acc, m) => {
    for (const [k, v] of Object.entries(m.failures) as [Failure, number][]) acc[k] = (acc[k] ?? 0) + v;
    return acc;
  }, {});
  const errors = Object.values(failureKinds).reduce((a, b) => a + b, 0);
  const sent = run.minutes.reduce((a, m) => a + m.sent, 0);
  console.log(['all', ...[sent, sent - errors, errors].map((x) => String(x).padStart(7)), ...[0.5, 0.99].map((q) => quantile(all, q).toFixed(1).padStart(7))].join(' '));
  console.log(`failures by kind: ${JSON.stringify(failureKinds)}; the sender fell behind its schedule by at most ${run.maxSendLagMs.toFixed(0)} ms`);
  if (errors) failures.push(`${errors} failed requests during the soak ${JSON.stringify(failureKinds)}`);

  // RSS flat: least-squares slope after the warm-up, projected over the run's length.
  const steady = samples.filter((s) => s.atMin >= warmupMinutes);
  if (steady.length < 3) failures.push(`too few RSS samples after the ${warmupMinutes}-min warm-up (${steady.length})`);
  else {
    const rssSlope = slope(steady.map((s) => ({ x: s.atMin, y: s.rss })));
    const meanRss = steady.reduce((a, s) => a + s.rss, 0) / steady.length;
    const projected = rssSlope * minutes;
    const judged = minutes >= MIN_JUDGED_MINUTES;
    const rssOk = !judged || projected < RSS_GROWTH_LIMIT * meanRss;
    console.log(
      `RSS after the ${warmupMinutes.toFixed(1)}-min warm-up: ${mb(Math.min(...steady.map((s) => s.rss)))}–${mb(Math.max(...steady.map((s) => s.rss)))} MB, ` +
        `slope ${(rssSlope / 1024 / 1024).toFixed(2)} MB/min (${steady.length} samples)`,
    );
    const heaps = steady.filter((s) => Number.isFinite(s.heap));
    if (heaps.length >= 3) console.log(`V8 heap used after the warm-up: ${mb(Math.min(...heaps.map((s) => s.heap)))}–${mb(Math.max(...heaps.map((s) => s.heap)))} MB, slope ${(slope(heaps.map((s) => ({ x: s.atMin, y: s.heap }))) / 1024 / 1024).toFixed(2)} MB/min`);
    const verdict = judged ? (rssOk ? 'pass' : 'FAIL') : `not judged (a run under ${MIN_JUDGED_MINUTES} min is mostly warm-up)`;
    console.log(`  rule: slope × ${minutes} min (${mb(projected)} MB) < ${RSS_GROWTH_LIMIT * 100} % of mean RSS (${mb(meanRss)} MB) → ${verdict}`);
    if (!rssOk) failures.push(`RSS grows ${mb(rssSlope)} MB/min`);

    // Storage bounded: the second half's peak (file + WAL) is no higher than the first half's.
    const mid = (warmupMinutes + minutes) / 2;
    const peak = (xs: Sample[]): number => Math.max(0, ...xs.map((s) => s.db + s.wal));
    const [early, late] = [peak(steady.filter((s) => s.atMin < mid)), peak(steady.filter((s) => s.atMin >= mid))];
    const storageOk = late <= early * STORAGE_GROWTH_LIMIT;
    console.log(`  rule: peak SQLite file + WAL after ${mid.toFixed(1)} min (${mb(late)} MB) ≤ ${STORAGE_GROWTH_LIMIT} × the peak before (${mb(early)} MB) → ${storageOk ? 'pass' : 'FAIL'}`);
    if (!storageOk) failures.push(`SQLite storage keeps growing (${mb(early)} → ${mb(late)} MB)`);
  }
  const last = samples[samples.length - 1];
  if (last) console.log(`at the end: SQLite file ${mb(last.db)} MB, WAL ${mb(last.wal)} MB, RSS ${mb(last.rss)} MB`);
  const rssClaim = minutes >= MIN_JUDGED_MINUTES ? 'RSS flat' : 'RSS not judged';
  console.log(failures.length ? `\nSOAK FAIL: ${failures.join('; ')}` : `\nSOAK PASS: ${sent} requests at ${rate} req/s over ${minutes} min, 0 errors, ${rssClaim}, storage bounded`);
} catch (err) {
  failures.push((err as Error).message);
  console.log(`\nSOAK FAIL: ${(err as Error).message}`);
} finally {
  client.close();
  await host.stop();
}
process.exitCode = failures.length ? 1 : 0;
