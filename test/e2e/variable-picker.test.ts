// Browser: the variable picker. Manual Trigger with pinned data → Set: focusing a Set value and
// picking customer.name turns the fixed value into `={{ $json.customer.name }}`, the run computes
// 'Ada' from it, and the copy button puts an expression on the system clipboard. An ERPNext Trigger
// (doctype Issue) → Set shows Issue's field catalog with nothing run. Screenshots:
// test/e2e/artifacts/variable-picker-*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { TestHost } from '../helpers/host.ts';
import { openWorkflow, shot, signIn, startEditorSession, STARTUP_PROBE, watchErrors } from './helpers.ts';
import type { EditorSession } from './helpers.ts';

let t: TestHost;
let page: Page;
let errors: ReturnType<typeof watchErrors>;
let session: EditorSession;

beforeAll(async () => {
  session = await startEditorSession({ clipboard: true });
  ({ t, page, errors } = session);
}, 120_000);

afterAll(() => session?.close());

const canvasNode = (name: string) => `[data-test=canvas-node][data-node-name="${name}"]`;
const pickerEntry = (node: string, path: string) => `[data-test=picker-node][data-node="${node}"] [data-test=picker-entry][data-path="${path}"]`;
const valueField = '[data-test="param-assignments.assignments[0].value"]';
const setNode = (id: string) => ({
  id, name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [260, 0],
  parameters: { assignments: { assignments: [{ id: 'v1', name: 'who', value: '', type: 'string' }] }, options: {} },
});
/** The Set value as shown: a plain input's value, or the expression editor's text once it is an expression. */
const fieldText = () => page.$eval(valueField, (el) => (el instanceof HTMLInputElement ? el.value : (el.querySelector('.cm-content') ?? el).textContent));
const savedValue = async (id: string) => {
  await page.click('[data-test=save]');
  await page.waitForSelector('[data-test=dirty]', { state: 'detached' });
  const wf = await (await t.api(`/api/v1/workflows/${id}`)).json();
  return wf.nodes.find((n: { name: string }) => n.name === 'Set').parameters.assignments.assignments[0].value;
};
const create = async (workflow: unknown) => (await (await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify(workflow) })).json()).id as string;

describe('variable picker', () => {
  it('inserts a pinned field into a Set value as an expression, runs it, and copies expressions', async () => {
    onTestFailed(() => shot(page, 'variable-picker-failure'));
    const pinned = { customer: { name: 'Ada', 'first name': 'A' }, items: [{ sku: 'X' }] };
    const id = await create({
      name: 'Greeting',
      nodes: [{ id: 'm1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, setNode('s1')],
      connections: { Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
      pinData: { Start: [{ json: pinned }] },
    });
    await signIn(page, t);
    await openWorkflow(page, t, id);
    await page.click(canvasNode('Set'));
    await page.waitForSelector('[data-test=variable-picker]');
    await expect(page.getAttribute('[data-test=picker-node][data-node="Start"]', 'data-origin')).resolves.toBe('pinned');
    await expect(page.textContent('[data-test=picker-target]')).resolves.toContain('Click into a field');

    // Focus the fixed value, open customer, pick name.
    await page.click(valueField);
    await expect(page.textContent('[data-test=picker-target]')).resolves.toContain('who');
    await page.click(`${pickerEntry('Start', '.customer')} >> [data-test=picker-toggle] >> nth=0`);
    await expect(page.getAttribute(pickerEntry('Start', ".customer['first name']"), 'data-expression')).resolves.toBe("{{ $json.customer['first name'] }}");
    await expect(page.textContent(`${pickerEntry('Start', '.customer.name')} [data-test=picker-sample] >> nth=0`)).resolves.toBe('"Ada"');
    await page.click(`${pickerEntry('Start', '.customer.name')} [data-test=picker-key] >> nth=0`);
    await expect(page.textContent('[data-test=picker-note]')).resolves.toContain('Inserted {{ $json.customer.name }} into who');
    await expect(fieldText()).resolves.toContain('{{ $json.customer.name }}');
    await shot(page, 'variable-picker-inserted');
    expect(await savedValue(id)).toBe('={{ $json.customer.name }}');

    // The run computes the Set value from the pinned item.
    await page.click('[data-test=run]');
    await page.waitForSelector('[data-test=run-status][data-status=success]');
    await page.click(canvasNode('Set'));
    expect(JSON.parse((await page.textContent('[data-test=output-json][data-output="0"]'))!)).toEqual([{ who: 'Ada' }]);

    // Copy: the expression lands on the clipboard, with a note saying so.
    await page.click(`${pickerEntry('Start', '.items')} >> [data-test=picker-toggle] >> nth=0`);
    await page.click(`${pickerEntry('Start', '.items[0]')} >> [data-test=picker-toggle] >> nth=0`);
    await page.click(`${pickerEntry('Start', '.items[0].sku')} [data-test=picker-copy] >> nth=0`);
    await page.waitForSelector('[data-test=picker-note]:has-text("Copied {{ $json.items[0].sku }}")');
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe('{{ $json.items[0].sku }}');
    await shot(page, 'variable-picker-copied');
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  }, 40_000);

  it('shows the ERPNext Issue catalog under an ERPNext Trigger before anything has run', async () => {
    onTestFailed(() => shot(page, 'variable-picker-erpnext-failure'));
    const id = await create({
      name: 'Issue triage',
      nodes: [
        { id: 'e1', name: 'ERPNext Trigger', type: 'n8n-nodes-gigafibre.erpNextTrigger', typeVersion: 1, position: [0, 0], webhookId: 'picker-issue', parameters: { httpMethod: 'POST', path: 'picker-issue', doctype: 'Issue', events: ['on_update'] } },
        setNode('s2'),
      ],
      connections: { 'ERPNext Trigger': { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
    });
    await openWorkflow(page, t, id);
    await page.click(canvasNode('Set'));
    const catalog = '[data-test=picker-node][data-node="ERPNext Trigger"] [data-test=picker-catalog][data-doctype=Issue]';
    await page.waitForSelector(`${catalog} [data-test=picker-entry][data-path=".body.priority"]`);
    await expect(page.textContent(`${catalog} h5`)).resolves.toBe('ERPNext Issue fields');
    await expect(page.textContent(`${catalog} [data-path=".body.priority"] [data-test=picker-type]`)).resolves.toBe('Select');
    await expect(page.textContent(`${catalog} [data-path=".body.subject"]`)).resolves.toContain('Subject');

    await page.click(valueField);
    await page.click(`${catalog} [data-path=".body.priority"] [data-test=picker-insert]`);
    await expect(fieldText()).resolves.toContain('{{ $json.body.priority }}');
    await shot(page, 'variable-picker-erpnext-catalog');
    expect(await savedValue(id)).toBe('={{ $json.body.priority }}');
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  }, 30_000);
});
