// Activation is all or nothing: when one trigger of a workflow cannot start, its webhooks are not
// served, the workflow stays inactive and its webhook path stays free for others.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowInput } from '../../../host/model/index.ts';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/n8n-nodes-fibre-test');

let t: TestHost;
beforeAll(async () => {
  t = await startTestHost({ GIGAFLOW_NODES_PATH: FIXTURE });
});
afterAll(() => t?.close());

const flow: WorkflowInput = {
  name: 'webhook plus a broken trigger',
  nodes: [
    { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'GET', path: 'half-active', responseMode: 'onReceived' } },
    { id: 'b', name: 'Broker', type: 'n8n-nodes-fibre-test.fibreBrokenTrigger', typeVersion: 1, position: [0, 200], parameters: {} },
  ],
  connections: {},
  settings: { executionOrder: 'v1' },
};

describe('activation rollback', () => {
  it('leaves nothing half-active when a trigger fails to start', async () => {
    const created = await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify(flow) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const res = await t.api(`/api/v1/workflows/${id}/activate`, { method: 'POST' });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ message: 'Trigger node "Broker" could not start: The fibre event broker refused the connection' });

    const wf = (await (await t.api(`/api/v1/workflows/${id}`)).json()) as { active: boolean };
    expect(wf.active).toBe(false);
    expect((await fetch(`${t.url}/webhook/half-active`)).status).toBe(404);

    // The path is free: another workflow can take it.
    const other = await t.deploy({ ...flow, name: 'plain webhook', nodes: [flow.nodes[0]] });
    expect(other).toBeTruthy();
    expect((await fetch(`${t.url}/webhook/half-active`)).status).toBe(200);
  });
});
