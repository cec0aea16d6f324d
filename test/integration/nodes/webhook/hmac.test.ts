// The Webhook node's HMAC-SHA256 authentication (a Gigaflow addition) over real HTTP.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';
import { setNode, webhookFlow } from './flows.ts';

let t: TestHost;
let githubStyle: string;
let base64Style: string;

beforeAll(async () => {
  t = await startTestHost();
  t.host.events.subscribe((e) => {
    if (e.type === 'execution.started') started.push(e.workflowId);
  });
  const a = await t.host.storage.credentials.create({ name: 'hook hmac', type: 'webhookHmacAuth', data: { secret: 'top-secret' } });
  const b = await t.host.storage.credentials.create({
    name: 'shop hmac',
    type: 'webhookHmacAuth',
    data: { secret: 'other-secret', headerName: 'X-Shop-Hmac', prefix: '', encoding: 'base64' },
  });
  githubStyle = await t.deploy(
    webhookFlow(
      { httpMethod: 'POST', path: 'signed', responseMode: 'lastNode', authentication: 'hmacSha256' },
      [setNode('Echo', { got: '={{ $json.body.order }}' })],
      { credentials: { webhookHmacAuth: { id: a.id, name: a.name } } },
    ),
  );
  base64Style = await t.deploy(
    webhookFlow(
      { httpMethod: 'POST', path: 'signed-b64', responseMode: 'lastNode', authentication: 'hmacSha256' },
      [setNode('Echo', { got: '={{ $json.body.order }}' })],
      { credentials: { webhookHmacAuth: { id: b.id, name: b.name } } },
    ),
  );
});
afterAll(() => t?.close());

const sign = (secret: string, body: string, encoding: 'hex' | 'base64' = 'hex') => createHmac('sha256', secret).update(body).digest(encoding);
// Runs started per workflow. The webhook service starts a run before it answers and publishes
// execution.started synchronously, so this count is exact right after a response.
const started: string[] = [];
const executions = async (workflowId: string) => started.filter((id) => id === workflowId).length;

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${t.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

describe('Webhook authentication: hmacSha256', () => {
  // Odd spacing on purpose: the signature covers the bytes sent, not re-serialized JSON.
  const body = '{ "order":  "A-17",  "note": "café" }';

  it('runs the flow when the signature matches the raw body', async () => {
    const before = await executions(githubStyle);
    const res = await post('signed', body, { 'x-signature-256': `sha256=${sign('top-secret', body)}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: 'A-17' });
    expect(await executions(githubStyle)).toBe(before + 1);
  });

  it('accepts the hex digest in upper case', async () => {
    const res = await post('signed', body, { 'x-signature-256': `sha256=${sign('top-secret', body).toUpperCase()}` });
    expect(res.status).toBe(200);
  });

  it('answers 401 without a signature header and runs nothing', async () => {
    const before = await executions(githubStyle);
    const res = await post('signed', body);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'unauthorized' });
    expect(await executions(githubStyle)).toBe(before);
  });

  it('answers 403 for a wrong secret, a tampered body or a missing prefix, and runs nothing', async () => {
    const before = await executions(githubStyle);
    const wrongSecret = await post('signed', body, { 'x-signature-256': `sha256=${sign('guess', body)}` });
    const tampered = await post('signed', body.replace('A-17', 'A-18'), { 'x-signature-256': `sha256=${sign('top-secret', body)}` });
    const noPrefix = await post('signed', body, { 'x-signature-256': sign('top-secret', body) });
    expect([wrongSecret.status, tampered.status, noPrefix.status]).toEqual([403, 403, 403]);
    expect(await wrongSecret.json()).toMatchObject({ error: 'forbidden' });
    expect(await executions(githubStyle)).toBe(before);
  });

  it('uses the credential header name, prefix and base64 encoding', async () => {
    const before = await executions(base64Style);
    const ok = await post('signed-b64', body, { 'x-shop-hmac': sign('other-secret', body, 'base64') });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ got: 'A-17' });
    const hexInstead = await post('signed-b64', body, { 'x-shop-hmac': sign('other-secret', body) });
    expect(hexInstead.status).toBe(403);
    const defaultHeader = await post('signed-b64', body, { 'x-signature-256': sign('other-secret', body, 'base64') });
    expect(defaultHeader.status).toBe(401);
    expect(await executions(base64Style)).toBe(before + 1);
  });

  it('verifies form posts over their raw bytes too', async () => {
    const form = 'order=B-2&amount=10';
    const res = await fetch(`${t.url}/webhook/signed`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-signature-256': `sha256=${sign('top-secret', form)}` },
      body: form,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: 'B-2' });
  });
});
