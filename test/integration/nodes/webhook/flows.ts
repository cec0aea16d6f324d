// Workflow builders shared by the Webhook option tests.
import type { INode, INodeParameters, WorkflowInput } from '../../../../host/model/index.ts';

let counter = 0;

/** Webhook (v2) → the given nodes in a chain. */
export function webhookFlow(webhook: INodeParameters, after: INode[] = [], extra: Partial<INode> = {}): WorkflowInput {
  const nodes: INode[] = [
    { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: webhook, ...extra },
    ...after,
  ];
  const connections: WorkflowInput['connections'] = {};
  nodes.slice(0, -1).forEach((n, i) => (connections[n.name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] }));
  return { name: `webhook options ${++counter}`, nodes, connections, settings: { executionOrder: 'v1' } };
}

export const setNode = (name: string, fields: Record<string, string | number | boolean>, x = 200): INode => ({
  id: name,
  name,
  type: 'n8n-nodes-base.set',
  typeVersion: 3.4,
  position: [x, 0],
  parameters: {
    assignments: {
      assignments: Object.entries(fields).map(([k, v], i) => ({ id: String(i), name: k, value: v, type: typeof v === 'string' ? 'string' : typeof v })),
    },
  },
});
