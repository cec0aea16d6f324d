// Small workflow builders for the secrets scan: a chain of nodes, and a manual run through the API.
import type { IDataObject, INode, INodeParameters, WorkflowInput } from '../../../host/model/index.ts';
import type { CaptureHost } from './capture-host.ts';

let seq = 0;

export function node(name: string, type: string, parameters: INodeParameters, credentials?: Record<string, string>, extra: Partial<INode> = {}): INode {
  return {
    id: `${name}-${++seq}`,
    name,
    type,
    typeVersion: extra.typeVersion ?? 1,
    position: [seq * 200, 0],
    parameters,
    ...(credentials ? { credentials: Object.fromEntries(Object.entries(credentials).map(([t, id]) => [t, { id, name: t }])) } : {}),
    ...extra,
  };
}

export function chain(name: string, nodes: INode[]): WorkflowInput {
  return {
    name,
    nodes,
    connections: Object.fromEntries(nodes.slice(0, -1).map((n, i) => [n.name, { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] }])),
    settings: { executionOrder: 'v1' },
  };
}

/** Manual Trigger -> `target`, run through POST /api/v1/workflows/run; returns the execution status. */
export async function runManual(h: CaptureHost, target: INode, input: IDataObject[] = [{}]): Promise<string> {
  const workflow = chain(`scan ${target.name}`, [node('Start', 'n8n-nodes-base.manualTrigger', {}), target]);
  const res = await h.api('/workflows/run', { method: 'POST', body: { workflow, input } });
  if (res.status !== 200 && res.status !== 201) throw new Error(`run of ${target.name} answered ${res.status}: ${res.text.slice(0, 300)}`);
  return String(res.body.status);
}

/** Every credential stored by `credential`, with its data, to test again before saving (POST /credentials/test). */
export const storedCredentials: { id: string; type: string; data: IDataObject }[] = [];

/** Stores a credential through the API; returns its id. */
export async function credential(h: CaptureHost, type: string, data: IDataObject, name = `${type} ${++seq}`): Promise<string> {
  const res = await h.api('/credentials', { method: 'POST', body: { name, type, data } });
  if (res.status !== 201) throw new Error(`credential ${type} answered ${res.status}: ${res.text.slice(0, 300)}`);
  const id = String(res.body.id);
  storedCredentials.push({ id, type, data });
  // The editor's "test" button while the service (fake) is up: saved, and before saving with the form's data.
  await h.api(`/credentials/${id}/test`, { method: 'POST' });
  await h.api('/credentials/test', { method: 'POST', body: { type, data } });
  return id;
}
