// A refused import that had already updated an existing workflow leaves that workflow exactly as
// it was: same row (version id, updatedAt, definition, active) and the same version history, as the
// API shows them (GET /workflows/:id and /versions). Was: two extra versions (the import's and the
// "restore" of the old one). On SQLite and PostgreSQL, through the API and the CLI's importWorkflows.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importWorkflows } from '../../../host/cli/commands/import.ts';
import type { WorkflowInput } from '../../../host/model/index.ts';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';
import { type TestDatabase, createTestDatabase } from '../../helpers/postgres.ts';

const [hookExport] = JSON.parse(readFileSync(new URL('../../fixtures/workflows/n8n-export-webhook-set.json', import.meta.url), 'utf8')) as Record<string, unknown>[];

/** The fixture's Webhook → Edit Fields workflow with its own id, name and webhook path. */
function hookWorkflow(id: string, name: string, path: string): Record<string, unknown> & WorkflowInput {
  const nodes = (hookExport.nodes as { name: string; parameters: Record<string, unknown> }[]).map((n) =>
    n.name === 'Webhook' ? { ...n, parameters: { ...n.parameters, path } } : n,
  );
  const { active: _active, ...rest } = hookExport;
  // Tags as names: the same object goes to storage directly (which takes names only) and to the import.
  return { ...rest, id, name, nodes, tags: ['field-service'] } as Record<string, unknown> & WorkflowInput;
}

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`refused import on ${backend}: the updated workflow and its versions are as before`, () => {
    let t: TestHost;
    let db: TestDatabase | undefined;
    let dir: string;
    beforeAll(async () => {
      db = backend === 'postgres' ? await createTestDatabase() : undefined;
      t = await startTestHost({}, {}, { postgresUrl: db?.url });
      dir = mkdtempSync(join(tmpdir(), 'gigaflow-import-rollback-'));
    });
    afterAll(async () => {
      await t?.close();
      await db?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    async function json(path: string, init?: RequestInit): Promise<{ status: number; body: any }> {
      const res = await t.api(`/api/v1${path}`, init);
      return { status: res.status, body: await res.json() };
    }

    /** What the API shows of a workflow: the row and its whole history. */
    async function seen(id: string): Promise<{ workflow: unknown; versions: unknown }> {
      const workflow = await json(`/workflows/${id}`);
      const versions = await json(`/workflows/${id}/versions`);
      expect(workflow.status).toBe(200);
      expect(versions.status).toBe(200);
      return { workflow: workflow.body, versions: versions.body };
    }

    /** An existing workflow saved twice (two versions), inactive. */
    async function existingTwiceSaved(id: string, path: string): Promise<void> {
      await t.host.storage.workflows.create(hookWorkflow(id, `${id} v1`, path));
      await t.host.storage.workflows.update(id, hookWorkflow(id, `${id} v2`, path));
    }

    it('API: updating an existing workflow, then activation refused for a later one in the batch (409)', async () => {
      await t.deploy(hookWorkflow('holder1', 'Path holder', 'taken-1'));
      await existingTwiceSaved('existing1', 'existing-1');
      const before = await seen('existing1');
      expect((before.versions as { data: unknown[] }).data).toHaveLength(2);

      const res = await json('/workflows/import?activate=true', {
        method: 'POST',
        body: JSON.stringify([hookWorkflow('existing1', 'Imported over existing', 'existing-1-new'), hookWorkflow('newcomer1', 'Newcomer', 'taken-1')]),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(await seen('existing1')).toEqual(before);
      expect((await json('/workflows/newcomer1')).status).toBe(404);
      expect((await fetch(`${t.url}/webhook/existing-1-new`, { method: 'POST' })).status).toBe(404);
    });

    it('API: updating an active workflow whose new webhook path is taken (409) keeps it active on its old path', async () => {
      await t.deploy(hookWorkflow('holder2', 'Path holder', 'taken-2'));
      await existingTwiceSaved('existing2', 'existing-2');
      await t.host.activation.activate('existing2');
      const before = await seen('existing2');

      const res = await json('/workflows/import', { method: 'POST', body: JSON.stringify(hookWorkflow('existing2', 'Imported over active', 'taken-2')) });
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(await seen('existing2')).toEqual(before);
      const hook = await fetch(`${t.url}/webhook/existing-2`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"body":{}}' });
      expect(hook.status).toBe(200);
    });

    it('CLI import (importWorkflows, as `gigaflow import --activate` runs it): same refusal, same history', async () => {
      await t.deploy(hookWorkflow('holder3', 'Path holder', 'taken-3'));
      await existingTwiceSaved('existing3', 'existing-3');
      const before = await seen('existing3');
      const file = join(dir, 'batch.json');
      writeFileSync(file, JSON.stringify([hookWorkflow('existing3', 'Imported over existing', 'existing-3-new'), hookWorkflow('newcomer3', 'Newcomer', 'taken-3')]));

      await expect(importWorkflows(t.host, file, { activate: true })).rejects.toMatchObject({ status: 409 });
      expect(await seen('existing3')).toEqual(before);
      expect((await json('/workflows/newcomer3')).status).toBe(404);
    });
  });
}
