// Browser: the editor in French on every main screen (no English catalog string and no common
// English UI word left outside user and node content, French kept after a reload), the canvas
// keyboard shortcuts (copy/paste, delete, undo/redo, save — and none of them while typing in a
// field), and a visible focus ring when tabbing through the top bar, the toolbar and onto a node.
// Screenshots: test/e2e/artifacts/i18n-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { TestHost } from '../helpers/host.ts';
import { contentStrings, englishIn, visibleStrings } from './english-leftovers.ts';
import { openWorkflow, shot, startEditorSession, STARTUP_PROBE, watchErrors } from './helpers.ts';
import type { EditorSession } from './helpers.ts';

let t: TestHost;
let browser: Browser;
let page: Page;
let errors: ReturnType<typeof watchErrors>;
let session: EditorSession;

beforeAll(async () => {
  session = await startEditorSession({ clipboard: true });
  ({ t, browser, page, errors } = session);
  page.on('dialog', (d) => void d.accept());
}, 120_000);

afterAll(() => session?.close());

const node = (name: string) => `[data-test=canvas-node][data-node-name="${name}"]`;
const json = async (path: string, init?: RequestInit) => (await t.api(path, init)).json();
const post = (path: string, body: unknown) => json(path, { method: 'POST', body: JSON.stringify(body) });

// User content of the French walk: French names, so they cannot hide English chrome either.
const WORKFLOW = 'Flux de démonstration';
const TRIGGER = 'Réception';
const STEP = 'Préparer';
const CREDENTIAL = 'Clé partenaire';

async function createDemoWorkflow(): Promise<string> {
  const { id } = await post('/api/v1/workflows', {
    name: WORKFLOW,
    nodes: [
      { id: 'n1', name: TRIGGER, type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: 'demo-i18n', parameters: { path: 'demo-i18n', httpMethod: 'POST' } },
      {
        id: 'n2', name: STEP, type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [300, 0],
        parameters: { assignments: { assignments: [{ id: 'a1', name: 'salut', value: 'bonjour', type: 'string' }] }, options: {} },
      },
    ],
    connections: { [TRIGGER]: { main: [[{ node: STEP, type: 'main', index: 0 }]] } },
    settings: {},
  });
  return id;
}

/** English on the current screen, as readable failure lines prefixed with the screen's name. */
async function englishOn(screen: string, content: string[]): Promise<string[]> {
  return englishIn(await visibleStrings(page), content).map((f) => `${screen}: ${f}`);
}

describe('editor in French, keyboard shortcuts, visible focus', () => {
  it('shows every main screen in French, with no English left, and keeps French after a reload', async () => {
    onTestFailed(() => shot(page, 'i18n-failure'));
    const id = await createDemoWorkflow();
    await post('/api/v1/credentials', { name: CREDENTIAL, type: 'httpHeaderAuth', data: { name: 'X-Key', value: 'secret' } });
    const content = [WORKFLOW, TRIGGER, STEP, CREDENTIAL, 'salut', 'bonjour', ...(await contentStrings((p) => t.api(p), ['/api/v1/node-types', '/api/v1/credential-types', '/api/v1/templates']))];

    // A fresh browser in en-US starts in English; the same check there finds English: it can fail.
    await page.goto(t.url);
    await page.waitForSelector('[data-test=signin-form]');
    await expect(page.inputValue('[data-test=locale-select]')).resolves.toBe('en');
    const inEnglish = await englishOn('sign-in', content);
    expect(inEnglish.some((f) => f.includes('signin.apiKey "API key"'))).toBe(true);
    expect(inEnglish.some((f) => f.includes('the English word "Create"'))).toBe(true);

    await page.selectOption('[data-test=locale-select]', 'fr');
    await expect(page.getAttribute('html', 'lang')).resolves.toBe('fr');
    await page.waitForSelector('[data-test=signin-submit]:has-text("Se connecter")');
    const found: string[] = await englishOn('sign-in', content);
    await page.fill('[data-test=signin-key]', t.apiKey);
    await page.click('[data-test=signin-submit]');
    await page.waitForSelector('[data-test=wf-create]:has-text("Nouveau workflow")');
    found.push(...(await englishOn('workflow list', content)));

    await openWorkflow(page, t, id);
    await page.click(node(STEP));
    await page.waitForSelector('[data-test=node-settings]');
    // Node texts in French from the nodes' translations/fr.json (test/e2e/node-translations.test.ts checks the whole panel).
    await page.waitForSelector('[data-test=node-settings] h3:text-is("Modifier les champs (Set)")');
    await page.waitForSelector(`${node(STEP)} :text("Modifier les champs (Set)")`);
    await page.click('[data-test=run]');
    await page.waitForSelector('[data-test=run-status][data-status=success]');
    await page.waitForSelector(`${node(STEP)} [data-test=node-badge]:has-text("1 élément")`);
    found.push(...(await englishOn('editor', content)));
    // Vue Flow's icon-only zoom buttons are named in French too.
    await expect(page.getAttribute('.vue-flow__controls-zoomin', 'title')).resolves.toBe('Zoom avant');
    await shot(page, 'i18n-editor-fr');
    await page.click('[data-test=canvas] .vue-flow__pane');
    await page.keyboard.press('?');
    await page.waitForSelector('[data-test=shortcuts-help]');
    found.push(...(await englishOn('shortcuts help', content)));
    await page.keyboard.press('Escape');

    // Each screen is read once its list has loaded: a row we know must be on it.
    const firstTemplate = (await json('/api/v1/templates')).data[0].name as string;
    for (const [screen, hash, loaded] of [
      ['executions', '#/executions', `td:has-text("${WORKFLOW}")`],
      ['credentials', '#/credentials', `td:has-text("${CREDENTIAL}")`],
      ['templates', '#/templates', `:text("${firstTemplate}")`],
    ] as const) {
      await page.goto(`${t.url}/${hash}`);
      await page.waitForSelector(loaded);
      found.push(...(await englishOn(screen, content)));
      await shot(page, `i18n-${screen}-fr`);
    }
    expect(found).toEqual([]);

    await page.goto(`${t.url}/#/`);
    await page.reload();
    await page.waitForSelector('[data-test=wf-create]');
    await expect(page.inputValue('[data-test=locale-select]')).resolves.toBe('fr');
    await expect(page.textContent('[data-test=wf-create]')).resolves.toBe('Nouveau workflow');
    expect(await englishOn('workflow list after reload', content)).toEqual([]);
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  }, 60_000);

  it('copies, pastes, deletes, undoes, redoes and saves from the keyboard, but not while typing in a field', async () => {
    onTestFailed(() => shot(page, 'i18n-shortcuts-failure'));
    const { id } = await post('/api/v1/workflows', { name: 'Raccourcis', nodes: [], connections: {}, settings: {} });
    await openWorkflow(page, t, id);
    await page.dragAndDrop('[data-test=palette-item][data-type="n8n-nodes-base.set"]', '[data-test=canvas]', { targetPosition: { x: 200, y: 200 } });
    await page.dragAndDrop('[data-test=palette-item][data-type="n8n-nodes-base.set"]', '[data-test=canvas]', { targetPosition: { x: 500, y: 200 } });
    await page.waitForSelector(node('Edit Fields1'));
    const count = () => page.locator('[data-test=canvas-node]').count();
    expect(await count()).toBe(2);

    // Copy and paste a node: the pasted one is a third node with a new name.
    await page.click(node('Edit Fields'));
    await page.keyboard.press('Control+c');
    await page.waitForSelector('[data-test=notice]');
    await page.keyboard.press('Control+v');
    await page.waitForSelector(node('Edit Fields2'));
    expect(await count()).toBe(3);

    // Delete removes the selected node; Ctrl+Z brings it back; Ctrl+Y and Ctrl+Shift+Z redo.
    await page.click(node('Edit Fields2'));
    await page.keyboard.press('Delete');
    await page.waitForSelector(node('Edit Fields2'), { state: 'detached' });
    await page.keyboard.press('Control+z');
    await page.waitForSelector(node('Edit Fields2'));
    await page.keyboard.press('Control+y');
    await page.waitForSelector(node('Edit Fields2'), { state: 'detached' });
    await page.keyboard.press('Control+z');
    await page.waitForSelector(node('Edit Fields2'));
    await page.keyboard.press('Control+Shift+Z');
    await page.waitForSelector(node('Edit Fields2'), { state: 'detached' });

    // Ctrl+Z in a text field undoes the typing, not the canvas: the deleted node stays deleted.
    await page.click('[data-test=test-payload]');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('[{"a": 1}]');
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Delete');
    expect(await count()).toBe(2);
    await page.click(node('Edit Fields1'));
    await page.focus('[data-test=node-name]');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+z');
    expect(await count()).toBe(2);

    // Ctrl+S saves: the API has the two nodes left.
    await page.keyboard.press('Control+s');
    await page.waitForSelector('[data-test=dirty]', { state: 'detached' });
    const saved = await json(`/api/v1/workflows/${id}`);
    expect(saved.nodes.map((n: { name: string }) => n.name).sort()).toEqual(['Edit Fields', 'Edit Fields1']);

    // The shortcuts are listed in a help opened with `?` and closed with Escape.
    await page.click('[data-test=canvas] .vue-flow__pane');
    await page.keyboard.press('?');
    await page.waitForSelector('[data-test=shortcuts-help]');
    await expect(page.locator('[data-test=shortcuts-help] tr').count()).resolves.toBeGreaterThanOrEqual(7);
    await shot(page, 'i18n-shortcuts-help');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-test=shortcuts-help]', { state: 'detached' });
    // Toolbar buttons name their shortcut.
    await expect(page.getAttribute('[data-test=save]', 'title')).resolves.toMatch(/Ctrl\+S/);
    await expect(page.getAttribute('[data-test=undo]', 'title')).resolves.toMatch(/Ctrl\+Z/);
    await expect(page.getAttribute('[data-test=redo]', 'title')).resolves.toMatch(/Ctrl\+Y/);
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  }, 60_000);

  it('shows a focus ring on every control reached with Tab, and on canvas nodes', async () => {
    onTestFailed(() => shot(page, 'i18n-focus-failure'));
    const id = await createDemoWorkflow();
    await openWorkflow(page, t, id);
    await page.waitForSelector(node(TRIGGER));

    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return {
          test: el.getAttribute('data-test') ?? el.className,
          tag: el.tagName,
          inTopbar: !!el.closest('.topbar'),
          inToolbar: !!el.closest('.toolbar'),
          node: el.closest('.vue-flow__node')?.getAttribute('data-id') ?? null,
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        };
      });

    // From the start of the page through the top bar and the whole toolbar.
    await page.focus('[data-test=nav-home]');
    const seen: Awaited<ReturnType<typeof focused>>[] = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      if (!f.inTopbar && !f.inToolbar) break;
      seen.push(f);
    }
    const tests = seen.map((f) => f.test);
    for (const expected of ['nav-workflows', 'nav-executions', 'locale-select', 'wf-name', 'undo', 'redo', 'save', 'shortcuts-open']) expect(tests).toContain(expected);
    expect(seen.filter((f) => !f.outline)).toEqual([]);

    // From the last palette item, Tab reaches a canvas node, ringed; Enter opens its settings.
    await page.locator('[data-test=palette-item]').last().focus();
    let reached = await focused();
    for (let i = 0; i < 5 && !reached.node; i++) {
      await page.keyboard.press('Tab');
      reached = await focused();
    }
    expect(reached.node).not.toBeNull();
    expect(reached.outline).toBe(true);
    await shot(page, 'i18n-focus-node');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-test=node-settings]');
    await expect(page.inputValue('[data-test=node-name]')).resolves.toBe(reached.node);
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  }, 60_000);
});
