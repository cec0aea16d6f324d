// GenieACS errors a user can act on, the credential (none / Basic / header behind a proxy) and
// its test, through real runs against the fake NBI — plus two bare servers for what the fake
// cannot be asked to do: one that never answers (timeouts) and one that drops every task POST
// the way a crashing NBI worker does.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_IDS, seedDevices } from '../../../fakes/genieacs/index.ts';
import { startFakeGenieAcs } from '../../../fakes/genieacs/index.ts';
import { CRED_TYPE, startAcsEnv } from './setup.ts';
import type { AcsEnv, FakeGenieAcs } from './setup.ts';

const PROXY_LOGIN = { username: 'n8n', password: 'proxy-pass-123' };
let env: AcsEnv;
let proxied: FakeGenieAcs;
let silent: Server;
let dropping: Server;
const urlOf = (s: Server) => `http://127.0.0.1:${(s.address() as { port: number }).port}`;
const listen = async (s: Server) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r));

beforeAll(async () => {
  env = await startAcsEnv({ devices: seedDevices() });
  proxied = await startFakeGenieAcs({ devices: seedDevices(), basicAuth: PROXY_LOGIN });
  silent = createServer(() => undefined);
  // Reads the task, then closes the connection without an answer (the NBI's worker crashing on an invalid task).
  dropping = createServer((req) => {
    req.resume();
    req.on('end', () => req.socket.destroy());
  });
  await Promise.all([listen(silent), listen(dropping)]);
});
afterAll(async () => {
  for (const s of [silent, dropping]) {
    s?.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
  await proxied?.close();
  await env?.close();
});

describe('GenieACS errors', () => {
  it('a dropped connection on a task POST says GenieACS rejected the task as invalid, and names it', async () => {
    const cred = await env.credential({ baseUrl: urlOf(dropping) });
    const r = await env.run({ operation: 'refreshObject', deviceId: SEED_IDS.zte, objectName: 'InternetGatewayDevice.LANDevice' }, { credId: cred });
    expect(r.error?.message).toBe(`GenieACS rejected the "refreshObject" task for device "${SEED_IDS.zte}" as invalid (it dropped the connection)`);
    expect(r.error?.description).toContain('{"name":"refreshObject","objectName":"InternetGatewayDevice.LANDevice"}');
  });

  it('a query the NBI cannot run (it drops the connection) says to check the query', async () => {
    const before = env.acs.crashes.length;
    const r = await env.run({ operation: 'findDevices', queryMode: 'json', queryJson: '{"_id": {"$startsWith": "CC1AFA"}}' });
    expect(env.acs.crashes.length).toBe(before + 1);
    expect(r.error?.message).toBe('GenieACS dropped the connection on GET /devices/: the NBI could not run the query');
    expect(r.error?.description).toContain('query JSON');
  });

  it('an unreachable NBI names the host; a credential without a Base URL says so', async () => {
    const down = await env.credential({ baseUrl: 'http://127.0.0.1:1' });
    const r = await env.run({ operation: 'getDevice', deviceId: SEED_IDS.zte }, { credId: down });
    expect(r.error?.message).toMatch(/^Could not reach GenieACS at 127\.0\.0\.1:1: \S/);
    expect(r.error?.message).not.toContain('Could not reach 127.0.0.1:1');
    expect(r.error?.description).toContain('7557');
    const empty = await env.credential({ baseUrl: ' ' });
    expect((await env.run({ operation: 'getDevice', deviceId: 'x' }, { credId: empty })).error?.message).toBe('The GenieACS credential has no NBI Base URL');
  });

  it('a query timeout names the host and the credential\'s limit', async () => {
    const cred = await env.credential({ baseUrl: urlOf(silent), timeout: 300 });
    const r = await env.run({ operation: 'findDevices' }, { credId: cred });
    expect(r.error).toMatchObject({ httpCode: 'ETIMEDOUT', message: `GenieACS at ${new URL(urlOf(silent)).host} did not answer within 300 ms` });
    expect(r.error?.description).toContain('Timeout (ms)');
  });

  it('503 "Device is in session" is retried until the session ends', async () => {
    env.acs.setDeviceMode(SEED_IDS.zte, 'faulting');
    const [faulted] = (await env.run({ operation: 'reboot', deviceId: SEED_IDS.zte })).json;
    env.acs.setDeviceMode(SEED_IDS.zte, 'slow', { sessionMs: 700 });
    const session = env.acs.inform(SEED_IDS.zte);
    try {
      const r = await env.run({ operation: 'deleteFault', faultId: String((faulted.fault as { _id: string })._id) });
      expect(r.record.status).toBe('success');
      const answers = env.acs.requests.filter((q) => q.method === 'DELETE' && q.path.startsWith('/faults/'));
      expect(answers.length).toBeGreaterThanOrEqual(2);
      expect((r.record.runData.GenieACS[0].logs ?? [])[0]?.message).toMatch(/^GenieACS answered 503 to DELETE \/faults\/.+; try 2 in \d+ ms$/);
    } finally {
      await session;
      env.acs.setDeviceMode(SEED_IDS.zte, 'online');
    }
  });
});

describe('GenieACS credential: proxy authentication', () => {
  it('401 from the proxy: no authentication → choose Basic or Header; wrong password → check it', async () => {
    const none = await env.credential({ baseUrl: proxied.url, authType: 'none' });
    const r = await env.run({ operation: 'getDevice', deviceId: SEED_IDS.zte }, { credId: none });
    expect(r.error).toMatchObject({ httpCode: '401', message: `GenieACS at ${new URL(proxied.url).host} refused the credentials (401 Unauthorized): check the GenieACS credential` });
    expect(r.error?.description).toContain('choose Basic Auth or Header');
    const wrong = await env.credential({ baseUrl: proxied.url, authType: 'basic', username: 'n8n', password: 'nope' });
    expect((await env.run({ operation: 'getDevice', deviceId: SEED_IDS.zte }, { credId: wrong })).error?.description).toContain('Check the user and password');
  });

  it('Basic auth through the proxy works for queries and tasks', async () => {
    const cred = await env.credential({ baseUrl: proxied.url, authType: 'basic', ...PROXY_LOGIN });
    const r = await env.run({ operation: 'reboot', deviceId: SEED_IDS.zte }, { credId: cred });
    expect(r.json[0]).toMatchObject({ status: 'done' });
    expect(proxied.requests.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from('n8n:proxy-pass-123').toString('base64')}`);
  });

  it('header authentication sends the header; without a header name the credential is refused', async () => {
    const cred = await env.credential({ baseUrl: env.acs.url, authType: 'header', headerName: 'X-Api-Key', headerValue: 'k-123' });
    await env.run({ operation: 'getDevice', deviceId: SEED_IDS.zte }, { credId: cred });
    expect(env.acs.requests.at(-1)!.headers['x-api-key']).toBe('k-123');
    const nameless = await env.credential({ baseUrl: env.acs.url, authType: 'header', headerValue: 'k-123' });
    expect((await env.run({ operation: 'getDevice', deviceId: SEED_IDS.zte }, { credId: nameless })).error?.message).toBe('The GenieACS credential uses header authentication but has no header name');
  });
});

describe('GenieACS credential test', () => {
  const test = async (data: Record<string, unknown>) => {
    const res = await env.t.api('/api/v1/credentials/test', { method: 'POST', body: JSON.stringify({ type: CRED_TYPE, data }) });
    return (await res.json()) as { status: string; message: string };
  };

  it('GET /devices/?limit=1&projection=_id: OK without auth, OK and 401 through the Basic-auth proxy, 404 off the NBI', async () => {
    expect(await test({ baseUrl: env.acs.url })).toMatchObject({ status: 'OK' });
    expect(env.acs.requests.at(-1)).toMatchObject({ method: 'GET', path: '/devices/', query: { limit: '1', projection: '_id' } });
    expect(await test({ baseUrl: proxied.url, authType: 'basic', ...PROXY_LOGIN })).toMatchObject({ status: 'OK' });
    const refused = await test({ baseUrl: proxied.url, authType: 'basic', username: 'n8n', password: 'wrong-pass' });
    expect(refused).toMatchObject({ status: 'Error', message: expect.stringContaining('The proxy in front of GenieACS refused the credentials') });
    expect(refused.message).not.toContain('wrong-pass');
    expect(await test({ baseUrl: `${env.acs.url}/ui` })).toMatchObject({ status: 'Error', message: expect.stringContaining('port 7557') });
  });
});
