// Browser: a Switch node's outputs come from its description's `={{ }}` expression over its rules.
// Under the editor's real CSP (script-src 'self', no eval) the canvas draws one output handle per
// rule: the host evaluates the expression in its sandbox (POST /api/v1/node-types/ports), the
// browser never evals, and no script-src violation is raised (helpers.ts turns one into a console error).
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

const rule = (extra: Record<string, unknown> = {}) => ({ conditions: { conditions: [], combinator: 'and', options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' } }, ...extra });
const switchHandles = '[data-test=canvas-node][data-node-name="Route"] [data-test=handle-output]';

describe('Switch ports under the CSP', () => {
  it('draws one output handle per rule, computed by the host', async () => {
    onTestFailed(() => shot(page, 'switch-ports-failure'));
    const workflow = {
      name: 'Switch ports',
      nodes: [
        { id: 's1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        {
          id: 's2', name: 'Route', type: 'n8n-nodes-base.switch', typeVersion: 3.2, position: [260, 0],
          parameters: { rules: { values: [rule(), rule({ renameOutput: true, outputKey: 'unpaid' }), rule()] }, options: {} },
        },
      ],
      connections: { Start: { main: [[{ node: 'Route', type: 'main', index: 0 }]] } },
    };
    const { id } = await (await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify(workflow) })).json();
    const portsAnswer = page.waitForResponse((r) => r.url().endsWith('/api/v1/node-types/ports') && r.request().method() === 'POST');
    await signIn(page, t);
    await openWorkflow(page, t, id);
    expect((await portsAnswer).status()).toBe(200);

    await expect.poll(() => page.locator(switchHandles).count(), { timeout: 15_000 }).toBe(3);
    expect(await page.locator('[data-test=canvas-node][data-node-name="Route"] .out-label').allTextContents()).toEqual(['0', 'unpaid', '2']);
    await shot(page, 'switch-ports');
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  });
});
