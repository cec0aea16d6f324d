// Runs one integration node the way a user does: Manual Trigger → the node, posted to a real host's
// POST /api/v1/workflows/run, with a stored credential. Every node's integration tests share it.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import type { ExecutionRecord, INode, INodeExecutionData } from '../../host/model/index.ts';
import type { TestHost } from './host.ts';

export interface NodeRunOpts {
  /** The Manual Trigger's items. */
  input?: IDataObject[];
  /** Credential id to reference (default: the runner's). */
  credId?: string;
  /** Extra node fields (onError, retryOnFail, typeVersion ...). */
  node?: Partial<INode>;
}

export interface NodeRunResult {
  record: ExecutionRecord;
  /** The node's first output. */
  items: INodeExecutionData[];
  json: IDataObject[];
  error?: ExecutionRecord['error'];
  /** Wall time of the run request. */
  ms: number;
}

export interface NodeRunner {
  /** Stores a credential of the node's type; returns its id. */
  credential(data: IDataObject, name?: string): Promise<string>;
  run(parameters: INodeParameters, opts?: NodeRunOpts): Promise<NodeRunResult>;
}

export function nodeRunner(t: TestHost, spec: { type: string; name: string; credentialType: string; defaultCredId?: () => string | undefined }): NodeRunner {
  return {
    credential: async (data, name = `${spec.credentialType}-${Math.random().toString(36).slice(2)}`) =>
      (await t.host.storage.credentials.create({ name, type: spec.credentialType, data })).id,
    async run(parameters, { input, credId = spec.defaultCredId?.(), node = {} } = {}) {
      if (!credId) throw new Error(`No credential for the ${spec.name} run`);
      const workflow = {
        name: `${spec.name} test`,
        nodes: [
          { id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
          { id: 'under-test', name: spec.name, type: spec.type, typeVersion: 1, position: [200, 0], parameters, credentials: { [spec.credentialType]: { id: credId, name: spec.name } }, ...node },
        ],
        connections: { Start: { main: [[{ node: spec.name, type: 'main', index: 0 }]] } },
        settings: { executionOrder: 'v1' },
      };
      const started = Date.now();
      const res = await t.api('/api/v1/workflows/run', { method: 'POST', body: JSON.stringify({ workflow, ...(input ? { input } : {}) }) });
      if (res.status !== 200) throw new Error(`run answered ${res.status}: ${await res.text()}`);
      const record = (await res.json()) as ExecutionRecord;
      const items = record.runData[spec.name]?.[0]?.data?.main[0] ?? [];
      return { record, items, json: items.map((i) => i.json), error: record.error, ms: Date.now() - started };
    },
  };
}
