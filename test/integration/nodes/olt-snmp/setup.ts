// A real host, and a way to run the OLT SNMP node in a real workflow run
// (Manual Trigger → OLT SNMP) through POST /api/v1/workflows/run against any SNMP agent.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import type { FakeOlt } from '../../../fakes/olt/index.ts';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';
import { nodeRunner } from '../../../helpers/node-run.ts';
import type { NodeRunOpts, NodeRunResult } from '../../../helpers/node-run.ts';

export const OLT_TYPE = 'n8n-nodes-gigafibre.oltSnmp';
export const CRED_TYPE = 'gigafibreOltSnmp';

export type RunOpts = NodeRunOpts & { credId: string };
export type RunResult = NodeRunResult;

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
  const runner = nodeRunner(t, { type: OLT_TYPE, name: 'OLT SNMP', credentialType: CRED_TYPE });
  return {
    t,
    credential: (data) => runner.credential(data),
    run: (parameters, opts) => runner.run(parameters, opts),
    close: () => t.close(),
  };
}
