// Web safety over a real host: security headers and the Content-Security-Policy per kind of answer
// (editor, API, webhook), HSTS only over HTTPS, API keys accepted from the header only (a cookie
// or query key is refused on state-changing routes; the SSE query key stays GET-only), cross-site
// state changes refused, and the body limit on every parser (413 naming the limit, nothing stored).
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowInput } from '../../host/model/index.ts';
import { API_CSP, EDITOR_CSP, HSTS, PERMISSIONS_POLICY, editorCsp } from '../../host/server/middleware/security-headers.ts';
import { startTestHost } from '../helpers/host.ts';
import type { TestHost } from '../helpers/host.ts';

const LIMIT = 4096;
let t: TestHost;
let proxied: TestHost;

function hookFlow(path: string, respond?: { body: string; headers: { name: string; value: string }[] }): WorkflowInput {
  const webhook = { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0] as [number, number], parameters: { httpMethod: 'POST', path, responseMode: respond ? 'responseNode' : 'onReceived' } };
  if (!respond) return { name: `hook ${path}`, nodes: [webhook], connections: {}, settings: { executionOrder: 'v1' } };
  const answer = {
    id: 'r', name: 'Respond', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, position: [200, 0] as [number, number],
    parameters: { respondWith: 'text', responseBody: respond.body, options: { responseHeaders: { entries: respond.headers } } },
  };
  return { name: `hook ${path}`, nodes: [webhook, answer], connections: { Webhook: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] } }, settings: { executionOrder: 'v1' } };
}

const workflow = (name: string, pad = ''): WorkflowInput => ({
  name,
  nodes: [{ id: 'm', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }],
  connections: {},
  settings: {},
  ...(pad ? { meta: { pad } } : {}),
});

async function workflowNames(h: TestHost): Promise<string[]> {
  return (await h.host.storage.workflows.list()).data.map((w) => w.name).sort();
}

async function executionCount(h: TestHost): Promise<number> {
  return (await h.host.storage.executions.list()).data.length;
}

/** Waits until an execution count settles (webhook executions are saved after the answer). */
async function settledExecutionCount(h: TestHost, atLeast: number): Promise<number> {
  for (let i = 0; i < 50 && (await executionCount(h)) < atLeast; i++) await new Promise((r) => setTimeout(r, 50));
  return executionCount(h);
}

/** A POST with no Content-Length (chunked), which a parser can only stop while reading. */
function postChunked(url: string, contentType: string, chunks: Buffer[]): Promise<{ status: number; body: { error?: string; message?: string } }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': contentType, 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    // The host may answer 413 and close before every chunk is written.
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
    for (const c of chunks) req.write(c);
    req.end();
  });
}

beforeAll(async () => {
  t = await startTestHost({ GIGAFLOW_BODY_LIMIT: `${LIMIT}` });
  // Tests connect from 127.0.0.1: this host treats loopback as its reverse proxy.
  proxied = await startTestHost({ GIGAFLOW_TRUSTED_PROXIES: '127.0.0.1' });
  await t.deploy(hookFlow('intake'));
  await t.deploy(hookFlow('page', { body: '<h1>hi</h1>', headers: [{ name: 'Content-Type', value: 'text/html' }, { name: 'X-Frame-Options', value: 'SAMEORIGIN' }] }));
});
afterAll(async () => {
  await t?.close();
  await proxied?.close();
});

function expectIsolation(res: Response): void {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  expect(res.headers.get('permissions-policy')).toBe(PERMISSIONS_POLICY);
  expect(res.headers.get('strict-transport-security')).toBeNull();
}

describe('security headers', () => {
  it('gives the editor page the strict CSP and the isolation headers', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expectIsolation(res);
    const csp = res.headers.get('content-security-policy')!;
    // The built editor's page carries a fresh nonce (test/security/editor-csp-nonce.test.ts); the placeholder page none.
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(csp).toBe(editorCsp(nonce));
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['img-src']).toEqual(["'self'", 'data:']);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['form-action']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['style-src']).toEqual(nonce ? ["'self'", `'nonce-${nonce}'`] : ["'self'"]);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    // Also the answer for a missing editor file.
    const missing = await fetch(`${t.url}/assets/nope.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(EDITOR_CSP);
  });

  it('keeps the editor source free of what the CSP forbids (inline scripts, inline handlers)', () => {
    const html = readFileSync(new URL('../../editor/index.html', import.meta.url), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  });

  it('gives API answers, errors and probes a CSP that allows nothing', async () => {
    for (const res of [
      await t.api('/api/v1/workflows'),
      await fetch(`${t.url}/api/v1/workflows`),
      await fetch(`${t.url}/api/v1/openapi.json`),
      await fetch(`${t.url}/healthz`),
      await fetch(`${t.url}/metrics`),
    ]) {
      expectIsolation(res);
      expect(res.headers.get('content-security-policy')).toBe(API_CSP);
    }
  });

  it("leaves a webhook answer's rendering to the workflow: no CSP or framing rule, its own headers win", async () => {
    const res = await fetch(`${t.url}/webhook/page`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<h1>hi</h1>');
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('cross-origin-resource-policy')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('sends HSTS only when a trusted proxy says the request came over HTTPS', async () => {
    const viaProxy = await fetch(`${proxied.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(viaProxy.headers.get('strict-transport-security')).toBe(HSTS);
    expect((await fetch(`${proxied.url}/healthz`, { headers: { 'x-forwarded-proto': 'http' } })).headers.get('strict-transport-security')).toBeNull();
    expect((await fetch(`${proxied.url}/healthz`)).headers.get('strict-transport-security')).toBeNull();
    // Same claim from a peer that is not a trusted proxy: ignored.
    expect((await fetch(`${t.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security')).toBeNull();
  });
});

describe('CSRF: API keys come from the X-Api-Key header only', () => {
  const json = { 'content-type': 'application/json' };

  it('refuses a key in a cookie or in the query string on every state-changing method, storing nothing', async () => {
    const id = (await (await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify(workflow('kept')) })).json()).id as string;
    const before = await workflowNames(t);
    const key = encodeURIComponent(t.apiKey);
    const attempts: [string, string, RequestInit][] = [
      ['POST', '/api/v1/workflows', { headers: { ...json, cookie: `x-api-key=${key}; apiKey=${key}; api_key=${key}` }, body: JSON.stringify(workflow('by cookie')) }],
      ['POST', `/api/v1/workflows?apiKey=${key}`, { headers: json, body: JSON.stringify(workflow('by query')) }],
      ['POST', `/api/v1/workflows?x-api-key=${key}&api_key=${key}`, { headers: json, body: JSON.stringify(workflow('by query 2')) }],
      ['PUT', `/api/v1/workflows/${id}?apiKey=${key}`, { headers: json, body: JSON.stringify(workflow('renamed')) }],
      ['PATCH', `/api/v1/workflows/${id}`, { headers: { ...json, cookie: `x-api-key=${key}` }, body: JSON.stringify({ name: 'patched' }) }],
      ['DELETE', `/api/v1/workflows/${id}?apiKey=${key}`, {}],
      ['POST', `/api/v1/credentials?apiKey=${key}`, { headers: json, body: JSON.stringify({ name: 'c', type: 'httpHeaderAuth', data: { name: 'a', value: 'b' } }) }],
      // The event stream's query-key exception is GET-only.
      ['POST', `/api/v1/events?apiKey=${key}`, { headers: json, body: '{}' }],
    ];
    for (const [method, path, init] of attempts) {
      const res = await fetch(`${t.url}${path}`, { method, ...init });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect((await res.json()).message, `${method} ${path}`).toBe('Missing X-Api-Key header');
    }
    expect(await workflowNames(t)).toEqual(before);
    expect(await t.host.storage.credentials.list()).toEqual([]);
    // The same key in the header works, so the refusals above are about where the key was.
    const ok = await fetch(`${t.url}/api/v1/workflows/${id}`, { method: 'PATCH', headers: { ...json, 'x-api-key': t.apiKey }, body: JSON.stringify({ name: 'patched' }) });
    expect(ok.status).toBe(200);
    expect(await workflowNames(t)).toContain('patched');
  });

  it('still opens the event stream with ?apiKey= on GET', async () => {
    const controller = new AbortController();
    const res = await fetch(`${t.url}/api/v1/events?apiKey=${encodeURIComponent(t.apiKey)}`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    controller.abort();
  });

  it('refuses cross-site state changes even with the proxy identity a browser sends on its own', async () => {
    const identity = { 'x-authentik-email': 'dispatch@example.com', 'content-type': 'application/json' };
    const host = new URL(proxied.url).host;
    const crossSite: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
    ];
    for (const extra of crossSite) {
      const res = await fetch(`${proxied.url}/api/v1/workflows`, { method: 'POST', headers: { ...identity, ...extra }, body: JSON.stringify(workflow('forged')) });
      expect(res.status, JSON.stringify(extra)).toBe(403);
      expect(await res.json()).toMatchObject({ error: 'forbidden', message: expect.stringMatching(/^Cross-site POST refused/) });
    }
    expect(await workflowNames(proxied)).toEqual([]);
    // Reading cross-site is harmless (the browser keeps the answer from the other site).
    expect((await fetch(`${proxied.url}/api/v1/workflows`, { headers: { ...identity, 'sec-fetch-site': 'cross-site' } })).status).toBe(200);
    // The editor itself (same origin) and non-browser clients (neither header) go through.
    const editor = await fetch(`${proxied.url}/api/v1/workflows`, { method: 'POST', headers: { ...identity, 'sec-fetch-site': 'same-origin', origin: `http://${host}` }, body: JSON.stringify(workflow('from editor')) });
    expect(editor.status).toBe(201);
    const tool = await fetch(`${proxied.url}/api/v1/workflows`, { method: 'POST', headers: identity, body: JSON.stringify(workflow('from tool')) });
    expect(tool.status).toBe(201);
    expect(await workflowNames(proxied)).toEqual(['from editor', 'from tool']);
  });
});

describe(`body limit (GIGAFLOW_BODY_LIMIT=${LIMIT})`, () => {
  const expect413 = async (res: Response, what: string) => {
    expect(res.status, what).toBe(413);
    expect(await res.json(), what).toEqual({ error: 'payload_too_large', message: `Request body is larger than the limit of ${LIMIT} bytes (GIGAFLOW_BODY_LIMIT)` });
  };

  it('answers 413 naming the limit on every JSON API write and stores nothing', async () => {
    const before = await workflowNames(t);
    const pad = 'x'.repeat(LIMIT);
    const id = (await (await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify(workflow('small')) })).json()).id as string;
    await expect413(await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify(workflow('big', pad)) }), 'create');
    await expect413(await t.api(`/api/v1/workflows/${id}`, { method: 'PUT', body: JSON.stringify(workflow('big put', pad)) }), 'replace');
    await expect413(await t.api('/api/v1/workflows/import', { method: 'POST', body: JSON.stringify(workflow('big import', pad)) }), 'import');
    await expect413(await t.api('/api/v1/credentials', { method: 'POST', body: JSON.stringify({ name: 'big', type: 'httpHeaderAuth', data: { name: 'a', value: pad } }) }), 'credential');
    await expect413(await t.api('/api/v1/expressions/preview', { method: 'POST', body: JSON.stringify({ expression: `={{ '${pad}' }}` }) }), 'preview');
    expect(await workflowNames(t)).toEqual([...before, 'small'].sort());
    expect((await t.host.storage.workflows.get(id))?.name).toBe('small');
    expect(await t.host.storage.credentials.list()).toEqual([]);
    // Just under the limit is accepted: the refusals above are about size.
    const fits = await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify(workflow('fits', 'x'.repeat(LIMIT - 400))) });
    expect(fits.status).toBe(201);
  });

  it('answers 413 on webhooks for every body type, chunked or compressed, without running the workflow', async () => {
    const url = `${t.url}/webhook/intake`;
    const before = await executionCount(t);
    const big = 'a'.repeat(LIMIT + 1);
    const boundary = 'gigaflowboundary';
    const multipart = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.bin"\r\ncontent-type: application/octet-stream\r\n\r\n${big}\r\n--${boundary}--\r\n`;
    const bodies: [string, string | Uint8Array<ArrayBuffer>][] = [
      ['application/json', JSON.stringify({ big })],
      ['application/x-www-form-urlencoded', `big=${big}`],
      ['text/plain', big],
      ['application/octet-stream', new TextEncoder().encode(big)],
      [`multipart/form-data; boundary=${boundary}`, multipart],
    ];
    for (const [type, body] of bodies) await expect413(await fetch(url, { method: 'POST', headers: { 'content-type': type }, body }), type);
    // Without Content-Length the parser stops reading at the limit.
    const chunked = await postChunked(url, 'application/json', [Buffer.from('{"big":"'), Buffer.from('b'.repeat(LIMIT)), Buffer.from('"}')]);
    expect(chunked).toEqual({ status: 413, body: { error: 'payload_too_large', message: `Request body is larger than the limit of ${LIMIT} bytes (GIGAFLOW_BODY_LIMIT)` } });
    // A small gzip body that inflates past the limit (a zip bomb) is measured after inflating.
    const bomb = gzipSync(JSON.stringify({ big: 'c'.repeat(LIMIT * 20) }));
    expect(bomb.length).toBeLessThan(LIMIT);
    await expect413(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: new Uint8Array(bomb) }), 'gzip');
    await new Promise((r) => setTimeout(r, 200));
    expect(await executionCount(t)).toBe(before);
    // A body within the limit runs the workflow, so the count above could have moved.
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ok":true}' })).status).toBe(200);
    expect(await settledExecutionCount(t, before + 1)).toBe(before + 1);
  });
});
