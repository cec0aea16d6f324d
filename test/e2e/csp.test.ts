// Browser: the editor under its Content-Security-Policy without style-src 'unsafe-inline'. The page
// is served with a fresh nonce per answer; CodeMirror's run-time <style> carries it
// (EditorView.cspNonce), so opening the editor, a Code node and an expression editor (with its
// completion tooltip) raises no `securitypolicyviolation` event and no console error, and
// CodeMirror's base theme really applies. A <style> without the nonce is still refused.
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

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
}

beforeAll(async () => {
  session = await startEditorSession();
  ({ t, browser, page, errors } = session);
  // Registered before any page script runs, on every document the page loads.
  await page.addInitScript(() => {
    const seen: unknown[] = [];
    (window as unknown as { cspViolations: unknown[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: `${e.sourceFile}:${e.lineNumber}` }),
    );
  });
}, 120_000);

afterAll(() => session?.close());

const violations = (): Promise<Violation[]> => page.evaluate(() => (window as unknown as { cspViolations: Violation[] }).cspViolations);
const assignmentValue = '[data-test="param-assignments.assignments[0].value"]';

describe('editor CSP without unsafe-inline styles', () => {
  it('opens the editor, a Code node and an expression editor with zero CSP violations', async () => {
    onTestFailed(() => shot(page, 'csp-failure'));
    const workflow = {
      name: 'CSP check',
      nodes: [
        { id: 'c1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { id: 'c2', name: 'Code', type: 'n8n-nodes-base.code', typeVersion: 2, position: [260, 0], parameters: { jsCode: 'return $input.all();' } },
        {
          id: 'c3', name: 'Greeting', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [520, 0],
          parameters: { assignments: { assignments: [{ id: 'g1', name: 'greeting', value: '=Hi {{ $json.name }}', type: 'string' }] }, options: {} },
        },
      ],
      connections: { Start: { main: [[{ node: 'Code', type: 'main', index: 0 }]] }, Code: { main: [[{ node: 'Greeting', type: 'main', index: 0 }]] } },
      pinData: { Start: [{ json: { name: 'Ada', city: 'Lyon' } }] },
    };
    const { id } = await (await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify(workflow) })).json();

    const pageAnswer = page.waitForResponse((r) => r.url() === `${t.url}/`);
    await signIn(page, t);
    // The page's own answer: a nonce in the policy, the same nonce in the page, no 'unsafe-inline'.
    const csp = (await (await pageAnswer).allHeaders())['content-security-policy'];
    const nonce = /style-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce, csp).toBeTruthy();
    expect(csp).not.toContain('unsafe-inline');
    expect(await page.evaluate(() => document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce)).toBe(nonce);
    await openWorkflow(page, t, id);

    // The Code node's settings.
    await page.click('[data-test=canvas-node][data-node-name="Code"]');
    await page.waitForSelector('[data-test="param-jsCode"]');
    expect(await page.inputValue('[data-test="param-jsCode"]')).toBe('return $input.all();');

    // The Set node's stored expression opens in CodeMirror; typing brings up its completion tooltip.
    await page.click('[data-test=canvas-node][data-node-name="Greeting"]');
    await page.waitForSelector(`${assignmentValue}.expression-editor .cm-editor`);
    await page.click(`${assignmentValue} .cm-content`);
    await page.keyboard.press('Control+End');
    await page.keyboard.type(" {{ $('");
    await expect.poll(async () => (await page.locator('.cm-tooltip-autocomplete li .cm-completionLabel').allTextContents()).sort()).toEqual(['Code', 'Start']);
    await shot(page, 'csp-expression-editor');
    // CodeMirror's base theme (display: flex on .cm-editor, an absolutely placed tooltip) came from
    // its nonce'd <style>: without it both stay browser defaults.
    expect(await page.$eval(`${assignmentValue} .cm-editor`, (el) => getComputedStyle(el).display)).toBe('flex');
    expect(await page.$eval('.cm-tooltip-autocomplete', (el) => getComputedStyle(el.closest('.cm-tooltip')!).position)).toMatch(/^(absolute|fixed)$/);
    expect(await page.evaluate(() => [...document.querySelectorAll('style')].every((s) => s.nonce !== ''))).toBe(true);

    expect(await violations()).toEqual([]);
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);

    // Control: the policy is in force and the watch sees it. A <style> without the nonce is refused.
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { outline: 1px solid red }';
      document.head.append(style);
    });
    await expect.poll(async () => (await violations()).map((v) => v.directive)).toEqual(['style-src-elem']);
  });
});
