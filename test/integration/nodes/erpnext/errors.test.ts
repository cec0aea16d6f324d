// ERPNext errors a user can act on, and the rate-limit retry, through real runs against the
// fake Frappe (and a server that never answers, for timeouts).
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFieldService } from '../../../fakes/frappe/index.ts';
import { startErpEnv } from './setup.ts';
import type { ErpEnv } from './setup.ts';

const OPS = { user: 'ops@gigafibre.example', apiKey: 'opskey0000000001', apiSecret: 'opssecret0000001', deny: ['Service Contract'] };
let env: ErpEnv;
let silent: Server;
let silentUrl: string;
beforeAll(async () => {
  env = await startErpEnv({ seed: seedFieldService({ year: 2026 }), users: [OPS] });
  // Accepts connections and never answers.
  silent = createServer(() => undefined);
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
});
afterAll(async () => {
  silent?.closeAllConnections();
  await new Promise<void>((r) => silent.close(() => r()));
  await env?.close();
});

const countTo = (path: string) => env.frappe.requests.filter((q) => q.path === path).length;

describe('ERPNext errors', () => {
  it('a "." or ".." name is refused before any request (it would address another resource)', async () => {
    const before = env.frappe.requests.length;
    for (const name of ['..', '.']) {
      const r = await env.run({ operation: 'get', doctype: 'Customer', name });
      expect(r.error?.message).toBe(`"${name}" is not a doctype or document name`);
    }
    expect(env.frappe.requests.length).toBe(before);
    // Typed percent signs are part of the name: sent encoded, answered by the server.
    const literal = await env.run({ operation: 'get', doctype: 'Customer', name: '%2e%2e' });
    expect(literal.error?.message).toBe('Customer "%2e%2e" does not exist in ERPNext (404 DoesNotExistError)');
  });

  it('401: a wrong secret says to check the API key and secret', async () => {
    const cred = await env.credential({ baseUrl: env.frappe.url, apiKey: env.frappe.apiKey, apiSecret: 'not-the-secret' });
    const r = await env.run({ operation: 'get', doctype: 'Customer', name: 'Jean Dupont' }, { credId: cred });
    expect(r.error).toMatchObject({
      node: 'ERPNext',
      httpCode: '401',
      message: 'ERPNext rejected the credentials (401 AuthenticationError): check the ERPNext API key and API secret in the credential',
    });
  });

  it('403: names the doctype and the permission the key\'s user lacks', async () => {
    const cred = await env.credential({ baseUrl: env.frappe.url, apiKey: OPS.apiKey, apiSecret: OPS.apiSecret });
    const read = await env.run({ operation: 'getAll', doctype: 'Service Contract' }, { credId: cred });
    expect(read.error).toMatchObject({ httpCode: '403', message: 'No permission to read Service Contract in ERPNext (403 PermissionError)' });
    expect(read.error?.description).toContain('lacks the "read" permission on Service Contract');
    const create = await env.run(
      { operation: 'create', doctype: 'Service Contract', documentMode: 'json', documentJson: '{"customer": "Jean Dupont", "plan": "Fibre 500", "start_date": "2026-03-01"}' },
      { credId: cred },
    );
    expect(create.error?.message).toBe('No permission to create Service Contract in ERPNext (403 PermissionError)');
    // The same key may read what it is allowed to.
    const allowed = await env.run({ operation: 'get', doctype: 'Customer', name: 'Jean Dupont' }, { credId: cred });
    expect(allowed.record.status).toBe('success');
  });

  it('409: a duplicate says it already exists (the server names it); a unique field clash shows its 417 message', async () => {
    const r = await env.run({ operation: 'create', doctype: 'Customer', documentMode: 'json', documentJson: '{"customer_name": "Jean Dupont"}' });
    expect(r.error).toMatchObject({ httpCode: '409', message: 'ERPNext could not create Customer: Customer Jean Dupont already exists (409 DuplicateEntryError)' });
    expect(r.error?.description).toContain('Use Update');
    const named = await env.run({ operation: 'create', doctype: 'Customer', documentMode: 'json', documentJson: '{"name": "Jean Dupont", "customer_name": "Jean Dupont"}' });
    expect(named.error?.message).toBe('Customer "Jean Dupont" already exists in ERPNext (409 DuplicateEntryError)');
    const unique = await env.run({ operation: 'create', doctype: 'Service Equipment', documentMode: 'json', documentJson: '{"serial_no": "ZTEGC8A1B2C3", "equipment_type": "ONT"}' });
    expect(unique.error).toMatchObject({ httpCode: '417', message: 'ERPNext could not create Service Equipment: Serial No must be unique (417 UniqueValidationError)' });
  });

  it('417: shows the decoded server message and is not retried', async () => {
    const before = countTo('/api/resource/Issue');
    const r = await env.run({ operation: 'create', doctype: 'Issue', documentMode: 'json', documentJson: '{"priority": "High"}' });
    expect(r.error?.httpCode).toBe('417');
    expect(r.error?.message).toMatch(/^ERPNext could not create Issue: .*Subject.* \(417 MandatoryError\)$/);
    expect(r.error?.message).not.toMatch(/<|&quot;|\\"/);
    expect(countTo('/api/resource/Issue')).toBe(before + 1);
  });

  it('a timeout names the host and the time limit', async () => {
    const cred = await env.credential({ baseUrl: silentUrl, apiKey: 'k', apiSecret: 's', timeout: 300 });
    const started = Date.now();
    const r = await env.run({ operation: 'get', doctype: 'Customer', name: 'x' }, { credId: cred });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.error).toMatchObject({ httpCode: 'ETIMEDOUT', message: `ERPNext at ${new URL(silentUrl).host} did not answer within 300 ms` });
    expect(r.error?.description).toContain('Timeout (ms)');
  });

  it('an unreachable server and a credential without Base URL say what to check', async () => {
    const down = await env.credential({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k', apiSecret: 's' });
    const r = await env.run({ operation: 'get', doctype: 'Customer', name: 'x' }, { credId: down });
    expect(r.error?.message).toMatch(/^Could not reach ERPNext at 127\.0\.0\.1:1: /);
    expect(r.error?.description).toContain('Base URL');
    const empty = await env.credential({ baseUrl: ' ', apiKey: 'k', apiSecret: 's' });
    expect((await env.run({ operation: 'get', doctype: 'Customer', name: 'x' }, { credId: empty })).error?.message).toBe('The ERPNext credential has no Base URL');
  });
});

describe('ERPNext credential test', () => {
  it('the declared test (frappe.auth.get_logged_user) passes with good keys and fails with a wrong secret', async () => {
    const test = async (apiSecret: string) => {
      const res = await env.t.api('/api/v1/credentials/test', { method: 'POST', body: JSON.stringify({ type: 'gigafibreErpNextApi', data: { baseUrl: env.frappe.url, apiKey: env.frappe.apiKey, apiSecret } }) });
      return (await res.json()) as { status: string; message: string };
    };
    expect(await test(env.frappe.apiSecret)).toMatchObject({ status: 'OK' });
    expect(await test('wrong')).toMatchObject({ status: 'Error', message: expect.stringContaining('401') });
    const sent = env.frappe.requests.filter((q) => q.path === '/api/method/frappe.auth.get_logged_user').map((q) => q.headers.authorization);
    expect(sent.slice(-2)).toEqual([`token ${env.frappe.apiKey}:${env.frappe.apiSecret}`, `token ${env.frappe.apiKey}:wrong`]);
  });
});

describe('ERPNext rate limits', () => {
  it('429 with Retry-After: waits that long, retries, and succeeds; the wait is logged with the node run', async () => {
    env.frappe.rateLimit({ times: 1, status: 429, retryAfterSeconds: 1 });
    const before = countTo('/api/resource/Customer/Jean Dupont');
    const started = Date.now();
    const r = await env.run({ operation: 'get', doctype: 'Customer', name: 'Jean Dupont' });
    expect(r.record.status).toBe('success');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(r.json[0].customer_name).toBe('Jean Dupont');
    expect(countTo('/api/resource/Customer/Jean Dupont')).toBe(before + 2);
    const logs = r.record.runData.ERPNext[0].logs ?? [];
    expect(logs.map((l) => l.message)).toEqual(['ERPNext rate limited GET /api/resource/Customer/Jean%20Dupont (429); try 2 in 1000 ms']);
  });

  it('417 RateLimitExceededError (no Retry-After) is retried with backoff', async () => {
    env.frappe.rateLimit({ times: 2, status: 417, retryAfterSeconds: 0 });
    const r = await env.run({ operation: 'count', doctype: 'Issue' });
    expect(r.record.status).toBe('success');
    expect(r.json).toEqual([{ doctype: 'Issue', count: 4 }]);
    expect((r.record.runData.ERPNext[0].logs ?? []).map((l) => l.message.replace(/\d+ ms$/, 'N ms'))).toEqual([
      'ERPNext rate limited GET /api/method/frappe.client.get_count (417); try 2 in N ms',
      'ERPNext rate limited GET /api/method/frappe.client.get_count (417); try 3 in N ms',
    ]);
  });

  it('gives up after 4 tries with a message that says so', async () => {
    env.frappe.rateLimit({ times: 4, status: 429, retryAfterSeconds: 0 });
    const before = countTo('/api/method/frappe.client.get_count');
    const r = await env.run({ operation: 'count', doctype: 'Issue' });
    expect(r.error).toMatchObject({ httpCode: '429', message: 'ERPNext is rate limiting requests (429 TooManyRequestsError); gave up after 4 tries' });
    expect(countTo('/api/method/frappe.client.get_count')).toBe(before + 4);
    // The limit is over: the next run goes through.
    expect((await env.run({ operation: 'count', doctype: 'Issue' })).json).toEqual([{ doctype: 'Issue', count: 4 }]);
  });
});
