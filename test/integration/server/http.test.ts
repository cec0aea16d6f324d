// Cross-cutting HTTP behaviour: auth, trusted proxy identity, body limits and parsing, probes,
// metrics, unknown routes, the editor placeholder.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { editorRoutes } from '../../../host/server/routes/editor.routes.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../host/server/app.ts';
import { manualSetWorkflow, startHost } from './helpers.ts';
import type { TestHost } from './helpers.ts';

const LIMIT = 64 * 1024;
let t: TestHost;
let trusted: TestHost;

beforeAll(async () => {
  // Tests connect from 127.0.0.1: `t` trusts only another address, `trusted` trusts loopback.
  t = await startHost({ bodyLimitBytes: LIMIT, trustedProxies: ['10.9.8.7'] });
  trusted = await startHost({ trustedProxies: ['127.0.0.1'], identityHeader: 'x-authentik-email' });
});
afterAll(async () => {
  await t?.close();
  await trusted?.close();
});

describe('API auth', () => {
  it('needs a valid X-Api-Key', async () => {
    const missing = await fetch(`${t.base}/api/v1/workflows`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: 'unauthorized', message: expect.stringMatching(/X-Api-Key/) });
    const wrong = await fetch(`${t.base}/api/v1/workflows`, { headers: { 'x-api-key': 'gf_wrong' } });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error).toBe('unauthorized');
    // Unknown API routes are behind auth too.
    expect((await fetch(`${t.base}/api/v1/nowhere`)).status).toBe(401);
    expect((await t.api('/workflows')).status).toBe(200);
  });

  it('ignores the identity header from an untrusted address', async () => {
    const res = await fetch(`${t.base}/api/v1/workflows`, { headers: { 'x-authentik-email': 'mallory@example.com', 'x-forwarded-for': '10.9.8.7' } });
    expect(res.status).toBe(401);
  });

  it('accepts the identity header from a trusted proxy address', async () => {
    const res = await fetch(`${trusted.base}/api/v1/workflows`, { headers: { 'X-Authentik-Email': 'dispatch@example.com' } });
    expect(res.status).toBe(200);
    expect((await res.json()).data).toEqual([]);
    // Without the header a trusted caller still needs a key.
    expect((await fetch(`${trusted.base}/api/v1/workflows`)).status).toBe(401);
  });

  it('keeps probes, metrics, the API document and webhooks outside API auth', async () => {
    const health = await fetch(`${t.base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${t.base}/readyz`)).status).toBe(200);
    expect((await fetch(`${t.base}/api/v1/openapi.json`)).status).toBe(200);
    const hook = await fetch(`${t.base}/webhook/no/such/path`, { method: 'POST' });
    expect(hook.status).toBe(404);
    expect(hook.headers.get('content-type')).toMatch(/application\/json/);
    expect((await hook.json()).error).toBe('not_found');
    expect((await fetch(`${t.base}/webhook-test/nothing-listening`)).status).toBe(404);
  });
});

describe('bodies', () => {
  it('answers malformed JSON with 400 and the parser message', async () => {
    const res = await t.api('/workflows', { method: 'POST', body: '{"name": "x",', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_body');
    expect(res.body.message).toMatch(/JSON/);
    const hook = await fetch(`${t.base}/webhook/whatever`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
    expect(hook.status).toBe(400);
    expect((await hook.json()).error).toBe('invalid_body');
  });

  it('answers a body over the limit with 413 JSON, on the API and on webhooks', async () => {
    const big = JSON.stringify({ ...manualSetWorkflow('Big'), meta: { pad: 'x'.repeat(LIMIT) } });
    const res = await t.api('/workflows', { method: 'POST', body: big, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: 'payload_too_large', message: expect.any(String) });
    const hook = await fetch(`${t.base}/webhook/whatever`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(LIMIT + 1) });
    expect(hook.status).toBe(413);
    expect((await hook.json()).error).toBe('payload_too_large');
  });

  it('answers a non-JSON API body with 400', async () => {
    const res = await t.api('/workflows', { method: 'POST', body: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('body');
  });
});

describe('other routes', () => {
  it('answers unknown API routes with 404 JSON', async () => {
    const res = await t.api('/nowhere');
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('not_found');
    expect((await t.api('/workflows', { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${t.base}/api/v2/x`, { headers: { 'x-api-key': t.apiKey } })).status).toBe(404);
  });

  it('answers /readyz with 503 while the host is not ready', async () => {
    const { config, storage, registry, executions, activation, webhooks, events } = t.host;
    let ready = false;
    const app = createApp({ config, storage, registry, executions, activation, webhooks, events, isReady: () => ready });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const res = await fetch(`${base}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'not ready' });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      ready = true;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      // Each app has its own metrics registry.
      expect(app.locals.metrics).not.toBe(t.host.app.locals.metrics);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('serves the built editor at /, or a placeholder page while it is not built', async () => {
    const serve = async (dir: string) => {
      const app = express().use(editorRoutes({ dir }));
      const server = app.listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      try {
        const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
        return { status: res.status, html: await res.text() };
      } finally {
        server.close();
      }
    };
    const empty = mkdtempSync(join(tmpdir(), 'gf-editor-'));
    const placeholder = await serve(empty);
    expect(placeholder.status).toBe(200);
    expect(placeholder.html).toContain('/api/v1/openapi.json');
    expect(placeholder.html).toContain('npm run build:editor');
    const built = mkdtempSync(join(tmpdir(), 'gf-editor-'));
    writeFileSync(join(built, 'index.html'), '<!doctype html><title>Gigaflow</title><div id="app"></div>');
    expect((await serve(built)).html).toContain('<div id="app"></div>');
    rmSync(empty, { recursive: true, force: true });
    rmSync(built, { recursive: true, force: true });
  });

  it('exposes Prometheus metrics labelled by route pattern', async () => {
    const { body: wf } = await t.api('/workflows', { method: 'POST', body: manualSetWorkflow('Metered') });
    await t.api(`/workflows/${wf.id}`);
    await t.api('/workflows/does-not-exist');
    const res = await fetch(`${t.base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/gigaflow_http_requests_total\{method="GET",route="\/api\/v1\/workflows\/:id",status="200"\} 1/);
    expect(text).toMatch(/gigaflow_http_requests_total\{method="GET",route="\/api\/v1\/workflows\/:id",status="404"\} 1/);
    expect(text).toContain('gigaflow_http_request_duration_seconds_bucket');
    expect(text).not.toContain(wf.id);
    expect(t.host.app.locals.metrics).toBeTruthy();
  });
});
