// Browser: pinned data. Manual Trigger → HTTP Request to a port nobody listens on → Set. The
// request fails; pinning its output (edited as JSON, invalid JSON refused) makes the run succeed
// without it: the run request carries n8n's pinData, the Set computes from the pinned items and the
// canvas marks the pinned node. Pinning a node's last output, unpinning, renaming and deleting
// keep the saved pinData in step.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { TestHost } from '../helpers/host.ts';
import { closedPort } from '../helpers/ports.ts';
import { openWorkflow, shot, signIn, startEditorSession, STARTUP_PROBE, watchErrors } from './helpers.ts';
import type { EditorSession } from './helpers.ts';

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

const node = (name: string) => `[data-test=canvas-node][data-node-name="${name}"]`;
const outputJson = async () => JSON.parse((await page.textContent('[data-test=output-json][data-output="0"]'))!);
const saved = async (id: string) => (await t.api(`/api/v1/workflows/${id}`)).json();

describe('pinned data in the editor', () => {
  it('pins edited JSON, runs with it downstream, pins an output, unpins, follows renames and deletions', async () => {
    onTestFailed(() => shot(page, 'pin-data-failure'));
    const port = await closedPort();
    const workflow = {
      name: 'Ticket summary',
      nodes: [
        { id: 'a1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { id: 'a2', name: 'Fetch ticket', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [240, 0], parameters: { url: `http://127.0.0.1:${port}/tickets`, options: {} } },
        {
          id: 'a3', name: 'Summary', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [480, 0],
          parameters: { assignments: { assignments: [{ id: 's1', name: 'summary', value: "={{ $json.ticket + ' for ' + $json.customer }}", type: 'string' }] }, options: {} },
        },
      ],
      connections: { Start: { main: [[{ node: 'Fetch ticket', type: 'main', index: 0 }]] }, 'Fetch ticket': { main: [[{ node: 'Summary', type: 'main', index: 0 }]] } },
    };
    const { id } = await (await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify(workflow) })).json();
    await signIn(page, t);
    await openWorkflow(page, t, id);

    // Unpinned, the request fails.
    await page.click('[data-test=run]');
    await page.waitForSelector('[data-test=run-status][data-status=error]');
    await page.waitForSelector(`${node('Fetch ticket')} [data-test=node-badge][data-status=error]`);

    // Invalid pinned JSON: a message, nothing changes.
    await page.click(node('Fetch ticket'));
    await page.click('[data-test=pin-edit]');
    await page.fill('[data-test=pin-json]', '[{ "ticket": "T-1", ');
    await page.click('[data-test=pin-save]');
    await expect(page.textContent('[data-test=pin-error]')).resolves.toContain('not valid JSON');
    await page.fill('[data-test=pin-json]', '[{ "ticket": "T-1" }, 42]');
    await page.click('[data-test=pin-save]');
    await expect(page.textContent('[data-test=pin-error]')).resolves.toContain('Pinned item 2 is not a JSON object');
    await expect(page.locator('[data-test=pinned-marker]').count()).resolves.toBe(0);
    await expect(page.locator('[data-test=dirty]').count()).resolves.toBe(0);

    const pinned = [{ ticket: 'T-1', customer: 'Boulangerie Martin' }, { ticket: 'T-2', customer: 'Cabinet Dupont' }];
    await page.fill('[data-test=pin-json]', JSON.stringify(pinned, null, 2));
    await page.click('[data-test=pin-save]');
    await page.waitForSelector(`${node('Fetch ticket')} [data-test=pinned-marker]`);
    await expect(page.textContent('[data-test=pinned-note]')).resolves.toContain('Pinned: 2 items');
    expect(await outputJson()).toEqual(pinned);

    // The run sends n8n's pinData; the pinned node hands its items on instead of calling the port.
    const [runRequest] = await Promise.all([page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/workflows/${id}/run`)), page.click('[data-test=run]')]);
    expect(runRequest.postDataJSON().pinData).toEqual({ 'Fetch ticket': pinned.map((json) => ({ json })) });
    await page.waitForSelector('[data-test=run-status][data-status=success]');
    await page.waitForSelector(`${node('Summary')} [data-test=node-badge]:has-text("2 items")`);
    await page.click(node('Summary'));
    expect(await outputJson()).toEqual([{ summary: 'T-1 for Boulangerie Martin' }, { summary: 'T-2 for Cabinet Dupont' }]);
    await expect(page.locator(`${node('Fetch ticket')} [data-test=pinned-marker]`).count()).resolves.toBe(1);
    await shot(page, 'pin-data-ran-with-pinned');
    expect((await saved(id)).pinData).toEqual({ 'Fetch ticket': pinned.map((json) => ({ json })) });

    // Pin the Set's last output, then unpin it.
    await page.click('[data-test=pin-output]');
    await page.waitForSelector(`${node('Summary')} [data-test=pinned-marker]`);
    await page.click('[data-test=unpin]');
    await page.waitForSelector(`${node('Summary')} [data-test=pinned-marker]`, { state: 'detached' });

    // A renamed node keeps its pinned data under the new name; a deleted one takes it along.
    await page.click(node('Fetch ticket'));
    await page.fill('[data-test=node-name]', 'Ticket lookup');
    await page.press('[data-test=node-name]', 'Enter');
    await page.waitForSelector(`${node('Ticket lookup')} [data-test=pinned-marker]`);
    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=dirty]', { state: 'detached' });
    expect((await saved(id)).pinData).toEqual({ 'Ticket lookup': pinned.map((json) => ({ json })) });
    await page.click(node('Ticket lookup'));
    await page.keyboard.press('Delete');
    await page.waitForSelector(node('Ticket lookup'), { state: 'detached' });
    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=dirty]', { state: 'detached' });
    expect((await saved(id)).pinData ?? {}).toEqual({});
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  }, 30_000);
});
