// The Traccar node's test bench: the in-process harness (real engine, registry, sandbox and
// credential handling) and a fake Traccar server, with the credential pointing at the fake.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { createNodeHarness } from '../../../../host/kit/testing.ts';
import type { NodeHarness, RunNodeOptions, RunResult } from '../../../../host/kit/testing.ts';
import { startFakeTraccar } from '../../../fakes/traccar/index.ts';
import type { FakeTraccar, FakeTraccarOptions } from '../../../fakes/traccar/index.ts';

export const TRACCAR_TYPE = 'n8n-nodes-gigafibre.traccar';
export const CRED_TYPE = 'gigafibreTraccarApi';

export interface TraccarBench {
  harness: NodeHarness;
  fake: FakeTraccar;
  /** API-token credential for the fake. */
  token: IDataObject;
  /** Email/password credential for the fake. */
  basic: IDataObject;
  /** Runs Manual Trigger → Traccar with these parameters (token credential unless `credential` is given). */
  run(parameters: INodeParameters, opts?: Omit<RunNodeOptions, 'type' | 'parameters' | 'credentials'> & { credential?: IDataObject }): Promise<RunResult>;
  close(): Promise<void>;
}

export async function startTraccarBench(opts: FakeTraccarOptions = {}): Promise<TraccarBench> {
  const [harness, fake] = await Promise.all([createNodeHarness(), startFakeTraccar(opts)]);
  const token = { baseUrl: fake.url, authType: 'token', token: fake.token };
  const basic = { baseUrl: fake.url, authType: 'basic', email: fake.email, password: fake.password };
  return {
    harness,
    fake,
    token,
    basic,
    run: (parameters, { credential = token, ...rest } = {}) => harness.runNode({ type: TRACCAR_TYPE, parameters, credentials: { [CRED_TYPE]: credential }, ...rest }),
    async close() {
      await Promise.all([harness.close(), fake.close()]);
    },
  };
}

/** Position → Get Latest for a list of device ids. */
export const latest = (deviceIds: string | number[], extra: INodeParameters = {}): INodeParameters => ({ resource: 'position', operation: 'getLatest', deviceSource: 'list', deviceIds: Array.isArray(deviceIds) ? deviceIds.join(',') : deviceIds, ...extra });
