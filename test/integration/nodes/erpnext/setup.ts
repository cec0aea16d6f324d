// A real host plus the fake Frappe, and a way to run one ERPNext node in a real workflow run
// (Manual Trigger → ERPNext) through POST /api/v1/workflows/run.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import type { ExecutionRecord, INode, INodeExecutionData } from '../../../../host/model/index.ts';
import { startFakeFrappe } from '../../../fakes/frappe/index.ts';
import type { FakeFrappe, FakeFrappeOptions } from '../../../fakes/frappe/index.ts';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';

export const ERP_TYPE = 'n8n-nodes-gigafibre.erpNext';
export const TRIGGER_TYPE = 'n8n-nodes-gigafibre.erpNextTrigger';
export const CRED_TYPE = 'gigafibreErpNextApi';

export interface ErpEnv {
  t: TestHost;
  frappe: FakeFrappe;
  /** Credential id for the fake's Administrator key pair. */
  credId: string;
  /** Stores another credential (e.g. a wrong secret, a restricted user). */
  credential(data: IDataObject, name?: string): Promise<string>;
  /** Runs Manual Trigger → ERPNext with these parameters; `input` are the trigger's items. */
  run(parameters: INodeParameters, opts?: RunOpts): Promise<RunResult>;
  close(): Promise<void>;
}

export interface RunOpts {
  input?: IDataObject[];
  credId?: string;
  node?: Partial<INode>;
}

export interface RunResult {
  record: ExecutionRecord;
  /** The ERPNext node's first output. */
  items: INodeExecutionData[];
  json: IDataObject[];
  error?: ExecutionRecord['error'];
}

export async function startErpEnv(opts: FakeFrappeOptions = {}): Promise<ErpEnv> {
  const frappe = await startFakeFrappe(opts);
  const t = await startTestHost();
  const credential = async (data: IDataObject, name = `erp-${Math.random().toString(36).slice(2)}`) =>
    (await t.host.storage.credentials.create({ name, type: CRED_TYPE, data })).id;
  const credId = await credential({ baseUrl: frappe.url, apiKey: frappe.apiKey, apiSecret: frappe.apiSecret }, 'erp admin');
  return {
    t,
    frappe,
    credId,
    credential,
    async run(parameters, { input, credId: cred = credId, node = {} } = {}) {
      const workflow = {
        name: 'erpnext test',
        nodes: [
          { id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
          { id: 'erp', name: 'ERPNext', type: ERP_TYPE, typeVersion: 1, position: [200, 0], parameters, credentials: { [CRED_TYPE]: { id: cred, name: 'erp' } }, ...node },
        ],
        connections: { Start: { main: [[{ node: 'ERPNext', type: 'main', index: 0 }]] } },
        settings: { executionOrder: 'v1' },
      };
      const res = await t.api('/api/v1/workflows/run', { method: 'POST', body: JSON.stringify({ workflow, ...(input ? { input } : {}) }) });
      if (res.status !== 200) throw new Error(`run answered ${res.status}: ${await res.text()}`);
      const record = (await res.json()) as ExecutionRecord;
      const items = record.runData.ERPNext?.[0]?.data?.main[0] ?? [];
      return { record, items, json: items.map((i) => i.json), error: record.error };
    },
    async close() {
      await t.close();
      await frappe.close();
    },
  };
}

/** Frappe's filter JSON as the fake received it for the last request to `path`. */
export function lastQuery(frappe: FakeFrappe, path: string): Record<string, string> {
  const req = frappe.requests.filter((r) => r.path === path).at(-1);
  if (!req) throw new Error(`no request to ${path}; saw ${frappe.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
  return req.query;
}
