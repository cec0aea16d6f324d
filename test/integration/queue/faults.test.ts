// Queue mode under infrastructure faults (issue 13), with real processes: a main and two workers.
// (a) Redis SIGKILLed mid-flow and started again empty (no persistence: every queued job is gone);
// (b) every PostgreSQL backend of the database killed a few times, then connections refused for
// 2 s. After each, every execution the host accepted ends `success` exactly once (one row, no row
// left new/running), callers got their answer or a clear 503/504, no process exited, and new
// executions work. (c) A `running` row whose job was lost with Redis is enqueued again only once
// its worker is gone too (no alive key), never beside a live run. A fake HTTP sink counts each
// execution's side effect.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresStorage } from '../../../host/storage/postgres/index.ts';
import { createTestDatabase } from '../../helpers/postgres.ts';
import { startCoordinationCluster, waitFor } from './coordination-cluster.ts';
import { logLines } from './cluster.ts';
import type { CoordinationCluster, Proc } from './coordination-cluster.ts';
import { audit, call, executionRows, fireLoad, killBackends, recoveryMs, refuseConnections, refuseConnectionsUntil, settle, sinkWorkflow, startPrivateRedis, startSink } from './faults-harness.ts';
import type { Answer, PrivateRedis, Sink } from './faults-harness.ts';

const ENV = {
  GIGAFLOW_HTTP_ALLOW_PRIVATE: 'true', // the sink is on 127.0.0.1
  // Rows whose job vanished with Redis are enqueued again after this long.
  GIGAFLOW_QUEUE_ORPHAN_SWEEP_MS: '1000',
  GIGAFLOW_QUEUE_LEADER_TTL_MS: '1500',
  GIGAFLOW_QUEUE_RESPONSE_TIMEOUT_MS: '20000',
  GIGAFLOW_QUEUE_BACKOFF_MS: '300',
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
  cleanup = [];
});

async function setUp(env: Record<string, string>, workers = 2): Promise<{ cluster: CoordinationCluster; main: Proc; sink: Sink }> {
  const sink = await startSink();
  cleanup.push(() => sink.close());
  const cluster = await startCoordinationCluster({ env: { ...ENV, ...env } });
  cleanup.push(() => cluster.stop());
  const main = await cluster.startMain();
  for (const [path, mode] of [['fault-sync', 'lastNode'], ['fault-async', 'onReceived']] as const) {
    const created = await cluster.api(main, '/api/v1/workflows', { method: 'POST', body: JSON.stringify(sinkWorkflow(path, sink.url, mode)) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await cluster.api(main, `/api/v1/workflows/${id}/activate`, { method: 'POST' })).status).toBe(200);
  }
  for (let i = 0; i < workers; i++) await cluster.startWorker(8);
  return { cluster, main, sink };
}

/** A 504 names its execution, and that execution still ended `success`. */
async function expectTimeoutsNameFinishedExecutions(answers: Answer[], databaseUrl: string): Promise<void> {
  const success = new Set((await executionRows(databaseUrl)).filter((r) => r.status === 'success').map((r) => r.id));
  for (const a of answers.filter((x) => x.status === 504)) {
    const id = /execution (\S+)/.exec((a.body as { message: string }).message)?.[1];
    expect(id && success.has(id), `504 for ${a.requestId}: ${JSON.stringify(a.body)}`).toBe(true);
  }
}

function expectAlive(cluster: CoordinationCluster): void {
  for (const p of [...cluster.mains, ...cluster.workers]) expect(p.child.exitCode, p.output().slice(-3000)).toBeNull();
}

describe('queue mode faults', () => {
  it('recovers from a Redis restart that loses every job: no accepted execution lost, doubled or stuck', { timeout: 180_000 }, async () => {
    const redis: PrivateRedis = await startPrivateRedis();
    cleanup.push(() => redis.stop());
    const { cluster, main, sink } = await setUp({ GIGAFLOW_REDIS_URL: redis.url });
    let fault: Promise<void> | undefined;
    const answers = await fireLoad({
      baseUrl: main.url!,
      syncPath: 'fault-sync',
      asyncPath: 'fault-async',
      total: 160,
      inFlight: 16,
      tag: 'redis',
      onSent: (i) => {
        if (i === 50)
          fault = (async () => {
            await redis.kill();
            await sleep(1500);
            await redis.start();
          })();
      },
    });
    await fault;
    await settle(cluster.db.url, 60_000);
    const result = await audit(cluster.db.url, answers, sink, 'redis');
    expect(result.unclear).toEqual([]);
    expect(result.lost).toEqual([]);
    expect(result.stuck).toEqual([]);
    expect(result.duplicateRows).toEqual([]);
    expect(result.duplicateEffects).toEqual([]);
    expect(result.accepted).toBe(160 - (result.answers['503'] ?? 0));
    expect(result.rows.success).toBeGreaterThanOrEqual(result.accepted);
    await expectTimeoutsNameFinishedExecutions(answers, cluster.db.url);
    expectAlive(cluster);
    // New executions work after recovery (through the restarted Redis: new jobs, replies, leader).
    expect(await recoveryMs(main.url!, 'fault-sync', 'redis-after')).toBeLessThan(30_000);
    expectAlive(cluster);
  });

  it('survives PostgreSQL connections killed and refused: clear 503s, every accepted execution finishes once', { timeout: 180_000 }, async () => {
    const { cluster, main, sink } = await setUp({});
    const faults: Promise<unknown>[] = [];
    const answers = await fireLoad({
      baseUrl: main.url!,
      syncPath: 'fault-sync',
      asyncPath: 'fault-async',
      total: 160,
      inFlight: 16,
      tag: 'pg',
      onSent: (i) => {
        if (i === 30 || i === 60 || i === 90) faults.push(killBackends(cluster.db.name));
        if (i === 115) faults.push(refuseConnections(cluster.db.name, 2000));
      },
    });
    const killed = await Promise.all(faults);
    expect(killed.slice(0, 3).every((n) => (n as number) > 0)).toBe(true);
    await settle(cluster.db.url, 60_000);
    const result = await audit(cluster.db.url, answers, sink, 'pg');
    expect(result.unclear).toEqual([]);
    for (const a of answers.filter((x) => x.status === 503)) expect((a.body as { error: string; message: string }).message).toMatch(/execution|database|PostgreSQL/i);
    expect(result.lost).toEqual([]);
    expect(result.stuck).toEqual([]);
    expect(result.duplicateRows).toEqual([]);
    expect(result.accepted).toBeGreaterThan(0);
    await expectTimeoutsNameFinishedExecutions(answers, cluster.db.url);
    expectAlive(cluster);
    expect(await recoveryMs(main.url!, 'fault-sync', 'pg-after')).toBeLessThan(30_000);
    expectAlive(cluster);
  });

  it('an onReceived webhook during a database outage longer than the retry window answers 503, never a 200 for a run that was not stored', { timeout: 120_000 }, async () => {
    const { cluster, main } = await setUp({}, 1);
    const during = await refuseConnectionsUntil(cluster.db.name, async () => {
      await killBackends(cluster.db.name);
      return call(main.url!, 'fault-async', 'outage-1', 'async');
    });
    expect(during.status, JSON.stringify(during.body)).toBe(503);
    expect((during.body as { message: string }).message).toMatch(/Could not store execution \S+ of workflow/);
    const after = await call(main.url!, 'fault-async', 'outage-2', 'async');
    expect(after.status).toBe(200);
    await settle(cluster.db.url, 30_000);
    const rows = await executionRows(cluster.db.url);
    expect(rows.map((r) => r.status)).toEqual(['success']);
    expectAlive(cluster);
  });

  it('re-enqueues a running execution whose job vanished with Redis only once no worker renews it', { timeout: 180_000 }, async () => {
    const redis: PrivateRedis = await startPrivateRedis();
    cleanup.push(() => redis.stop());
    const { cluster, main, sink } = await setUp({ GIGAFLOW_REDIS_URL: redis.url }, 0);
    const first = await cluster.startWorker(4);
    const rowOf = async (requestId: string) => (await executionRows(cluster.db.url)).find((r) => r.requestId === requestId);

    // A worker still running its execution across a Redis restart keeps it: not started twice.
    expect((await call(main.url!, 'fault-async', 'kept', 'async', 8000)).status).toBe(200);
    await waitFor('the kept run reaches the sink', () => sink.hits.get('kept') === 1, 15_000);
    await redis.kill();
    await sleep(1000);
    await redis.start();
    await waitFor('the kept run', async () => (await rowOf('kept'))?.status === 'success', 30_000);
    expect(sink.hits.get('kept')).toBe(1);

    // The worker dies while Redis is down: nothing is left to take its run back but the rule.
    expect((await call(main.url!, 'fault-async', 'doomed', 'async', 3000)).status).toBe(200);
    await waitFor('the doomed run reaches the sink', () => sink.hits.get('doomed') === 1, 15_000);
    await waitFor('the doomed row turns running', async () => (await rowOf('doomed'))?.status === 'running', 15_000);
    await redis.kill();
    first.child.kill('SIGKILL');
    await first.exited;
    cluster.workers.splice(cluster.workers.indexOf(first), 1);
    await redis.start();
    await cluster.startWorker(4);
    await waitFor('the doomed run, again', async () => (await rowOf('doomed'))?.status === 'success', 60_000);
    const doomed = (await rowOf('doomed'))!;
    expect(sink.hits.get('doomed')).toBe(2); // at least once: its side effect ran again
    expect(logLines(main.output(), 'queue: re-enqueued a running execution whose job and worker are both gone').map((l) => l.executionId)).toContain(doomed.id);
    const kept = (await rowOf('kept'))!;
    expect(main.output().split('\n').filter((l) => l.includes('re-enqueued') && l.includes(kept.id))).toEqual([]); // never started twice
    expectAlive(cluster);
  });

  it('storage statements ride out killed backends and a short outage; start-up does not wait', { timeout: 60_000 }, async () => {
    const db = await createTestDatabase();
    cleanup.push(() => db.drop());
    const key = randomBytes(32);
    const storage = await createPostgresStorage({ url: db.url, encryptionKey: key, poolSize: 2 });
    cleanup.push(() => storage.close());
    await storage.keyValue.set('faults', 'k', 'v0'); // warm the pool: both kinds of statement below reuse a killed connection
    expect(await killBackends(db.name)).toBeGreaterThan(0);
    expect(await storage.keyValue.get('faults', 'k')).toBe('v0');
    // Connections refused for 1.5 s: the write issued meanwhile lands once they are allowed again.
    const outage = refuseConnections(db.name, 1500);
    await sleep(300);
    const t0 = Date.now();
    await storage.keyValue.set('faults', 'k', 'v1');
    await outage;
    expect(Date.now() - t0).toBeGreaterThan(500);
    expect(await storage.keyValue.get('faults', 'k')).toBe('v1');
    // Refusing at start-up is reported at once, not retried for the reconnect window.
    await refuseConnectionsUntil(db.name, async () => {
      const started = Date.now();
      await expect(createPostgresStorage({ url: db.url, encryptionKey: key })).rejects.toThrow(/not currently accepting connections/);
      expect(Date.now() - started).toBeLessThan(8000);
    });
  });
});
