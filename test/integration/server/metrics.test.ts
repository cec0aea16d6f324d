// GET /metrics on a real host after real webhook runs: node durations by node type and status,
// webhook latency by workflow (never the raw path), sandbox evaluations by kind and outcome, and
// the in-flight gauge back at 0. The counts are exact, so a metric counted twice or not at all fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INode, WorkflowInput } from '../../../host/model/index.ts';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';
import { scrape } from '../../helpers/prometheus.ts';

/** Webhook → Set (one expression) → Code that throws for big numbers. */
function doubler(path: string, expression: string): WorkflowInput {
  const nodes: INode[] = [
    { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path, responseMode: 'lastNode' } },
    {
      id: 's',
      name: 'Double',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [200, 0],
      parameters: { assignments: { assignments: [{ id: 'a', name: 'doubled', value: `={{ ${expression} }}`, type: 'number' }] }, options: {} },
    },
    {
      id: 'c',
      name: 'Check',
      type: 'n8n-nodes-base.code',
      typeVersion: 2,
      position: [400, 0],
      parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: 'if ($json.doubled > 100) throw new Error(`${$json.doubled} is too big`);\nreturn $input.all();' },
    },
  ];
  const connections = { Webhook: { main: [[{ node: 'Double', type: 'main' as const, index: 0 }]] }, Double: { main: [[{ node: 'Check', type: 'main' as const, index: 0 }]] } };
  return { name: `Metrics ${path}`, nodes, connections, settings: { executionOrder: 'v1' } };
}

describe('/metrics after webhook runs', () => {
  let t: TestHost;
  let doublerId: string;
  let spinId: string;
  const statuses: number[] = [];
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${t.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.text();
    statuses.push(res.status);
    return res.status;
  };

  beforeAll(async () => {
    t = await startTestHost({}, { expressionTimeoutMs: 100 });
    doublerId = await t.deploy(doubler('double', '$json.body.n * 2'));
    spinId = await t.deploy(doubler('spin', '(() => { while (true) {} })()'));
    expect(await post('double', { n: 1 })).toBe(200); // every node succeeds
    expect(await post('double', { n: 100 })).toBe(500); // Check throws
    expect(await post('spin', { n: 1 })).toBe(500); // Double's expression times out
    expect((await fetch(`${t.url}/webhook/no-such-hook/123`, { method: 'POST' })).status).toBe(404);
  });
  afterAll(() => t?.close());

  it('counts node runs by node type and status, each run once', async () => {
    const m = await scrape(t.url);
    const count = (node_type: string, status: string) => m.value('gigaflow_node_duration_seconds_count', { node_type, status }) ?? 0;
    expect(count('n8n-nodes-base.webhook', 'success')).toBe(3);
    expect(count('n8n-nodes-base.set', 'success')).toBe(2);
    expect(count('n8n-nodes-base.set', 'error')).toBe(1);
    expect(count('n8n-nodes-base.code', 'success')).toBe(1);
    expect(count('n8n-nodes-base.code', 'error')).toBe(1);
    // The +Inf bucket holds every observation; durations are seconds, not milliseconds.
    expect(m.value('gigaflow_node_duration_seconds_bucket', { node_type: 'n8n-nodes-base.set', status: 'error', le: '+Inf' })).toBe(1);
    expect(m.value('gigaflow_node_duration_seconds_sum', { node_type: 'n8n-nodes-base.set', status: 'error' })).toBeGreaterThanOrEqual(0.09);
    expect(m.value('gigaflow_node_duration_seconds_sum', { node_type: 'n8n-nodes-base.set', status: 'error' })).toBeLessThan(10);
  });

  it('times webhook calls by workflow id and status, and labels unknown paths without the path', async () => {
    // The histogram is observed when the answer has been sent, which may trail the client by a tick.
    await expect
      .poll(async () => (await scrape(t.url)).value('gigaflow_webhook_duration_seconds_count', { kind: 'production', workflow_id: '', status: '404' }))
      .toBe(1);
    const m = await scrape(t.url);
    const count = (workflow_id: string, status: string) => m.value('gigaflow_webhook_duration_seconds_count', { kind: 'production', method: 'POST', workflow_id, status });
    expect(count(doublerId, '200')).toBe(1);
    expect(count(doublerId, '500')).toBe(1);
    expect(count(spinId, '500')).toBe(1);
    // The timed-out expression ran ~100 ms inside that call.
    expect(m.value('gigaflow_webhook_duration_seconds_sum', { workflow_id: spinId })).toBeGreaterThanOrEqual(0.09);
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).not.toContain('no-such-hook');
  });

  it('counts sandbox evaluations by kind and outcome', async () => {
    const m = await scrape(t.url);
    const count = (kind: string, outcome: string) => m.value('gigaflow_sandbox_evaluations_total', { kind, outcome });
    expect(count('expression', 'ok')).toBe(2);
    expect(count('expression', 'timeout')).toBe(1);
    expect(count('expression', 'error')).toBe(0);
    expect(count('code', 'ok')).toBe(1);
    expect(count('code', 'error')).toBe(1);
    expect(count('code', 'timeout')).toBe(0);
  });

  it('reports no execution in flight once the runs answered, and no queue series outside queue mode', async () => {
    const m = await scrape(t.url);
    expect(m.value('gigaflow_executions_in_flight')).toBe(0);
    expect(m.value('gigaflow_executions_total', { mode: 'webhook', status: 'error' })).toBe(2);
    expect(m.families.get('gigaflow_queue_jobs')).toBe('gauge');
    expect(m.samples.filter((s) => s.name === 'gigaflow_queue_jobs')).toEqual([]);
  });

  it('counts a run in flight while it runs', async () => {
    const slow: WorkflowInput = {
      name: 'Metrics slow',
      settings: { executionOrder: 'v1' },
      nodes: [
        { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path: 'slow', responseMode: 'lastNode' } },
        { id: 'c', name: 'Sleep', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: 'const end = Date.now() + 700;\nwhile (Date.now() < end) {}\nreturn $input.all();' } },
      ],
      connections: { Webhook: { main: [[{ node: 'Sleep', type: 'main', index: 0 }]] } },
    };
    await t.deploy(slow);
    const call = fetch(`${t.url}/webhook/slow`, { method: 'POST' });
    await expect.poll(async () => (await scrape(t.url)).value('gigaflow_executions_in_flight'), { interval: 20 }).toBe(1);
    expect((await call).status).toBe(200);
    expect((await scrape(t.url)).value('gigaflow_executions_in_flight')).toBe(0);
  });
});

describe('/metrics around a Wait resumed by its resume URL', () => {
  let t: TestHost | undefined;
  afterAll(() => t?.close());

  it('counts the node runs before the Wait once, when the execution ends, and times the resume call', async () => {
    t = await startTestHost({ GIGAFLOW_WAIT_IN_MEMORY_MAX_MS: '0' });
    const node = (name: string, type: string, typeVersion: number, parameters: INode['parameters'], x: number): INode => ({ id: name, name, type: `n8n-nodes-base.${type}`, typeVersion, position: [x, 0], parameters });
    const id = await t.deploy({
      name: 'Metrics approval',
      settings: { executionOrder: 'v1' },
      nodes: [
        node('Webhook', 'webhook', 2, { httpMethod: 'POST', path: 'approval' }, 0),
        node('Wait', 'wait', 1.1, { resume: 'webhook', httpMethod: 'POST', responseMode: 'lastNode' }, 200),
        node('After', 'noOp', 1, {}, 400),
      ],
      connections: { Webhook: { main: [[{ node: 'Wait', type: 'main', index: 0 }]] }, Wait: { main: [[{ node: 'After', type: 'main', index: 0 }]] } },
    });
    expect((await fetch(`${t.url}/webhook/approval`, { method: 'POST' })).status).toBe(200);
    const parked = async () => (await t!.host.storage.executions.list({ workflowId: id })).data[0];
    await expect.poll(async () => (await parked())?.status).toBe('waiting');
    // Parked: nothing counted yet (the run has not ended).
    expect((await scrape(t.url)).value('gigaflow_node_duration_seconds_count', { node_type: 'n8n-nodes-base.webhook', status: 'success' })).toBeUndefined();
    const executionId = (await parked())!.id;
    expect((await fetch(`${t.url}/webhook-waiting/${executionId}`)).status).toBe(405);
    expect((await fetch(`${t.url}/webhook-waiting/${executionId}`, { method: 'POST' })).status).toBe(200);

    const record = (await t.host.storage.executions.get(executionId))!;
    expect(record.status).toBe('success');
    const m = await scrape(t.url);
    const nodeCount = (type: string) => m.value('gigaflow_node_duration_seconds_count', { node_type: `n8n-nodes-base.${type}`, status: 'success' });
    expect(nodeCount('webhook')).toBe(1);
    expect(nodeCount('wait')).toBe(record.runData.Wait.length);
    expect(nodeCount('noOp')).toBe(1);
    await expect
      .poll(async () => (await scrape(t!.url)).value('gigaflow_webhook_duration_seconds_count', { kind: 'waiting', method: 'POST', workflow_id: id, status: '200' }))
      .toBe(1);
    expect(m.value('gigaflow_webhook_duration_seconds_count', { kind: 'waiting', method: 'GET', workflow_id: id, status: '405' })).toBe(1);
  });
});
