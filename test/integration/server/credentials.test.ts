import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost } from './helpers.ts';
import type { TestHost } from './helpers.ts';

let t: TestHost;
beforeAll(async () => {
  t = await startHost();
});
afterAll(() => t?.close());

const SECRET = 'hunter2-very-secret';

describe('credentials', () => {
  it('never returns the secret data', async () => {
    const created = await t.api('/credentials', { method: 'POST', body: { name: 'CRM basic', type: 'httpBasicAuth', data: { user: 'svc', password: SECRET } } });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(['createdAt', 'id', 'name', 'type', 'updatedAt']);
    const id = created.body.id;

    const one = await t.api(`/credentials/${id}`);
    const list = await t.api('/credentials');
    const filtered = await t.api('/credentials?type=httpBasicAuth');
    const updated = await t.api(`/credentials/${id}`, { method: 'PATCH', body: { name: 'CRM basic 2', data: { password: `${SECRET}-new` } } });
    const put = await t.api(`/credentials/${id}`, { method: 'PUT', body: { name: 'CRM basic 3' } });
    for (const res of [one, list, filtered, updated, put]) {
      expect(res.status).toBe(200);
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('"data":{');
      expect(text).not.toContain('"user"');
    }
    expect(one.body).not.toHaveProperty('data');
    expect(list.body.data.map((c: { id: string }) => c.id)).toContain(id);
    expect(filtered.body.data).toHaveLength(1);
    expect(updated.body.name).toBe('CRM basic 2');
    expect(put.body.name).toBe('CRM basic 3');
    expect((await t.api('/credentials?type=httpHeaderAuth')).body.data).toHaveLength(0);

    // Stored (encrypted) and merged: the storage layer can still decrypt both fields.
    const secret = await t.host.storage.credentials.getDecrypted(id);
    expect(secret?.data).toEqual({ user: 'svc', password: `${SECRET}-new` });

    expect((await t.api(`/credentials/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.api(`/credentials/${id}`)).status).toBe(404);
    expect((await t.api(`/credentials/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('validates name, type and data', async () => {
    const unknown = await t.api('/credentials', { method: 'POST', body: { name: 'x', type: 'noSuchCredential', data: {} } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: 'validation_error', field: 'type' });
    expect(unknown.body.message).toContain('noSuchCredential');
    expect((await t.api('/credentials', { method: 'POST', body: { type: 'httpBasicAuth' } })).body.field).toBe('name');
    expect((await t.api('/credentials', { method: 'POST', body: { name: 'x', type: 'httpBasicAuth', data: 'pw' } })).body.field).toBe('data');
    expect((await t.api('/credentials/nope', { method: 'PATCH', body: { name: 'y' } })).status).toBe(404);
  });
});

describe('node and credential types', () => {
  it('lists full descriptions and reads one', async () => {
    const list = await t.api('/node-types');
    expect(list.status).toBe(200);
    const set = list.body.data.find((d: { name: string }) => d.name === 'n8n-nodes-base.set');
    expect(set).toBeTruthy();
    expect(Array.isArray(set.properties)).toBe(true);

    const one = await t.api('/node-types/n8n-nodes-base.manualTrigger');
    expect(one.status).toBe(200);
    expect(one.body.name).toBe('n8n-nodes-base.manualTrigger');
    const v = await t.api('/node-types/n8n-nodes-base.set?version=3.4');
    expect(v.status).toBe(200);
    expect(v.body.version).toBe(3.4);
    expect((await t.api('/node-types/n8n-nodes-base.set?version=99')).status).toBe(404);
    expect((await t.api('/node-types/n8n-nodes-base.nope')).status).toBe(404);

    const creds = await t.api('/credential-types');
    expect(creds.body.data.map((c: { name: string }) => c.name)).toContain('httpBasicAuth');
    expect((await t.api('/credential-types/httpBasicAuth')).body.name).toBe('httpBasicAuth');
    expect((await t.api('/credential-types/nope')).status).toBe(404);
  });
});
