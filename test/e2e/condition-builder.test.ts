// Browser: the JSONLogic condition builder on an If node. Build
// priority == High AND (status == Open OR status == Replied) with rows and a group, see exactly that
// rule as JSON, edit the JSON and see the rows follow (invalid JSON refused), use a one-click
// example, test the rule against the upstream pinned items (evaluated by the host), save, run, and
// check the If routes the items as the test said.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { TestHost } from '../helpers/host.ts';
import { openWorkflow, shot, signIn, startEditorSession, STARTUP_PROBE, watchErrors } from './helpers.ts';
import type { EditorSession } from './helpers.ts';

let t: TestHost;
let page: Page;
let errors: ReturnType<typeof watchErrors>;
let session: EditorSession;

beforeAll(async () => {
  session = await startEditorSession();
  ({ t, page, errors } = session);
}, 120_000);

afterAll(() => session?.close());

const v = (path: string) => ({ var: path });
const eq = (path: string, value: unknown) => ({ '==': [v(path), value] });
const TARGET = { and: [eq('priority', 'High'), { or: [eq('status', 'Open'), eq('status', 'Replied')] }] };
const TICKETS = [
  { ticket: 'ISS-1', priority: 'High', status: 'Open' },
  { ticket: 'ISS-2', priority: 'High', status: 'Closed' },
  { ticket: 'ISS-3', priority: 'Low', status: 'Open' },
  { ticket: 'ISS-4', priority: 'High', status: 'Replied' },
];

const node = (name: string) => `[data-test=canvas-node][data-node-name="${name}"]`;
const sel = (name: string) => `[data-test=${name}]`;
const values = (loc: Locator) => loc.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));

describe('condition builder', () => {
  it('builds a rule with rows and a group, two-way with JSON, tests it on sample data, and the If routes as tested', async () => {
    onTestFailed(async () => {
      await shot(page, 'condition-builder-failure');
      console.log(`browser errors: ${JSON.stringify(errors.unexpected([STARTUP_PROBE]))}`);
    });
    const workflow = {
      name: 'Route tickets',
      nodes: [
        { id: 'c1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { id: 'c2', name: 'Tickets', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [240, 0], parameters: { assignments: { assignments: [] }, options: {} } },
        { id: 'c3', name: 'If', type: 'n8n-nodes-base.if', typeVersion: 2.2, position: [480, 0], parameters: { conditions: {}, options: {} } },
      ],
      connections: { Start: { main: [[{ node: 'Tickets', type: 'main', index: 0 }]] }, Tickets: { main: [[{ node: 'If', type: 'main', index: 0 }]] } },
      pinData: { Tickets: TICKETS.map((json) => ({ json })) },
    };
    const { id } = await (await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify(workflow) })).json();
    await signIn(page, t);
    await openWorkflow(page, t, id);
    await page.click(node('If'));

    const cond = page.locator('[data-param="conditions"]');
    const builder = cond.locator(sel('condition-builder'));
    await builder.waitFor();
    const root = builder.locator('[data-test=condition-group][data-depth="0"]');
    const rootActions = root.locator(':scope > .cond-group-actions');

    // priority == High
    await rootActions.locator(sel('condition-add-row')).click();
    const first = root.locator(sel('condition-row')).first();
    await first.locator(sel('condition-field')).fill('priority');
    await expect(first.locator(sel('condition-operator')).inputValue()).resolves.toBe('eq');
    await first.locator(sel('condition-value')).fill('High');
    // AND (status == Open OR status == Replied)
    await rootActions.locator(sel('condition-add-group')).click();
    const group = root.locator('[data-test=condition-group][data-depth="1"]');
    await expect(group.locator(sel('condition-group-combinator')).inputValue()).resolves.toBe('or');
    await group.locator(sel('condition-field')).fill('status');
    await group.locator(sel('condition-value')).fill('Open');
    await group.locator(':scope > .cond-group-actions').locator(sel('condition-add-row')).click();
    const second = group.locator(sel('condition-row')).nth(1);
    await second.locator(sel('condition-field')).fill('status');
    await second.locator(sel('condition-value')).fill('Replied');
    await shot(page, 'condition-builder-rows');

    // JSON mode shows exactly that rule.
    await builder.locator(sel('condition-mode-json')).click();
    const json = builder.locator(sel('condition-json'));
    expect(JSON.parse(await json.inputValue())).toEqual(TARGET);

    // Invalid JSON: a message naming the problem, nothing applied.
    await json.fill('{"and": [');
    await expect(builder.locator(sel('condition-json-error')).textContent()).resolves.toMatch(/Invalid JSON, not applied: .+/);
    await json.fill('{"like": [{"var": "status"}, "Op%"]}');
    await expect(builder.locator(sel('condition-json-error')).textContent()).resolves.toContain('unknown JSONLogic operator "like"');
    await expect(builder.locator(sel('condition-mode-builder')).isDisabled()).resolves.toBe(true);

    // Edited JSON shows in the rows.
    const edited = { and: [eq('priority', 'Urgent'), { or: [eq('status', 'Open'), eq('status', 'On Hold')] }, { '>=': [v('age'), 3] }] };
    await json.fill(JSON.stringify(edited));
    await expect(builder.locator(sel('condition-json-error')).count()).resolves.toBe(0);
    await builder.locator(sel('condition-mode-builder')).click();
    await expect(values(root.locator(sel('condition-field')))).resolves.toEqual(['priority', 'status', 'status', 'age']);
    await expect(values(root.locator(sel('condition-value')))).resolves.toEqual(['Urgent', 'Open', 'On Hold', '3']);
    await expect(root.locator(sel('condition-value-type')).nth(3).inputValue()).resolves.toBe('number');
    await expect(root.locator(sel('condition-operator')).nth(3).inputValue()).resolves.toBe('gte');

    // A one-click example.
    await builder.locator(sel('condition-example-highPriorityIssue')).click();
    await expect(values(root.locator(sel('condition-field')))).resolves.toEqual(['body.priority']);
    await expect(values(root.locator(sel('condition-value')))).resolves.toEqual(['High']);
    await builder.locator(sel('condition-mode-json')).click();
    expect(JSON.parse(await json.inputValue())).toEqual(eq('body.priority', 'High'));

    // Back to the rule built above, then test it on the items pinned upstream.
    await json.fill(JSON.stringify(TARGET, null, 2));
    await builder.locator(sel('condition-mode-builder')).click();
    await expect(root.locator(sel('condition-row')).count()).resolves.toBe(3);
    const [testRequest] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/conditions/test')),
      builder.locator(sel('condition-test')).click(),
    ]);
    expect(testRequest.postDataJSON()).toEqual({ rule: TARGET, items: TICKETS });
    const dialog = builder.locator(sel('condition-test-dialog'));
    await dialog.locator(sel('condition-test-summary')).waitFor();
    const outcomes = () => dialog.locator(sel('condition-test-result')).evaluateAll((els) => els.map((e) => e.getAttribute('data-outcome')));
    await expect(outcomes()).resolves.toEqual(['pass', 'fail', 'fail', 'pass']);
    await expect(dialog.locator(sel('condition-test-summary')).textContent()).resolves.toContain('2 of 4 items pass');
    await dialog.locator(sel('condition-test-summary')).scrollIntoViewIfNeeded();
    await shot(page, 'condition-builder-test');

    // Sample items edited in the dialog; a bad one is refused before anything is sent.
    await dialog.locator(sel('condition-test-items')).fill('[{"priority": "High", "status": "Replied"}, 7]');
    await dialog.locator(sel('condition-test-run')).click();
    await expect(dialog.locator(sel('condition-test-error')).textContent()).resolves.toContain('item 1 is not an object');
    await dialog.locator(sel('condition-test-items')).fill('[{"priority": "Low", "status": "Replied"}, {"priority": "High", "status": "Replied"}]');
    await dialog.locator(sel('condition-test-run')).click();
    await expect.poll(outcomes).toEqual(['fail', 'pass']);
    await dialog.locator(sel('condition-test-close')).click();

    // Save; the stored parameter is {"jsonLogic": rule}.
    await page.click(sel('save'));
    await page.waitForSelector(sel('dirty'), { state: 'detached' });
    const stored = await (await t.api(`/api/v1/workflows/${id}`)).json();
    expect(stored.nodes.find((n: { name: string }) => n.name === 'If').parameters.conditions).toEqual({ jsonLogic: TARGET });

    // Run: the If sends the items that passed to true (output 0), the others to false (output 1).
    await page.click(sel('run'));
    await page.waitForSelector('[data-test=run-status][data-status=success]');
    const executions = await (await t.api(`/api/v1/executions?workflowId=${id}`)).json();
    const execution = await (await t.api(`/api/v1/executions/${executions.data[0].id}?includeData=true`)).json();
    const [trueItems, falseItems] = execution.runData.If[0].data.main.map((items: { json: unknown }[]) => items.map((i) => i.json));
    expect(trueItems).toEqual([TICKETS[0], TICKETS[3]]);
    expect(falseItems).toEqual([TICKETS[1], TICKETS[2]]);

    await page.click(node('If'));
    expect(JSON.parse((await page.textContent('[data-test=output-json][data-output="0"]'))!)).toEqual([TICKETS[0], TICKETS[3]]);

    // The workflow's trigger condition gets the same builder in the settings dialog; its sample
    // data is what the trigger handed on in the last run.
    await page.click(sel('workflow-settings'));
    const settings = page.locator('[data-test=settings-trigger-condition-section]');
    const trigger = settings.locator(sel('condition-builder'));
    await trigger.waitFor();
    await trigger.locator(sel('condition-example-subscriptionUnpaid')).click();
    await expect(values(trigger.locator(sel('condition-field')))).resolves.toEqual(['body.status', 'body.previous_status']);
    await expect(trigger.locator(sel('condition-operator')).nth(1).inputValue()).resolves.toBe('ne');
    await trigger.locator(sel('condition-test')).click();
    await expect.poll(() => trigger.locator(sel('condition-test-result')).evaluateAll((els) => els.map((e) => e.getAttribute('data-outcome')))).toEqual(['fail']);
    await shot(page, 'condition-builder-trigger-condition');
    await page.click(sel('settings-save'));
    await page.waitForSelector(sel('settings-dialog'), { state: 'detached' });
    await page.click(sel('save'));
    await page.waitForSelector(sel('dirty'), { state: 'detached' });
    const withTrigger = await (await t.api(`/api/v1/workflows/${id}`)).json();
    expect(withTrigger.settings.triggerCondition).toEqual({ and: [eq('body.status', 'Unpaid'), { '!=': [v('body.previous_status'), 'Unpaid'] }] });

    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  }, 90_000);
});
