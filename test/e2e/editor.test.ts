// Browser end-to-end: Debian's Chromium (driven by playwright-core) against a real host serving
// the built editor. Builds Webhook → Edit Fields (Set) by drag and drop, saves, runs with a test
// payload and reads the Set output in the inspector; nothing fails in the browser but what the
// test provokes. Screenshots: test/e2e/artifacts/editor-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { startTestHost } from '../helpers/host.ts';
import type { TestHost } from '../helpers/host.ts';
import { ARTIFACTS, newPage, paste, shot as saveShot, startEditorSession, STARTUP_PROBE, watchErrors } from './helpers.ts';
import type { EditorSession } from './helpers.ts';

let t: TestHost;
let browser: Browser;
let page: Page;
let errors: ReturnType<typeof watchErrors>;
let session: EditorSession;

beforeAll(async () => {
  session = await startEditorSession();
  ({ t, browser, page, errors } = session);
  page.on('dialog', (d) => void d.accept());
  console.log(`e2e screenshots: ${ARTIFACTS}`);
}, 120_000);

afterAll(() => session?.close());

const shot = (name: string) => saveShot(page, `editor-${name}`);

async function dropFromPalette(type: string, x: number, y: number) {
  const canvas = await page.locator('[data-test=canvas]').boundingBox();
  await page.dragAndDrop(`[data-test=palette-item][data-type="${type}"]`, '[data-test=canvas]', { targetPosition: { x, y } });
  expect(canvas).not.toBeNull();
}

async function dragBetween(from: string, to: string) {
  const a = (await page.locator(from).boundingBox())!;
  const b = (await page.locator(to).boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

describe('editor in a real browser', () => {
  it('signs in, builds Webhook → Set by drag and drop, saves, runs and shows the output', async () => {
    onTestFailed(async () => {
      await shot('failure');
      console.log(`failure screenshot in ${ARTIFACTS}; browser errors: ${JSON.stringify(errors.unexpected([]))}`);
    });
    await page.goto(t.url);
    await page.fill('[data-test=signin-key]', 'wrong-key');
    await page.click('[data-test=signin-submit]');
    await page.waitForSelector('[data-test=signin-error]');

    await page.fill('[data-test=signin-key]', t.apiKey);
    await page.click('[data-test=signin-submit]');
    await page.click('[data-test=wf-create]');
    await page.waitForSelector('[data-test=palette-item][data-type="n8n-nodes-base.set"]');
    await page.fill('[data-test=wf-name]', 'E2E greeting');

    // The palette is grouped and searchable.
    await expect(page.locator('[data-test=palette-group][data-category=Triggers] [data-type="n8n-nodes-base.webhook"]').count()).resolves.toBe(1);

    await dropFromPalette('n8n-nodes-base.webhook', 200, 250);
    await dropFromPalette('n8n-nodes-base.set', 550, 250);
    await page.waitForSelector('[data-test=canvas-node][data-node-name="Edit Fields"]');
    await expect(page.locator('[data-test=canvas-node]').count()).resolves.toBe(2);

    await dragBetween('[data-test=canvas-node][data-node-name=Webhook] [data-test=handle-output]', '[data-test=canvas-node][data-node-name="Edit Fields"] [data-test=handle-input]');
    await page.waitForSelector('.vue-flow__edge[data-id="Webhook:0->Edit Fields:0"]', { state: 'attached' });

    // Parameters of the Set node through the generated parameter form.
    await page.click('[data-test=canvas-node][data-node-name="Edit Fields"]');
    await page.click('[data-test=node-settings] [data-test="param-assignments-add"]');
    await page.fill('[data-test="param-assignments.assignments[0].name"]', 'greeting');
    await page.fill('[data-test="param-assignments.assignments[0].value"]', '={{ "hello " + $json.body.who }}');
    const params = JSON.parse(await page.inputValue('[data-test=params-json]'));
    expect(params.assignments.assignments).toMatchObject([{ name: 'greeting', value: '={{ "hello " + $json.body.who }}', type: 'string' }]);
    await shot('built');

    // Automatic layout (ELK, loaded on demand) lines the flow up left to right, undoably.
    await page.click('[data-test=auto-layout]');
    // Dropped 350px apart; laid out one layer apart (node width 180 + 100 between layers + ports).
    await expect.poll(() => page.evaluate(() => {
      const x = (n: string) => Number(/translate\(([-\d.]+)px/.exec((document.querySelector(`.vue-flow__node[data-id="${n}"]`) as HTMLElement).style.transform)![1]);
      return Math.round(x('Edit Fields') - x('Webhook'));
    })).toBe(282);

    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=dirty]', { state: 'detached' });
    const list = await (await t.api('/api/v1/workflows?name=E2E')).json();
    expect(list.data).toHaveLength(1);
    const saved = list.data[0];
    expect(saved.nodes.map((n: { type: string }) => n.type).sort()).toEqual(['n8n-nodes-base.set', 'n8n-nodes-base.webhook']);
    expect(saved.connections.Webhook.main[0]).toEqual([{ node: 'Edit Fields', type: 'main', index: 0 }]);
    const pos = Object.fromEntries(saved.nodes.map((n: { name: string; position: [number, number] }) => [n.name, n.position]));
    expect(pos['Edit Fields'][0] - pos.Webhook[0]).toBe(282);
    expect(pos['Edit Fields'][1]).toBe(pos.Webhook[1]);

    await page.fill('[data-test=test-payload]', JSON.stringify([{ body: { who: 'field crew' } }]));
    await page.click('[data-test=run]');
    await page.waitForSelector('[data-test=run-status][data-status=success]');
    await page.waitForSelector('[data-test=canvas-node][data-node-name="Edit Fields"] [data-test=node-badge][data-status=success]');

    const out = JSON.parse((await page.textContent('[data-test=output-json][data-output="0"]'))!);
    expect(out).toEqual([{ greeting: 'hello field crew' }]);
    // Its input is what the Webhook passed on; both sides switch to a table.
    expect(JSON.parse((await page.textContent('[data-test=input-json][data-output="0"]'))!)).toEqual([{ body: { who: 'field crew' } }]);
    await page.click('[data-test=output-mode-table]');
    await expect(page.textContent('[data-test=output-table] [data-row="0"] [data-col=greeting]')).resolves.toBe('hello field crew');
    await page.click('[data-test=input-mode-table]');
    await expect(page.textContent('[data-test=input-table] [data-row="0"] [data-col=body]')).resolves.toBe('{"who":"field crew"}');
    await page.click('[data-test=output-mode-json]');
    await shot('ran');

    // A rename to a name already taken is refused with the reason; nothing changes.
    await page.fill('[data-test=node-name]', 'Webhook');
    await page.press('[data-test=node-name]', 'Enter');
    await expect(page.textContent('[data-test=name-error]')).resolves.toBe('A node named "Webhook" already exists.');
    await expect(page.locator('[data-test=canvas-node][data-node-name="Edit Fields"]').count()).resolves.toBe(1);
    await expect(page.locator('[data-test=dirty]').count()).resolves.toBe(0);
    await page.fill('[data-test=node-name]', 'Edit Fields');
    await page.press('[data-test=node-name]', 'Enter');

    // Listening for a test event: the editor shows the test URL; a call to it shows that run.
    await page.click('[data-test=listen]');
    const testUrl = (await page.textContent('[data-test=listen-url]'))!;
    expect(testUrl).toMatch(new RegExp(`^${t.url}/webhook-test/[0-9a-f-]{36}$`));
    // The listen request may still be on its way to the host: retry until the host takes the call.
    await expect.poll(async () => (await fetch(`${testUrl}?who=listener`)).status, { timeout: 5000 }).toBe(200);
    await page.waitForSelector('[data-test=listen-url]', { state: 'detached' });
    await page.click('[data-test=canvas-node][data-node-name=Webhook]');
    await expect.poll(async () => JSON.parse((await page.textContent('[data-test=output-json][data-output="0"]'))!)[0].query).toEqual({ who: 'listener' });
    await page.click('[data-test=canvas-node][data-node-name="Edit Fields"]');

    // Badges follow runs live over SSE, also a run the editor did not start itself.
    const apiRun = await t.api(`/api/v1/workflows/${saved.id}/run`, { method: 'POST', body: JSON.stringify({ input: [{ body: { who: 'a' } }, { body: { who: 'b' } }] }) });
    expect(apiRun.status).toBe(200);
    await page.waitForSelector('[data-test=canvas-node][data-node-name="Edit Fields"] [data-test=node-badge]:has-text("2 items")');

    // A failing node is highlighted with its message (the run saves the edit first); parameters as raw JSON.
    await page.locator('[data-test=params-json-section]').evaluate((d) => ((d as HTMLDetailsElement).open = true));
    await page.fill('[data-test=params-json]', JSON.stringify({ ...params, assignments: { assignments: [{ id: 'a1', name: 'greeting', value: '={{ $json.body.who.toUpperCase() }}', type: 'string' }] } }));
    await page.click('[data-test=params-apply]');
    await page.fill('[data-test=test-payload]', '[{ "body": {} }]');
    await page.click('[data-test=run]');
    await page.waitForSelector('[data-test=run-status][data-status=error]');
    await page.waitForSelector('[data-test=canvas-node][data-node-name="Edit Fields"].run-error [data-test=node-error]');
    await expect(page.textContent('[data-test=output-error]')).resolves.toMatch(/toUpperCase|undefined/);
    await shot('failed');

    // Bad paste changes nothing and says so.
    await page.click('[data-test=canvas]', { position: { x: 50, y: 50 } });
    await paste(page, '{ not json');
    await page.waitForSelector('[data-test=notice]:has-text("not valid JSON")');
    await expect(page.locator('[data-test=canvas-node]').count()).resolves.toBe(2);
    await expect(page.locator('[data-test=dirty]').count()).resolves.toBe(0);

    // A save the API refuses keeps the edits and shows the API's message.
    await paste(page, JSON.stringify({ nodes: [{ name: 'Ghost', type: 'n8n-nodes-base.doesNotExist', typeVersion: 1, position: [0, 0], parameters: {} }], connections: {} }));
    await page.waitForSelector('[data-test=canvas-node][data-node-name=Ghost]');
    await page.click('[data-test=save]');
    await expect(page.textContent('[data-test=save-error]')).resolves.toContain('unknown type "n8n-nodes-base.doesNotExist"');
    await page.waitForSelector('[data-test=dirty]');
    await expect(page.locator('[data-test=canvas-node]').count()).resolves.toBe(3);

    // Leaving with unsaved edits asks first; declining keeps the editor open.
    const dialogs: string[] = [];
    page.removeAllListeners('dialog');
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void (d.message().includes('unsaved') && dialogs.length === 1 ? d.dismiss() : d.accept());
    });
    await page.click('[data-test=nav-home]');
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toContain('unsaved changes');
    await expect(page.locator('[data-test=canvas-node][data-node-name=Ghost]').count()).resolves.toBe(1);
    await page.click('[data-test=nav-home]');
    await page.waitForSelector('[data-test=wf-row]');

    // Delete from the list after confirming.
    await page.click('[data-test=wf-row] [data-test=wf-delete]');
    await page.waitForSelector('[data-test=wf-row]', { state: 'detached' });
    expect(dialogs.at(-1)).toContain('Delete workflow "E2E greeting"');
    expect((await (await t.api('/api/v1/workflows')).json()).data).toHaveLength(0);
    await shot('deleted');
    // Nothing failed in the browser but what this test provoked (no missing favicon, no wrong path).
    expect(errors.unexpected([
      STARTUP_PROBE,
      { method: 'GET', path: '/api/v1/workflows?limit=1', status: 401, apiKey: 'wrong-key', why: 'the wrong sign-in key' },
      { method: 'PUT', path: `/api/v1/workflows/${saved.id}`, status: 400, why: 'the refused save of an unknown node type' },
    ])).toEqual([]);
  }, 60_000);

  it('opens straight to the workflow list behind a trusted ForwardAuth proxy', async () => {
    const proxied = await startTestHost({ GIGAFLOW_TRUSTED_PROXIES: '127.0.0.1' });
    const context = await browser.newContext({ extraHTTPHeaders: { 'X-Authentik-Email': 'tech@example.com' } });
    try {
      const p = await context.newPage();
      const proxiedErrors = watchErrors(p);
      await p.goto(proxied.url);
      await p.waitForSelector('[data-test=wf-create]', { timeout: 10_000 });
      expect(await p.locator('[data-test=signin-form]').count()).toBe(0);
      expect(await p.locator('[data-test=sign-out]').count()).toBe(0);
      // Signed in by the proxy: not even the start-up probe fails.
      expect(proxiedErrors.unexpected([])).toEqual([]);
    } finally {
      await context.close();
      await proxied.close();
    }
  }, 30_000);
});
