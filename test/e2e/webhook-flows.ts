// Two small webhook workflows the browser tests run over real HTTP: Webhook → Set succeeds,
// Webhook → Stop and Error fails (with the message given).
import type { INode, WorkflowInput } from '../../host/model/index.ts';

export const webhookNode = (path: string): INode => ({
  id: `hook-${path}`,
  name: 'Webhook',
  type: 'n8n-nodes-base.webhook',
  typeVersion: 2,
  position: [0, 0],
  parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
  webhookId: `hook-${path}`,
});

export const orderIntake: WorkflowInput = {
  name: 'Order intake',
  nodes: [
    webhookNode('orders'),
    {
      id: 'confirm', name: 'Confirm', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [260, 0],
      parameters: { assignments: { assignments: [{ id: 'a1', name: 'confirmed', value: '={{ $json.body.order }}', type: 'string' }] }, options: {} },
    },
  ],
  connections: { Webhook: { main: [[{ node: 'Confirm', type: 'main', index: 0 }]] } },
  settings: { executionOrder: 'v1' },
};

export const dispatchCheck = (errorMessage: string): WorkflowInput => ({
  name: 'Dispatch check',
  nodes: [
    webhookNode('dispatch'),
    { id: 'stop', name: 'Stop and Error', type: 'n8n-nodes-base.stopAndError', typeVersion: 1, position: [260, 0], parameters: { errorMessage } },
  ],
  connections: { Webhook: { main: [[{ node: 'Stop and Error', type: 'main', index: 0 }]] } },
  settings: { executionOrder: 'v1' },
});

/** One real call to a production webhook; resolves once the run finished (responseMode lastNode). */
export async function callWebhook(baseUrl: string, path: string, order: string): Promise<void> {
  const res = await fetch(`${baseUrl}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ order }) });
  await res.arrayBuffer();
}
