// A real host plus the fake GenieACS NBI, and a way to run one GenieACS node in a real workflow
// run (Manual Trigger → GenieACS) through POST /api/v1/workflows/run.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import type { ExecutionRecord, INode, INodeExecutionData } from '../../../../host/model/index.ts';
import { startFakeGenieAcs } from '../../../fakes/genieacs/index.ts';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';

export const ACS_TYPE = 'n8n-nodes-gigafibre.genieAcs';
export const CRED_TYPE = 'gigafibreGenieAcsApi';

export type FakeGenieAcs = Awaited<ReturnType<typeof startFakeGenieAcs>>;

export interface AcsEnv {
  t: TestHost;
  acs: FakeGenieAcs;
  /** Credential id for the fake (no authentication). */
  credId: string;
  credential(data: IDataObject, name?: string): Promise<string>;
  /** Runs Manual Trigger → GenieACS with these parameters; `input` are the trigger's items. */
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
  items: INodeExecutionData[];
  json: IDataObject[];
  error?: ExecutionRecord['error'];
}

export async function startAcsEnv(opts: Parameters<typeof startFakeGenieAcs>[0] = {}): Promise<AcsEnv> {
  const acs = await startFakeGenieAcs(opts);
  const t = await startTestHost();
  const credential = async (data: IDataObject, name = `acs-${Math.random().toString(36).slice(2)}`) => (await t.host.storage.credentials.create({ name, type: CRED_TYPE, data })).id;
  const credId = await credential({ baseUrl: acs.url, authType: 'none' }, 'acs');
  return {
    t,
    acs,
    credId,
    credential,
    async run(parameters, { input, credId: cred = credId, node = {} } = {}) {
      const workflow = {
        name: 'genieacs test',
        nodes: [
          { id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
          { id: 'acs', name: 'GenieACS', type: ACS_TYPE, typeVersion: 1, position: [200, 0], parameters, credentials: { [CRED_TYPE]: { id: cred, name: 'acs' } }, ...node },
        ],
        connections: { Start: { main: [[{ node: 'GenieACS', type: 'main', index: 0 }]] } },
        settings: { executionOrder: 'v1' },
      };
      const res = await t.api('/api/v1/workflows/run', { method: 'POST', body: JSON.stringify({ workflow, ...(input ? { input } : {}) }) });
      if (res.status !== 200) throw new Error(`run answered ${res.status}: ${await res.text()}`);
      const record = (await res.json()) as ExecutionRecord;
      const items = record.runData.GenieACS?.[0]?.data?.main[0] ?? [];
      return { record, items, json: items.map((i) => i.json), error: record.error };
    },
    async close() {
      await t.close();
      await acs.close();
    },
  };
}
