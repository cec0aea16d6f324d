// A real host plus the fake Twilio, and a way to run one Twilio node in a real workflow run
// (Manual Trigger → Twilio) through POST /api/v1/workflows/run. The credential points the twilio
// library at the fake with its "API Base URL Override".
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { startFakeTwilio } from '../../../fakes/twilio/index.ts';
import type { FakeTwilio } from '../../../fakes/twilio/index.ts';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';
import { nodeRunner } from '../../../helpers/node-run.ts';
import type { NodeRunOpts, NodeRunResult } from '../../../helpers/node-run.ts';

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

export type RunOpts = NodeRunOpts;
export type RunResult = NodeRunResult;

export async function startTwilioEnv(opts: { fake?: FakeTwilio; dataDir?: string; env?: Record<string, string> } = {}): Promise<TwilioEnv> {
  const fake = opts.fake ?? (await startFakeTwilio());
  const t = await startTestHost(opts.env ?? {}, {}, { dataDir: opts.dataDir });
  let credId = '';
  const runner = nodeRunner(t, { type: TWILIO_TYPE, name: 'Twilio', credentialType: CRED_TYPE, defaultCredId: () => credId });
  const existing = (await t.host.storage.credentials.list({ type: CRED_TYPE })).find((c) => c.name === 'twilio main');
  credId = existing?.id ?? (await runner.credential({ accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: fake.url }, 'twilio main'));
  return {
    t,
    fake,
    credId,
    credential: runner.credential,
    run: runner.run,
    async close({ keepData = false, keepFake = false } = {}) {
      await t.close({ keepData });
      if (!keepFake) await fake.close();
    },
  };
}

/** Send SMS parameters from the fake's valid test sender. */
export const sms = (to: string, message = 'Your technician arrives at 10:00', extra: INodeParameters = {}): INodeParameters => ({ operation: 'sendSms', to, from: FROM, message, ...extra });
