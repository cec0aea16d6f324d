// A real host, the fake Gemini API and a Gemini credential; workflows that run the Gemini Vision
// node (a Webhook upload, or a manual run with base64 input) and a Scan Result trigger workflow.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import type { ExecutionRecord, INode, INodeExecutionData, WorkflowInput } from '../../../../host/model/index.ts';
import { startFakeGemini } from '../../../fakes/gemini/index.ts';
import type { FakeGemini } from '../../../fakes/gemini/index.ts';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';
import { nodeRunner } from '../../../helpers/node-run.ts';

export const VISION_TYPE = 'n8n-nodes-gigafibre.geminiVision';
export const RESULT_TRIGGER_TYPE = 'n8n-nodes-gigafibre.geminiScanResultTrigger';
export const CRED_TYPE = 'gigafibreGeminiApi';
export const KEY = 'test-gemini-key';

export interface RunResult {
  record: ExecutionRecord;
  items: INodeExecutionData[];
  json: IDataObject[];
  error?: ExecutionRecord['error'];
}

export interface VisionEnv {
  t: TestHost;
  fake: FakeGemini;
  credId: string;
  credential(data: IDataObject): Promise<string>;
  /** Manual Trigger → Gemini Vision; `input` items are the trigger's output. */
  run(parameters: INodeParameters, opts?: { input?: IDataObject[]; credId?: string; node?: Partial<INode> }): Promise<RunResult>;
  /** Deploys Webhook (POST /webhook/<path>, raw body, answers with the last node) → Gemini Vision. */
  deployUpload(path: string, parameters: INodeParameters): Promise<string>;
  /** POSTs bytes to /webhook/<path>; the answer is the Gemini Vision item. */
  upload(path: string, bytes: Buffer, contentType?: string): Promise<{ status: number; body: IDataObject }>;
  /** Deploys Scan Result trigger → No Operation; returns the workflow id. */
  deployResults(parameters?: INodeParameters): Promise<string>;
  /** The items the Scan Result trigger handed on, one entry per execution of that workflow. */
  results(workflowId: string): Promise<INodeExecutionData[][]>;
  close(opts?: { keepData?: boolean }): Promise<void>;
}

export function visionNode(parameters: INodeParameters, credId: string, extra: Partial<INode> = {}): INode {
  return { id: 'vision', name: 'Gemini Vision', type: VISION_TYPE, typeVersion: 1, position: [200, 0], parameters, credentials: { [CRED_TYPE]: { id: credId, name: 'gemini' } }, ...extra };
}

const chain = (name: string, nodes: INode[]): WorkflowInput => ({
  name,
  nodes,
  connections: Object.fromEntries(nodes.slice(0, -1).map((n, i) => [n.name, { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] }])),
  settings: { executionOrder: 'v1' },
});

/** Polls until `check` returns something truthy (or throws on timeout with the last value). */
export async function waitFor<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts the env; `dataDir` reuses a host's data (restart tests), `fake` an already running fake. */
export async function startVisionEnv(opts: { dataDir?: string; fake?: FakeGemini; credId?: string } = {}): Promise<VisionEnv> {
  const fake = opts.fake ?? (await startFakeGemini({ deniedKeys: ['suspended-key'] }));
  const t = await startTestHost({}, {}, { dataDir: opts.dataDir });
  let credId = opts.credId ?? '';
  // Manual runs go through the node harness's host runner (POST /api/v1/credentials, /api/v1/workflows/run).
  const runner = nodeRunner(t, { type: VISION_TYPE, name: 'Gemini Vision', credentialType: CRED_TYPE, defaultCredId: () => credId });
  const credential = (data: IDataObject) => runner.credential(data, `gemini-${Math.random().toString(36).slice(2)}`);
  credId ||= await credential({ apiKey: KEY, baseUrl: fake.url });
  return {
    t,
    fake,
    credId,
    credential,
    run: (parameters, opts = {}) => runner.run(parameters, opts),
    deployUpload(path, parameters) {
      return t.deploy(
        chain(`upload ${path}`, [
          { id: 'hook', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: { rawBody: true } } },
          visionNode(parameters, credId),
        ]),
      );
    },
    async upload(path, bytes, contentType = 'image/png') {
      const res = await fetch(`${t.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(bytes) });
      return { status: res.status, body: (await res.json()) as IDataObject };
    },
    deployResults(parameters = {}) {
      return t.deploy(
        chain('scan results', [
          { id: 'trigger', name: 'Scan Result', type: RESULT_TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters },
          { id: 'noop', name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [200, 0], parameters: {} },
        ]),
      );
    },
    async results(workflowId) {
      const page = await t.host.storage.executions.list({ workflowId, limit: 100 });
      const out: INodeExecutionData[][] = [];
      for (const summary of [...page.data].reverse()) {
        const record = await t.host.storage.executions.get(summary.id);
        if (record?.status !== 'success') continue;
        out.push(record.runData.Received?.[0]?.data?.main[0] ?? []);
      }
      return out;
    },
    async close({ keepData = false } = {}) {
      await t.close({ keepData });
      if (!opts.fake) await fake.close();
    },
  };
}
