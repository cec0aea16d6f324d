// Runs one integration node the way a user does: Manual Trigger → the node, posted to a real host's
// POST /api/v1/workflows/run, with a stored credential. A thin layer over the node harness's
// hostHarness (host/kit/testing.ts) for setups that keep credentials by id (several per test,
// reused across host restarts); every node's integration tests share it.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { buildWorkflow, hostHarness } from '../../host/kit/testing.ts';
import { storeCredential } from '../../host/kit/testing/host-harness.ts';
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
  /** Stores a credential of the node's type (POST /api/v1/credentials); returns its id. */
  credential(data: IDataObject, name?: string): Promise<string>;
  run(parameters: INodeParameters, opts?: NodeRunOpts): Promise<NodeRunResult>;
}

export function nodeRunner(t: TestHost, spec: { type: string; name: string; credentialType: string; defaultCredId?: () => string | undefined }): NodeRunner {
  const address = { base: t.url, apiKey: t.apiKey };
  const harness = hostHarness(address);
  return {
    credential: async (data, name) => (await storeCredential(address, spec.credentialType, data, name)).id,
    async run(parameters, { input, credId = spec.defaultCredId?.(), node = {} } = {}) {
      if (!credId) throw new Error(`No credential for the ${spec.name} run`);
      const workflow = buildWorkflow(
        [
          { name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
          { name: spec.name, type: spec.type, parameters, credentials: { [spec.credentialType]: { id: credId, name: spec.name } }, ...node },
        ],
        [['Start', spec.name]],
        { name: `${spec.name} test` },
      );
      const result = await harness.runWorkflow(workflow, { input });
      const record = result.raw as ExecutionRecord;
      const items = result.output(spec.name);
      return { record, items, json: items.map((i) => i.json), error: record.error, ms: result.ms };
    },
  };
}
