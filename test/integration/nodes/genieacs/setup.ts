// A real host plus the fake GenieACS NBI, and a way to run one GenieACS node in a real workflow
// run (Manual Trigger → GenieACS) through POST /api/v1/workflows/run.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { startFakeGenieAcs } from '../../../fakes/genieacs/index.ts';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';
import { nodeRunner } from '../../../helpers/node-run.ts';
import type { NodeRunOpts, NodeRunResult } from '../../../helpers/node-run.ts';

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

export type RunOpts = NodeRunOpts;
export type RunResult = NodeRunResult;

export async function startAcsEnv(opts: Parameters<typeof startFakeGenieAcs>[0] = {}): Promise<AcsEnv> {
  const acs = await startFakeGenieAcs(opts);
  const t = await startTestHost();
  let credId = '';
  const runner = nodeRunner(t, { type: ACS_TYPE, name: 'GenieACS', credentialType: CRED_TYPE, defaultCredId: () => credId });
  credId = await runner.credential({ baseUrl: acs.url, authType: 'none' }, 'acs');
  return {
    t,
    acs,
    credId,
    credential: runner.credential,
    run: runner.run,
    async close() {
      await t.close();
      await acs.close();
    },
  };
}
