// mapConcurrent / mapConcurrentSettled: the limit is never exceeded, results keep input order,
// the first error stops new calls, and an AbortSignal stops the map.
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { mapConcurrent, mapConcurrentSettled } from '../../../host/kit/index.ts';

/** A fn that records how many calls run at once and which indexes started, with per-item delays. */
function tracked(delays: number[], fail: (i: number) => boolean = () => false) {
  const state = { running: 0, peak: 0, started: [] as number[], finished: [] as number[] };
  const fn = async (item: number, index: number) => {
    state.running++;
    state.peak = Math.max(state.peak, state.running);
    state.started.push(index);
    await delay(delays[index] ?? 1);
    state.running--;
    state.finished.push(index);
    if (fail(index)) throw new Error(`item ${index} failed`);
    return item * 10;
  };
  return { state, fn };
}

// Uneven delays, so later items often finish before earlier ones.
const delays = [30, 5, 20, 1, 15, 2, 25, 3, 10, 4, 8, 6];
const items = delays.map((_, i) => i);

describe('mapConcurrent', () => {
  for (const limit of [1, 3, 5, 50]) {
    it(`never runs more than ${limit} at once and keeps input order`, async () => {
      const { state, fn } = tracked(delays);
      const out = await mapConcurrent(items, limit, fn);
      expect(out).toEqual(items.map((i) => i * 10));
      expect(state.peak).toBe(Math.min(limit, items.length));
      expect(state.started).toEqual(items); // started in input order
    });
  }

  it('does finish out of order when calls take different times (so order is really restored)', async () => {
    const { state, fn } = tracked(delays);
    await mapConcurrent(items, 4, fn);
    expect(state.finished).not.toEqual(items);
  });

  it('returns [] for no items without calling fn', async () => {
    expect(await mapConcurrent([], 3, async () => { throw new Error('called'); })).toEqual([]);
  });

  it('on the first error starts no new call, waits for the running ones, throws that error', async () => {
    const { state, fn } = tracked([5, 40, 40, 1, 1, 1, 1, 1], (i) => i === 0);
    await expect(mapConcurrent([0, 1, 2, 3, 4, 5, 6, 7], 3, fn)).rejects.toThrow('item 0 failed');
    // Item 0 fails at ~5 ms while 1 and 2 run: nothing after them starts, and both finished before the throw.
    expect(state.started).toEqual([0, 1, 2]);
    expect(state.running).toBe(0);
    expect(state.finished.sort()).toEqual([0, 1, 2]);
  });

  it('throws the first error even when a later one follows', async () => {
    const { fn } = tracked([10, 1, 30], (i) => i !== 1);
    await expect(mapConcurrent([0, 1, 2], 3, fn)).rejects.toThrow('item 0 failed');
  });

  it('wraps a non-Error rejection in an Error', async () => {
    await expect(mapConcurrent([1], 1, () => Promise.reject('plain'))).rejects.toThrow('plain');
  });

  it('stops starting calls when the signal aborts, waits for the running ones, throws the reason', async () => {
    const controller = new AbortController();
    const { state, fn } = tracked(items.map(() => 20));
    setTimeout(() => controller.abort(new Error('run canceled')), 30);
    await expect(mapConcurrent(items, 2, fn, controller.signal)).rejects.toThrow('run canceled');
    expect(state.running).toBe(0);
    expect(state.started.length).toBeGreaterThanOrEqual(2);
    expect(state.started.length).toBeLessThan(items.length);
  });

  it('does not call fn at all with an already aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const { state, fn } = tracked(delays);
    await expect(mapConcurrent(items, 2, fn, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(state.started).toEqual([]);
  });

  it('refuses a limit that is not a whole number of at least 1', async () => {
    for (const limit of [0, -1, 1.5, Number.NaN]) await expect(mapConcurrent([1], limit, async (x) => x)).rejects.toThrow('Concurrency limit must be a whole number of at least 1');
  });
});

describe('mapConcurrentSettled', () => {
  it('never throws, keeps order, respects the limit, and goes on after failures', async () => {
    const { state, fn } = tracked(delays, (i) => i % 3 === 0);
    const out = await mapConcurrentSettled(items, 3, fn);
    expect(state.peak).toBe(3);
    expect(state.started).toEqual(items);
    expect(out).toHaveLength(items.length);
    out.forEach((r, i) => {
      if (i % 3 === 0) expect(r).toEqual({ ok: false, error: new Error(`item ${i} failed`) });
      else expect(r).toEqual({ ok: true, value: i * 10 });
    });
  });

  it('after an abort, the items not started get the abort error; started ones keep their result', async () => {
    const controller = new AbortController();
    const { state, fn } = tracked(items.map(() => 20));
    setTimeout(() => controller.abort(new Error('stop')), 30);
    const out = await mapConcurrentSettled(items, 2, fn, controller.signal);
    const started = new Set(state.started);
    expect(started.size).toBeLessThan(items.length);
    out.forEach((r, i) => expect(r).toEqual(started.has(i) ? { ok: true, value: i * 10 } : { ok: false, error: new Error('stop') }));
  });
});
