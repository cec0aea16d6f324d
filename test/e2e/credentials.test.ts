// Browser: the credentials screen against a real host and the fake Frappe site. An ERPNext API
// credential is created in the dialog and its connection tested (OK, then a wrong secret fails with
// the site's answer), saved, edited without retyping the secret (it keeps working), and deleted.
// All along, the secret never comes back: not from the API, not in the page, not in any response
// the browser received.
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import { startFakeFrappe } from '../fakes/frappe/index.ts';
import type { FakeFrappe } from '../fakes/frappe/index.ts';
import type { TestHost } from '../helpers/host.ts';
import { shot, signIn, startEditorSession, STARTUP_PROBE, watchErrors } from './helpers.ts';
import type { EditorSession } from './helpers.ts';

const API_KEY = 'e2e-key-4c81d07a';
const API_SECRET = 'e2e-secret-9f2b6d3e71';
const WRONG_SECRET = 'e2e-wrong-secret-5a0c44';

let session: EditorSession;
let t: TestHost;
let page: Page;
let errors: ReturnType<typeof watchErrors>;
let frappe: FakeFrappe;
/** Every response body the page received, with its URL. */
const received: { url: string; body: string }[] = [];

beforeAll(async () => {
  frappe = await startFakeFrappe({ users: [{ user: 'Administrator', apiKey: API_KEY, apiSecret: API_SECRET }] });
  session = await startEditorSession();
  ({ t, page, errors } = session);
  page.on('response', async (r) => {
    // Redirects and aborted loads have no body to read.
    const body = await r.text().catch(() => null);
    if (body !== null) received.push({ url: r.url(), body });
  });
}, 120_000);

afterAll(async () => {
  await session?.close();
  await frappe?.close();
});

const field = (name: string) => page.locator(`[data-test=credential-dialog] [data-test=credential-field-${name}]`);

async function testConnection(): Promise<{ status: string | null; text: string }> {
  await page.click('[data-test=credential-test]');
  const result = page.locator('[data-test=credential-test-result]');
  await result.waitFor();
  return { status: await result.getAttribute('data-status'), text: (await result.textContent()) ?? '' };
}

async function apiText(path: string): Promise<string> {
  const res = await t.api(`/api/v1${path}`);
  expect(res.status).toBe(200);
  return res.text();
}

describe('credentials screen', () => {
  it('creates, tests, edits and deletes an ERPNext credential; the secret never comes back', async () => {
    onTestFailed(() => shot(page, 'credentials-failure'));
    await signIn(page, t);
    await page.click('[data-test=nav-credentials]');
    await page.waitForSelector('[data-test=credential-empty]');

    // Create: the dialog takes the focus; the type is found by searching.
    await page.click('[data-test=credential-create]');
    await page.waitForSelector('[data-test=credential-dialog] [data-test=credential-type-search]:focus');
    await page.fill('[data-test=credential-type-search]', 'ERPNext');
    await expect(page.inputValue('[data-test=credential-type]')).resolves.toBe('gigafibreErpNextApi');
    await page.fill('[data-test=credential-name]', 'ERPNext fake site');
    await field('baseUrl').fill(frappe.url);
    await field('apiKey').fill(API_KEY);
    await field('apiSecret').fill(API_SECRET);
    await expect(field('apiSecret').getAttribute('type')).resolves.toBe('password');
    await expect(testConnection()).resolves.toEqual({ status: 'ok', text: 'Connection successful' });

    // A wrong secret: the test fails with what the site answered.
    await field('apiSecret').fill(WRONG_SECRET);
    const failed = await testConnection();
    expect(failed.status).toBe('error');
    expect(failed.text).toMatch(/^Connection failed: Authorization failed/);
    expect(failed.text).toContain('HTTP 401');
    expect(failed.text).toContain('frappe.exceptions.AuthenticationError');
    await shot(page, 'credentials-test-failed');

    await field('apiSecret').fill(API_SECRET);
    await page.click('[data-test=credential-save]');
    await page.waitForSelector('[data-test=credential-dialog]', { state: 'detached' });
    const row = page.locator('[data-test=credential-row][data-credential-name="ERPNext fake site"]');
    await expect(row.locator('[data-test=credential-type-cell]').textContent()).resolves.toBe('ERPNext API (Gigafibre)');
    const id = (await row.getAttribute('data-credential-id'))!;
    await expect(page.textContent('[data-test=credential-notice]')).resolves.toBe('Saved “ERPNext fake site”.');

    // Search narrows the list.
    await page.fill('[data-test=credential-search]', 'nothing like it');
    await page.waitForSelector('[data-test=credential-no-match]');
    await page.fill('[data-test=credential-search]', 'erpnext api');
    await row.waitFor();

    // Edit: the secret is not in the form (only "stored"), the URL is; a rename without retyping
    // the secret still connects, before and after saving.
    await row.locator('[data-test=credential-edit]').click();
    await field('baseUrl').waitFor();
    await expect(field('baseUrl').inputValue()).resolves.toBe(frappe.url);
    for (const name of ['apiKey', 'apiSecret']) {
      await expect(field(name).inputValue()).resolves.toBe('');
      await expect(field(name).getAttribute('placeholder')).resolves.toBe('Stored — type to replace');
    }
    await shot(page, 'credentials-edit');
    await page.fill('[data-test=credential-name]', 'ERPNext fake site (renamed)');
    await expect(testConnection()).resolves.toEqual({ status: 'ok', text: 'Connection successful' });
    await page.click('[data-test=credential-save]');
    await page.waitForSelector('[data-test=credential-dialog]', { state: 'detached' });
    await page.waitForSelector('[data-test=credential-row][data-credential-name="ERPNext fake site (renamed)"]');
    await page.locator('[data-test=credential-row] [data-test=credential-edit]').click();
    await field('apiSecret').waitFor();
    await expect(testConnection()).resolves.toEqual({ status: 'ok', text: 'Connection successful' });
    const stored = await (await t.api(`/api/v1/credentials/${id}/test`, { method: 'POST' })).json();
    expect(stored).toEqual({ status: 'OK', message: 'Connection successful' });

    // Escape cancels the dialog.
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-test=credential-dialog]', { state: 'detached' });
    await shot(page, 'credentials-list');

    // The secrets never came back: API, page, and every response of the session.
    const html = await page.content();
    const bodies = [await apiText('/credentials'), await apiText(`/credentials/${id}`), await apiText(`/credentials/${id}?includeData=true`), html, ...received.map((r) => r.body)];
    expect(received.some((r) => r.url.includes('/api/v1/credentials?') || r.url.endsWith('/api/v1/credentials'))).toBe(true);
    expect(received.some((r) => r.url.endsWith(`/api/v1/credentials/${id}?includeData=true`))).toBe(true);
    expect(html).toContain('ERPNext fake site (renamed)');
    for (const body of bodies) for (const secret of [API_SECRET, WRONG_SECRET, API_KEY]) expect(body).not.toContain(secret);

    // Delete, after confirming; the question names the workflow that still uses the credential.
    const node = { id: 'n1', name: 'Find Customer', type: 'n8n-nodes-gigafibre.erpNext', typeVersion: 1, position: [0, 0], parameters: {}, credentials: { gigafibreErpNextApi: { id, name: 'ERPNext fake site' } } };
    expect((await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify({ name: 'Sync customers', nodes: [node], connections: {} }) })).status).toBe(201);
    await page.locator('[data-test=credential-row] [data-test=credential-delete]').click();
    await page.waitForSelector('[data-test=credential-delete-question]:has-text("Still used by: Sync customers")');
    await page.click('[data-test=credential-delete-cancel]');
    await page.locator('[data-test=credential-row] [data-test=credential-delete]').click();
    await page.waitForSelector('[data-test=credential-delete-question]:has-text("Still used by")');
    await shot(page, 'credentials-delete-confirm');
    await page.click('[data-test=credential-delete-confirm]');
    await page.waitForSelector('[data-test=credential-empty]');
    expect((await t.api(`/api/v1/credentials/${id}`)).status).toBe(404);

    // In French: the screen and the dialog.
    await page.selectOption('[data-test=locale-select]', 'fr');
    await page.waitForSelector('[data-test=credential-empty]:has-text("Aucun identifiant pour l’instant.")');
    await expect(page.textContent('[data-test=credential-notice]')).resolves.toBe('« ERPNext fake site (renamed) » supprimé.');
    await page.click('[data-test=credential-create]');
    await page.fill('[data-test=credential-type-search]', 'erpnext');
    await page.waitForSelector('[data-test=credential-dialog] h2:has-text("Nouvel identifiant")');
    await expect(page.textContent('[data-test=credential-test]')).resolves.toContain('Tester la connexion');
    await expect(page.inputValue('[data-test=credential-name]')).resolves.toBe('Compte ERPNext API (Gigafibre)');
    await shot(page, 'credentials-dialog-fr');
    await page.click('[data-test=credential-cancel]');
    await page.waitForSelector('[data-test=credential-dialog]', { state: 'detached' });
    await page.selectOption('[data-test=locale-select]', 'en');

    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  }, 90_000);
});
