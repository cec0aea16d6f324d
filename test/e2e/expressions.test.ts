// Browser: the expression editor. A Manual Trigger with pinned items feeds a Set node; a Set value
// becomes an expression by typing '=', `{{ $json.` completes the pinned fields, the host's sandbox
// previews the value live (per item), `$('` completes upstream node names and their fields, an
// invalid expression shows its error inline with the failing segment underlined, an unclosed `{{`
// is flagged, a variable-picker pick lands at the editor's cursor, and the saved expression is what
// the run computes.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { TestHost } from '../helpers/host.ts';
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

const value = (i: number) => `[data-test="param-assignments.assignments[${i}].value"]`;
const field = (i: number, part: string) => `[data-test="param-assignments.assignments[${i}].value-${part}"]`;
const completions = async () => page.locator('.cm-tooltip-autocomplete li .cm-completionLabel').allTextContents();
/** The stored parameter value the expression editor reflects. */
const storedValue = (i: number) => page.getAttribute(value(i), 'data-value');

/** Picks a completion with the mouse (Enter is ignored for CodeMirror's first 75 ms of a list, by design). */
const pick = (label: string) =>
  page.locator('.cm-tooltip-autocomplete li').filter({ has: page.locator('.cm-completionLabel', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).click();

/** Clicks into a CodeMirror expression editor and types, key by key, as a user does. */
async function typeInto(selector: string, text: string): Promise<void> {
  await page.click(`${selector} .cm-content`);
  await page.keyboard.type(text);
}

describe('expression editor', () => {
  it('completes pinned fields and upstream nodes, previews in the sandbox, shows errors, and runs what it saved', async () => {
    onTestFailed(() => shot(page, 'expressions-failure'));
    const workflow = {
      name: 'Expression greetings',
      nodes: [
        { id: 'e1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        {
          id: 'e2', name: 'Greeting', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [260, 0],
          parameters: { assignments: { assignments: [{ id: 'g1', name: 'greeting', value: 'hello', type: 'string' }] }, options: {} },
        },
      ],
      connections: { Start: { main: [[{ node: 'Greeting', type: 'main', index: 0 }]] } },
      pinData: { Start: [{ json: { name: 'Ada', city: 'Lyon' } }, { json: { name: 'Lin', city: 'Nice' } }] },
    };
    const { id } = await (await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify(workflow) })).json();
    await signIn(page, t);
    await openWorkflow(page, t, id);
    await page.click('[data-test=canvas-node][data-node-name="Greeting"]');

    // Typing '=' first turns the value into an expression; the editor takes over with the focus.
    await page.fill(value(0), '=');
    await page.waitForSelector(`${value(0)}.expression-editor .cm-content:focus`);
    await page.keyboard.type('Hi {{ $json.');
    await expect.poll(async () => (await completions()).sort()).toEqual(['city', 'name']);
    await shot(page, 'expressions-completions');
    await pick('city');
    await expect.poll(() => storedValue(0)).toBe('=Hi {{ $json.city }}');
    expect(await page.locator(`${value(0)} .cm-expr-segment`).count()).toBeGreaterThan(0);

    // The live preview comes from the host (item 1), and follows the item selector.
    await expect.poll(() => page.textContent(field(0, 'preview-value'))).toBe('Hi Lyon');
    await page.selectOption(field(0, 'preview-item'), '1');
    await expect.poll(() => page.textContent(field(0, 'preview-value'))).toBe('Hi Nice');
    await page.selectOption(field(0, 'preview-item'), '0');
    await shot(page, 'expressions-preview');

    // A second field: `$('` offers the upstream nodes, then that node's fields.
    await page.click('[data-test=node-settings] [data-test="param-assignments-add"]');
    await page.fill('[data-test="param-assignments.assignments[1].name"]', 'where');
    await page.fill(value(1), '=');
    await page.waitForSelector(`${value(1)}.expression-editor .cm-content:focus`);
    await page.keyboard.type("{{ $('");
    await expect.poll(completions).toEqual(['Start']);
    await pick('Start');
    await page.keyboard.type('.item.json.');
    await expect.poll(async () => (await completions()).sort()).toEqual(['city', 'name']);
    await page.keyboard.type('na');
    await expect.poll(completions).toEqual(['name']);
    await pick('name');
    await expect.poll(() => storedValue(1)).toBe("={{ $('Start').item.json.name }}");
    await expect.poll(() => page.textContent(field(1, 'preview-value'))).toBe('Ada');

    // An invalid expression: the sandbox's message in red under the field, the failing segment underlined.
    await page.keyboard.press('End');
    await page.keyboard.type(' / {{ $json.city.missing.deeper');
    await expect.poll(() => page.textContent(field(1, 'expression-error'))).toMatch(/^Expression error: Cannot read properties of undefined \(reading 'deeper'\)/);
    // CodeMirror may split the mark around the braces' own marks: read every piece.
    await expect.poll(async () => (await page.locator(`${value(1)} [data-test=expr-error-segment]`).allTextContents()).join('')).toBe('{{ $json.city.missing.deeper }}');
    expect(await page.locator(field(1, 'preview-value')).count()).toBe(0);
    await shot(page, 'expressions-error');

    // Fixed again: undo back to the working expression (CodeMirror's history) and the error goes.
    for (let i = 0; i < 40 && (await storedValue(1)) !== "={{ $('Start').item.json.name }}"; i++) await page.keyboard.press('Control+z');
    expect(await storedValue(1)).toBe("={{ $('Start').item.json.name }}");
    await expect.poll(() => page.locator(field(1, 'expression-error')).count()).toBe(0);

    // An unclosed `{{` is flagged while typing (typed out of order, so it is not auto-closed).
    await typeInto(value(0), '');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' {');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('{');
    await page.waitForSelector('[data-test="param-assignments.assignments[0].value-unclosed"]');
    expect(await page.locator(`${value(0)} [data-test=expr-unclosed]`).count()).toBeGreaterThan(0);
    await page.keyboard.press('Delete');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.waitForSelector('[data-test="param-assignments.assignments[0].value-unclosed"]', { state: 'detached' });

    // The focused expression editor is the variable picker's insert target: a pick lands at the cursor, undoably.
    await typeInto(value(0), '');
    await page.keyboard.press('Control+End');
    await page.waitForSelector('[data-test=picker-target]');
    await page.click('[data-test=picker-node][data-node="Start"] [data-test=picker-entry][data-path=".name"] [data-test=picker-key] >> nth=0');
    await expect.poll(() => storedValue(0)).toBe('=Hi {{ $json.city }}{{ $json.name }}');
    await expect.poll(() => page.textContent(field(0, 'preview-value'))).toBe('Hi LyonAda');
    await page.keyboard.press('Control+z');
    await expect.poll(() => storedValue(0)).toBe('=Hi {{ $json.city }}');

    // Saved as n8n stores it, and the run computes the same thing for every pinned item.
    await expect.poll(() => storedValue(0)).toBe('=Hi {{ $json.city }}');
    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=dirty]', { state: 'detached' });
    const saved = await (await t.api(`/api/v1/workflows/${id}`)).json();
    const assignments = saved.nodes.find((n: { name: string }) => n.name === 'Greeting').parameters.assignments.assignments;
    expect(assignments.map((a: { name: string; value: unknown }) => [a.name, a.value])).toEqual([
      ['greeting', '=Hi {{ $json.city }}'],
      ['where', "={{ $('Start').item.json.name }}"],
    ]);
    await page.click('[data-test=run]');
    await page.waitForSelector('[data-test=run-status][data-status=success]');
    const out = JSON.parse((await page.textContent('[data-test=output-json][data-output="0"]'))!);
    expect(out).toEqual([
      { greeting: 'Hi Lyon', where: 'Ada' },
      { greeting: 'Hi Nice', where: 'Lin' },
    ]);
    await shot(page, 'expressions-ran');
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  }, 90_000);
});
