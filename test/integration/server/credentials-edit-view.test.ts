// GET /api/v1/credentials/:id?includeData=true: what the editor's edit form may show of a stored
// credential — plain fields with their values, write-only fields by name only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost } from './helpers.ts';
import type { TestHost } from './helpers.ts';

let t: TestHost;
beforeAll(async () => {
  t = await startHost();
});
afterAll(() => t?.close());

const API_KEY = 'erp-key-5f3a9c1d';
const API_SECRET = 'erp-secret-0b7e42aa';

async function store(type: string, data: Record<string, unknown>): Promise<string> {
  const res = await t.api('/credentials', { method: 'POST', body: { name: `${type} ${Math.random()}`, type, data } });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe('GET /credentials/:id?includeData=true', () => {
  it('shows plain fields and names the secrets without their values', async () => {
    const id = await store('gigafibreErpNextApi', { baseUrl: 'https://erp.example.com', apiKey: API_KEY, apiSecret: API_SECRET, timeout: 5000, webhookSecret: '' });
    const res = await t.api(`/credentials/${id}?includeData=true`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, type: 'gigafibreErpNextApi', data: { baseUrl: 'https://erp.example.com', timeout: 5000 } });
    // apiKey is not declared a password, but its name says secret: it stays write-only too.
    expect(Object.keys(res.body.data).sort()).toEqual(['baseUrl', 'timeout']);
    expect(res.body.secretFields.sort()).toEqual(['apiKey', 'apiSecret']);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(API_SECRET);

    // Without the flag (or with false): metadata only, as before.
    for (const path of [`/credentials/${id}`, `/credentials/${id}?includeData=false`]) {
      const plain = await t.api(path);
      expect(Object.keys(plain.body).sort()).toEqual(['createdAt', 'id', 'name', 'type', 'updatedAt']);
    }
  });

  it('keeps password fields and undeclared stored values out, whatever their name', async () => {
    const id = await store('httpHeaderAuth', { name: 'X-Api-Token', value: 'hdr-value-77c1', oauthTokenData: { access_token: 'tok-9911' }, note: 'undeclared-plain' });
    const res = await t.api(`/credentials/${id}?includeData=true`);
    expect(res.body.data).toEqual({ name: 'X-Api-Token' });
    expect(res.body.secretFields.sort()).toEqual(['note', 'oauthTokenData', 'value']);
    const text = JSON.stringify(res.body);
    for (const secret of ['hdr-value-77c1', 'tok-9911', 'undeclared-plain']) expect(text).not.toContain(secret);
  });

  it('answers 400 naming includeData for a bad flag and 404 for an unknown id', async () => {
    const id = await store('httpBearerAuth', { token: 'bearer-123456' });
    const bad = await t.api(`/credentials/${id}?includeData=yes`);
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('includeData');
    expect((await t.api('/credentials/nope?includeData=true')).status).toBe(404);
  });
});
