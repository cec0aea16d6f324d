// Browser: node-provided text in French (n8n-style translations/fr.json of the nodes). With the
// editor in French, the palette, the canvas subtitle and the settings panel of a Set and an HTTP
// Request node show the nodes' French texts: no English property label, description, placeholder or
// option name is left in the panel (compared with the English descriptions; texts whose French is
// the same word, like "URL", are not English leftovers). A node is held to that only once its
// translation file is complete (test/unit/nodes/node-translations.test.ts lists what is missing).
// Screenshots: test/e2e/artifacts/node-translations-*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { applyNodeTranslation, checkNodeTranslation, type NodeTranslation } from '../../host/engine/node-translations.ts';
import { createRegistry } from '../../host/engine/registry.ts';
import type { TestHost } from '../helpers/host.ts';
import { openWorkflow, shot, startEditorSession, STARTUP_PROBE, watchErrors } from './helpers.ts';
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

const registry = await createRegistry([], () => {});
const fr = registry.nodeTranslations('fr');

type Prop = { displayName?: string; description?: string; placeholder?: unknown; type?: string; options?: unknown[]; values?: unknown[]; name?: unknown; typeOptions?: { multipleValueButtonText?: string } };

/** Every text a description can show in the settings panel (labels, descriptions, placeholders, option and group names). */
function panelTexts(props: Prop[], out = new Set<string>()): Set<string> {
  for (const p of props) {
    for (const s of [p.displayName, p.description, p.placeholder, p.typeOptions?.multipleValueButtonText]) if (typeof s === 'string' && s.trim()) out.add(s.trim());
    if (p.type === 'options' || p.type === 'multiOptions') for (const o of (p.options ?? []) as Prop[]) for (const s of [o.name, o.description]) if (typeof s === 'string' && s.trim()) out.add(s.trim());
    if (p.type === 'collection') panelTexts((p.options ?? []) as Prop[], out);
    if (p.type === 'fixedCollection') {
      for (const g of (p.options ?? []) as Prop[]) {
        if (g.displayName) out.add(g.displayName.trim());
        panelTexts((g.values ?? []) as Prop[], out);
      }
    }
  }
  return out;
}

function nodeTexts(type: string) {
  const english = registry.descriptions().find((d) => d.name === type)!;
  const translation = fr[type] as NodeTranslation | undefined;
  const report = checkNodeTranslation(english, translation, (n) => registry.credentialType(n));
  const french = applyNodeTranslation(english, translation);
  const frenchTexts = panelTexts(french.properties as Prop[]);
  // English texts the French panel must not show: those whose translation is another text.
  const englishOnly = [...panelTexts(english.properties as Prop[])].filter((s) => !frenchTexts.has(s));
  return { english, french, complete: !!translation && report.missing.length === 0 && report.stale.length === 0, englishOnly };
}

/** Visible text, select options and placeholders inside the settings panel. */
function panelStrings(): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-test=node-settings]')!;
    const shown = (el: Element) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    const out: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      if (text && n.parentElement && !n.parentElement.closest('option,textarea,code,.cm-content') && shown(n.parentElement)) out.push(text);
    }
    for (const el of root.querySelectorAll('select')) if (shown(el)) for (const o of el.options) out.push(o.text.trim());
    for (const el of root.querySelectorAll('[placeholder]')) if (shown(el)) out.push(el.getAttribute('placeholder')!.trim());
    return out;
  });
}

const SET = 'n8n-nodes-base.set';
const HTTP = 'n8n-nodes-base.httpRequest';
const node = (name: string) => `[data-test=canvas-node][data-node-name="${name}"]`;

describe('node translations in the French editor', () => {
  it('shows French node names and property labels, with no English label left in complete translations', async () => {
    onTestFailed(() => shot(page, 'node-translations-failure'));
    const set = nodeTexts(SET);
    const http = nodeTexts(HTTP);
    // The fixtures have French: headers are always translated, whatever else is missing.
    expect(set.french.displayName).toBe('Modifier les champs (Set)');
    expect(http.french.displayName).not.toBe(http.english.displayName);

    const res = await t.api('/api/v1/workflows', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Traductions',
        nodes: [
          { id: 'n1', name: 'Préparer', type: SET, typeVersion: 3.4, position: [0, 0], parameters: { mode: 'manual', includeOtherFields: true, include: 'selected', options: {} } },
          {
            id: 'n2', name: 'Appeler', type: HTTP, typeVersion: 4.2, position: [300, 0],
            parameters: { method: 'POST', url: 'https://example.com', authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth', sendQuery: true, sendHeaders: true, sendBody: true, options: {} },
          },
        ],
        connections: { Préparer: { main: [[{ node: 'Appeler', type: 'main', index: 0 }]] } },
        settings: {},
      }),
    });
    const { id } = (await res.json()) as { id: string };

    await page.goto(t.url);
    await page.selectOption('[data-test=locale-select]', 'fr');
    await page.fill('[data-test=signin-key]', t.apiKey);
    await page.click('[data-test=signin-submit]');
    await page.waitForSelector('[data-test=wf-create]');
    await openWorkflow(page, t, id);

    // Canvas subtitle and palette in French; the palette search still finds the English name.
    await page.waitForSelector(`${node('Préparer')} :text("Modifier les champs (Set)")`);
    await page.fill('[data-test=palette-search]', 'Edit Fields');
    await page.waitForSelector(`[data-test=palette-item][data-type="${SET}"]:has-text("Modifier les champs (Set)")`);

    const leftovers: string[] = [];
    for (const [name, texts] of [['Préparer', set], ['Appeler', http]] as const) {
      await page.click(node(name));
      await page.waitForSelector(`[data-test=node-settings] h3:text-is("${texts.french.displayName}")`);
      // The form is loaded: one French label of a shown property is there.
      const firstLabel = texts.french.properties.find((p) => p.type !== 'notice' && p.type !== 'hidden' && !p.displayOptions)!.displayName;
      await page.waitForSelector(`[data-test=node-settings] label:has-text("${firstLabel}")`);
      await shot(page, `node-translations-${name === 'Préparer' ? 'set' : 'http'}`);
      if (!texts.complete) continue; // held to "no English" once the translator is done (the checker says what is missing)
      const strings = await panelStrings();
      leftovers.push(...strings.filter((s) => texts.englishOnly.includes(s)).map((s) => `${texts.english.displayName}: "${s}"`));
      // The comparison can fail: the English panel texts are on the page in English.
      expect(texts.englishOnly.length).toBeGreaterThan(3);
    }
    expect(leftovers).toEqual([]);
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  }, 60_000);

  it('the same panel in English shows the English labels (the comparison can fail)', async () => {
    onTestFailed(() => shot(page, 'node-translations-en-failure'));
    await page.selectOption('[data-test=locale-select]', 'en');
    await page.click(node('Appeler'));
    const http = nodeTexts(HTTP);
    await page.waitForSelector(`[data-test=node-settings] h3:text-is("${http.english.displayName}")`);
    await page.waitForSelector('[data-test=node-settings] label:text-is("Method")');
    const strings = await panelStrings();
    expect(strings.filter((s) => http.englishOnly.includes(s)).length).toBeGreaterThan(3);
    await page.selectOption('[data-test=locale-select]', 'fr');
    await page.waitForSelector(`[data-test=node-settings] h3:text-is("${http.french.displayName}")`);
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  }, 60_000);
});
