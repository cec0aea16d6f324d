// The durable job queue on real SQLite: handlers from node types or registered by kind, backoff
// and Retry-After, the attempt cap, permanent failures, what subscribers hear, credentials by
// reference, and jobs interrupted by a stop (or a crash) finished by the next queue.
import { randomBytes } from 'node:crypto';
import type { IDataObject, INodeType } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RetryJobError } from '../../../host/engine/durable-jobs.ts';
import type { DurableJobContext, DurableJobFinished, DurableJobHandler } from '../../../host/engine/durable-jobs.ts';
import type { NodeRegistry } from '../../../host/engine/registry-types.ts';
import { createDurableJobQueue } from '../../../host/runtime/retry-queue.ts';
import type { DurableJobQueue } from '../../../host/runtime/retry-queue.ts';
import { createSqliteStorage } from '../../../host/storage/sqlite/index.ts';
import type { Storage } from '../../../host/storage/storage.ts';

const TYPE = 'test-nodes.worker';
let handlers: Record<string, DurableJobHandler>;
const workerType = { description: { name: 'worker', version: 1 }, get durableJobs() { return handlers; } } as unknown as INodeType;
const registry = { get: (type: string, version: number) => (type === TYPE && version === 1 ? workerType : undefined) } as unknown as NodeRegistry;

let storage: Storage;
let queues: DurableJobQueue[];
let events: DurableJobFinished[];
const secrets: Record<string, IDataObject> = { 'cred-1': { token: 's3cret' } };

function queue(): DurableJobQueue {
  const q = createDurableJobQueue({
    jobs: storage.jobs,
    registry,
    credentials: async (type, ref) => {
      const data = ref.id ? secrets[ref.id] : undefined;
      if (!data) throw new Error(`no ${type} credential ${ref.name}`);
      return data;
    },
  });
  q.subscribe((e) => events.push(e));
  queues.push(q);
  return q;
}

const owner = { nodeType: TYPE, typeVersion: 1, workflowId: 'wf-1', node: 'Worker', executionId: 'ex-1', credentials: { testApi: { id: 'cred-1', name: 'test' } } };

async function until<T>(check: () => Promise<T | undefined | false> | T | undefined | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeEach(() => {
  storage = createSqliteStorage({ path: ':memory:', encryptionKey: randomBytes(32) });
  queues = [];
  events = [];
  handlers = {};
});
afterEach(async () => {
  for (const q of queues) await q.stop();
  await storage.close();
});

describe('durable job queue', () => {
  it("runs the enqueuing node type's handler: result stored, data dropped, subscribers told (with the data)", async () => {
    const seen: DurableJobContext['job'][] = [];
    handlers.echo = async (ctx) => {
      seen.push(ctx.job);
      const cred = await ctx.getCredentials<{ token: string }>('testApi');
      return { bytes: ctx.job.data?.length ?? 0, tokenLength: cred.token.length, echo: ctx.job.payload.text as string };
    };
    const q = queue();
    await q.start();
    const { jobId } = await q.enqueue({ kind: 'echo', payload: { text: 'hi' }, data: Buffer.from('abc') }, owner);
    await until(() => events.length === 1);
    expect(events[0]).toMatchObject({ jobId, kind: 'echo', status: 'done', result: { bytes: 3, tokenLength: 6, echo: 'hi' }, attempts: 1, workflowId: 'wf-1', node: 'Worker', executionId: 'ex-1' });
    expect(events[0].data?.toString()).toBe('abc');
    expect(seen[0]).toMatchObject({ id: jobId, attempt: 1, maxAttempts: 20, payload: { text: 'hi' } });
    const stored = await storage.jobs.get(jobId, { withData: true });
    expect(stored).toMatchObject({ status: 'done', attempts: 1, result: { echo: 'hi' }, credentials: { testApi: { id: 'cred-1', name: 'test' } } });
    expect(stored?.data).toBeUndefined();
    expect(JSON.stringify(stored)).not.toContain('s3cret');
  });

  it('retries a RetryJobError with backoff until it succeeds; Retry-After sets the next attempt', async () => {
    let calls = 0;
    handlers.flaky = async () => {
      calls++;
      if (calls < 4) throw new RetryJobError(`busy ${calls}`);
      return { calls };
    };
    handlers.later = async () => {
      throw new RetryJobError('quota', { retryAfterMs: 60_000 });
    };
    const q = queue();
    await q.start();
    const flaky = await q.enqueue({ kind: 'flaky', payload: {}, retryDelayMs: 20, maxRetryDelayMs: 100 }, owner);
    const later = await q.enqueue({ kind: 'later', payload: {} }, owner);
    await until(() => events.some((e) => e.jobId === flaky.jobId));
    expect(events).toEqual([expect.objectContaining({ jobId: flaky.jobId, status: 'done', result: { calls: 4 }, attempts: 4 })]);
    const waiting = await until(async () => {
      const j = await storage.jobs.get(later.jobId);
      return j?.status === 'pending' && j.attempts === 1 ? j : undefined;
    });
    expect(waiting.lastError).toBe('quota');
    expect(Date.parse(waiting.nextAttemptAt) - Date.now()).toBeGreaterThan(55_000);
  });

  it('gives up after maxAttempts, and fails at once on a permanent error or a missing handler', async () => {
    handlers.down = async () => {
      throw new RetryJobError('still down');
    };
    handlers.broken = async () => {
      throw new Error('bad request');
    };
    const q = queue();
    await q.start();
    const down = await q.enqueue({ kind: 'down', payload: {}, maxAttempts: 3, retryDelayMs: 5 }, owner);
    const broken = await q.enqueue({ kind: 'broken', payload: {} }, owner);
    const orphan = await q.enqueue({ kind: 'nobody', payload: {} }, { ...owner, nodeType: 'gone.node' });
    await until(() => events.length === 3);
    const byId = Object.fromEntries(events.map((e) => [e.jobId, e]));
    expect(byId[down.jobId]).toMatchObject({ status: 'failed', attempts: 3, error: 'Gave up after 3 attempts: still down' });
    expect(byId[broken.jobId]).toMatchObject({ status: 'failed', attempts: 1, error: 'bad request' });
    expect(byId[orphan.jobId]).toMatchObject({ status: 'failed', error: expect.stringContaining('No handler for durable job kind "nobody"') });
    expect(await storage.jobs.get(down.jobId)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'Gave up after 3 attempts: still down' });
  });

  it('a handler registered by kind wins over the node type', async () => {
    handlers.job = async () => ({ from: 'node type' });
    const q = queue();
    q.register('job', async () => ({ from: 'host' }));
    await q.start();
    await q.enqueue({ kind: 'job', payload: {} }, owner);
    await until(() => events.length === 1);
    expect(events[0].result).toEqual({ from: 'host' });
  });

  it('a stop aborts the running handler; the next queue (after a restart) runs the job again', async () => {
    let started = 0;
    handlers.slow = (ctx) => {
      started++;
      if (started === 1)
        return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
      return Promise.resolve({ started });
    };
    const first = queue();
    await first.start();
    const { jobId } = await first.enqueue({ kind: 'slow', payload: {} }, owner);
    await until(() => started === 1);
    await first.stop();
    // A stop on purpose does not spend the attempt.
    expect(await storage.jobs.get(jobId)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(events).toEqual([]);

    const second = queue();
    await second.start();
    await until(() => events.length === 1);
    expect(events[0]).toMatchObject({ jobId, status: 'done', result: { started: 2 }, attempts: 1 });
  });

  it('a job interrupted on its last attempt is failed at the next start, not run again', async () => {
    let started = 0;
    handlers.fatal = () => {
      started++;
      return Promise.resolve({});
    };
    const first = queue();
    const { jobId } = await first.enqueue({ kind: 'fatal', payload: {}, maxAttempts: 1 }, owner);
    // A host claimed it (its one attempt) and died while the handler ran: the row stays `running`.
    expect(await storage.jobs.claimDue(new Date(Date.now() + 60_000).toISOString(), 10)).toHaveLength(1);
    expect(await storage.jobs.get(jobId)).toMatchObject({ status: 'running', attempts: 1 });

    const second = queue();
    await second.start();
    await until(() => events.length === 1);
    expect(started).toBe(0);
    expect(events[0]).toMatchObject({ jobId, status: 'failed' });
    expect(events[0]).toHaveProperty('error', expect.stringMatching(/Interrupted on its last attempt/));
    expect(await storage.jobs.get(jobId)).toMatchObject({ status: 'failed' });
  });

  it('does not start jobs before start(), and deletes finished jobs past retention at start', async () => {
    handlers.job = async () => ({ ok: true });
    const q = queue();
    const { jobId } = await q.enqueue({ kind: 'job', payload: {} }, owner);
    await new Promise((r) => setTimeout(r, 50));
    expect((await storage.jobs.get(jobId))?.status).toBe('pending');
    await storage.jobs.claimDue(new Date().toISOString(), 1);
    await storage.jobs.complete(jobId, { ok: true });
    expect(await storage.jobs.deleteFinished(new Date(Date.now() + 1000).toISOString())).toBe(1);
    expect(await storage.jobs.get(jobId)).toBeUndefined();
  });
});
