// The in-memory limiter behind settings.maxConcurrency: slots per key, FIFO line, cancel, limit changes.
import { describe, expect, it } from 'vitest';
import { QueueCanceledError, createMemoryLimiter } from '../../../host/runtime/concurrency.ts';

describe('in-memory concurrency limiter', () => {
  it('grants up to the limit at once, then starts waiting runs in arrival order as slots free', async () => {
    const limiter = createMemoryLimiter();
    const started: string[] = [];
    const tickets = ['a', 'b', 'c', 'd'].map((id) => {
      const ticket = limiter.acquire('wf', 2, id);
      void ticket.ready.then(() => started.push(id));
      return ticket;
    });
    expect(tickets.map((tk) => tk.queued)).toEqual([false, false, true, true]);
    await Promise.resolve();
    expect(started).toEqual(['a', 'b']);
    expect(limiter.queued('wf')).toEqual(['c', 'd']);
    const releaseB = await tickets[1].ready;
    releaseB();
    releaseB(); // a second call gives nothing back twice
    await tickets[2].ready;
    expect(started).toEqual(['a', 'b', 'c']);
    expect(limiter.active('wf')).toBe(2);
    expect(limiter.queued('wf')).toEqual(['d']);
  });

  it('keeps workflows apart', () => {
    const limiter = createMemoryLimiter();
    expect(limiter.acquire('one', 1, 'x').queued).toBe(false);
    expect(limiter.acquire('two', 1, 'y').queued).toBe(false);
    expect(limiter.acquire('one', 1, 'z').queued).toBe(true);
  });

  it('takes a canceled run out of line; its ticket rejects and later runs move up', async () => {
    const limiter = createMemoryLimiter();
    const first = limiter.acquire('wf', 1, 'a');
    const second = limiter.acquire('wf', 1, 'b');
    const third = limiter.acquire('wf', 1, 'c');
    expect(limiter.cancel('b')).toBe(true);
    expect(limiter.cancel('b')).toBe(false);
    expect(limiter.cancel('a')).toBe(false); // running, not waiting
    await expect(second.ready).rejects.toBeInstanceOf(QueueCanceledError);
    (await first.ready)();
    await third.ready;
    expect(limiter.queued('wf')).toEqual([]);
  });

  it('lets waiting runs start when a later run brings a higher limit', async () => {
    const limiter = createMemoryLimiter();
    limiter.acquire('wf', 1, 'a');
    const b = limiter.acquire('wf', 1, 'b');
    expect(b.queued).toBe(true);
    const c = limiter.acquire('wf', 3, 'c');
    await b.ready;
    expect(c.queued).toBe(false);
    expect(limiter.active('wf')).toBe(3);
  });
});
