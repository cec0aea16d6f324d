// The Code node behind a real host: Webhook → Code → "respond with the last node" over HTTP,
// its console output kept in the stored execution, script errors and a memory bomb answered as
// failed executions while the host keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INode, WorkflowInput } from '../../../../host/model/index.ts';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';

let t: TestHost;
beforeAll(async () => {
  t = await startTestHost({ GIGAFLOW_SANDBOX_MEMORY_MB: '32' });
});
afterAll(() => t?.close());

function hookWithCode(path: string, jsCode: string, mode = 'runOnceForAllItems'): WorkflowInput {
  const nodes: INode[] = [
    { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path, responseMode: 'lastNode' } },
    { id: 'c', name: 'Code', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { mode, language: 'javaScript', jsCode } },
  ];
  return { name: `code ${path}`, nodes, connections: { Webhook: { main: [[{ node: 'Code', type: 'main', index: 0 }]] } }, settings: { executionOrder: 'v1' } };
}

const post = (path: string, body: unknown) =>
  fetch(`${t.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function lastExecution(workflowId: string) {
  const page = await t.host.storage.executions.list({ workflowId });
  return page.data[0] ? t.host.storage.executions.get(page.data[0].id) : undefined;
}

describe('Webhook → Code → respond with the last node', () => {
  it('answers with what the script computed from the request', async () => {
    const id = await t.deploy(
      hookWithCode(
        'order-total',
        `const _ = require('lodash');
         const { lines, customer } = $json.body;
         console.log('pricing order for', customer, 'with', lines.length, 'lines');
         const total = _.sumBy(lines, (l) => l.qty * l.price);
         return { customer: customer.toTitleCase(), total, signature: require('crypto').createHmac('sha256', 'k').update(String(total)).digest('hex').slice(0, 8) };`,
      ),
    );
    const res = await post('order-total', { customer: 'acme field services', lines: [{ qty: 2, price: 5 }, { qty: 1, price: 3.5 }] });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ customer: 'Acme Field Services', total: 13.5 });
    expect(body.signature).toMatch(/^[0-9a-f]{8}$/);
    const record = await lastExecution(id);
    expect(record?.status).toBe('success');
    expect(record?.runData.Code?.[0]?.logs).toEqual([{ level: 'info', message: 'pricing order for acme field services with 2 lines', at: expect.any(String) }]);
  });

  it('runs once per item in per-item mode', async () => {
    await t.deploy(hookWithCode('echo-each', 'return { qty: $json.body.qty * 2, index: $itemIndex }', 'runOnceForEachItem'));
    const res = await post('echo-each', { qty: 21 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ qty: 42, index: 0 });
  });

  it("answers a throwing script with a failed execution naming the script's line", async () => {
    await t.deploy(hookWithCode('lookup', 'const id = $json.body.id;\nif (id !== 7) throw new Error(`Customer ${id} not found`);\nreturn { id };'));
    const res = await post('lookup', { id: 3 });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: 'execution_failed', node: 'Code', detail: 'Customer 3 not found [line 2]' });
    const ok = await post('lookup', { id: 7 });
    expect(await ok.json()).toEqual({ id: 7 });
  });

  it('a memory bomb fails its execution and the host keeps serving', async () => {
    await t.deploy(hookWithCode('bomb', 'const keep = [];\nwhile (true) keep.push({ i: keep.length, s: "payload-" + keep.length });'));
    const res = await post('bomb', {});
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ node: 'Code', detail: 'Code execution exceeded the memory limit' });
    const again = await post('order-total', { customer: 'b', lines: [{ qty: 1, price: 1 }] });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ total: 1 });
  });
});
