// A real host plus the fake Twilio, and a way to run one Twilio node in a real workflow run
// (Manual Trigger → Twilio) through POST /api/v1/workflows/run. The credential points the twilio
// library at the fake with its "API Base URL Override".
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import type { ExecutionRecord, INode, INodeExecutionData } from '../../../../host/model/index.ts';
import { startFakeTwilio } from '../../../fakes/twilio/index.ts';
import type { FakeTwilio } from '../../../fakes/twilio/index.ts';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';

export const TWILIO_TYPE = 'n8n-nodes-gigafibre.twilio';
export const TRIGGER_TYPE = 'n8n-nodes-gigafibre.twilioTrigger';
export const CRED_TYPE = 'gigafibreTwilioApi';
export const FROM = '+15005550006';

export interface TwilioEnv {
  t: TestHost;
  fake: FakeTwilio;
  /** Credential id: Account SID + Auth Token of the fake's account. */
  credId: string;
  credential(data: IDataObject, name?: string): Promise<string>;
  run(parameters: INodeParameters, opts?: RunOpts): Promise<RunResult>;
  /** Stops the host (and the fake unless `keepFake`); `keepData` leaves the data folder for another host. */
  close(opts?: { keepData?: boolean; keepFake?: boolean }): Promise<void>;
}

export interface RunOpts {
  input?: IDataObject[];
  credId?: string;
  node?: Partial<INode>;
}

export interface RunResult {
  record: ExecutionRecord;
  /** The Twilio node's first output. */
  items: INodeExecutionData[];
  json: IDataObject[];
  error?: ExecutionRecord['error'];
  ms: number;
}

export async function startTwilioEnv(opts: { fake?: FakeTwilio; dataDir?: string; env?: Record<string, string> } = {}): Promise<TwilioEnv> {
  const fake = opts.fake ?? (await startFakeTwilio());
  const t = await startTestHost(opts.env ?? {}, {}, { dataDir: opts.dataDir });
  const credential = async (data: IDataObject, name = `twilio-${Math.random().toString(36).slice(2)}`) =>
    (await t.host.storage.credentials.create({ name, type: CRED_TYPE, data })).id;
  const existing = (await t.host.storage.credentials.list({ type: CRED_TYPE })).find((c) => c.name === 'twilio main');
  const credId = existing?.id ?? (await credential({ accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: fake.url }, 'twilio main'));
  return {
    t,
    fake,
    credId,
    credential,
    async run(parameters, { input, credId: cred = credId, node = {} } = {}) {
      const workflow = {
        name: 'twilio test',
        nodes: [
          { id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
          { id: 'tw', name: 'Twilio', type: TWILIO_TYPE, typeVersion: 1, position: [200, 0], parameters, credentials: { [CRED_TYPE]: { id: cred, name: 'twilio' } }, ...node },
        ],
        connections: { Start: { main: [[{ node: 'Twilio', type: 'main', index: 0 }]] } },
        settings: { executionOrder: 'v1' },
      };
      const started = Date.now();
      const res = await t.api('/api/v1/workflows/run', { method: 'POST', body: JSON.stringify({ workflow, ...(input ? { input } : {}) }) });
      if (res.status !== 200) throw new Error(`run answered ${res.status}: ${await res.text()}`);
      const record = (await res.json()) as ExecutionRecord;
      const items = record.runData.Twilio?.[0]?.data?.main[0] ?? [];
      return { record, items, json: items.map((i) => i.json), error: record.error, ms: Date.now() - started };
    },
    async close({ keepData = false, keepFake = false } = {}) {
      await t.close({ keepData });
      if (!keepFake) await fake.close();
    },
  };
}

/** Send SMS parameters from the fake's valid test sender. */
export const sms = (to: string, message = 'Your technician arrives at 10:00', extra: INodeParameters = {}): INodeParameters => ({ operation: 'sendSms', to, from: FROM, message, ...extra });
