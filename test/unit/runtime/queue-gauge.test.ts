// gigaflow_queue_jobs is read at scrape time: a Redis that does not answer must not hang /metrics
// (BullMQ's connection retries commands forever), and its last numbers must not be repeated as if fresh.
import { Registry } from 'prom-client';
import { expect, it } from 'vitest';
import { createQueueGauge } from '../../../host/runtime/metrics.ts';
import type { QueueJobCounts } from '../../../host/runtime/metrics.ts';
import { parsePrometheus } from '../../helpers/prometheus.ts';

it('reports the counts, then drops the series when a read hangs, and shares one read between overlapping scrapes', async () => {
  const registry = new Registry();
  let reads = 0;
  let answer: () => Promise<QueueJobCounts> = async () => ({ waiting: 3, active: 1, delayed: 0, failed: 2 });
  createQueueGauge(registry, () => {
    reads++;
    return answer();
  });
  const first = parsePrometheus(await registry.metrics());
  expect(['waiting', 'active', 'delayed', 'failed'].map((state) => first.value('gigaflow_queue_jobs', { state }))).toEqual([3, 1, 0, 2]);

  answer = () => new Promise(() => {}); // Redis gone: the command never settles
  const t0 = Date.now();
  const [a, b] = await Promise.all([registry.metrics(), registry.metrics()]);
  expect(Date.now() - t0).toBeLessThan(2000);
  for (const text of [a, b]) expect(parsePrometheus(text).samples).toEqual([]);
  expect(reads).toBe(2); // the overlapping scrapes shared the hung read

  answer = async () => {
    throw new Error('connection refused');
  };
  const third = parsePrometheus(await registry.metrics());
  expect(third.samples).toEqual([]); // still the hung read: no new command piles up behind it
  expect(reads).toBe(2);
});

it('lists the family without series outside queue mode', async () => {
  const registry = new Registry();
  createQueueGauge(registry, undefined);
  const m = parsePrometheus(await registry.metrics());
  expect(m.families.get('gigaflow_queue_jobs')).toBe('gauge');
  expect(m.samples).toEqual([]);
});
