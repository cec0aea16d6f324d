// Rate limits on real hosts: failed API keys per client address (429 + Retry-After past the limit,
// successful calls never counted, X-Forwarded-For only believed from a trusted proxy) and webhook
// intake (off by default, 429 past a configured limit).
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHost } from '../helpers/host.ts';
import type { TestHost } from '../helpers/host.ts';

const hosts: TestHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});
async function host(env: Record<string, string>): Promise<TestHost> {
  const t = await startTestHost(env);
  hosts.push(t);
  return t;
}

const badKey = (t: TestHost, headers: Record<string, string> = {}) => fetch(`${t.url}/api/v1/workflows`, { headers: { 'x-api-key': 'gf_wrong', ...headers } });
const goodKey = (t: TestHost) => t.api('/api/v1/workflows');

describe('API key failures', () => {
  it('answers 429 with Retry-After once an address passes the limit, for every API call until the window ends', async () => {
    const t = await host({ GIGAFLOW_AUTH_FAILURE_LIMIT: '3', GIGAFLOW_AUTH_FAILURE_WINDOW_SECONDS: '60' });
    for (let i = 0; i < 3; i++) expect((await badKey(t)).status).toBe(401);
    const limited = await badKey(t);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await limited.json()).message).toContain('GIGAFLOW_AUTH_FAILURE_LIMIT');
    // A correct key from the same address waits too: otherwise guessing could go on.
    expect((await goodKey(t)).status).toBe(429);
    // Webhooks and probes are not API calls.
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it('never counts successful calls', async () => {
    const t = await host({ GIGAFLOW_AUTH_FAILURE_LIMIT: '2' });
    for (let i = 0; i < 15; i++) expect((await goodKey(t)).status).toBe(200);
    expect((await badKey(t)).status).toBe(401);
    expect((await goodKey(t)).status).toBe(200);
  });

  it('lets the address try again when the window ends', async () => {
    const t = await host({ GIGAFLOW_AUTH_FAILURE_LIMIT: '1', GIGAFLOW_AUTH_FAILURE_WINDOW_SECONDS: '1' });
    expect((await badKey(t)).status).toBe(401);
    expect((await badKey(t)).status).toBe(429);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await goodKey(t)).status).toBe(200);
  });

  it('ignores X-Forwarded-For from a client that is not a trusted proxy', async () => {
    const t = await host({ GIGAFLOW_AUTH_FAILURE_LIMIT: '2' });
    expect((await badKey(t, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(401);
    expect((await badKey(t, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(401);
    expect((await badKey(t, { 'x-forwarded-for': '203.0.113.3' })).status).toBe(429);
  });

  it('counts each forwarded client separately behind a trusted proxy', async () => {
    const t = await host({ GIGAFLOW_AUTH_FAILURE_LIMIT: '2', GIGAFLOW_TRUSTED_PROXIES: '127.0.0.1' });
    const from = (ip: string) => badKey(t, { 'x-forwarded-for': `198.51.100.9, ${ip}` });
    expect((await from('203.0.113.1')).status).toBe(401);
    expect((await from('203.0.113.1')).status).toBe(401);
    expect((await from('203.0.113.1')).status).toBe(429);
    expect((await from('203.0.113.2')).status).toBe(401);
  });

  it('is on by default (10 failures per minute)', async () => {
    const t = await host({});
    for (let i = 0; i < 10; i++) expect((await badKey(t)).status).toBe(401);
    expect((await badKey(t)).status).toBe(429);
  });

  it('is off with GIGAFLOW_AUTH_FAILURE_LIMIT=0', async () => {
    const t = await host({ GIGAFLOW_AUTH_FAILURE_LIMIT: '0' });
    for (let i = 0; i < 25; i++) expect((await badKey(t)).status).toBe(401);
  });
});

describe('webhook intake', () => {
  const webhookWorkflow = {
    name: 'Rate limited hook',
    nodes: [
      { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path: 'limited', responseMode: 'onReceived' } },
    ],
    connections: {},
  };
  const call = (t: TestHost) => fetch(`${t.url}/webhook/limited`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' });

  it('answers 429 with Retry-After past GIGAFLOW_WEBHOOK_RATE_LIMIT', async () => {
    const t = await host({ GIGAFLOW_WEBHOOK_RATE_LIMIT: '3', GIGAFLOW_WEBHOOK_RATE_WINDOW_SECONDS: '60' });
    await t.deploy(webhookWorkflow as never);
    for (let i = 0; i < 3; i++) expect((await call(t)).status).toBe(200);
    const limited = await call(t);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await limited.json()).message).toContain('GIGAFLOW_WEBHOOK_RATE_LIMIT');
    // The API is a separate limit.
    expect((await goodKey(t)).status).toBe(200);
  });

  it('is off by default', async () => {
    const t = await host({});
    await t.deploy(webhookWorkflow as never);
    for (let i = 0; i < 40; i++) expect((await call(t)).status).toBe(200);
  });
});
