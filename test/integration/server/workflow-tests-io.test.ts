// Test cases travel with their workflow: export (both formats) → import keeps them, a bad case
// fails the whole import naming the field, an undone import restores the cases it replaced, and
// a template copy gets the template's cases.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualSetWorkflow, startHost } from './helpers.ts';
import type { TestHost } from './helpers.ts';

let t: TestHost;
const root = new URL('../../..', import.meta.url).pathname;
const greets = { name: 'greets', trigger: { event: {} }, expectations: [{ node: 'Set', match: [{ greeting: 'hello' }] }] };
const counts = { name: 'counts', description: 'two', trigger: { event: { x: 1 } }, expectations: [{ node: 'Set', path: '[0].count', match: 2 }] };

beforeAll(async () => {
  t = await startHost();
});
afterAll(() => t?.close());

describe('test cases in exports and imports', () => {
  it('go out as testCases after meta and come back unchanged, in both formats', async () => {
    const wf = (await t.api('/workflows', { method: 'POST', body: manualSetWorkflow('Travels', { meta: { owner: 'ops' } }) })).body;
    for (const c of [greets, counts]) expect((await t.api(`/workflows/${wf.id}/tests`, { method: 'POST', body: c })).status).toBe(201);
    for (const format of ['gigaflow', 'n8n']) {
      const exported = (await t.api(`/workflows/${wf.id}/export?format=${format}`)).body;
      expect(Object.keys(exported).slice(-2)).toEqual(['meta', 'testCases']);
      expect(exported.testCases).toEqual([greets, counts]);
    }
    const exported = (await t.api(`/workflows/${wf.id}/export`)).body;
    await t.api(`/workflows/${wf.id}/tests/${(await t.api(`/workflows/${wf.id}/tests`)).body.data[0].id}`, { method: 'DELETE' });
    expect((await t.api('/workflows/import', { method: 'POST', body: exported })).status).toBe(201);
    expect((await t.api(`/workflows/${wf.id}/tests`)).body.data.map((c: { name: string }) => c.name)).toEqual(['greets', 'counts']);
    expect((await t.api(`/workflows/${wf.id}/export`)).body).toEqual(exported);
    expect((await t.api('/workflows/export')).body.find((w: { id: string }) => w.id === wf.id).testCases).toHaveLength(2);
    // A file without the key leaves the cases alone.
    const { testCases: _dropped, ...plain } = exported;
    await t.api('/workflows/import', { method: 'POST', body: plain });
    expect((await t.api(`/workflows/${wf.id}/tests`)).body.data).toHaveLength(2);
  });

  it('refuses an import with a bad case, naming the field, and stores nothing', async () => {
    const good = { ...manualSetWorkflow('Good'), id: 'io-good', testCases: [greets] };
    const bad = { ...manualSetWorkflow('Bad'), id: 'io-bad', testCases: [greets, { ...counts, expectations: [{ node: 'Sett', notRun: true }] }] };
    const res = await t.api('/workflows/import', { method: 'POST', body: [good, bad] });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('[1].testCases[1].expectations[0].node: no node named "Sett" in the workflow');
    expect((await t.api('/workflows/io-good')).status).toBe(404);
    const twice = await t.api('/workflows/import', { method: 'POST', body: { ...good, testCases: [greets, greets] } });
    expect(twice.status).toBe(400);
    expect(twice.body.message).toContain('testCases[1].name: a case named "greets" already exists');
  });

  it('puts the replaced cases back when a later workflow of the import fails', async () => {
    const first = { ...manualSetWorkflow('First'), id: 'io-first', testCases: [greets] };
    expect((await t.api('/workflows/import', { method: 'POST', body: first })).status).toBe(201);
    const [before] = (await t.api('/workflows/io-first/tests')).body.data;
    const hooked = (path: string, id: string) => ({
      id,
      name: id,
      settings: { executionOrder: 'v1' },
      nodes: [{ id: 'w', name: 'Hook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path }, webhookId: id }],
      connections: {},
    });
    expect((await t.api('/workflows/import?activate=true', { method: 'POST', body: hooked('io-taken', 'io-holder') })).status).toBe(201);
    const res = await t.api('/workflows/import?activate=true', { method: 'POST', body: [{ ...first, testCases: [counts] }, hooked('io-taken', 'io-clash')] });
    expect(res.status).toBe(409);
    expect((await t.api('/workflows/io-first/tests')).body.data.map((c: { name: string }) => c.name)).toEqual(['greets']);
    // Put back under its own id: links to the case still work.
    expect((await t.api(`/workflows/io-first/tests/${before.id}`)).body).toMatchObject({ id: before.id, name: 'greets' });
    expect((await t.api('/workflows/io-clash')).status).toBe(404);
  });

  it('come with a template copy', async () => {
    const used = await t.api('/templates/tpl-payment-received/use', { method: 'POST' });
    expect(used.status).toBe(201);
    const copied = (await t.api(`/workflows/${used.body.workflow.id}/tests`)).body.data;
    expect(copied.length).toBeGreaterThanOrEqual(3);
    const run = await t.api(`/workflows/${used.body.workflow.id}/tests/run`, { method: 'POST' });
    expect(run.body).toMatchObject({ failed: 0, passed: copied.length });
  });

  it('travel through the CLI export and import too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gigaflow-io-'));
    const cli = (...args: string[]) =>
      new Promise<{ code: number; stdout: string }>((resolve) =>
        execFile(process.execPath, [join(root, 'host/cli/bin.ts'), ...args], { env: { ...process.env, GIGAFLOW_DATA_DIR: join(dir, 'data') }, cwd: root }, (err, stdout) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
        ),
      );
    try {
      const file = join(dir, 'wf.json');
      writeFileSync(file, JSON.stringify({ ...manualSetWorkflow('Cli'), id: 'io-cli', testCases: [greets, counts] }));
      expect((await cli('import', file)).code).toBe(0);
      const exported = await cli('export', '--id', 'io-cli');
      expect(exported.code).toBe(0);
      expect(JSON.parse(exported.stdout).testCases).toEqual([greets, counts]);
      // The stored cases run by workflow id.
      const run = await cli('test', 'io-cli');
      expect(run.stdout).toMatch(/2 cases: 2 passed, 0 failed/);
      expect(run.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
