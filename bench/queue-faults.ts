// bench:queue-faults — queue mode under infrastructure faults, at volume (issue 13): a main and two
// workers (real processes, PostgreSQL, Redis), half lastNode and half onReceived webhooks whose
// run calls a counting HTTP sink.
//   redis: the private redis-server is SIGKILLed a third of the way in and started again, empty,
//          after 1.5 s (every queued job is gone);
//   pg:    every backend of the database is killed at 25 %, 50 % and 75 % of the calls, and new
//          connections are refused for 3 s at 90 %.
// Prints accepted, answered, success rows, duplicates, lost, stuck and the time until a new
// execution succeeded after each fault. Exits 1 when an execution was lost or stuck.
// Usage: npm run bench:queue-faults [-- --total 2000 --in-flight 64 --only redis|pg --logs DIR]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startCoordinationCluster } from '../test/integration/queue/coordination-cluster.ts';
import type { CoordinationCluster, Proc } from '../test/integration/queue/coordination-cluster.ts';
import { audit, fireLoad, killBackends, recoveryMs, refuseConnections, settle, sinkWorkflow, startPrivateRedis, startSink } from '../test/integration/queue/faults-harness.ts';
import type { Audit, Sink } from '../test/integration/queue/faults-harness.ts';

const { values } = parseArgs({ options: { total: { type: 'string', default: '2000' }, 'in-flight': { type: 'string', default: '64' }, only: { type: 'string' }, logs: { type: 'string' } } });
const total = Number(values.total);
const inFlight = Number(values['in-flight']);
const ENV = { GIGAFLOW_HTTP_ALLOW_PRIVATE: 'true', GIGAFLOW_QUEUE_ORPHAN_SWEEP_MS: '2000', GIGAFLOW_QUEUE_LEADER_TTL_MS: '3000', GIGAFLOW_QUEUE_RESPONSE_TIMEOUT_MS: '30000' };
/** Time until a new execution succeeded after a fault; -1 when none did within a minute (reported, not thrown). */
const recovery = (url: string, path: string, tag: string) => recoveryMs(url, path, tag).catch(() => -1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function cluster(env: Record<string, string>, sink: Sink): Promise<{ cluster: CoordinationCluster; main: Proc }> {
  const c = await startCoordinationCluster({ env: { ...ENV, ...env } });
  try {
    const main = await c.startMain();
    for (const [path, mode] of [['fault-sync', 'lastNode'], ['fault-async', 'onReceived']] as const) {
      const created = await c.api(main, '/api/v1/workflows', { method: 'POST', body: JSON.stringify(sinkWorkflow(path, sink.url, mode)) });
      const { id } = (await created.json()) as { id: string };
      const activated = await c.api(main, `/api/v1/workflows/${id}/activate`, { method: 'POST' });
      if (!created.ok || !activated.ok) throw new Error(`could not deploy ${path}: ${created.status}/${activated.status}`);
    }
    await c.startWorker(10);
    await c.startWorker(10);
    return { cluster: c, main };
  } catch (err) {
    await c.stop(); // no process outlives a failed start
    throw err;
  }
}

interface Outcome {
  scenario: string;
  audit: Audit;
  recoveries: { fault: string; ms: number }[];
  seconds: number;
  exited: string[];
}

async function scenario(name: string, env: Record<string, string>, faults: (ctx: { main: Proc; cluster: CoordinationCluster; at: (fraction: number) => Promise<void> }) => Promise<{ fault: string; ms: number }[]>, teardown?: () => Promise<void>): Promise<Outcome> {
  const sink = await startSink();
  const { cluster: c, main } = await cluster(env, sink);
  try {
    let sent = 0;
    const waiters: { at: number; resolve: () => void }[] = [];
    const at = (fraction: number) => new Promise<void>((resolve) => waiters.push({ at: Math.floor(total * fraction), resolve }));
    const t0 = Date.now();
    const recoveries = faults({ main, cluster: c, at });
    const answers = await fireLoad({
      baseUrl: main.url!,
      syncPath: 'fault-sync',
      asyncPath: 'fault-async',
      total,
      inFlight,
      tag: name,
      onSent: (i) => {
        sent = i;
        for (const w of waiters.filter((x) => x.at <= sent)) w.resolve();
      },
    });
    for (const w of waiters) w.resolve(); // a fault not reached yet still runs (after the load)
    const measured = await recoveries;
    await settle(c.db.url, 120_000);
    const seconds = (Date.now() - t0) / 1000;
    return { scenario: name, audit: await audit(c.db.url, answers, sink, name), recoveries: measured, seconds, exited: [...c.mains, ...c.workers].filter((p) => p.child.exitCode !== null).map((p) => p.output().slice(-2000)) };
  } finally {
    // --logs DIR: every process's output, to see what happened during a fault.
    if (values.logs) for (const [i, p] of [...c.mains, ...c.workers].entries()) writeFileSync(join(values.logs, `${name}-${i === 0 ? 'main' : `worker${i}`}.log`), p.output());
    await c.stop();
    await sink.close();
    await teardown?.();
  }
}

const outcomes: Outcome[] = [];
if (!values.only || values.only === 'redis') {
  const redis = await startPrivateRedis();
  outcomes.push(
    await scenario(
      'redis',
      { GIGAFLOW_REDIS_URL: redis.url },
      async ({ main, at }) => {
        await at(1 / 3);
        await redis.kill();
        await sleep(1500);
        await redis.start();
        return [{ fault: 'redis SIGKILL + restart after 1.5 s', ms: await recovery(main.url!, 'fault-sync', 'redis-recovery') }];
      },
      () => redis.stop(),
    ),
  );
}
if (!values.only || values.only === 'pg') {
  outcomes.push(
    await scenario('pg', {}, async ({ main, cluster: c, at }) => {
      const out: { fault: string; ms: number }[] = [];
      for (const [i, fraction] of [0.25, 0.5, 0.75].entries()) {
        await at(fraction);
        const killed = await killBackends(c.db.name);
        out.push({ fault: `kill ${killed} backends (#${i + 1})`, ms: await recovery(main.url!, 'fault-sync', `pg-recovery${i}`) });
      }
      await at(0.9);
      await refuseConnections(c.db.name, 3000);
      out.push({ fault: 'connections refused for 3 s (counted from its end)', ms: await recovery(main.url!, 'fault-sync', 'pg-recovery-outage') });
      return out;
    }),
  );
}

let failed = false;
for (const o of outcomes) {
  const a = o.audit;
  console.log(`\n== ${o.scenario}: ${a.fired} calls, ${inFlight} in flight, ${o.seconds.toFixed(1)} s (incl. settling)`);
  console.log(`answers by status: ${JSON.stringify(a.answers)}`);
  console.log(`accepted ${a.accepted} | success rows ${a.rows.success ?? 0} | rows ${JSON.stringify(a.rows)}`);
  console.log(`lost ${a.lost.length} | stuck ${a.stuck.length} | duplicate rows ${a.duplicateRows.length} | duplicate side effects ${a.duplicateEffects.length} | unclear answers ${a.unclear.length}`);
  for (const r of o.recoveries) console.log(`recovery after ${r.fault}: ${r.ms} ms until a new execution succeeded`);
  if (a.unclear.length) console.log(`unclear answers (first 3): ${JSON.stringify(a.unclear.slice(0, 3))}`);
  if (a.lost.length) console.log(`lost (first 10): ${a.lost.slice(0, 10).join(', ')}`);
  if (a.stuck.length) console.log(`stuck (first 10): ${a.stuck.slice(0, 10).join(', ')}`);
  for (const out of o.exited) console.log(`a process exited:\n${out}`);
  if (a.lost.length || a.stuck.length || o.exited.length || o.recoveries.some((r) => r.ms < 0)) failed = true;
}
process.exit(failed ? 1 : 0);
