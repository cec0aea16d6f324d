// Test cases over the API as the editor uses them: record a real webhook execution as a test,
// run it with the outside server gone, edit it into a failing one, and manage cases.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowInput } from '../../../host/model/index.ts';
import { startHost } from './helpers.ts';
import type { TestHost } from './helpers.ts';

let t: TestHost;
let shop: Server;
let workflowId: string;

/** Webhook → Lookup (HTTP Request to the shop on 127.0.0.1) → Stamp (Code: the total plus a time and a random number). */
function lookupWorkflow(port: number): WorkflowInput {
  return {
    name: 'Lookup',
    settings: { executionOrder: 'v1' },
    nodes: [
      { id: 'w', name: 'Hook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path: 'lookup-tests', responseMode: 'lastNode' }, webhookId: 'lookup-tests' },
      { id: 'l', name: 'Lookup', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [200, 0], parameters: { url: `=http://127.0.0.1:${port}/orders/{{ $json.body.orderId }}` } },
      {
        id: 's',
        name: 'Stamp',
        type: 'n8n-nodes-base.code',
        typeVersion: 2,
        position: [400, 0],
        parameters: { jsCode: 'return [{ json: { order: $json.id, total: $json.total, stampedAt: Date.now(), nonce: Math.random() } }];' },
      },
    ],
    connections: { Hook: { main: [[{ node: 'Lookup', type: 'main', index: 0 }]] }, Lookup: { main: [[{ node: 'Stamp', type: 'main', index: 0 }]] } },
  };
}

async function callHook(body: object): Promise<string> {
  const res = await fetch(`${t.base}/webhook/lookup-tests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.text();
  const list = await t.api(`/executions?workflowId=${workflowId}&limit=1`);
  return list.body.data[0].id as string;
}

beforeAll(async () => {
  shop = createServer((req, res) => {
    if (req.url === '/orders/missing') return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such order"}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: req.url?.split('/').pop(), total: 42 }));
  });
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
  t = await startHost();
  const created = await t.api('/workflows', { method: 'POST', body: lookupWorkflow((shop.address() as AddressInfo).port) });
  workflowId = created.body.id;
  expect((await t.api(`/workflows/${workflowId}/activate`, { method: 'POST' })).status).toBe(200);
});
afterAll(async () => {
  shop?.close();
  await t?.close();
});

describe('record as test', () => {
  let caseId: string;
  let failedExecution: string;

  it('records a real webhook execution: trigger input, the outside call pinned, the final output expected with its changing values ignored', async () => {
    const executionId = await callHook({ orderId: 'A1' });
    failedExecution = await callHook({ orderId: 'missing' });
    const res = await t.api(`/executions/${executionId}/record-test`, { method: 'POST', body: {} });
    expect(res.status).toBe(201);
    const { testCase, ignored, warnings } = res.body;
    caseId = testCase.id;
    expect(testCase).toMatchObject({
      workflowId,
      name: `Recorded from execution ${executionId}`,
      recordedFrom: executionId,
      trigger: { node: 'Hook', webhook: { method: 'POST', body: { orderId: 'A1' }, headers: { 'content-type': 'application/json' } } },
      pinned: { Lookup: [{ id: 'A1', total: 42 }] },
    });
    expect(testCase.trigger.webhook.headers).not.toHaveProperty('host');
    expect(testCase.expectations).toEqual([{ node: 'Stamp', match: [expect.objectContaining({ order: 'A1', total: 42 })], ignore: expect.any(Array) }]);
    expect([...ignored].sort()).toEqual(['[0].nonce', '[0].stampedAt']);
    expect(testCase.expectations[0].ignore).toEqual(ignored);
    expect(warnings).toEqual([]);
  });

  it('runs the recorded case and passes, with the outside server gone and no execution stored', async () => {
    const before = (await t.api(`/executions?workflowId=${workflowId}`)).body.data.length;
    await new Promise<void>((r) => shop.close(() => r()));
    const res = await t.api(`/workflows/${workflowId}/tests/${caseId}/run`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ caseId, passed: true, failures: [], execution: { status: 'success', nodesRun: ['Hook', 'Lookup', 'Stamp'] } });
    expect((await t.api(`/executions?workflowId=${workflowId}`)).body.data.length).toBe(before);
  });

  it('records a failed execution as an expected error and passes it', async () => {
    const res = await t.api(`/executions/${failedExecution}/record-test`, { method: 'POST', body: { name: 'Unknown order fails' } });
    expect(res.status).toBe(201);
    expect(res.body.testCase.pinned.Lookup).toEqual({ error: expect.objectContaining({ message: expect.any(String) }) });
    expect(res.body.testCase.expectations).toEqual([expect.objectContaining({ outcome: 'error', errorNode: 'Lookup' })]);
    const run = await t.api(`/workflows/${workflowId}/tests/run`, { method: 'POST', body: { ids: [res.body.testCase.id] } });
    expect(run.body).toMatchObject({ passed: 1, failed: 0 });
  });

  it('reports an edited expectation that no longer holds with node, path, expected and actual', async () => {
    const stored = (await t.api(`/workflows/${workflowId}/tests/${caseId}`)).body;
    const edited = { ...stored, expectations: [{ node: 'Stamp', path: '[0].total', match: 41 }] };
    expect((await t.api(`/workflows/${workflowId}/tests/${caseId}`, { method: 'PUT', body: edited })).status).toBe(200);
    const res = await t.api(`/workflows/${workflowId}/tests/run`, { method: 'POST' });
    expect(res.body).toMatchObject({ passed: 1, failed: 1 });
    const failing = res.body.cases.find((c: { caseId: string }) => c.caseId === caseId);
    expect(failing.failures).toEqual([
      { expectation: 0, node: 'Stamp', path: '[0].total', expected: 41, actual: 42, message: '"Stamp" output 0: [0].total: expected 41 but got 42' },
    ]);
  });

  it('refuses bad cases with 4xx naming the field, and manages the list', async () => {
    const bad = await t.api(`/workflows/${workflowId}/tests`, { method: 'POST', body: { name: 'x', trigger: { event: {} }, expectations: [{ node: 'Nope', notRun: true }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('testCase.expectations[0].node: no node named "Nope" in the workflow');
    const dup = await t.api(`/workflows/${workflowId}/tests`, { method: 'POST', body: { name: 'Unknown order fails', trigger: { event: {} }, expectations: [] } });
    expect(dup.status).toBe(409);
    const created = await t.api(`/workflows/${workflowId}/tests`, { method: 'POST', body: { name: 'Spare', trigger: { webhook: { method: 'POST', body: {} } }, expectations: [] } });
    expect(created.status).toBe(201);
    const list = await t.api(`/workflows/${workflowId}/tests`);
    expect(list.body.data.map((c: { name: string }) => c.name)).toEqual([`Recorded from execution ${list.body.data[0].recordedFrom}`, 'Unknown order fails', 'Spare']);
    expect((await t.api(`/workflows/${workflowId}/tests/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.api(`/workflows/${workflowId}/tests/${created.body.id}`)).status).toBe(404);
    expect((await t.api('/executions/nope/record-test', { method: 'POST' })).status).toBe(404);
    expect((await t.api(`/workflows/${workflowId}/tests/run`, { method: 'POST', body: { ids: 'all' } })).status).toBe(400);
  });
});
