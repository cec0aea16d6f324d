// The per-workflow Redis semaphore against a real Redis, each test under its own key prefix.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisLimiter, withWorkflowSlot, workflowSlotGate, workflowSlotHook } from '../../../host/queue/redis-limiter.ts';
import type { RedisLimiterOptions } from '../../../host/queue/redis-limiter.ts';

const redis = new Redis(process.env.GIGAFLOW_REDIS_URL ?? 'redis://127.0.0.1:6379');
const limiters: { close(): void }[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const limiter = (o: Partial<RedisLimiterOptions> = {}, prefix = `gftest-${randomUUID()}`) => {
  const l = createRedisLimiter({ redis, prefix, leaseMs: 3000, ...o });
  limiters.push(l);
  return l;
};
afterAll(async () => {
  for (const l of limiters) l.close();
  await redis.quit();
});

describe('redis limiter', () => {
  it('grants up to the limit, queues the rest first come first served, and frees slots on release', async () => {
    const l = limiter();
    const a = await l.tryAcquire('wf', 2, 'a');
    const b = await l.tryAcquire('wf', 2, 'b');
    expect(a.lease).toBeDefined();
    expect(b.lease).toBeDefined();
    expect((await l.tryAcquire('wf', 2, 'c')).position).toBe(1);
    expect((await l.tryAcquire('wf', 2, 'd')).position).toBe(2);
    expect((await l.tryAcquire('wf', 2, 'c')).position).toBe(1); // asking again keeps the place
    expect(await l.state('wf')).toEqual({ active: 2, waiting: ['c', 'd'] });
    await a.lease!.release();
    // d is second in line: the one free slot is c's.
    expect((await l.tryAcquire('wf', 2, 'd')).position).toBe(2);
    const c = await l.tryAcquire('wf', 2, 'c');
    expect(c.lease).toBeDefined();
    expect(await l.state('wf')).toEqual({ active: 2, waiting: ['d'] });
    // Another workflow is not affected.
    expect((await l.tryAcquire('other', 1, 'x')).lease).toBeDefined();
    await b.lease!.release();
    await b.lease!.release(); // twice is harmless
    expect((await l.tryAcquire('wf', 2, 'd')).lease).toBeDefined();
    expect(await l.state('wf')).toEqual({ active: 2, waiting: [] });
  });

  it('acquire() waits in line; the waiters start in arrival order as slots free', async () => {
    const l = limiter({ minPollMs: 5, maxPollMs: 20 });
    const first = await l.acquire('wf', 1, 'h0');
    const order: string[] = [];
    const waiters = ['h1', 'h2', 'h3'].map(async (id, i) => {
      await sleep(i * 30); // arrive in this order
      const lease = await l.acquire('wf', 1, id);
      order.push(id);
      await sleep(30);
      await lease.release();
    });
    await sleep(150);
    expect((await l.state('wf')).waiting).toEqual(['h1', 'h2', 'h3']);
    await first.release();
    await Promise.all(waiters);
    expect(order).toEqual(['h1', 'h2', 'h3']);
  });

  it('never lets more than the limit run at once across several limiter instances (workers)', async () => {
    const prefix = `gftest-${randomUUID()}`;
    const workers = [limiter({ minPollMs: 2, maxPollMs: 10 }, prefix), limiter({ minPollMs: 2, maxPollMs: 10 }, prefix), limiter({ minPollMs: 2, maxPollMs: 10 }, prefix)];
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 18 }, (_, i) =>
        withWorkflowSlot(workers[i % 3], { workflowId: 'wf', limit: 3, holderId: `job-${i}` }, async () => {
          running++;
          peak = Math.max(peak, running);
          await sleep(15);
          running--;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(await workers[0].state('wf')).toEqual({ active: 0, waiting: [] });
  });

  it('frees the slot of a killed holder once its lease runs out', async () => {
    const prefix = `gftest-${randomUUID()}`;
    const dying = limiter({ leaseMs: 600 }, prefix);
    const survivor = limiter({ leaseMs: 600, minPollMs: 10, maxPollMs: 20 }, prefix);
    expect((await dying.tryAcquire('wf', 1, 'killed')).lease).toBeDefined();
    dying.close(); // the process died: no more renewals, no release
    const asked = Date.now();
    const lease = await survivor.acquire('wf', 1, 'next');
    expect(Date.now() - asked).toBeGreaterThanOrEqual(450);
    expect(Date.now() - asked).toBeLessThan(2000);
    await lease.release();
  });

  it('keeps a running holder\'s slot past the lease by renewing it', async () => {
    const l = limiter({ leaseMs: 400 });
    const held = await l.tryAcquire('wf', 1, 'long-run');
    await sleep(1200); // three leases
    expect(held.lease!.lost).toBe(false);
    expect((await l.tryAcquire('wf', 1, 'other')).position).toBe(1);
    await held.lease!.release();
    await l.leave('wf', 'other');
  });

  it('drops a waiter that stopped asking, so it does not block the line', async () => {
    const l = limiter({ leaseMs: 3000, waitTtlMs: 400 });
    const holder = await l.tryAcquire('wf', 1, 'holder');
    expect((await l.tryAcquire('wf', 1, 'gone')).position).toBe(1);
    expect((await l.tryAcquire('wf', 1, 'patient')).position).toBe(2);
    await sleep(250);
    expect((await l.tryAcquire('wf', 1, 'patient')).position).toBe(2);
    await sleep(250); // 'gone' did not ask within 400 ms
    expect((await l.tryAcquire('wf', 1, 'patient')).position).toBe(1);
    await holder.lease!.release();
    expect((await l.tryAcquire('wf', 1, 'patient')).lease).toBeDefined();
  });

  it('leaves the line when a waiting acquire() is aborted, and leave() frees by id', async () => {
    const l = limiter({ minPollMs: 5, maxPollMs: 10 });
    const holder = await l.tryAcquire('wf', 1, 'holder');
    const ctl = new AbortController();
    const waiting = l.acquire('wf', 1, 'canceled', { signal: ctl.signal });
    await sleep(50);
    expect((await l.state('wf')).waiting).toEqual(['canceled']);
    ctl.abort(new Error('execution canceled'));
    await expect(waiting).rejects.toThrow('execution canceled');
    expect(await l.state('wf')).toEqual({ active: 1, waiting: [] });
    expect(await l.leave('wf', 'holder')).toBe(true);
    expect(await l.leave('wf', 'holder')).toBe(false);
    expect((await l.state('wf')).active).toBe(0);
    holder.lease!.release();
  });

  it('uses the latest limit given: raising it lets waiters in at once', async () => {
    const l = limiter();
    await l.tryAcquire('wf', 1, 'a');
    expect((await l.tryAcquire('wf', 1, 'b')).position).toBe(1);
    expect((await l.tryAcquire('wf', 2, 'b')).lease).toBeDefined();
    expect((await l.state('wf')).active).toBe(2);
  });

  it('runs without a slot when the workflow has no limit', async () => {
    const l = limiter();
    expect(await withWorkflowSlot(l, { workflowId: 'wf', limit: undefined, holderId: 'x' }, async () => 42)).toBe(42);
    expect((await l.state('wf')).active).toBe(0);
  });

  it('worker hooks read settings.maxConcurrency: the gate answers at once, with a retry delay by place in line', async () => {
    const l = limiter();
    const gate = workflowSlotGate(l, { stepMs: 50, maxRetryMs: 120 });
    const limited = { id: 'wf', settings: { maxConcurrency: 1 } };
    const first = await gate({ id: 'e1', workflow: limited });
    expect(first.release).toBeTypeOf('function');
    expect(await gate({ id: 'e2', workflow: limited })).toEqual({ retryInMs: 50 });
    expect(await gate({ id: 'e3', workflow: limited })).toEqual({ retryInMs: 100 });
    expect(await gate({ id: 'e4', workflow: limited })).toEqual({ retryInMs: 120 });
    // No limit (absent or -1): no slot taken.
    expect((await gate({ id: 'u1', workflow: { id: 'free', settings: { maxConcurrency: -1 } } })).release).toBeTypeOf('function');
    expect((await l.state('free')).active).toBe(0);
    first.release!();
    await expect.poll(async () => (await gate({ id: 'e2', workflow: limited })).release).toBeTypeOf('function');
    const hook = workflowSlotHook(l);
    const waiting = hook({ id: 'h1', workflow: { id: 'wf2', settings: { maxConcurrency: 1 } } });
    const release = await waiting;
    const second = hook({ id: 'h2', workflow: { id: 'wf2', settings: { maxConcurrency: 1 } } });
    let started = false;
    void second.then(() => (started = true));
    await sleep(100);
    expect(started).toBe(false);
    release();
    (await second)();
  });
});
