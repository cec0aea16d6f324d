// Browser: the executions view and a past execution on the canvas. Two active webhook workflows
// (Webhook → Set succeeds, Webhook → Stop and Error fails) are called over real HTTP; the list shows
// their runs with the right statuses, filters through the address (kept on reload), and takes new
// runs live from the event stream. Opening a run shows the workflow as it ran, read-only, with its
// node statuses and items; the banner retries it (a new execution) and deletes it (the API answers
// 404 afterwards).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { TestHost } from '../helpers/host.ts';
import { newPage, shot, signIn, startEditorSession, STARTUP_PROBE, watchErrors } from './helpers.ts';
import type { EditorSession } from './helpers.ts';
import { callWebhook, dispatchCheck, orderIntake, webhookNode } from './webhook-flows.ts';

let t: TestHost;
let page: Page;
let errors: ReturnType<typeof watchErrors>;
let session: EditorSession;

beforeAll(async () => {
  session = await startEditorSession();
  ({ t, page, errors } = session);
}, 120_000);

afterAll(() => session?.close());

const webhook = webhookNode;
const orders = orderIntake;
const dispatch = dispatchCheck('=Dispatch of {{ $json.body.order }} failed');
const call = (path: string, order: string) => callWebhook(t.url, path, order);

interface Row { id: string; workflowId: string; status: string; mode: string; retryOf?: string }
async function listed(query = ''): Promise<Row[]> {
  return (await (await t.api(`/api/v1/executions${query}`)).json()).data;
}

const rows = (p: Page) => p.locator('[data-test=execution-row]');
const rowOf = (id: string) => `[data-test=execution-row][data-id="${id}"]`;
const node = (name: string) => `[data-test=canvas-node][data-node-name="${name}"]`;

describe('executions view', () => {
  it('lists, filters, follows live, opens on the canvas, retries and deletes executions', async () => {
    onTestFailed(() => shot(page, 'executions-failure'));
    const ordersId = await t.deploy(orders);
    const dispatchId = await t.deploy(dispatch);
    await call('orders', 'WO-1');
    await call('orders', 'WO-2');
    await call('dispatch', 'WO-3');
    const before = await listed();
    expect(before.map((r) => r.status).sort()).toEqual(['error', 'success', 'success']);

    await signIn(page, t);
    await page.click('[data-test=nav-executions]');
    await page.waitForSelector('[data-test=executions-live][data-live=true]');
    await expect.poll(() => rows(page).count()).toBe(3);
    for (const r of before) {
      await expect(page.getAttribute(rowOf(r.id), 'data-status')).resolves.toBe(r.status);
      await expect(page.textContent(`${rowOf(r.id)} [data-test=execution-workflow]`)).resolves.toBe(r.workflowId === ordersId ? 'Order intake' : 'Dispatch check');
    }
    const failed = before.find((r) => r.status === 'error')!;
    await expect(page.textContent(`${rowOf(failed.id)} [data-test=execution-status]`)).resolves.toBe('Error');
    await shot(page, 'executions-list');

    // Status filter: in the address, so a reload keeps it.
    await page.selectOption('[data-test=filter-status]', 'error');
    await page.waitForURL(/#\/executions\?status=error$/);
    await expect.poll(() => rows(page).count()).toBe(1);
    await page.reload();
    await page.waitForSelector('[data-test=executions-live][data-live=true]');
    await expect(page.inputValue('[data-test=filter-status]')).resolves.toBe('error');
    await expect.poll(() => rows(page).count()).toBe(1);
    await expect(page.getAttribute('[data-test=execution-row]', 'data-id')).resolves.toBe(failed.id);

    // Live, without a reload: a new failure appears under the filter, a new success does not.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await call('orders', 'WO-4');
    await call('dispatch', 'WO-5');
    await expect.poll(() => rows(page).count()).toBe(2);
    const newFailure = (await listed('?status=error')).find((r) => r.id !== failed.id)!;
    await expect(page.getAttribute('[data-test=execution-row] >> nth=0', 'data-id')).resolves.toBe(newFailure.id);
    await expect(page.getAttribute(rowOf(newFailure.id), 'data-status')).resolves.toBe('error');
    await expect(page.textContent(`${rowOf(newFailure.id)} [data-test=execution-error-message]`)).resolves.toBe('Dispatch of WO-5 failed');
    // Unfiltered, a run appears on top and turns from running to its final status in place.
    await page.click('[data-test=filter-clear]');
    await page.waitForURL(/#\/executions$/);
    await expect.poll(() => rows(page).count()).toBe(5);
    await call('orders', 'WO-6');
    await expect.poll(() => rows(page).count()).toBe(6);
    const newest = (await listed())[0];
    expect(newest).toMatchObject({ workflowId: ordersId, status: 'success', mode: 'webhook' });
    await expect(page.getAttribute('[data-test=execution-row] >> nth=0', 'data-id')).resolves.toBe(newest.id);
    await page.waitForSelector(`${rowOf(newest.id)}[data-status=success]`);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    // Open the newest success: the snapshot on the canvas with its statuses and items, read-only.
    await page.click(`${rowOf(newest.id)} [data-test=execution-open]`);
    await page.waitForURL(new RegExp(`#/workflow/${ordersId}\\?execution=${newest.id}$`));
    await page.waitForSelector('[data-test=execution-banner][data-status=success]');
    await page.waitForSelector(`${node('Webhook')} [data-test=node-badge][data-status=success]`);
    await page.waitForSelector(`${node('Confirm')} [data-test=node-badge][data-status=success]`);
    await page.click(node('Confirm'));
    expect(JSON.parse((await page.textContent('[data-test=output-json][data-output="0"]'))!)).toEqual([{ confirmed: 'WO-6' }]);
    await expect(page.isVisible('[data-test=save]')).resolves.toBe(false);
    const puts: string[] = [];
    page.on('request', (r) => r.method() !== 'GET' && puts.push(`${r.method()} ${r.url()}`));
    await page.keyboard.press('Delete');
    await page.keyboard.press('Control+s');
    await expect(page.locator(node('Confirm')).count()).resolves.toBe(1);
    await expect(page.locator('[data-test=dirty]').count()).resolves.toBe(0);
    expect(puts).toEqual([]);
    await shot(page, 'execution-on-canvas');

    // A failed run shows its error in the banner and on the failing node.
    await page.goto(`${t.url}/#/workflow/${dispatchId}?execution=${newFailure.id}`);
    await page.waitForSelector('[data-test=execution-banner][data-status=error]');
    await expect(page.textContent('[data-test=execution-error]')).resolves.toContain('Dispatch of WO-5 failed');
    await page.waitForSelector(`${node('Stop and Error')} [data-test=node-badge][data-status=error]`);

    // Retry from the banner: a new execution of the same workflow, shown in its place.
    await page.click('[data-test=banner-retry]');
    await page.waitForURL((u) => u.hash.startsWith(`#/workflow/${dispatchId}?execution=`) && !u.hash.endsWith(newFailure.id));
    const retryId = new URL(page.url()).hash.split('execution=')[1];
    const retried = (await (await t.api(`/api/v1/executions/${retryId}`)).json()) as Row;
    expect(retried).toMatchObject({ workflowId: dispatchId, mode: 'retry', retryOf: newFailure.id, status: 'error' });
    await page.waitForSelector('[data-test=execution-banner][data-status=error]');
    await expect(page.textContent('[data-test=execution-banner]')).resolves.toContain(retryId);

    // Delete from the banner: back to the editable workflow, and the API no longer has it.
    page.once('dialog', (d) => void d.accept());
    await page.click('[data-test=banner-delete]');
    await page.waitForURL(new RegExp(`#/workflow/${dispatchId}$`));
    await page.waitForSelector('[data-test=execution-banner]', { state: 'detached' });
    await page.waitForSelector('[data-test=save]');
    expect((await t.api(`/api/v1/executions/${retryId}`)).status).toBe(404);

    // The toolbar's link lists this workflow's executions; a row deleted there is gone too.
    await page.click('[data-test=editor-executions]');
    await page.waitForURL(new RegExp(`#/executions\\?workflowId=${dispatchId}$`));
    await expect.poll(() => page.inputValue('[data-test=filter-workflow]')).toBe(dispatchId);
    await expect.poll(() => rows(page).count()).toBe(2);
    page.once('dialog', (d) => void d.accept());
    await page.click(`${rowOf(failed.id)} [data-test=execution-delete]`);
    await page.waitForSelector(rowOf(failed.id), { state: 'detached' });
    expect((await t.api(`/api/v1/executions/${failed.id}`)).status).toBe(404);

    // Retry from the list: the new execution is listed (once) with its mode.
    await page.click(`${rowOf(newFailure.id)} [data-test=execution-retry]`);
    await page.waitForSelector('[data-test=executions-notice]');
    const fromList = (await listed(`?workflowId=${dispatchId}`)).find((r) => r.retryOf === newFailure.id && r.id !== retryId)!;
    expect(fromList).toMatchObject({ mode: 'retry', status: 'error' });
    await page.waitForSelector(`${rowOf(fromList.id)}[data-status=error]`);
    await expect(page.textContent(`${rowOf(fromList.id)} [data-test=execution-mode]`)).resolves.toContain('Retry');
    // Listed from the retry's answer and the stream alike, once, with its error message.
    await expect(page.textContent(`${rowOf(fromList.id)} [data-test=execution-error-message]`)).resolves.toBe('Dispatch of WO-5 failed');
    await expect(page.textContent('[data-test=executions-notice]')).resolves.toContain(fromList.id);
    await expect.poll(() => rows(page).count()).toBe(2);

    // A day range after today leaves nothing; the range is in the address too.
    const tomorrow = new Date(Date.now() + 86_400_000);
    const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    await page.fill('[data-test=filter-from]', day);
    await page.waitForURL(new RegExp(`#/executions\\?workflowId=${dispatchId}&from=${day}$`));
    await page.waitForSelector('[data-test=executions-empty]');
    await expect(rows(page).count()).resolves.toBe(0);
    await page.fill('[data-test=filter-from]', '');
    await page.waitForURL(new RegExp(`#/executions\\?workflowId=${dispatchId}$`));
    await expect.poll(() => rows(page).count()).toBe(2);

    // In French.
    await page.selectOption('[data-test=locale-select]', 'fr');
    await expect(page.textContent(`${rowOf(fromList.id)} [data-test=execution-status]`)).resolves.toBe('Erreur');
    await expect(page.textContent('[data-test=ExecutionsList] h1')).resolves.toBe('Exécutions');
    await shot(page, 'executions-list-fr');
    await page.selectOption('[data-test=locale-select]', 'en');
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  }, 60_000);
});

describe('executions list paging', () => {
  it('shows the newest page and loads the rest with "Load more"', async () => {
    // Its own page, so it does not depend on the test above.
    const { context, page: p } = await newPage(session.browser);
    const pageErrors = watchErrors(p);
    onTestFailed(() => shot(p, 'executions-paging-failure'));
    const id = await t.deploy({ ...orders, name: 'Bulk orders', nodes: [webhook('bulk'), orders.nodes[1]] });
    for (let i = 0; i < 55; i += 11) await Promise.all(Array.from({ length: 11 }, (_, j) => call('bulk', `B-${i + j}`)));
    await signIn(p, t);
    await p.goto(`${t.url}/#/executions?workflowId=${id}`);
    await expect.poll(() => rows(p).count()).toBe(50);
    await p.click('[data-test=executions-more]');
    await expect.poll(() => rows(p).count()).toBe(55);
    await p.waitForSelector('[data-test=executions-more]', { state: 'detached' });
    const ids = await rows(p).evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(new Set(ids).size).toBe(55);
    expect(pageErrors.unexpected([STARTUP_PROBE])).toEqual([]);
    await context.close();
  }, 60_000);
});
