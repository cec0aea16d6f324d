// Durable jobs shared by several processes on one PostgreSQL database: each storage below is what
// one Gigaflow process opens (its own pool and lease owner). Jobs are claimed atomically, leases
// are renewed while held, and a job whose process died is claimed again once its lease runs out.
import { randomBytes } from 'node:crypto';
import type { INodeType } from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NodeRegistry } from '../../../host/engine/registry-types.ts';
import { createDurableJobQueue } from '../../../host/runtime/retry-queue.ts';
import type { DurableJobQueue } from '../../../host/runtime/retry-queue.ts';
import { createPostgresStorage } from '../../../host/storage/postgres/index.ts';
import type { Storage } from '../../../host/storage/storage.ts';
import { type TestDatabase, createTestDatabase } from '../../helpers/postgres.ts';
import { jobInput } from './contract/durable-jobs.ts';
import { sleep } from './contract/helpers.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const key = randomBytes(32);
let open: Storage[] = [];
let queues: DurableJobQueue[] = [];
afterEach(async () => {
  for (const q of queues.splice(0)) await q.stop();
  for (const s of open.splice(0)) await s.close();
});

/** `n` processes on one fresh schema. */
async function processes(n: number, leaseMs?: number): Promise<Storage[]> {
  const schema = `jobs_${randomBytes(4).toString('hex')}`;
  const list: Storage[] = [];
  for (let i = 0; i < n; i++) list.push(await createPostgresStorage({ url: db.url, encryptionKey: key, schema, poolSize: 3, jobs: { leaseMs, owner: `proc-${i}` } }));
  open.push(...list);
  return list;
}

describe('durable jobs across processes (postgres)', () => {
  it('concurrent claims from several processes never hand one job out twice', async () => {
    const procs = await processes(4);
    const created = await Promise.all(Array.from({ length: 40 }, () => procs[0].jobs.create(jobInput())));
    const claims = await Promise.all(procs.flatMap((p) => [p.jobs.claimDue(new Date().toISOString(), 7), p.jobs.claimDue(new Date().toISOString(), 7)]));
    const ids = claims.flat().map((j) => j.id);
    expect(ids.length).toBe(new Set(ids).size);
    expect(ids.length).toBe(40);
    expect(new Set(ids)).toEqual(new Set(created.map((j) => j.id)));
  });

  it('a job whose process died is claimable again once its lease ran out, its attempt counted; the old owner can no longer touch it', async () => {
    const [dead, alive] = await processes(2, 1000);
    const job = await dead.jobs.create(jobInput());
    expect(await dead.jobs.claimDue(new Date().toISOString(), 5)).toHaveLength(1);
    (dead.jobs as unknown as { stopRenewing(): void }).stopRenewing(); // the process froze / died
    expect(await alive.jobs.claimDue(new Date().toISOString(), 5)).toEqual([]);
    // Another process starting up leaves a job with a live lease alone.
    expect(await alive.jobs.requeueRunning()).toBe(0);
    const due = await alive.jobs.nextDueAt();
    expect(Date.parse(due!)).toBeGreaterThan(Date.now());
    await sleep(Date.parse(due!) - Date.now() + 20);
    const [again] = await alive.jobs.claimDue(new Date().toISOString(), 5);
    expect(again).toMatchObject({ id: job.id, status: 'running', attempts: 2 });
    await dead.jobs.retryLater(job.id, new Date().toISOString(), 'late');
    await dead.jobs.complete(job.id, { from: 'dead' });
    expect(await alive.jobs.get(job.id)).toMatchObject({ status: 'running', attempts: 2 });
    await alive.jobs.complete(job.id, { from: 'alive' });
    expect(await alive.jobs.get(job.id)).toMatchObject({ status: 'done', result: { from: 'alive' } });
  });

  it('a process renews the leases of the jobs it holds', async () => {
    const [worker, other] = await processes(2, 1000);
    const job = await worker.jobs.create(jobInput());
    await worker.jobs.claimDue(new Date().toISOString(), 1);
    await sleep(1600);
    expect(await other.jobs.claimDue(new Date().toISOString(), 5)).toEqual([]);
    await worker.jobs.complete(job.id, {});
    expect((await other.jobs.get(job.id))?.status).toBe('done');
  });

  it('durable job queues in three processes run every job exactly once', async () => {
    const procs = await processes(3);
    const runs = new Map<string, number>();
    const handler = async (ctx: { job: { id: string } }) => {
      runs.set(ctx.job.id, (runs.get(ctx.job.id) ?? 0) + 1);
      await sleep(5);
      return { ok: true };
    };
    const type = { description: { name: 'scanner', version: 1 }, durableJobs: { scan: handler } } as unknown as INodeType;
    const registry = { get: (name: string) => (name === 'test.scanner' ? type : undefined) } as unknown as NodeRegistry;
    for (const p of procs) queues.push(createDurableJobQueue({ jobs: p.jobs, registry, concurrency: 3 }));
    await Promise.all(queues.map((q) => q.start()));
    const ids = await Promise.all(
      Array.from({ length: 30 }, (_, i) => queues[i % 3].enqueue({ kind: 'scan', payload: { i } }, { nodeType: 'test.scanner', typeVersion: 1, workflowId: 'wf', node: 'Scan' })),
    );
    const end = Date.now() + 10_000;
    while ((await procs[0].jobs.list({ status: 'done', limit: 1000 })).length < 30 && Date.now() < end) await sleep(25);
    expect((await procs[0].jobs.list({ status: 'done', limit: 1000 })).length).toBe(30);
    expect([...runs.keys()].sort()).toEqual(ids.map((r) => r.jobId).sort());
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
  });
});
