// Credential tests over the real REST API, against a small fake fibre API on 127.0.0.1 that checks
// an API key header (declarative `test` + `authenticate`) and a Basic login (a node's testedBy
// method). The credential types come from the fixture package test/fixtures/n8n-nodes-fibre-test.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testCredential } from '../../../host/runtime/credential-test.ts';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/n8n-nodes-fibre-test');
const GOOD_KEY = 'fk_live_7d1c9e0b5a';
const LIMITED_KEY = 'fk_live_limited_42';
const SUSPENDED_KEY = 'fk_live_suspended_9';
const WRONG_KEY = 'fk_live_wrong_31337';
const LEGACY_PASSWORD = 'l3gacy-pa55word';

let api: Server;
let apiUrl: string;
let seen: { path: string; query: Record<string, string>; headers: IncomingHttpHeaders }[] = [];
let t: TestHost;

beforeAll(async () => {
  api = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    seen.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers });
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/whoami') {
      const key = req.headers['x-api-key'];
      if (key === GOOD_KEY) return reply(200, { user: 'ops', account: { id: url.searchParams.get('account'), status: 'active' } });
      if (key === SUSPENDED_KEY) return reply(200, { user: 'ops', account: { status: 'suspended' } });
      if (key === LIMITED_KEY) return reply(403, { message: 'no access to account' });
      // Like many real APIs, this one repeats the key it was sent: the test result must not.
      return reply(401, { error: { message: `Invalid API key: ${String(key)}` } });
    }
    if (url.pathname === '/legacy/ping') {
      const expected = `Basic ${Buffer.from(`ops:${LEGACY_PASSWORD}`).toString('base64')}`;
      if (req.headers.authorization === expected) return reply(200, { pong: true });
      const [user, pass] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':');
      return reply(401, { message: `login ${user}/${pass} refused` });
    }
    if (url.pathname.startsWith('/hang')) return; // never answers
    reply(404, { message: 'no such endpoint' });
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
  t = await startTestHost({ GIGAFLOW_NODES_PATH: FIXTURE });
});
afterAll(async () => {
  await t?.close();
  api.closeAllConnections();
  await new Promise<void>((r) => api.close(() => r()));
});
beforeEach(() => {
  seen = [];
});

async function call(path: string, body?: unknown): Promise<{ status: number; body: any; text: string }> {
  const res = await t.api(`/api/v1${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), text };
}

async function store(data: Record<string, unknown>, type = 'fibreTokenApi'): Promise<string> {
  const res = await t.api('/api/v1/credentials', { method: 'POST', body: JSON.stringify({ name: `${type} ${Math.random()}`, type, data }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('POST /api/v1/credentials/:id/test (declarative test + authenticate)', () => {
  it('answers OK for a working key, sending the header and the query the type declares', async () => {
    const id = await store({ baseUrl: apiUrl, apiKey: GOOD_KEY });
    const res = await call(`/credentials/${id}/test`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'OK', message: 'Connection successful' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ path: '/whoami', query: { account: 'main' }, headers: { 'x-api-key': GOOD_KEY } });
  });

  it('explains a wrong key with the status and the server message, with the echoed key masked', async () => {
    const id = await store({ baseUrl: apiUrl, apiKey: WRONG_KEY });
    const res = await call(`/credentials/${id}/test`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('Error');
    expect(res.body.message).toMatch(/^Authorization failed — check the credentials \(HTTP 401 Unauthorized from 127\.0\.0\.1:\d+: Invalid API key: \*\*\*\)$/);
    expect(res.text).not.toContain(WRONG_KEY);
    expect(seen[0]!.headers['x-api-key']).toBe(WRONG_KEY);
  });

  it('says when the service cannot be reached', async () => {
    const id = await store({ baseUrl: 'http://127.0.0.1:1', apiKey: GOOD_KEY });
    const res = await call(`/credentials/${id}/test`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('Error');
    expect(res.body.message).toContain('Could not reach 127.0.0.1:1');
    expect(res.body.message).toContain('check the URL and that the service is running');
  });

  it('says when the URL field does not make an http(s) URL', async () => {
    const id = await store({ baseUrl: '', apiKey: GOOD_KEY });
    const res = await call(`/credentials/${id}/test`);
    expect(res.body).toMatchObject({ status: 'Error', message: expect.stringContaining('is not an http(s) URL') });
    const ftp = await call(`/credentials/${await store({ baseUrl: 'ftp://files.example.com', apiKey: GOOD_KEY })}/test`);
    expect(ftp.body).toMatchObject({ status: 'Error', message: expect.stringContaining('"ftp://files.example.com/whoami" is not an http(s) URL') });
  });

  it('applies the rules: a responseCode rule on failure, a responseSuccessBody rule on success', async () => {
    const limited = await call(`/credentials/${await store({ baseUrl: apiUrl, apiKey: LIMITED_KEY })}/test`);
    expect(limited.body.status).toBe('Error');
    expect(limited.body.message).toMatch(/^The key works but may not read this account \(HTTP 403 from 127\.0\.0\.1:\d+\)$/);
    const suspended = await call(`/credentials/${await store({ baseUrl: apiUrl, apiKey: SUSPENDED_KEY })}/test`);
    expect(suspended.body).toEqual({ status: 'Error', message: 'The account is suspended' });
  });

  it('answers 404 for an unknown id', async () => {
    const res = await call('/credentials/no-such-id/test');
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('no-such-id');
  });
});

describe('POST /api/v1/credentials/test (unsaved form values)', () => {
  it('tests the given fields', async () => {
    const ok = await call('/credentials/test', { type: 'fibreTokenApi', data: { baseUrl: apiUrl, apiKey: GOOD_KEY, account: 'north' } });
    expect(ok.body).toEqual({ status: 'OK', message: 'Connection successful' });
    expect(seen[0]!.query).toEqual({ account: 'north' });
  });

  it('with an id, fills blank or missing fields from the stored credential, and typed values win', async () => {
    const id = await store({ baseUrl: apiUrl, apiKey: GOOD_KEY, account: 'east' });
    const blankSecret = await call('/credentials/test', { type: 'fibreTokenApi', id, data: { baseUrl: apiUrl, apiKey: '' } });
    expect(blankSecret.body).toEqual({ status: 'OK', message: 'Connection successful' });
    expect(seen[0]).toMatchObject({ query: { account: 'east' }, headers: { 'x-api-key': GOOD_KEY } });

    const edited = await call('/credentials/test', { type: 'fibreTokenApi', id, data: { apiKey: WRONG_KEY } });
    expect(edited.body.status).toBe('Error');
    expect(edited.body.message).toContain('HTTP 401');
    expect(seen[1]!.headers['x-api-key']).toBe(WRONG_KEY);
    expect(edited.text).not.toContain(WRONG_KEY);
  });

  it('with an id and a changed URL, refuses to send the stored secret there', async () => {
    const id = await store({ baseUrl: apiUrl, apiKey: GOOD_KEY, account: 'east' });
    const before = seen.length;
    const moved = await call('/credentials/test', { type: 'fibreTokenApi', id, data: { baseUrl: 'http://127.0.0.1:9/elsewhere', apiKey: '' } });
    expect(moved.status).toBe(400);
    expect(moved.body).toMatchObject({ field: 'data.apiKey', message: expect.stringContaining('Type "apiKey" again to test with a changed "baseUrl"') });
    expect(moved.text).not.toContain(GOOD_KEY);
    expect(seen.length).toBe(before);
  });

  it('with an id and a changed field that does not say where the secret goes, reuses the stored secret', async () => {
    const id = await store({ baseUrl: apiUrl, apiKey: GOOD_KEY, account: 'east', timeout: 10 });
    const res = await call('/credentials/test', { type: 'fibreTokenApi', id, data: { baseUrl: apiUrl, apiKey: '', account: 'east', timeout: 20 } });
    expect(res.body).toEqual({ status: 'OK', message: 'Connection successful' });
    expect(seen.at(-1)).toMatchObject({ headers: { 'x-api-key': GOOD_KEY } });
    const moved = await call('/credentials/test', { type: 'fibreTokenApi', id, data: { account: 'west', apiKey: '' } });
    expect(moved.status).toBe(400);
    expect(moved.body.message).toContain('changed "account"');
  });

  it('runs a node\'s testedBy method with { id, name, type, data }, masking the password it echoes', async () => {
    const data = { host: apiUrl, user: 'ops', password: LEGACY_PASSWORD };
    expect((await call('/credentials/test', { type: 'fibreLegacyApi', data })).body).toEqual({ status: 'OK', message: 'Legacy API answered' });
    expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`ops:${LEGACY_PASSWORD}`).toString('base64')}`);

    const wrong = await call('/credentials/test', { type: 'fibreLegacyApi', data: { ...data, password: 'n0t-the-pa55word' } });
    expect(wrong.body.status).toBe('Error');
    expect(wrong.body.message).toBe('Legacy API refused the login: {"message":"login ops/*** refused"}');
    expect(wrong.text).not.toContain('n0t-the-pa55word');
  });

  it('says when a credential type has no test', async () => {
    const res = await call('/credentials/test', { type: 'fibreNoTestApi', data: { token: 'abc' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'Error', message: expect.stringContaining('has no test') });
  });

  it('answers 400 naming the field, and 404 for an unknown id', async () => {
    expect((await call('/credentials/test', { type: 'noSuchType', data: {} })).body).toMatchObject({ field: 'type', message: expect.stringContaining('noSuchType') });
    expect((await call('/credentials/test', { data: {} })).status).toBe(400);
    expect((await call('/credentials/test', { type: 'fibreTokenApi', data: 'key' })).body).toMatchObject({ field: 'data' });
    const other = await store({ token: 'abc' }, 'fibreNoTestApi');
    const mismatch = await call('/credentials/test', { type: 'fibreTokenApi', id: other, data: {} });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.field).toBe('id');
    const missing = await call('/credentials/test', { type: 'fibreTokenApi', id: 'no-such-id', data: {} });
    expect(missing.status).toBe(404);
  });
});

describe('the 15 s limit', () => {
  it('gives up on a server that does not answer (limit shortened for the test)', async () => {
    const started = Date.now();
    const result = await testCredential(
      { registry: t.host.registry, expressions: t.host.expressions, timeoutMs: 300 },
      { id: '', name: 'x', type: 'fibreTokenApi', data: { baseUrl: `${apiUrl}/hang`, apiKey: GOOD_KEY } },
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.status).toBe('Error');
    expect(result.message).toContain('No answer within 300 ms');
  });
});

describe('helpers.httpRequestWithAuthentication in node code', () => {
  it('execute(): the request carries the credential header, replacing the node\'s own', async () => {
    const id = await store({ baseUrl: apiUrl, apiKey: GOOD_KEY });
    const workflow = {
      name: 'whoami',
      nodes: [
        { id: 'a', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { id: 'b', name: 'Status', type: 'n8n-nodes-fibre-test.fibreStatus', typeVersion: 1, position: [200, 0], parameters: {}, credentials: { fibreTokenApi: { id, name: 'x' } } },
      ],
      connections: { Start: { main: [[{ node: 'Status', type: 'main', index: 0 }]] } },
    };
    const res = await call('/workflows/run', { workflow });
    expect(res.body.status).toBe('success');
    expect(res.body.runData.Status[0].data.main[0][0].json).toEqual({ user: 'ops', account: { id: 'main', status: 'active' } });
    expect(seen[0]!.headers['x-api-key']).toBe(GOOD_KEY);
  });

  it('loadOptions: a dropdown method can call the API with the credential', async () => {
    const id = await store({ baseUrl: apiUrl, apiKey: GOOD_KEY });
    const res = await call(`/node-types/${encodeURIComponent('n8n-nodes-fibre-test.fibreStatus')}/load-options`, {
      method: 'getAccounts',
      credentials: { fibreTokenApi: { id, name: 'x' } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [{ name: 'ops (active)', value: 'ops' }] });
    expect(seen[0]!.headers['x-api-key']).toBe(GOOD_KEY);
  });
});
