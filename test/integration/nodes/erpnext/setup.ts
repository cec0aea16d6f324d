// A real host plus the fake Frappe, and a way to run one ERPNext node in a real workflow run
// (Manual Trigger → ERPNext) through POST /api/v1/workflows/run.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { startFakeFrappe } from '../../../fakes/frappe/index.ts';
import type { FakeFrappe, FakeFrappeOptions } from '../../../fakes/frappe/index.ts';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';
import { nodeRunner } from '../../../helpers/node-run.ts';
import type { NodeRunOpts, NodeRunResult } from '../../../helpers/node-run.ts';

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

export type RunOpts = NodeRunOpts;
export type RunResult = NodeRunResult;

export async function startErpEnv(opts: FakeFrappeOptions = {}): Promise<ErpEnv> {
  const frappe = await startFakeFrappe(opts);
  const t = await startTestHost();
  let credId = '';
  const runner = nodeRunner(t, { type: ERP_TYPE, name: 'ERPNext', credentialType: CRED_TYPE, defaultCredId: () => credId });
  credId = await runner.credential({ baseUrl: frappe.url, apiKey: frappe.apiKey, apiSecret: frappe.apiSecret }, 'erp admin');
  return {
    t,
    frappe,
    credId,
    credential: runner.credential,
    run: runner.run,
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
