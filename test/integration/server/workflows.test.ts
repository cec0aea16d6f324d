import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualSetWorkflow, startHost, webhookWorkflow } from './helpers.ts';
import type { TestHost } from './helpers.ts';

let t: TestHost;
beforeAll(async () => {
  t = await startHost();
});
afterAll(() => t?.close());

describe('workflows CRUD', () => {
  it('creates, reads, replaces, patches and deletes', async () => {
    const created = await t.api('/workflows', { method: 'POST', body: manualSetWorkflow('CRUD one', { tags: ['crud'] }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'CRUD one', active: false, tags: ['crud'] });
    const id = created.body.id as string;
    expect(id).toBeTruthy();
    expect(created.body.versionId).toBeTruthy();

    const got = await t.api(`/workflows/${id}`);
    expect(got.status).toBe(200);
    expect(got.body.nodes.map((n: { name: string }) => n.name)).toEqual(['Start', 'Set']);

    const put = await t.api(`/workflows/${id}`, { method: 'PUT', body: manualSetWorkflow('CRUD renamed') });
    expect(put.status).toBe(200);
    expect(put.body.name).toBe('CRUD renamed');
    expect(put.body.versionId).not.toBe(created.body.versionId);

    const patched = await t.api(`/workflows/${id}`, { method: 'PATCH', body: { name: 'CRUD patched' } });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe('CRUD patched');
    expect(patched.body.nodes).toHaveLength(2);

    expect((await t.api(`/workflows/${id}`, { method: 'DELETE' })).status).toBe(204);
    const gone = await t.api(`/workflows/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error).toBe('not_found');
    expect((await t.api(`/workflows/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('rejects invalid definitions naming the node or field, storing nothing', async () => {
    const before = (await t.api('/workflows?limit=250')).body.data.length;

    const dangling = manualSetWorkflow('Dangling');
    dangling.connections = { Start: { main: [[{ node: 'Nowhere', type: 'main', index: 0 }]] } };
    const r1 = await t.api('/workflows', { method: 'POST', body: dangling });
    expect(r1.status).toBe(400);
    expect(r1.body).toMatchObject({ error: 'validation_error', node: 'Start', field: 'connections' });
    expect(r1.body.message).toContain('Nowhere');

    const unknown = manualSetWorkflow('Unknown type');
    unknown.nodes[1].type = 'n8n-nodes-base.doesNotExist';
    const r2 = await t.api('/workflows', { method: 'POST', body: unknown });
    expect(r2.status).toBe(400);
    expect(r2.body.node).toBe('Set');
    expect(r2.body.message).toContain('n8n-nodes-base.doesNotExist');

    const dup = manualSetWorkflow('Dup');
    dup.nodes[1].name = 'Start';
    expect((await t.api('/workflows', { method: 'POST', body: dup })).body.message).toMatch(/Duplicate node name "Start"/);

    const noName = await t.api('/workflows', { method: 'POST', body: { nodes: [] } });
    expect(noName.status).toBe(400);
    expect(noName.body.field).toBe('name');

    const notObject = await t.api('/workflows', { method: 'POST', body: [] });
    expect(notObject.status).toBe(400);

    expect((await t.api('/workflows?limit=250')).body.data.length).toBe(before);
  });

  it('validates updates too', async () => {
    const { body: wf } = await t.api('/workflows', { method: 'POST', body: manualSetWorkflow('Update check') });
    const bad = manualSetWorkflow('Update check');
    bad.nodes[1].typeVersion = 99;
    const res = await t.api(`/workflows/${wf.id}`, { method: 'PUT', body: bad });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ node: 'Set', field: 'typeVersion' });
    expect((await t.api(`/workflows/${wf.id}`)).body.versionId).toBe(wf.versionId);
  });
});

describe('workflow list', () => {
  it('filters by name, tag and active, and paginates with a cursor', async () => {
    for (let i = 0; i < 5; i++) await t.api('/workflows', { method: 'POST', body: manualSetWorkflow(`Paged ${i}`, { tags: i % 2 ? ['odd'] : ['even'] }) });

    const byName = await t.api('/workflows?name=paged&limit=250');
    expect(byName.body.data).toHaveLength(5);
    const odd = await t.api('/workflows?name=Paged&tag=odd');
    expect(odd.body.data.map((w: { name: string }) => w.name).sort()).toEqual(['Paged 1', 'Paged 3']);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await t.api(`/workflows?name=Paged&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((w: { name: string }) => w.name));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(['Paged 0', 'Paged 1', 'Paged 2', 'Paged 3', 'Paged 4']);

    expect((await t.api('/workflows?name=Paged&active=true')).body.data).toHaveLength(0);
    expect((await t.api('/workflows?name=Paged&active=false')).body.data).toHaveLength(5);
  });

  it('rejects bad query parameters', async () => {
    expect((await t.api('/workflows?limit=0')).body).toMatchObject({ field: 'limit' });
    expect((await t.api('/workflows?active=maybe')).body).toMatchObject({ field: 'active' });
    expect((await t.api('/workflows?cursor=garbage')).status).toBe(400);
  });
});

describe('versions', () => {
  it('lists versions, reads one and restores it as a new version', async () => {
    const { body: v1 } = await t.api('/workflows', { method: 'POST', body: manualSetWorkflow('Versioned v1') });
    const { body: v2 } = await t.api(`/workflows/${v1.id}`, { method: 'PUT', body: manualSetWorkflow('Versioned v2') });

    const list = await t.api(`/workflows/${v1.id}/versions`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((v: { versionId: string }) => v.versionId)).toEqual(expect.arrayContaining([v1.versionId, v2.versionId]));
    expect(list.body.data[0]).not.toHaveProperty('workflow');

    const one = await t.api(`/workflows/${v1.id}/versions/${v1.versionId}`);
    expect(one.status).toBe(200);
    expect(one.body.workflow.name).toBe('Versioned v1');

    const restored = await t.api(`/workflows/${v1.id}/versions/${v1.versionId}/restore`, { method: 'POST' });
    expect(restored.status).toBe(200);
    expect(restored.body.name).toBe('Versioned v1');
    expect(restored.body.versionId).not.toBe(v1.versionId);
    expect((await t.api(`/workflows/${v1.id}/versions`)).body.data).toHaveLength(3);

    expect((await t.api(`/workflows/${v1.id}/versions/nope`)).status).toBe(404);
    expect((await t.api(`/workflows/${v1.id}/versions/nope/restore`, { method: 'POST' })).status).toBe(404);
    expect((await t.api('/workflows/nope/versions')).status).toBe(404);
  });
});

describe('activation', () => {
  it('activates (webhook answers), refreshes on edit, deactivates', async () => {
    const { body: wf } = await t.api('/workflows', { method: 'POST', body: webhookWorkflow('Hooked', 'activation-test') });
    expect((await fetch(`${t.base}/webhook/activation-test`, { method: 'POST' })).status).toBe(404);

    const act = await t.api(`/workflows/${wf.id}/activate`, { method: 'POST' });
    expect(act.status).toBe(200);
    expect(act.body.active).toBe(true);
    expect((await t.api('/workflows?active=true')).body.data.map((w: { id: string }) => w.id)).toContain(wf.id);

    const hit = await fetch(`${t.base}/webhook/activation-test`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"x":1}' });
    expect(hit.status).toBe(200);
    expect(await hit.json()).toMatchObject({ greeting: 'hello' });

    // Editing an active workflow re-registers its webhooks under the new path.
    const moved = webhookWorkflow('Hooked', 'activation-moved');
    const put = await t.api(`/workflows/${wf.id}`, { method: 'PUT', body: moved });
    expect(put.status).toBe(200);
    expect(put.body.active).toBe(true);
    expect((await fetch(`${t.base}/webhook/activation-test`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${t.base}/webhook/activation-moved`, { method: 'POST' })).status).toBe(200);

    const deact = await t.api(`/workflows/${wf.id}/deactivate`, { method: 'POST' });
    expect(deact.status).toBe(200);
    expect(deact.body.active).toBe(false);
    expect((await fetch(`${t.base}/webhook/activation-moved`, { method: 'POST' })).status).toBe(404);

    expect((await t.api('/workflows/nope/activate', { method: 'POST' })).status).toBe(404);
  });

  it('refuses a webhook path another active workflow holds (409)', async () => {
    const { body: a } = await t.api('/workflows', { method: 'POST', body: webhookWorkflow('Holder', 'taken-path') });
    const { body: b } = await t.api('/workflows', { method: 'POST', body: webhookWorkflow('Taker', 'taken-path') });
    expect((await t.api(`/workflows/${a.id}/activate`, { method: 'POST' })).status).toBe(200);
    const res = await t.api(`/workflows/${b.id}/activate`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('conflict');
    await t.api(`/workflows/${a.id}/deactivate`, { method: 'POST' });
  });
});

describe('manual runs', () => {
  it('runs a saved workflow and returns per-node run data', async () => {
    const { body: wf } = await t.api('/workflows', { method: 'POST', body: manualSetWorkflow('Runner') });
    const res = await t.api(`/workflows/${wf.id}/run`, { method: 'POST', body: { input: [{ name: 'Ada' }, { name: 'Grace' }] } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ workflowId: wf.id, mode: 'manual', status: 'success', lastNodeExecuted: 'Set' });
    expect(Object.keys(res.body.runData).sort()).toEqual(['Set', 'Start']);
    const items = res.body.runData.Set[0].data.main[0].map((i: { json: unknown }) => i.json);
    expect(items).toEqual([
      { name: 'Ada', greeting: 'hello', count: 2 },
      { name: 'Grace', greeting: 'hello', count: 2 },
    ]);

    const stored = await t.api(`/executions/${res.body.id}`);
    expect(stored.status).toBe(200);
    expect(stored.body.runData.Set[0].data.main[0]).toHaveLength(2);
  });

  it('runs without a body, and rejects bad run options', async () => {
    const { body: wf } = await t.api('/workflows', { method: 'POST', body: manualSetWorkflow('Runner 2') });
    const res = await t.api(`/workflows/${wf.id}/run`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('success');
    expect((await t.api(`/workflows/${wf.id}/run`, { method: 'POST', body: { input: 'x' } })).body).toMatchObject({ field: 'input' });
    expect((await t.api(`/workflows/${wf.id}/run`, { method: 'POST', body: { startNode: 'Nope' } })).body).toMatchObject({ field: 'startNode' });
    expect((await t.api('/workflows/nope/run', { method: 'POST' })).status).toBe(404);
  });

  it('runs an unsaved workflow given in the body', async () => {
    const before = (await t.api('/workflows?limit=250')).body.data.length;
    const res = await t.api('/workflows/run', { method: 'POST', body: { workflow: manualSetWorkflow('Adhoc'), input: [{ a: 1 }] } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('success');
    expect(res.body.runData.Set[0].data.main[0][0].json).toEqual({ a: 1, greeting: 'hello', count: 2 });
    // The workflow itself as the body works too.
    expect((await t.api('/workflows/run', { method: 'POST', body: manualSetWorkflow('Adhoc 2') })).body.status).toBe('success');
    expect((await t.api('/workflows?limit=250')).body.data.length).toBe(before);

    const bad = manualSetWorkflow('Adhoc bad');
    bad.nodes[1].type = 'nope.nope';
    const rejected = await t.api('/workflows/run', { method: 'POST', body: { workflow: bad } });
    expect(rejected.status).toBe(400);
    expect(rejected.body.node).toBe('Set');
  });
});
