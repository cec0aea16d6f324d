// Queue mode with real processes: a main (`gigaflow start`) and workers (`gigaflow worker`) on a
// shared database and Redis. Webhooks answer through the queue (lastNode: the answer proves the
// round trip), a worker killed with SIGKILL loses nothing, SIGTERM drains, workflow errors are final.
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../../../host/model/index.ts';
import type { Storage } from '../../../host/storage/storage.ts';
import { QUEUE_NAME } from '../../../host/queue/config.ts';
import { post, startCluster } from './cluster.ts';
import type { Cluster } from './cluster.ts';

// Short locks so a dead worker's jobs come back within seconds.
const FAST_RECOVERY = { GIGAFLOW_QUEUE_LOCK_DURATION_MS: '2000', GIGAFLOW_QUEUE_STALLED_INTERVAL_MS: '1000' };

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

async function executionsOf(storage: Storage, workflowId: string): Promise<ExecutionRecord[]> {
  const out: ExecutionRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.executions.list({ workflowId, limit: 250, cursor });
    for (const s of page.data) out.push((await storage.executions.get(s.id))!);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

const requestIdOf = (e: ExecutionRecord) => e.runData.Webhook?.[0]?.data?.main[0]?.[0]?.json.body as { requestId?: string } | undefined;

async function jobCounts(prefix: string) {
  const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: 6379 }, prefix });
  try {
    return await queue.getJobCounts('wait', 'active', 'delayed', 'failed', 'completed');
  } finally {
    await queue.close();
  }
}

describe('queue mode', () => {
  it('runs 1,000 lastNode webhooks on two workers, one killed with SIGKILL half-way: each ends exactly once as success', async () => {
    cluster = await startCluster({ workers: 2, concurrency: 10, fixtures: ['echo-last-node.json'], env: FAST_RECOVERY });
    const total = 1000;
    const parallel = 40;
    const answers = new Map<string, { status: number; body: any }>();
    let next = 0;
    const victim = cluster.workers[0];
    const sender = async () => {
      while (next < total) {
        const requestId = `req-${next++}`;
        answers.set(requestId, await post(`${cluster!.url}/webhook/echo`, { requestId }));
      }
    };
    // Half-way, once both workers hold jobs (more active jobs than one worker's concurrency), kill one.
    const killer = async () => {
      while (answers.size < total / 2) await new Promise((r) => setTimeout(r, 5));
      const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: 6379 }, prefix: cluster!.prefix });
      try {
        // Freeze the victim, then make sure it holds jobs: a frozen worker's jobs stay active while
        // the survivor's turn over within milliseconds. Only then kill it, so there is always
        // something to recover (a kill between two jobs would prove nothing).
        for (;;) {
          while ((await queue.getActiveCount()) <= 10) await new Promise((r) => setTimeout(r, 1));
          victim.child.kill('SIGSTOP');
          const before = new Set((await queue.getActive()).map((j) => j.id));
          await new Promise((r) => setTimeout(r, 300));
          const held = (await queue.getActive()).filter((j) => before.has(j.id));
          if (held.length) break;
          victim.child.kill('SIGCONT');
        }
      } finally {
        victim.child.kill('SIGKILL');
        await queue.close();
      }
    };
    await Promise.all([killer(), ...Array.from({ length: parallel }, sender)]);
    expect(await victim.exited).toBe('SIGKILL');

    // Every caller got its own answer back through the queue.
    const wrong = [...answers].filter(([id, a]) => a.status !== 200 || a.body?.requestId !== id);
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(answers.size).toBe(total);

    // The database: 1,000 executions, all success, none left new/running, one per request id.
    const storage = await cluster.openStorage();
    const executions = await executionsOf(storage, 'queueEcho');
    const statuses = executions.reduce<Record<string, number>>((acc, e) => ((acc[e.status] = (acc[e.status] ?? 0) + 1), acc), {});
    expect(statuses).toEqual({ success: total });
    const ids = executions.map((e) => requestIdOf(e)?.requestId);
    expect(new Set(ids).size).toBe(total);
    expect(ids.every((id) => id && answers.has(id))).toBe(true);
    expect(executions.every((e) => e.queueInput === undefined)).toBe(true);
    // The survivor took back the dead worker's jobs (stalled-job check) and ran them again.
    expect(cluster.workers[1].output()).toContain('queue: job taken back from a worker that stopped renewing its lock');
    expect(await jobCounts(cluster.prefix)).toMatchObject({ wait: 0, active: 0, delayed: 0, failed: 0 });
  }, 90_000);

  it('SIGTERM drains: running executions finish and answer, the worker takes no new job and exits 0', async () => {
    cluster = await startCluster({ workers: 1, concurrency: 5, fixtures: ['slow.json'] });
    const storage = await cluster.openStorage();
    const calls = Array.from({ length: 5 }, (_, i) => post(`${cluster!.url}/webhook/slow`, { requestId: `slow-${i}`, waitSeconds: 2 }));
    // Wait until all five run on the worker, then ask it to stop.
    for (let running = 0; running < 5; ) {
      await new Promise((r) => setTimeout(r, 50));
      running = (await storage.executions.list({ workflowId: 'queueSlow', status: 'running' })).data.length;
    }
    const worker = cluster.workers[0];
    worker.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    const late = post(`${cluster.url}/webhook/slow`, { requestId: 'late', waitSeconds: 0 });
    const answers = await Promise.all(calls);
    expect(answers.map((a) => [a.status, a.body.requestId])).toEqual(Array.from({ length: 5 }, (_, i) => [200, `slow-${i}`]));
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain('worker stopped');
    // The call made during the drain stays queued until a worker is there again.
    const queued = await storage.executions.list({ workflowId: 'queueSlow', status: 'new' });
    expect(queued.data).toHaveLength(1);
    await cluster.startWorker(2);
    expect(await late).toMatchObject({ status: 200, body: { requestId: 'late' } });
    const done = await storage.executions.list({ workflowId: 'queueSlow' });
    expect(done.data.map((e) => e.status)).toEqual(Array(6).fill('success'));
  }, 60_000);

  it('a workflow error is final: answered as a failed execution, stored once, never retried', async () => {
    cluster = await startCluster({ workers: 1, fixtures: ['fail.json'], env: { GIGAFLOW_QUEUE_BACKOFF_MS: '100' } });
    const answer = await post(`${cluster.url}/webhook/fail`, { requestId: 'boom' });
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ error: 'execution_failed', node: 'Stop and Error', detail: 'deliberate failure boom' });
    await new Promise((r) => setTimeout(r, 500)); // a retry (backoff 100 ms) would have happened by now
    const storage = await cluster.openStorage();
    const executions = await executionsOf(storage, 'queueFail');
    expect(executions).toHaveLength(1);
    expect(executions[0]).toMatchObject({ id: answer.body.executionId, status: 'error', error: { message: 'deliberate failure boom' } });
    expect(executions[0].runData['Stop and Error']).toHaveLength(1);
    expect(cluster.workers[0].output()).not.toContain('job failed');
    expect(await jobCounts(cluster.prefix)).toMatchObject({ wait: 0, active: 0, delayed: 0, failed: 0 });
  }, 30_000);
});
