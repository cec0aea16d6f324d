// Browser: workflow test cases in the editor. A webhook workflow (Webhook → Set) created over the
// API is called over real HTTP; its execution, opened in the editor, is recorded as a test case
// ("Record as test"), and the Tests panel runs it (passed), takes an edited JSON with a wrong
// expectation (the run fails naming the node, the path, expected and actual), shows the host's 400
// naming the field of a bad edit, creates and deletes a case, and reads in French.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { TestHost } from '../helpers/host.ts';
import { contentStrings, englishIn, visibleStrings } from './english-leftovers.ts';
import { shot, signIn, startEditorSession, STARTUP_PROBE, watchErrors } from './helpers.ts';
import type { EditorSession } from './helpers.ts';
import { callWebhook, orderIntake, webhookNode } from './webhook-flows.ts';

let t: TestHost;
let page: Page;
let errors: ReturnType<typeof watchErrors>;
let session: EditorSession;

beforeAll(async () => {
  session = await startEditorSession();
  ({ t, page, errors } = session);
}, 120_000);

afterAll(() => session?.close());

const flow = { ...orderIntake, name: 'Tested intake', nodes: [webhookNode('tested-orders'), orderIntake.nodes[1]] };
const caseRow = (id: string) => `[data-test=test-case][data-id="${id}"]`;

async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  const res = await t.api(`/api/v1${path}`, { method: init.method ?? 'GET', ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Replaces the text of the open JSON editor and saves it. */
async function saveJson(text: string): Promise<void> {
  await page.fill('[data-test=test-json]', text);
  await page.click('[data-test=test-save]');
}

describe('workflow tests in the editor', () => {
  it('records an execution as a test, runs it, edits it into a failing one, manages cases, in English and French', async () => {
    onTestFailed(() => shot(page, 'workflow-tests-failure'));
    const created = await api<{ id: string }>('/workflows', { method: 'POST', body: flow });
    expect(created.status).toBe(201);
    const workflowId = created.body.id;
    expect((await api(`/workflows/${workflowId}/activate`, { method: 'POST' })).status).toBe(200);
    await callWebhook(t.url, 'tested-orders', 'WO-7');
    const executions = (await api<{ data: { id: string; status: string }[] }>(`/executions?workflowId=${workflowId}`)).body.data;
    expect(executions.map((e) => e.status)).toEqual(['success']);
    const executionId = executions[0].id;

    // The past execution in the editor: Record as test, with the host's answer confirmed.
    await signIn(page, t);
    await page.goto(`${t.url}/#/workflow/${workflowId}?execution=${executionId}`);
    await page.waitForSelector('[data-test=execution-banner][data-status=success]');
    await page.click('[data-test=record-test]');
    await page.waitForSelector('[data-test=record-test-done]');
    const caseId = (await page.getAttribute('[data-test=record-test-done]', 'data-case-id'))!;
    await expect(page.textContent('[data-test=record-test-done]')).resolves.toContain(`Recorded as the test case "Recorded from execution ${executionId}".`);
    const stored = (await api<{ data: { id: string; name: string; recordedFrom: string; expectations: unknown[] }[] }>(`/workflows/${workflowId}/tests`)).body.data;
    expect(stored).toEqual([expect.objectContaining({ id: caseId, name: `Recorded from execution ${executionId}`, recordedFrom: executionId })]);
    expect(stored[0].expectations).toEqual([expect.objectContaining({ node: 'Confirm', match: [{ confirmed: 'WO-7' }] })]);
    await shot(page, 'workflow-tests-recorded');

    // To the Tests panel of the editable workflow, where Run all passes the recorded case.
    await page.click('[data-test=record-test-open]');
    await page.waitForURL(new RegExp(`#/workflow/${workflowId}$`));
    await page.waitForSelector('[data-test=execution-banner]', { state: 'detached' });
    await page.waitForSelector('[data-test=tests-panel]');
    await expect.poll(() => page.locator('[data-test=test-case]').count()).toBe(1);
    await expect(page.getAttribute(caseRow(caseId), 'data-result')).resolves.toBe('none');
    await expect(page.textContent(`${caseRow(caseId)} [data-test=test-case-name]`)).resolves.toBe(`Recorded from execution ${executionId}`);
    await page.click('[data-test=tests-run-all]');
    await page.waitForSelector(`${caseRow(caseId)}[data-result=passed]`);
    await expect(page.textContent(`${caseRow(caseId)} [data-test=test-result]`)).resolves.toContain('Passed');
    await expect(page.textContent('[data-test=tests-summary]')).resolves.toBe('1 of 1 passed');
    await expect(page.locator('[data-test=test-failure]').count()).resolves.toBe(0);
    await shot(page, 'workflow-tests-passed');

    // The JSON editor holds the case as PUT takes it; a wrong expectation saved makes the run fail.
    await page.click(`${caseRow(caseId)} [data-test=test-edit]`);
    const shown = JSON.parse(await page.inputValue('[data-test=test-json]'));
    const { id: _id, workflowId: _wf, createdAt: _c, updatedAt: _u, ...editable } = (await api<Record<string, unknown>>(`/workflows/${workflowId}/tests/${caseId}`)).body;
    expect(shown).toEqual(editable);
    await saveJson(JSON.stringify({ ...shown, expectations: [{ node: 'Confirm', path: '[0].confirmed', match: 'WO-8' }] }, null, 2));
    await page.waitForSelector('[data-test=test-json-editor]', { state: 'detached' });
    await expect(page.textContent('[data-test=tests-notice]')).resolves.toBe('Case saved.');
    expect((await api<{ expectations: unknown[] }>(`/workflows/${workflowId}/tests/${caseId}`)).body.expectations).toEqual([{ node: 'Confirm', path: '[0].confirmed', match: 'WO-8' }]);
    // The earlier result was of the case before the edit.
    await expect(page.getAttribute(caseRow(caseId), 'data-result')).resolves.toBe('none');
    // Cases run against the saved workflow: an unsaved edit is saved before the run.
    await page.fill('[data-test=wf-name]', flow.name);
    await page.waitForSelector('[data-test=dirty]');
    await page.click(`${caseRow(caseId)} [data-test=test-run]`);
    await page.waitForSelector(`${caseRow(caseId)}[data-result=failed]`);
    await expect(page.locator('[data-test=dirty]').count()).resolves.toBe(0);
    const failure = `${caseRow(caseId)} [data-test=test-failure]`;
    await expect(page.locator(failure).count()).resolves.toBe(1);
    await expect(page.getAttribute(failure, 'data-node')).resolves.toBe('Confirm');
    await expect(page.getAttribute(failure, 'data-path')).resolves.toBe('[0].confirmed');
    await expect(page.textContent(`${failure} [data-test=test-failure-message]`)).resolves.toBe('"Confirm" output 0: [0].confirmed: expected "WO-8" but got "WO-7"');
    await expect(page.textContent(`${failure} [data-test=test-failure-expected]`)).resolves.toBe('"WO-8"');
    await expect(page.textContent(`${failure} [data-test=test-failure-actual]`)).resolves.toBe('"WO-7"');
    await expect(page.textContent('[data-test=tests-summary]')).resolves.toBe('0 of 1 passed');
    await shot(page, 'workflow-tests-failed');

    // A bad edit: invalid JSON stays in the page; a node the workflow lacks is the host's 400, naming the field.
    await page.click(`${caseRow(caseId)} [data-test=test-edit]`);
    await saveJson('{ "name": ');
    await expect(page.textContent('[data-test=test-json-error]')).resolves.toMatch(/^Invalid JSON: /);
    await saveJson(JSON.stringify({ ...shown, expectations: [{ node: 'Nope', notRun: true }] }));
    await expect.poll(() => page.textContent('[data-test=test-json-error]')).toContain('testCase.expectations[0].node: no node named "Nope" in the workflow');
    await expect(page.isVisible('[data-test=test-json-editor]')).resolves.toBe(true);
    await page.click('[data-test=test-cancel]');
    expect((await api<{ expectations: unknown[] }>(`/workflows/${workflowId}/tests/${caseId}`)).body.expectations).toEqual([{ node: 'Confirm', path: '[0].confirmed', match: 'WO-8' }]);

    // New case: a webhook call to the workflow's Webhook node expected to succeed; it runs and passes.
    await page.click('[data-test=tests-new]');
    await expect.poll(() => page.locator('[data-test=test-case]').count()).toBe(2);
    const newId = (await page.getAttribute('[data-test=test-case][data-name="New case"]', 'data-id'))!;
    await page.waitForSelector(`${caseRow(newId)} [data-test=test-json-editor]`);
    expect((await api<Record<string, unknown>>(`/workflows/${workflowId}/tests/${newId}`)).body).toMatchObject({
      name: 'New case',
      trigger: { node: 'Webhook', webhook: { method: 'POST', body: {} } },
      expectations: [{ outcome: 'success' }],
    });
    await page.click(`${caseRow(newId)} [data-test=test-run]`);
    await page.waitForSelector(`${caseRow(newId)}[data-result=passed]`);
    // Delete it: gone from the panel and from the host.
    page.once('dialog', (d) => void d.accept());
    await page.click(`${caseRow(newId)} [data-test=test-delete]`);
    await page.waitForSelector(caseRow(newId), { state: 'detached' });
    expect((await api(`/workflows/${workflowId}/tests/${newId}`)).status).toBe(404);

    // In French: the panel's words, and no English left outside content (names, the host's messages).
    await page.selectOption('[data-test=locale-select]', 'fr');
    await expect(page.textContent('[data-test=tests-panel] h2')).resolves.toBe('Cas de test');
    await expect(page.textContent(`${caseRow(caseId)} [data-test=test-result]`)).resolves.toContain('Échoué');
    await expect(page.textContent('[data-test=tests-summary]')).resolves.toBe('Réussis : 0 sur 1');
    const content = [
      flow.name, 'Webhook', 'Confirm', `Recorded from execution ${executionId}`, '"Confirm" output 0: [0].confirmed: expected "WO-8" but got "WO-7"',
      ...(await contentStrings((p) => t.api(p), ['/api/v1/node-types'])),
    ];
    expect(englishIn(await visibleStrings(page), content)).toEqual([]);
    await shot(page, 'workflow-tests-fr');
    await page.selectOption('[data-test=locale-select]', 'en');

    expect(
      errors.unexpected([
        STARTUP_PROBE,
        { method: 'PUT', path: `/api/v1/workflows/${workflowId}/tests/${caseId}`, status: 400, why: 'a case naming a node the workflow lacks' },
      ]),
    ).toEqual([]);
  }, 60_000);
});
