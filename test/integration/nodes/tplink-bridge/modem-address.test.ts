// The per-item "Modem Address": read a modem other than the credential's, one per item (from an
// expression), and refuse — before any request leaves — an address outside the credential's
// "Allowed Networks". The REST service applies the same rule when it is given a list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IDataObject } from 'n8n-workflow';
import { buildWorkflow } from '../../../../host/kit/testing.ts';
import { startBridgeServer } from '../../../../nodes/tplink-bridge/service/server.ts';
import type { BridgeServer } from '../../../../nodes/tplink-bridge/service/server.ts';
import { startFakeModem } from '../../../fakes/tplink-modem/index.ts';
import type { FakeModem } from '../../../fakes/tplink-modem/index.ts';
import { BRIDGE_TYPE, closedPort, CRED_TYPE, PASSWORD, startBridgeEnv } from './setup.ts';
import type { BridgeEnv } from './setup.ts';

let env: BridgeEnv;
let a: FakeModem;
let b: FakeModem;
/** The credential's own address: nothing listens there, so a read that works went elsewhere. */
let nowhere: string;

const portOf = (m: FakeModem) => new URL(m.url).port;

beforeAll(async () => {
  env = await startBridgeEnv();
  a = await startFakeModem({ password: PASSWORD });
  b = await startFakeModem({ password: PASSWORD });
  nowhere = `http://127.0.0.1:${await closedPort()}`;
}, 30_000);
afterAll(async () => {
  await env?.close();
  await Promise.all([a?.close(), b?.close()]);
});

describe('TP-Link Bridge: per-item Modem Address', () => {
  it('reads the modem at an allowed per-item address instead of the credential\'s', async () => {
    const credId = await env.credential({ address: nowhere, username: 'user', password: PASSWORD, allowedNetworks: '10.64.0.0/10, 127.0.0.1' });
    const { json, error } = await env.run(credId, { operation: 'deviceInfo', modemAddress: a.url });
    expect(error).toBeUndefined();
    expect(json).toEqual([expect.objectContaining({ source: 'tplink-bridge', modem: a.url, model: expect.any(String) })]);
    expect(a.sessions()).toBe(1);
  }, 60_000);

  it('takes the address from each item (expression): two items, two modems', async () => {
    const credId = await env.credential({ address: nowhere, username: 'user', password: PASSWORD, allowedNetworks: '127.0.0.0/8' });
    const jsCode = `return [${[a, b].map((m) => `{ json: { ip: '127.0.0.1', webPort: ${portOf(m)} } }`).join(', ')}];`;
    const workflow = buildWorkflow(
      [
        { name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
        { name: 'Modems', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode } },
        { name: 'TP-Link Bridge', type: BRIDGE_TYPE, parameters: { operation: 'deviceInfo', modemAddress: '={{ "http://" + $json.ip + ":" + $json.webPort }}' }, credentials: { [CRED_TYPE]: { id: credId, name: 'modem' } } },
      ],
      [['Start', 'Modems'], ['Modems', 'TP-Link Bridge']],
      { name: 'per-item modem address' },
    );
    const result = await env.harness.runWorkflow(workflow);
    expect(result.error).toBeUndefined();
    const out = result.output('TP-Link Bridge').map((i) => i.json as IDataObject);
    expect(out.map((o) => o.modem)).toEqual([a.url, b.url]);
  }, 60_000);

  it('refuses an address outside the allowed networks, naming both; nothing reaches a modem', async () => {
    const credId = await env.credential({ address: a.url, username: 'user', password: PASSWORD, allowedNetworks: '10.64.0.0/10' });
    const before = [a.requests.length, b.requests.length];
    // b listens on 127.0.0.1, which is not in 10.64.0.0/10 (the credential's own host is, but not b's name).
    for (const address of [`http://localhost:${portOf(b)}`, '203.0.113.7']) {
      const { error, json } = await env.run(credId, { operation: 'deviceInfo', modemAddress: address });
      expect(json).toEqual([]);
      expect(error).toMatchObject({
        name: 'NodeOperationError',
        message: `The modem address "${address}" is outside the allowed networks (10.64.0.0/10)`,
        description: expect.stringContaining('Allowed Networks'),
      });
      expect(JSON.stringify(error)).not.toContain(PASSWORD);
    }
    expect([a.requests.length, b.requests.length]).toEqual(before);
  }, 60_000);

  it('with no Allowed Networks only the credential\'s own host is accepted', async () => {
    const credId = await env.credential({ address: 'http://192.0.2.10', username: 'user', password: PASSWORD });
    const before = a.requests.length;
    const { error } = await env.run(credId, { operation: 'deviceInfo', modemAddress: a.url });
    expect(error).toMatchObject({ name: 'NodeOperationError', message: `The modem address "${a.url}" is outside the allowed networks (only the credential's own address 192.0.2.10)` });
    expect(a.requests.length).toBe(before);
  }, 60_000);

  it('an empty Modem Address reads the credential\'s modem as before', async () => {
    const credId = await env.credential({ address: b.url, username: 'user', password: PASSWORD });
    const { json, error } = await env.run(credId, { operation: 'deviceInfo', modemAddress: '' });
    expect(error).toBeUndefined();
    expect(json[0]).toMatchObject({ modem: b.url });
  }, 60_000);
});

describe('gigaflow bridge (REST) with allowed networks', () => {
  let server: BridgeServer;
  beforeAll(async () => {
    server = await startBridgeServer({ host: '127.0.0.1', port: 0, allowedNetworks: '10.64.0.0/10, 127.0.0.1' });
  });
  afterAll(async () => server?.close());
  const read = (address: string) =>
    fetch(`${server.url}/v1/modems/read`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ address, password: PASSWORD, operation: 'deviceInfo' }) });

  it('reads an allowed address and answers 400 for one outside, without touching it', async () => {
    const ok = await read(a.url);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ modem: a.url });
    const before = b.requests.length;
    const refused = await read(`http://localhost:${portOf(b)}`);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: expect.objectContaining({ code: 'bad_request', parameter: 'address', message: `The modem address "http://localhost:${portOf(b)}" is outside the allowed networks (10.64.0.0/10, 127.0.0.1)` }),
    });
    expect(b.requests.length).toBe(before);
  }, 60_000);
});
