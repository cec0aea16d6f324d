// gigaflow_queue_jobs in queue mode, read from BullMQ on each scrape: with no worker, webhook runs
// wait in the queue and both the main and a `gigaflow webhook` process report them. The webhook
// process also times its webhook calls and has the HTTP and process metrics of a main.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, post, startCluster } from './cluster.ts';
import { closedPort } from '../../helpers/ports.ts';
import type { Cluster } from './cluster.ts';
import { scrape } from '../../helpers/prometheus.ts';

describe('queue metrics', () => {
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    cluster = await startCluster({ workers: 0, fixtures: ['parked.json', 'echo-last-node.json'] });
  });
  afterAll(() => cluster?.stop());

  it('reports waiting jobs by state on the main and on a webhook process', async () => {
    const c = cluster!;
    const webhook = await c.startWebhookProcess();
    // onReceived answers once the run is stored and queued; no worker takes it.
    expect((await post(`${c.url}/webhook/parked`, {})).status).toBe(200);
    expect((await post(`${webhook.url}/webhook/parked`, {})).status).toBe(200);

    for (const url of [c.url, webhook.url]) {
      const m = await scrape(url);
      expect(m.value('gigaflow_queue_jobs', { state: 'waiting' }), url).toBe(2);
      expect(m.value('gigaflow_queue_jobs', { state: 'active' })).toBe(0);
      expect(m.value('gigaflow_queue_jobs', { state: 'delayed' })).toBe(0);
      expect(m.value('gigaflow_queue_jobs', { state: 'failed' })).toBe(0);
      expect(m.value('gigaflow_executions_in_flight')).toBe(0);
    }

    const m = await scrape(webhook.url);
    expect(m.value('gigaflow_webhook_duration_seconds_count', { kind: 'production', method: 'POST', status: '200', workflow_id: 'queueParked' })).toBe(1);
    expect(m.value('gigaflow_http_requests_total', { method: 'POST', route: '/webhook/*path', status: '200' })).toBe(1);
    expect(m.families.has('gigaflow_process_resident_memory_bytes')).toBe(true);
  });

  it('a worker with --metrics-port reports the runs it executed, and its probes', async () => {
    const c = cluster!;
    const port = await closedPort();
    const worker = launch(['worker', '--concurrency', '2'], { ...c.env, GIGAFLOW_WORKER_METRICS_PORT: String(port) });
    try {
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 100 && !worker.output().includes('gigaflow worker ready'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(worker.output()).toContain(`"metricsPort":${port}`);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const answer = await post(`${c.url}/webhook/echo`, { n: 1 });
      expect(answer.status).toBe(200);
      const m = await scrape(base);
      expect(m.value('gigaflow_executions_total', { mode: 'webhook', status: 'success' })).toBe(1);
      expect(m.families.has('gigaflow_node_duration_seconds')).toBe(true);
      expect(m.families.has('gigaflow_process_resident_memory_bytes')).toBe(true);
      // Only probes: the API is not served by a worker.
      expect((await fetch(`${base}/api/v1/workflows`)).status).toBe(404);
    } finally {
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
  });
});
