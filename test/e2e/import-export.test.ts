// Browser: a real n8n "Download" (Manual Trigger → HTTP Request with pinned items → Set, a sticky
// note) imported through the editor's Import button, then downloaded with Export — before and
// after a save and reload — and compared with the file. What n8n's own import from file keeps, we
// keep: node names, types, typeVersions, parameters, connections by name, pinned data; node ids
// are regenerated (n8n does too). Into an empty workflow we also keep the positions (n8n moves the
// group to the last click) and the file's settings (n8n leaves settings alone).
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { TestHost } from '../helpers/host.ts';
import { openWorkflow, shot, signIn, startEditorSession, STARTUP_PROBE, watchErrors } from './helpers.ts';
import type { EditorSession } from './helpers.ts';

const FIXTURE = new URL('../fixtures/workflows/n8n-download-pinned.json', import.meta.url).pathname;
const file = JSON.parse(readFileSync(FIXTURE, 'utf8'));

let t: TestHost;
let browser: Browser;
let page: Page;
let errors: ReturnType<typeof watchErrors>;
let session: EditorSession;

beforeAll(async () => {
  session = await startEditorSession();
  ({ t, browser, page, errors } = session);
}, 120_000);

afterAll(() => session?.close());

type Json = Record<string, unknown>;

async function exportFromEditor(): Promise<Json> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export]')]);
  return JSON.parse(readFileSync((await download.path())!, 'utf8'));
}

/** What a round trip must keep of each node: everything but the id. */
const withoutId = (nodes: Json[]) => nodes.map(({ id: _id, ...rest }) => rest);

function expectSameWorkflow(exported: Json) {
  expect(withoutId(exported.nodes as Json[])).toEqual(withoutId(file.nodes));
  expect(exported.connections).toEqual(file.connections);
  expect(exported.settings).toEqual(file.settings);
  expect(exported.pinData).toEqual(file.pinData);
  // Fresh node ids, as n8n gives imported nodes.
  const ids = (exported.nodes as Json[]).map((n) => n.id as string);
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(ids.filter((id) => file.nodes.some((n: Json) => n.id === id))).toEqual([]);
}

describe('workflow files in the editor', () => {
  it('imports an n8n download through Import and exports the same workflow, also after save and reload', async () => {
    onTestFailed(() => shot(page, 'import-export-failure'));
    await signIn(page, t);
    const created = await (await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify({ name: 'Imported digest', nodes: [], connections: {} }) })).json();
    await openWorkflow(page, t, created.id);

    await page.setInputFiles('[data-test=editor-import]', FIXTURE);
    await page.waitForSelector('[data-test=notice]:has-text("Added 4 nodes")');
    await expect(page.locator('.vue-flow__node').count()).resolves.toBe(4);
    await page.waitForSelector('.vue-flow__edge[data-id="Fetch open tickets:0->Digest line:0"]', { state: 'attached' });
    // The file's pinned items are pinned here too, and shown on the canvas.
    await page.waitForSelector('[data-test=canvas-node][data-node-name="Fetch open tickets"] [data-test=pinned-marker]');
    await expect(page.locator('[data-test=pinned-marker]').count()).resolves.toBe(1);
    await shot(page, 'import-export-imported');

    const exported = await exportFromEditor();
    expect(exported.name).toBe('Imported digest');
    expectSameWorkflow(exported);

    // Stored by the host and read back: still the same workflow.
    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=dirty]', { state: 'detached' });
    await page.reload();
    await page.waitForSelector('[data-test=canvas-node][data-node-name="Fetch open tickets"] [data-test=pinned-marker]');
    const afterReload = await exportFromEditor();
    expectSameWorkflow(afterReload);
    expect(afterReload.nodes).toEqual(exported.nodes);

    // Imported again into a non-empty workflow: added beside, renamed, pinned data and connections
    // following the new names, settings left alone; one step to undo.
    await page.setInputFiles('[data-test=editor-import]', FIXTURE);
    await page.waitForSelector('[data-test=canvas-node][data-node-name="Fetch open tickets1"] [data-test=pinned-marker]');
    await page.waitForSelector('.vue-flow__edge[data-id="Fetch open tickets1:0->Digest line1:0"]', { state: 'attached' });
    await expect(page.locator('.vue-flow__node').count()).resolves.toBe(8);
    await page.click('[data-test=undo]');
    await expect.poll(() => page.locator('.vue-flow__node').count()).toBe(4);
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  }, 30_000);
});
