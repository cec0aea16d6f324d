import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualSetWorkflow, startHost } from './helpers.ts';
import type { TestHost } from './helpers.ts';

const n8nExport = readFileSync(new URL('../../fixtures/workflows/n8n-export-webhook-set.json', import.meta.url), 'utf8');

let t: TestHost;
beforeAll(async () => {
  t = await startHost();
});
afterAll(() => t?.close());

async function count(): Promise<number> {
  return (await t.api('/workflows?limit=250')).body.data.length;
}

describe('import', () => {
  it('imports an n8n 1.x export, keeps its id, drops volatile fields, and activates on request', async () => {
    const res = await t.api('/workflows/import?activate=true', { method: 'POST', body: n8nExport, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(201);
    expect(res.body.data).toHaveLength(1);
    const wf = res.body.data[0];
    expect(wf).toMatchObject({ id: 'Qm3xT2hVb8KpL1dZ', name: 'Field visit intake', active: true, tags: ['field-service'] });
    expect(wf.versionId).not.toBe('3c9e2a71-8f4b-4d6e-a1c2-b3d4e5f60718');
    expect(wf).not.toHaveProperty('shared');
    expect(wf).not.toHaveProperty('triggerCount');

    // The imported webhook is live and the Set node's expression reads the body.
    const hook = await fetch(`${t.base}/webhook/field-visit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ technician: 'Maria' }),
    });
    expect(hook.status).toBe(200);
    expect(await hook.json()).toMatchObject({ technician: 'Maria', status: 'received' });

    // Importing the same id again updates it (a new version) instead of duplicating.
    const again = await t.api('/workflows/import', { method: 'POST', body: n8nExport, headers: { 'content-type': 'application/json' } });
    expect(again.status).toBe(201);
    expect(again.body.data[0].id).toBe('Qm3xT2hVb8KpL1dZ');
    expect((await t.api('/workflows/Qm3xT2hVb8KpL1dZ/versions')).body.data).toHaveLength(2);
    await t.api('/workflows/Qm3xT2hVb8KpL1dZ/deactivate', { method: 'POST' });
  });

  it('is all-or-nothing: one unknown node type stores nothing and names node and type', async () => {
    const before = await count();
    const bad = manualSetWorkflow('Import bad');
    bad.nodes[1] = { ...bad.nodes[1], name: 'Mystery', type: 'n8n-nodes-base.mysteryNode' };
    bad.connections = { Start: { main: [[{ node: 'Mystery', type: 'main', index: 0 }]] } };
    const res = await t.api('/workflows/import', { method: 'POST', body: [manualSetWorkflow('Import good 1'), bad, manualSetWorkflow('Import good 2')] });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_error');
    expect(res.body.node).toBe('Mystery');
    expect(res.body.message).toContain('n8n-nodes-base.mysteryNode');
    expect(res.body.message).toContain('Import bad');
    expect(await count()).toBe(before);
  });

  it('rolls back when activation fails after storing', async () => {
    const before = await count();
    const a = JSON.parse(n8nExport)[0];
    const first = { ...a, id: 'rollbackA1', name: 'Rollback A', nodes: a.nodes.map((n: { name: string; parameters: object }) => (n.name === 'Webhook' ? { ...n, parameters: { ...n.parameters, path: 'same-path' } } : n)) };
    const second = { ...first, id: 'rollbackB1', name: 'Rollback B' };
    const res = await t.api('/workflows/import?activate=true', { method: 'POST', body: [first, second] });
    expect(res.status).toBe(409);
    expect(await count()).toBe(before);
    expect((await fetch(`${t.base}/webhook/same-path`, { method: 'POST' })).status).toBe(404);
  });

  it('names the offending field of a malformed import', async () => {
    const res = await t.api('/workflows/import', { method: 'POST', body: [{ name: 'ok', nodes: [] }, { name: 'bad', nodes: [{ name: 'A' }] }] });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('[1].nodes[0].type');
    expect(res.body.node).toBe('A');
  });
});

describe('export', () => {
  it('exports one workflow as stable pretty JSON that re-imports', async () => {
    const { body: wf } = await t.api('/workflows', { method: 'POST', body: manualSetWorkflow('Exported', { tags: ['x'] }) });
    const res = await fetch(`${t.base}/api/v1/workflows/${wf.id}/export`, { headers: { 'x-api-key': t.apiKey } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const text = await res.text();
    expect(text).toMatch(/^\{\n {2}"id": /);
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(['id', 'name', 'nodes', 'connections', 'settings', 'tags']);
    for (const key of ['createdAt', 'updatedAt', 'versionId', 'active']) expect(parsed).not.toHaveProperty(key);

    // Unchanged workflow → byte-identical export.
    const again = await (await fetch(`${t.base}/api/v1/workflows/${wf.id}/export`, { headers: { 'x-api-key': t.apiKey } })).text();
    expect(again).toBe(text);

    const reimport = await t.api('/workflows/import', { method: 'POST', body: { ...parsed, id: undefined, name: 'Exported copy' } });
    expect(reimport.status).toBe(201);
    expect(reimport.body.data[0].nodes).toEqual(wf.nodes);
  });

  it('exports all workflows as an array', async () => {
    const res = await t.api('/workflows/export');
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body.length).toBe(await count());
    expect((await t.api('/workflows/nope/export')).status).toBe(404);
  });
});
