// Browser: the workflow settings dialog. Sets the error workflow, time zone, timeout, save-data
// policy and concurrency limit; bad values are refused in the dialog; "Apply" is one undoable edit
// that marks the workflow unsaved; saving sends the settings, the API returns them and a reload
// shows them again.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { TestHost } from '../helpers/host.ts';
import { openWorkflow, shot, signIn, startEditorSession, STARTUP_PROBE, watchErrors } from './helpers.ts';
import type { EditorSession } from './helpers.ts';

let t: TestHost;
let page: Page;
let browser: Browser;
let errors: ReturnType<typeof watchErrors>;
let session: EditorSession;

beforeAll(async () => {
  session = await startEditorSession();
  ({ t, browser, page, errors } = session);
}, 120_000);
afterAll(() => session?.close());

const field = (name: string) => `[data-test=settings-${name}]`;

async function create(body: object): Promise<string> {
  const res = await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

/** The dialog's fields as the user sees them. */
async function dialogValues(p: Page) {
  const names = ['errorWorkflow', 'timezone', 'executionTimeout', 'saveDataSuccessExecution', 'saveDataErrorExecution', 'saveManualExecutions', 'maxConcurrency'];
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await p.inputValue(field(n))])));
}

describe('workflow settings dialog', () => {
  it('sets every setting, refuses bad values, is undoable, saves with the workflow and survives a reload', async () => {
    onTestFailed(() => shot(page, 'workflow-settings-failure'));
    expect(browser.isConnected()).toBe(true);
    const errorFlow = await create({
      name: 'Alert the on-call engineer',
      nodes: [{ id: 'e1', name: 'Error Trigger', type: 'n8n-nodes-base.errorTrigger', typeVersion: 1, position: [0, 0], parameters: {} }],
      connections: {},
    });
    const id = await create({
      name: 'Provision new subscriber',
      nodes: [{ id: 'm1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }],
      connections: {},
    });
    await signIn(page, t);
    await openWorkflow(page, t, id);

    await page.click('[data-test=workflow-settings]');
    await page.waitForSelector('[data-test=settings-dialog]');
    // The error workflow list offers the other workflow (not this one).
    await page.waitForSelector(`${field('errorWorkflow')} option[value="${errorFlow}"]`, { state: 'attached' });
    expect(await page.locator(`${field('errorWorkflow')} option[value="${id}"]`).count()).toBe(0);
    await page.selectOption(field('errorWorkflow'), errorFlow);
    await page.fill(field('timezone'), 'Mars/Olympus');
    await page.fill(field('executionTimeout'), '45');
    await page.selectOption(field('saveDataSuccessExecution'), 'none');
    await page.selectOption(field('saveDataErrorExecution'), 'all');
    await page.selectOption(field('saveManualExecutions'), 'false');
    await page.fill(field('maxConcurrency'), '0');
    await page.click(field('save'));
    // Refused: the dialog stays open and names what to fix.
    await page.waitForSelector('[data-test=settings-error-timezone]');
    await page.waitForSelector('[data-test=settings-error-maxConcurrency]');
    expect(await page.locator('[data-test=dirty]').count()).toBe(0);
    await page.fill(field('timezone'), 'America/New_York');
    await page.fill(field('maxConcurrency'), '2');
    await shot(page, 'workflow-settings-dialog');
    await page.click(field('save'));
    await page.waitForSelector('[data-test=settings-dialog]', { state: 'detached' });
    await page.waitForSelector('[data-test=dirty]');

    // Undo takes the whole change back, redo brings it again.
    await page.click('[data-test=undo]');
    await page.click('[data-test=workflow-settings]');
    expect(await dialogValues(page)).toMatchObject({ errorWorkflow: '', timezone: '', maxConcurrency: '', saveDataSuccessExecution: 'DEFAULT' });
    await page.click(field('cancel'));
    await page.click('[data-test=redo]');

    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=dirty]', { state: 'detached' });
    const stored = await (await t.api(`/api/v1/workflows/${id}`)).json();
    expect(stored.settings).toEqual({
      executionOrder: 'v1',
      errorWorkflow: errorFlow,
      timezone: 'America/New_York',
      executionTimeout: 45,
      saveDataSuccessExecution: 'none',
      saveDataErrorExecution: 'all',
      saveManualExecutions: false,
      maxConcurrency: 2,
    });

    await page.reload();
    await page.waitForSelector('[data-test=canvas] .vue-flow__viewport');
    await page.click('[data-test=workflow-settings]');
    await page.waitForSelector(`${field('errorWorkflow')} option[value="${errorFlow}"]`, { state: 'attached' });
    expect(await dialogValues(page)).toEqual({
      errorWorkflow: errorFlow,
      timezone: 'America/New_York',
      executionTimeout: '45',
      saveDataSuccessExecution: 'none',
      saveDataErrorExecution: 'all',
      saveManualExecutions: 'false',
      maxConcurrency: '2',
    });
    await shot(page, 'workflow-settings-reloaded');
    // Escape closes without changes.
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-test=settings-dialog]', { state: 'detached' });
    expect(await page.locator('[data-test=dirty]').count()).toBe(0);
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  }, 60_000);
});
