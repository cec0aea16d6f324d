// Queue mode answers through Redis: a Respond to Webhook answer (status, header, text) sent by the
// worker, a Wait node resumed by its resume URL (the main enqueues the resumption), a 504 naming
// the execution when no worker answers in time; and the CLI's queue-mode checks.
import { spawnSync } from 'node:child_process';
import { Queue } from 'bullmq';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_NAME } from '../../../host/queue/config.ts';
import type { Storage } from '../../../host/storage/storage.ts';
import { logLines, post, startCluster } from './cluster.ts';
import type { Cluster } from './cluster.ts';

const BIN = join(new URL('../../../', import.meta.url).pathname, 'host/cli/bin.ts');

describe('queue mode answers', () => {
  let cluster: Cluster;
  let storage: Storage;
  beforeAll(async () => {
    // No worker at first: the timeout case runs before one starts.
    cluster = await startCluster({ workers: 0, fixtures: ['echo-last-node.json', 'respond-node.json', 'parked.json'], env: { GIGAFLOW_QUEUE_RESPONSE_TIMEOUT_MS: '1000', GIGAFLOW_QUEUE_ORPHAN_SWEEP_MS: '500' } });
    storage = await cluster.openStorage();
  }, 60_000);
  afterAll(() => cluster?.stop());

  it('answers 504 naming the execution when no worker finishes it in time; the execution still runs later', async () => {
    const answer = await post(`${cluster.url}/webhook/echo`, { requestId: 'late' });
    expect(answer.status).toBe(504);
    expect(answer.body.error).toBe('gateway_timeout');
    const [queued] = (await storage.executions.list({ workflowId: 'queueEcho' })).data;
    expect(queued.status).toBe('new');
    expect(answer.body.message).toContain(queued.id);
    await cluster.startWorker(4);
    for (let i = 0; i < 100 && (await storage.executions.get(queued.id))?.status !== 'success'; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await storage.executions.get(queued.id))?.status).toBe('success');
  }, 30_000);

  it('sends a Respond to Webhook answer from the worker: status, headers and body', async () => {
    const res = await fetch(`${cluster.url}/webhook/respond`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requestId: 'r-7' }) });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-request-id')).toBe('r-7');
    expect(await res.text()).toBe('accepted r-7');
  }, 20_000);

  it("shows a worker's run live on the main's event stream (queued, started, finished) and keeps its workflow snapshot", async () => {
    const key = spawnSync(process.execPath, [BIN, 'apikey', 'create', '--name', 'events'], { env: cluster.env, encoding: 'utf8' }).stdout.trim();
    const controller = new AbortController();
    const stream = await fetch(`${cluster.url}/api/v1/events`, { headers: { 'x-api-key': key }, signal: controller.signal });
    expect(stream.status).toBe(200);
    let text = '';
    const reading = (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of stream.body!) text += decoder.decode(chunk as Uint8Array, { stream: true });
      } catch {
        // aborted below
      }
    })();
    try {
      const answers = await Promise.all(['live-1', 'live-2'].map((requestId) => post(`${cluster.url}/webhook/echo`, { requestId })));
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      const ids = (await storage.executions.list({ workflowId: 'queueEcho', limit: 2 })).data.map((e) => e.id);
      const seen = (id: string) =>
        text
          .split('\n\n')
          .filter((block) => block.includes(`"executionId":"${id}"`))
          .map((block) => /^event: (.+)$/m.exec(block)?.[1]);
      for (const id of ids) await expect.poll(() => seen(id), { timeout: 5000 }).toEqual(['execution.queued', 'execution.started', 'execution.finished']);
      const stored = await storage.executions.get(ids[0]!);
      expect(stored).toMatchObject({ status: 'success', mode: 'webhook', workflowData: { id: 'queueEcho' } });
    } finally {
      controller.abort();
      await reading;
    }
  }, 20_000);

  it('resumes a waiting execution on a worker when its resume URL is called, and answers with its last node', async () => {
    const started = await post(`${cluster.url}/webhook/parked`, { requestId: 'p-1' });
    expect(started).toMatchObject({ status: 200, body: { message: 'Workflow was started' } });
    let waiting = (await storage.executions.list({ workflowId: 'queueParked', status: 'waiting' })).data[0];
    for (let i = 0; i < 100 && !waiting; i++) {
      await new Promise((r) => setTimeout(r, 50));
      waiting = (await storage.executions.list({ workflowId: 'queueParked', status: 'waiting' })).data[0];
    }
    expect(waiting).toBeDefined();
    const resumed = await post(`${cluster.url}/webhook-waiting/${waiting.id}`, { answer: 'yes' });
    expect(resumed).toEqual({ status: 200, body: { resumedWith: 'yes' } });
    const done = await storage.executions.get(waiting.id);
    expect(done).toMatchObject({ status: 'success', lastNodeExecuted: 'Set' });
    expect(done?.queueInput).toBeUndefined();
  }, 20_000);

  it('a `gigaflow webhook` process takes webhooks for the workers, serves nothing else, and follows edits made on the main', async () => {
    const { url } = await cluster.startWebhookProcess();
    expect(await post(`${url}/webhook/echo`, { requestId: 'via-webhook-process' })).toEqual({ status: 200, body: { requestId: 'via-webhook-process' } });
    expect((await fetch(`${url}/api/v1/workflows`)).status).toBe(404);
    expect((await fetch(`${url}/`)).status).toBe(404);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    // An edit or a deactivation on the main reaches the webhook process over Redis.
    const key = spawnSync(process.execPath, [BIN, 'apikey', 'create', '--name', 'edits'], { env: cluster.env, encoding: 'utf8' }).stdout.trim();
    const api = (path: string, init: RequestInit = {}) => fetch(`${cluster.url}/api/v1${path}`, { ...init, headers: { 'x-api-key': key, 'content-type': 'application/json' } });
    const wf = await (await api('/workflows/queueEcho')).json();
    const set = wf.nodes.find((n: { name: string }) => n.name === 'Set');
    set.parameters.assignments.assignments.push({ id: '2', name: 'edited', value: true, type: 'boolean' });
    expect((await api('/workflows/queueEcho', { method: 'PUT', body: JSON.stringify({ name: wf.name, nodes: wf.nodes, connections: wf.connections, settings: wf.settings }) })).status).toBe(200);
    await expect.poll(async () => (await post(`${url}/webhook/echo`, { requestId: 'after-edit' })).body, { timeout: 5000 }).toEqual({ requestId: 'after-edit', edited: true });
    expect((await api('/workflows/queueEcho/deactivate', { method: 'POST' })).status).toBe(200);
    await expect.poll(async () => (await post(`${url}/webhook/echo`, { requestId: 'gone' })).status, { timeout: 5000 }).toBe(404);
    expect((await api('/workflows/queueEcho/activate', { method: 'POST' })).status).toBe(200);
    await expect.poll(async () => (await post(`${url}/webhook/echo`, { requestId: 'back' })).status, { timeout: 5000 }).toBe(200);
  }, 40_000);

  it('enqueues again a run its main stored but never enqueued (the main died in between)', async () => {
    const id = `orphan${Date.now()}`;
    const storedAt = new Date(Date.now() - 2000).toISOString();
    await storage.executions.create({ id, workflowId: 'queueEcho', mode: 'webhook', status: 'new', startedAt: storedAt, runData: {}, queueInput: { kind: 'start', triggerItems: [{ json: { body: { requestId: 'orphaned' } } }] } });
    await expect.poll(async () => (await storage.executions.get(id))?.status, { timeout: 10_000, interval: 100 }).toBe('success');
    expect(logLines(cluster.main.output(), 'queue: re-enqueued an execution its main stored but never enqueued').map((l) => l.executionId)).toContain(id);
    expect((await storage.executions.get(id))?.runData.Set?.[0]?.data?.main?.[0]?.[0]?.json).toMatchObject({ requestId: 'orphaned' });
  }, 20_000);

  it('retries an infrastructure failure with backoff, then ends the execution as WorkerCrashedError', async () => {
    // A queued row whose workflow is gone (no snapshot either): every attempt fails before running.
    const id = `gone${Date.now()}`;
    await storage.executions.create({ id, workflowId: 'noSuchWorkflow', mode: 'webhook', status: 'new', startedAt: new Date().toISOString(), runData: {}, queueInput: { kind: 'start' } });
    const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: 6379 }, prefix: cluster.prefix });
    try {
      const t0 = Date.now();
      await queue.add('run', { executionId: id }, { jobId: id, attempts: 3, backoff: { type: 'exponential', delay: 200 } });
      let record = await storage.executions.get(id);
      for (let i = 0; i < 200 && record?.status === 'new'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        record = await storage.executions.get(id);
      }
      expect(record).toMatchObject({ status: 'error', error: { name: 'WorkerCrashedError' } });
      expect(record?.error?.message).toContain('after 3 attempt(s)');
      expect(record?.error?.message).toContain('noSuchWorkflow');
      expect(Date.now() - t0).toBeGreaterThanOrEqual(600); // backoff 200 + 400 ms between the tries
      expect(logLines(cluster.workers[0].output(), 'queue: job failed').filter((l) => l.executionId === id)).toHaveLength(3);
    } finally {
      await queue.close();
    }
  }, 20_000);
});

describe('queue mode on the command line', () => {
  const run = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, GIGAFLOW_DATABASE_URL: '', GIGAFLOW_MODE: '', ...env }, encoding: 'utf8', timeout: 20_000 });

  it('refuses queue mode without PostgreSQL, naming the variable', () => {
    const out = run(['start'], { GIGAFLOW_MODE: 'queue' });
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('GIGAFLOW_DATABASE_URL');
  });

  it('refuses `gigaflow worker` outside queue mode and a bad --concurrency', () => {
    expect(run(['worker'], {})).toMatchObject({ status: 2, stderr: expect.stringContaining('GIGAFLOW_MODE=queue') });
    expect(run(['worker', '--concurrency', '0'], { GIGAFLOW_MODE: 'queue' })).toMatchObject({ status: 2, stderr: expect.stringContaining('--concurrency') });
  });
});
