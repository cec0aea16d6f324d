// A real host plus fake TP-Link modems, and a way to run the TP-Link Bridge node in a real workflow
// run (Manual Trigger → TP-Link Bridge [→ more nodes]) through the node harness's hostHarness. The
// node drives the process's shared Chromium (bridgePool()), which the tests inspect and kill.
import { existsSync } from 'node:fs';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import type { ExecutionRecord, INode } from '../../../../host/model/index.ts';
import { bridgePool } from '../../../../nodes/tplink-bridge/browser-pool.ts';
import { startFakeModem } from '../../../fakes/tplink-modem/index.ts';
import type { FakeModem, FakeModemOptions } from '../../../fakes/tplink-modem/index.ts';
import { buildWorkflow, hostHarness } from '../../../../host/kit/testing.ts';
import type { NodeHarness } from '../../../../host/kit/testing.ts';
import { storeCredential } from '../../../../host/kit/testing/host-harness.ts';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';

export const BRIDGE_TYPE = 'n8n-nodes-gigafibre.tplinkBridge';
export const CRED_TYPE = 'gigafibreTplinkModem';
export const PASSWORD = 'Gf-modem-7731';

export interface BridgeEnv {
  t: TestHost;
  /** The node harness on this host (REST), for tests that run their own workflow. */
  harness: NodeHarness;
  /** Starts a fake modem (closed with the env) and stores a credential for it. */
  modem(opts?: FakeModemOptions & { credentialPassword?: string }): Promise<{ fake: FakeModem; credId: string }>;
  credential(data: IDataObject): Promise<string>;
  /** Runs Manual Trigger → TP-Link Bridge; `after` nodes are chained behind it. */
  run(credId: string, parameters: INodeParameters, opts?: { node?: Partial<INode>; after?: INode[] }): Promise<RunResult>;
  close(): Promise<void>;
}

export interface RunResult {
  record: ExecutionRecord;
  json: IDataObject[];
  /** The last chained node's output (the bridge's when nothing is chained). */
  last: IDataObject[];
  error?: ExecutionRecord['error'];
}

export async function startBridgeEnv(): Promise<BridgeEnv> {
  if (!existsSync('/usr/bin/chromium')) throw new Error('/usr/bin/chromium is missing: apt-get install -y chromium');
  const t = await startTestHost();
  const fakes: FakeModem[] = [];
  const address = { base: t.url, apiKey: t.apiKey };
  const harness = hostHarness(address);
  const credential = async (data: IDataObject) => (await storeCredential(address, CRED_TYPE, data, `modem-${Math.random().toString(36).slice(2)}`)).id;
  return {
    t,
    harness,
    credential,
    async modem(opts = {}) {
      const fake = await startFakeModem({ password: PASSWORD, ...opts });
      fakes.push(fake);
      const credId = await credential({ address: fake.url, username: 'user', password: opts.credentialPassword ?? fake.password });
      return { fake, credId };
    },
    async run(credId, parameters, { node = {}, after = [] } = {}) {
      const nodes = [
        { name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
        { name: 'TP-Link Bridge', type: BRIDGE_TYPE, parameters, credentials: { [CRED_TYPE]: { id: credId, name: 'modem' } }, ...node },
        ...after,
      ];
      const chain = nodes.map((n) => n.name);
      const edges = chain.slice(1).map((to, i): [string, string] => [chain[i]!, to]);
      const result = await harness.runWorkflow(buildWorkflow(nodes, edges, { name: 'tplink bridge test' }));
      const out = (name: string) => result.output(name).map((i) => i.json as IDataObject);
      return { record: result.raw as ExecutionRecord, json: out('TP-Link Bridge'), last: out(chain.at(-1)!), error: (result.raw as ExecutionRecord).error };
    },
    async close() {
      await bridgePool().close();
      await t.close();
      await Promise.all(fakes.map((f) => f.close()));
    },
  };
}

/** A port nothing listens on (bound, then released). */
export { closedPort } from '../../../helpers/ports.ts';

/** Logins the fake accepted or refused (its login act). */
export const logins = (fake: FakeModem) => fake.acts.filter((a) => a.oid === '/cgi/login').length;

/** Polls `check` until it is true or `ms` passes. */
export async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 25))) if (check()) return true;
  return check();
}
