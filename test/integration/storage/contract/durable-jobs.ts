import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../host/model/errors.ts';
import type { DurableJobInput } from '../../../../host/storage/storage.ts';
import { type GetStorage, ISO, expectRejects, sleep } from './helpers.ts';

const inPast = (ms = 1000): string => new Date(Date.now() - ms).toISOString();
const inFuture = (ms = 60_000): string => new Date(Date.now() + ms).toISOString();

export function jobInput(extra: Partial<DurableJobInput> = {}): DurableJobInput {
  return {
    kind: 'scan',
    nodeType: 'test.scanner',
    typeVersion: 1.5,
    workflowId: 'wf1',
    node: 'Scan',
    executionId: 'ex1',
    credentials: { api: { id: 'c1', name: 'Key' } },
    payload: { n: 1, list: ['a'] },
    data: Buffer.from('image bytes'),
    maxAttempts: 3,
    retryDelayMs: 1000,
    maxRetryDelayMs: 60_000,
    nextAttemptAt: inPast(),
    ...extra,
  };
}

export function durableJobContract(s: GetStorage): void {
  describe('durable jobs', () => {
    it('create stores a pending job; get leaves the bytes out unless asked for', async () => {
      const job = await s().jobs.create(jobInput());
      expect(job).toMatchObject({ kind: 'scan', status: 'pending', attempts: 0, typeVersion: 1.5, payload: { n: 1, list: ['a'] }, credentials: { api: { id: 'c1', name: 'Key' } } });
      expect(job.createdAt).toMatch(ISO);
      expect(job.nextAttemptAt).toMatch(ISO);
      expect(job.data).toBeUndefined();
      expect((await s().jobs.get(job.id, { withData: true }))?.data?.toString()).toBe('image bytes');
      expect(await s().jobs.get('nope')).toBeUndefined();
      await expectRejects(s().jobs.create(jobInput({ kind: '' })), ValidationError, 400, 'kind');
      await expectRejects(s().jobs.create(jobInput({ nextAttemptAt: 'soon' })), ValidationError, 400, 'nextAttemptAt');
    });

    it('claimDue takes due pending jobs oldest-due first, counts the attempt, and never hands a job out twice', async () => {
      const late = await s().jobs.create(jobInput({ nextAttemptAt: inPast(500) }));
      const early = await s().jobs.create(jobInput({ nextAttemptAt: inPast(5000) }));
      const middle = await s().jobs.create(jobInput({ nextAttemptAt: inPast(2000) }));
      const future = await s().jobs.create(jobInput({ nextAttemptAt: inFuture() }));
      const [first] = await s().jobs.claimDue(new Date().toISOString(), 1);
      expect(first).toMatchObject({ id: early.id, status: 'running', attempts: 1 });
      expect(first.data?.toString()).toBe('image bytes');
      const [a, b] = await Promise.all([s().jobs.claimDue(new Date().toISOString(), 10), s().jobs.claimDue(new Date().toISOString(), 10)]);
      const claimed = [...a, ...b];
      expect(claimed.map((j) => j.id).sort()).toEqual([middle.id, late.id].sort());
      expect(claimed.every((j) => j.status === 'running' && j.attempts === 1)).toBe(true);
      expect(await s().jobs.get(early.id)).toMatchObject({ status: 'running', attempts: 1 });
      expect(await s().jobs.claimDue(new Date().toISOString(), 10)).toEqual([]);
      expect(await s().jobs.claimDue(new Date().toISOString(), 0)).toEqual([]);
      expect(await s().jobs.nextDueAt()).toBe(future.nextAttemptAt);
    });

    it('retryLater and release send a running job back; release does not spend the attempt', async () => {
      const job = await s().jobs.create(jobInput());
      await s().jobs.claimDue(new Date().toISOString(), 1);
      const at = inFuture(30_000);
      await s().jobs.retryLater(job.id, at, 'API down');
      expect(await s().jobs.get(job.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'API down', nextAttemptAt: at });
      expect(await s().jobs.claimDue(new Date().toISOString(), 5)).toEqual([]);
      expect(await s().jobs.claimDue(inFuture(31_000), 5)).toHaveLength(1);
      await s().jobs.release(job.id);
      expect(await s().jobs.get(job.id)).toMatchObject({ status: 'pending', attempts: 1 });
      // Neither touches a job that is not running.
      await s().jobs.retryLater(job.id, inFuture(), 'x');
      expect((await s().jobs.get(job.id))?.lastError).toBe('API down');
    });

    it('complete keeps the result and drops the bytes; fail records the error; both set finishedAt', async () => {
      const ok = await s().jobs.create(jobInput());
      const bad = await s().jobs.create(jobInput());
      await s().jobs.claimDue(new Date().toISOString(), 2);
      await s().jobs.complete(ok.id, { labels: ['x'] });
      await s().jobs.fail(bad.id, 'Gave up');
      const done = await s().jobs.get(ok.id, { withData: true });
      expect(done).toMatchObject({ status: 'done', result: { labels: ['x'] } });
      expect(done?.data).toBeUndefined();
      expect(done?.finishedAt).toMatch(ISO);
      expect(await s().jobs.get(bad.id)).toMatchObject({ status: 'failed', lastError: 'Gave up' });
      expect(await s().jobs.nextDueAt()).toBeUndefined();
    });

    it('list filters by status, kind and workflow, newest first', async () => {
      const a = await s().jobs.create(jobInput({ kind: 'a' }));
      await sleep(3); // ids are time-ordered to the millisecond
      const b = await s().jobs.create(jobInput({ kind: 'b', workflowId: 'wf2' }));
      await s().jobs.fail(a.id, 'no');
      expect((await s().jobs.list()).map((j) => j.id)).toEqual([b.id, a.id]);
      expect((await s().jobs.list({ status: 'failed' })).map((j) => j.id)).toEqual([a.id]);
      expect((await s().jobs.list({ kind: 'b' })).map((j) => j.id)).toEqual([b.id]);
      expect((await s().jobs.list({ workflowId: 'wf2', status: 'pending' })).map((j) => j.id)).toEqual([b.id]);
      expect(await s().jobs.list({ limit: 1 })).toHaveLength(1);
    });

    it('requeueRunning turns jobs this process left running into pending ones; deleteFinished removes old finished jobs only', async () => {
      const job = await s().jobs.create(jobInput());
      await s().jobs.claimDue(new Date().toISOString(), 1);
      expect(await s().jobs.requeueRunning()).toBe(1);
      expect(await s().jobs.get(job.id)).toMatchObject({ status: 'pending', attempts: 1 });
      await s().jobs.claimDue(new Date().toISOString(), 1);
      await s().jobs.complete(job.id, {});
      const open = await s().jobs.create(jobInput());
      expect(await s().jobs.deleteFinished(inPast(60_000))).toBe(0);
      expect(await s().jobs.deleteFinished(inFuture(1000))).toBe(1);
      expect(await s().jobs.get(job.id)).toBeUndefined();
      expect(await s().jobs.get(open.id)).toBeDefined();
    });
  });
}
