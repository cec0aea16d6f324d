// A real host, and a way to run the OLT SNMP node in a real workflow run
// (Manual Trigger → OLT SNMP) through POST /api/v1/workflows/run against any SNMP agent.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import type { ExecutionRecord, INode, INodeExecutionData } from '../../../../host/model/index.ts';
import type { FakeOlt } from '../../../fakes/olt/index.ts';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';

export const OLT_TYPE = 'n8n-nodes-gigafibre.oltSnmp';
export const CRED_TYPE = 'gigafibreOltSnmp';

export interface RunOpts {
  input?: IDataObject[];
  credId: string;
  node?: Partial<INode>;
}

export interface RunResult {
  record: ExecutionRecord;
  /** The OLT SNMP node's first output. */
  items: INodeExecutionData[];
  json: IDataObject[];
  error?: ExecutionRecord['error'];
}

export interface OltEnv {
  t: TestHost;
  /** Stores a gigafibreOltSnmp credential; returns its id. */
  credential(data: IDataObject): Promise<string>;
  run(parameters: INodeParameters, opts: RunOpts): Promise<RunResult>;
  close(): Promise<void>;
}

/** Credential data for a fake OLT (or any agent with the same shape of users): v2c or v3 authPriv SHA/AES. */
export function credentialFor(olt: Pick<FakeOlt, 'port' | 'community' | 'v3User'>, version: 'v2c' | 'v3' = 'v2c', extra: IDataObject = {}): IDataObject {
  const base = { host: '127.0.0.1', port: olt.port, timeoutMs: 2000, retries: 0 };
  if (version === 'v2c') return { ...base, version, community: olt.community, ...extra };
  const u = olt.v3User;
  return { ...base, version, username: u.name, securityLevel: 'authPriv', authProtocol: u.authProtocol, authKey: u.authKey, privProtocol: u.privProtocol, privKey: u.privKey, ...extra };
}

export async function startOltEnv(): Promise<OltEnv> {
  const t = await startTestHost();
  return {
    t,
    credential: async (data) => (await t.host.storage.credentials.create({ name: `olt-${Math.random().toString(36).slice(2)}`, type: CRED_TYPE, data })).id,
    async run(parameters, { input, credId, node = {} }) {
      const workflow = {
        name: 'olt snmp test',
        nodes: [
          { id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
          { id: 'olt', name: 'OLT SNMP', type: OLT_TYPE, typeVersion: 1, position: [200, 0], parameters, credentials: { [CRED_TYPE]: { id: credId, name: 'olt' } }, ...node },
        ],
        connections: { Start: { main: [[{ node: 'OLT SNMP', type: 'main', index: 0 }]] } },
        settings: { executionOrder: 'v1' },
      };
      const res = await t.api('/api/v1/workflows/run', { method: 'POST', body: JSON.stringify({ workflow, ...(input ? { input } : {}) }) });
      if (res.status !== 200) throw new Error(`run answered ${res.status}: ${await res.text()}`);
      const record = (await res.json()) as ExecutionRecord;
      const items = record.runData['OLT SNMP']?.[0]?.data?.main[0] ?? [];
      return { record, items, json: items.map((i) => i.json), error: record.error };
    },
    close: () => t.close(),
  };
}
