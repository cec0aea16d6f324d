import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INode, INodeParameters, WorkflowInput } from '../../../host/model/index.ts';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';

let t: TestHost;
beforeAll(async () => {
  t = await startTestHost();
});
afterAll(() => t?.close());

function webhookFlow(name: string, webhook: INodeParameters, after: INode[] = [], extra: Partial<INode> = {}): WorkflowInput {
  const nodes: INode[] = [
    { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: webhook, ...extra },
    ...after,
  ];
  const connections: WorkflowInput['connections'] = {};
  nodes.slice(0, -1).forEach((n, i) => (connections[n.name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] }));
  return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

const setNode = (name: string, assignments: { name: string; value: string | number | boolean; type: string }[]): INode => ({
  id: name,
  name,
  type: 'n8n-nodes-base.set',
  typeVersion: 3.4,
  position: [200, 0],
  parameters: { assignments: { assignments: assignments.map((a, i) => ({ id: String(i), ...a })) } },
});

describe('production webhooks', () => {
  it('answers with the last node output, using path parameters and the body', async () => {
    await t.deploy(
      webhookFlow('qr', { httpMethod: 'POST', path: 'q/:mac', responseMode: 'lastNode' }, [
        setNode('Shape', [
          { name: 'mac', value: '={{ $json.params.mac.toUpperCase() }}', type: 'string' },
          { name: 'total', value: '={{ $json.body.qty * 2 }}', type: 'number' },
          { name: 'q', value: '={{ $json.query.lang }}', type: 'string' },
        ]),
      ]),
    );
    const res = await fetch(`${t.url}/webhook/q/aa:bb?lang=fr`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"qty": 21}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ mac: 'AA:BB', total: 42, q: 'fr' });
    const list = await (await t.api('/api/v1/executions?mode=webhook')).json();
    expect(list.data[0]).toMatchObject({ status: 'success', mode: 'webhook' });
  });

  it('responds immediately with onReceived and still saves the execution', async () => {
    const id = await t.deploy(webhookFlow('fire', { httpMethod: 'GET', path: 'fire' }, [setNode('S', [{ name: 'x', value: 1, type: 'number' }])]));
    const res = await fetch(`${t.url}/webhook/fire`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ message: 'Workflow was started' });
    await expect.poll(async () => (await t.host.storage.executions.list({ workflowId: id })).data[0]?.status).toBe('success');
  });

  it('answers an unknown path or method with 404 JSON', async () => {
    const res = await fetch(`${t.url}/webhook/nothing/here`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not_found', message: expect.stringContaining('POST nothing/here') });
    const wrongMethod = await fetch(`${t.url}/webhook/fire`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(404);
  });

  it('keeps the raw body bytes for signature checks', async () => {
    await t.deploy(webhookFlow('raw', { httpMethod: 'POST', path: 'raw', responseMode: 'lastNode', options: { rawBody: true } }, [
      setNode('Echo', [{ name: 'raw', value: '={{ $binary.data.data }}', type: 'string' }]),
    ]));
    const body = '{"b": 1,   "a": "é"}';
    const res = await fetch(`${t.url}/webhook/raw`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(200);
    const { raw } = (await res.json()) as { raw: string };
    expect(Buffer.from(raw, 'base64').toString('utf8')).toBe(body);
  });

  it('enforces the node header auth with the stored credential', async () => {
    const cred = await t.host.storage.credentials.create({ name: 'hook secret', type: 'httpHeaderAuth', data: { name: 'X-Hook-Token', value: 's3cret' } });
    await t.deploy(
      webhookFlow('auth', { httpMethod: 'GET', path: 'guarded', responseMode: 'lastNode', authentication: 'headerAuth' }, [setNode('Ok', [{ name: 'ok', value: true, type: 'boolean' }])], {
        credentials: { httpHeaderAuth: { id: cred.id, name: cred.name } },
      }),
    );
    expect((await fetch(`${t.url}/webhook/guarded`)).status).toBe(401);
    expect((await fetch(`${t.url}/webhook/guarded`, { headers: { 'x-hook-token': 'nope' } })).status).toBe(403);
    const ok = await fetch(`${t.url}/webhook/guarded`, { headers: { 'x-hook-token': 's3cret' } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true });
  });

  it('refuses a second workflow on the same method and path with 409, leaving the first working', async () => {
    const second = await t.host.storage.workflows.create(webhookFlow('dup', { httpMethod: 'GET', path: 'fire' }));
    await expect(t.host.activation.activate(second.id)).rejects.toMatchObject({ status: 409 });
    expect((await fetch(`${t.url}/webhook/fire`)).status).toBe(200);
  });

  it('a failing node gives a 500 naming the node, and the host keeps serving', async () => {
    await t.deploy(
      webhookFlow('bad', { httpMethod: 'GET', path: 'bad', responseMode: 'lastNode' }, [setNode('Broken', [{ name: 'n', value: 'not a number', type: 'number' }])]),
    );
    const res = await fetch(`${t.url}/webhook/bad`);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ node: 'Broken', detail: expect.stringContaining("'n' expects a number") });
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it('an expression syntax error is a node error naming the parameter', async () => {
    await t.deploy(
      webhookFlow('syntax', { httpMethod: 'GET', path: 'syntax', responseMode: 'lastNode' }, [setNode('Typo', [{ name: 'x', value: '={{ $json.body.( }}', type: 'string' }])]),
    );
    const res = await fetch(`${t.url}/webhook/syntax`);
    expect(res.status).toBe(500);
    const list = await t.host.storage.executions.list({ status: 'error' });
    const exec = await t.host.storage.executions.get(list.data[0].id);
    expect(exec?.error).toMatchObject({ node: 'Typo', parameter: 'assignments' });
  });
});

describe('test webhooks', () => {
  it('a listening manual run takes exactly one call on /webhook-test', async () => {
    const wf = await t.host.storage.workflows.create(
      webhookFlow('listen', { httpMethod: 'POST', path: 'try-me', responseMode: 'lastNode' }, [setNode('S', [{ name: 'got', value: '={{ $json.body.v }}', type: 'string' }])]),
    );
    expect((await fetch(`${t.url}/webhook-test/try-me`, { method: 'POST' })).status).toBe(404);
    const listening = t.host.webhooks.listenForTest(wf, 5000);
    const res = await fetch(`${t.url}/webhook-test/try-me`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"v":"yes"}' });
    expect(await res.json()).toEqual({ got: 'yes' });
    const record = await listening;
    expect(record).toMatchObject({ mode: 'manual', status: 'success' });
    expect((await fetch(`${t.url}/webhook-test/try-me`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${t.url}/webhook/try-me`, { method: 'POST' })).status).toBe(404); // not active
  });
});
