// Webhook (Respond: Using 'Respond to Webhook' node) → Set → Respond to Webhook, over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INode, INodeParameters, WorkflowInput } from '../../../../host/model/index.ts';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';

let t: TestHost;
let firstId: string;

function respondFlow(path: string, respond: INodeParameters, webhook: INodeParameters = {}): WorkflowInput {
  const nodes: INode[] = [
    { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path, responseMode: 'responseNode', ...webhook } },
    {
      id: 's',
      name: 'Shape',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [200, 0],
      parameters: {
        assignments: {
          assignments: [
            { id: '1', name: 'serial', value: '={{ $json.body.sn }}', type: 'string' },
            { id: '2', name: 'rx', value: '={{ $json.body.rx }}', type: 'number' },
          ],
        },
      },
    },
    { id: 'r', name: 'Respond', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, position: [400, 0], parameters: respond },
  ];
  return {
    name: `respond ${path}`,
    nodes,
    connections: {
      Webhook: { main: [[{ node: 'Shape', type: 'main', index: 0 }]] },
      Shape: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] },
    },
    settings: { executionOrder: 'v1' },
  };
}

const post = (path: string, body: object = { sn: 'ZTEG1', rx: -19.5 }, init: RequestInit = {}) =>
  fetch(`${t.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), ...init });

beforeAll(async () => {
  t = await startTestHost();
  firstId = await t.deploy(respondFlow('first', {}));
  await t.deploy(
    respondFlow('json', {
      respondWith: 'json',
      responseBody: '={ "onu": "{{ $json.serial }}", "weak": {{ $json.rx < -25 }} }',
      options: { responseCode: 201, responseHeaders: { entries: [{ name: 'X-Onu', value: '={{ $json.serial }}' }] } },
    }),
  );
  await t.deploy(respondFlow('text', { respondWith: 'text', responseBody: '=signal {{ $json.rx }} dBm' }));
  await t.deploy(
    respondFlow('xml', { respondWith: 'text', responseBody: '<ok/>', options: { responseHeaders: { entries: [{ name: 'Content-Type', value: 'application/xml' }] } } }),
  );
  await t.deploy(respondFlow('raw', { respondWith: 'binary' }, { options: { rawBody: true } }));
  await t.deploy(respondFlow('go', { respondWith: 'redirect', redirectURL: '=https://portal.example.com/onu/{{ $json.serial }}' }));
  await t.deploy(respondFlow('quiet', { respondWith: 'noData', options: { responseCode: 202 } }));
  await t.deploy(respondFlow('all', { respondWith: 'allIncomingItems', options: { responseKey: 'items' } }));
});
afterAll(() => t?.close());

describe('Respond to Webhook over HTTP', () => {
  it('answers with the first incoming item as JSON and saves the execution', async () => {
    const res = await post('first');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ serial: 'ZTEG1', rx: -19.5 });
    await expect.poll(async () => (await t.host.storage.executions.list({ workflowId: firstId })).data[0]?.status).toBe('success');
    const [summary] = (await t.host.storage.executions.list({ workflowId: firstId })).data;
    const record = await t.host.storage.executions.get(summary.id);
    expect(record?.runData.Respond?.[0]?.data?.main[0]?.map((i) => i.json)).toEqual([{ serial: 'ZTEG1', rx: -19.5 }]);
  });

  it('json: custom body, status code and headers with expressions', async () => {
    const res = await post('json', { sn: 'HWTC7', rx: -27.1 });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-onu')).toBe('HWTC7');
    expect(await res.json()).toEqual({ onu: 'HWTC7', weak: true });
  });

  it('text: a string body as text/plain, or with the content type the headers set', async () => {
    const plain = await post('text');
    expect(plain.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await plain.text()).toBe('signal -19.5 dBm');
    const xml = await post('xml');
    expect(xml.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(await xml.text()).toBe('<ok/>');
  });

  it('binary: answers the exact bytes with their MIME type', async () => {
    // The webhook's raw body becomes binary field "data"; Respond sends it back untouched.
    const bytes = '{"sn":"ZTEG1",  "rx": -19.5, "note":"é"}';
    const res = await fetch(`${t.url}/webhook/raw`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Buffer.from(await res.arrayBuffer()).toString('utf8')).toBe(bytes);
  });

  it('redirect: 307 with the Location header', async () => {
    const res = await post('go', { sn: 'ZTEG9', rx: 0 }, { redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('https://portal.example.com/onu/ZTEG9');
  });

  it('noData: the status code and an empty body', async () => {
    const res = await post('quiet');
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
  });

  it('allIncomingItems with responseKey', async () => {
    const res = await post('all');
    expect(await res.json()).toEqual({ items: [{ serial: 'ZTEG1', rx: -19.5 }] });
  });
});
