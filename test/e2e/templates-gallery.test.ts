// Browser: the templates gallery (five cards with diagrams) and "Use template" end to end.
// payment-received is used through the walkthrough: the Stripe credential is picked from the
// stored ones, ERPNext and Twilio are created inline pointing at the fake Frappe and fake Twilio,
// the wizard writes them into every node that needs them and opens the editor. The copy is then
// activated and a Stripe event signed with the `stripe` library is POSTed to its webhook over real
// HTTP, as in test/integration/templates/payment-received.test.ts: the run succeeds and the fakes
// saw the Payment Entry and the SMS. A second walkthrough skips every step and is told which nodes
// still need a credential; a cancelled one leaves no workflow behind.
import { readdirSync } from 'node:fs';
import Stripe from 'stripe';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { seedFieldService, startFakeFrappe } from '../fakes/frappe/index.ts';
import type { FakeFrappe } from '../fakes/frappe/index.ts';
import { startFakeTwilio, VALID_TEST_FROM } from '../fakes/twilio/index.ts';
import type { FakeTwilio } from '../fakes/twilio/index.ts';
import { startTestHost } from '../helpers/host.ts';
import type { TestHost } from '../helpers/host.ts';
import { buildEditorOnce, launchBrowser, newPage, shot, signIn, STARTUP_PROBE, watchErrors } from './helpers.ts';

const TEMPLATE_COUNT = readdirSync(new URL('../../templates/', import.meta.url)).filter((f) => f.endsWith('.json')).length;
const SECRET = 'whsec_test_gallery_payment_0a1b2c3d4e5f';
const NOW = new Date('2026-03-11T15:30:00Z');
const BOULANGERIE = { stripe: 'cus_QfT7bK2mN4pL8x', name: 'Boulangerie Tremblay', mobile: '+14185550142' };

let t: TestHost;
let browser: Browser;
let page: Page;
let errors: ReturnType<typeof watchErrors>;
let frappe: FakeFrappe;
let twilio: FakeTwilio;
let stripeCredentialId: string;

type Json = Record<string, any>;
async function apiJson(path: string, method = 'GET', body?: unknown): Promise<Json> {
  const res = await t.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return res.status === 204 ? {} : ((await res.json()) as Json);
}

beforeAll(async () => {
  await buildEditorOnce();
  frappe = await startFakeFrappe({ seed: seedFieldService({ year: 2026 }), now: () => NOW });
  twilio = await startFakeTwilio();
  // The template texts from $vars.TWILIO_FROM.
  t = await startTestHost({ GIGAFLOW_VAR_TWILIO_FROM: VALID_TEST_FROM });
  browser = await launchBrowser();
  ({ page } = await newPage(browser));
  errors = watchErrors(page);
  // Stored before the walkthrough: its step offers it (and preselects it: the template's name).
  stripeCredentialId = (await apiJson('/api/v1/credentials', 'POST', { name: 'Stripe', type: 'stripeApi', data: { secretKey: 'sk_test_123', signatureSecret: SECRET } })).id;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await frappe?.close();
  await twilio?.close();
});

/** Fills the inline "new credential" form of the current step and saves it. */
async function createInline(name: string, fields: Record<string, string>): Promise<void> {
  await page.click('[data-test=wizard-create]');
  const form = page.locator('[data-test=wizard-step] [data-test=credential-form]');
  await form.waitFor();
  await form.locator('[data-test=credential-name]').fill(name);
  for (const [field, value] of Object.entries(fields)) await form.locator(`[data-test="credential-field-${field}"] input, input[data-test="credential-field-${field}"]`).first().fill(value);
  await form.locator('[data-test=credential-save]').click();
  await page.waitForSelector(`[data-test=wizard-candidate][data-credential-name="${name}"]:checked`);
}

const stepType = () => page.getAttribute('[data-test=wizard-step]', 'data-credential-type');

describe('templates gallery', () => {
  it('shows one card per template with its description and a diagram of its nodes', async () => {
    onTestFailed(() => shot(page, 'templates-gallery-failure'));
    await signIn(page, t);
    await page.click('[data-test=nav-templates]');
    await page.waitForSelector('[data-test=template-card]');
    expect(TEMPLATE_COUNT).toBe(5);
    await expect(page.locator('[data-test=template-card]').count()).resolves.toBe(TEMPLATE_COUNT);
    const { data: templates } = await apiJson('/api/v1/templates');
    for (const tpl of templates) {
      const card = page.locator(`[data-test=template-card][data-template-id="${tpl.id}"]`);
      await expect(card.locator('[data-test=template-name]').textContent()).resolves.toBe(tpl.name);
      await expect(card.locator('[data-test=template-description]').textContent()).resolves.toBe(tpl.description.en);
      // The diagram draws every node and every connection, and is visible (has a size).
      await expect(card.locator('[data-test=template-diagram] [data-test=diagram-node]').count()).resolves.toBe(tpl.nodes.length);
      await expect(card.locator('[data-test=template-diagram] [data-test=diagram-edge]').count()).resolves.toBe(tpl.connections.length);
      const size = await card.locator('[data-test=template-diagram]').boundingBox();
      expect(size!.width).toBeGreaterThan(200);
      expect(size!.height).toBeGreaterThan(100);
    }
    await page.locator('[data-test=template-card][data-template-id=tpl-payment-received] [data-test=template-diagram]').scrollIntoViewIfNeeded();
    await shot(page, 'templates-gallery');

    // French: the description from the file's meta, the card's words from the catalog.
    await page.selectOption('[data-test=locale-select]', 'fr');
    const pay = templates.find((x: Json) => x.id === 'tpl-payment-received');
    await expect(page.locator('[data-test=template-card][data-template-id=tpl-payment-received] [data-test=template-description]').textContent()).resolves.toBe(pay.description.fr);
    await expect(page.locator('[data-test=template-card][data-template-id=tpl-payment-received] [data-test=template-use]').textContent()).resolves.toContain('Utiliser le modèle');
    await page.selectOption('[data-test=locale-select]', 'en');
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  });

  it('"Use template" walks through the credentials, opens the editor, and the activated copy runs against the fakes', async () => {
    onTestFailed(() => shot(page, 'templates-use-failure'));
    const card = page.locator('[data-test=template-card][data-template-id=tpl-payment-received]');
    await card.locator('[data-test=template-use]').click();
    await page.waitForSelector('[data-test=use-template-wizard] [data-test=wizard-created]');

    // Step 1: Stripe, the stored credential preselected by name.
    expect(await stepType()).toBe('stripeApi');
    await expect(page.textContent('[data-test=wizard-step-count]')).resolves.toBe('Step 1 of 3');
    await expect(page.isChecked(`[data-test=wizard-candidate][value="${stripeCredentialId}"]`)).resolves.toBe(true);
    await page.click('[data-test=wizard-next]');

    // Step 2: ERPNext, none stored: created inline, pointing at the fake Frappe.
    expect(await stepType()).toBe('gigafibreErpNextApi');
    await page.waitForSelector('[data-test=wizard-none-stored]');
    await createInline('ERPNext', { baseUrl: frappe.url, apiKey: frappe.apiKey, apiSecret: frappe.apiSecret });
    await shot(page, 'templates-wizard-created-credential');
    await page.click('[data-test=wizard-next]');

    // Step 3: Twilio, created inline against the fake Twilio.
    expect(await stepType()).toBe('gigafibreTwilioApi');
    await createInline('Twilio', { accountSid: twilio.accountSid, authToken: twilio.authToken, apiBaseUrl: twilio.url });
    await expect(page.textContent('[data-test=wizard-next]')).resolves.toContain('Finish');
    await page.click('[data-test=wizard-next]');

    // The editor opens on the new copy with every credential assigned.
    await page.waitForSelector('[data-test=canvas] .vue-flow__viewport');
    const id = decodeURIComponent(/#\/workflow\/([^?]+)/.exec(page.url())![1]!);
    expect(id).not.toBe('tpl-payment-received');
    const wf = await apiJson(`/api/v1/workflows/${id}`);
    expect(wf).toMatchObject({ active: false, meta: { templateId: 'tpl-payment-received', templateCredsSetupCompleted: true } });
    const creds = await apiJson('/api/v1/credentials');
    const byName = (name: string) => creds.data.find((c: Json) => c.name === name);
    expect(byName('ERPNext').type).toBe('gigafibreErpNextApi');
    expect(byName('Twilio').type).toBe('gigafibreTwilioApi');
    for (const node of wf.nodes as Json[]) {
      for (const [type, ref] of Object.entries(node.credentials ?? {})) {
        const expected = { stripeApi: byName('Stripe'), gigafibreErpNextApi: byName('ERPNext'), gigafibreTwilioApi: byName('Twilio') }[type];
        expect(ref, `${node.name} ${type}`).toEqual({ id: expected.id, name: expected.name });
      }
    }
    // As the editor shows it: the node's credential selector holds the created credential.
    await page.click('[data-test=canvas-node][data-node-name="SMS Receipt"]');
    await page.waitForSelector('[data-test=node-settings] [data-test="param-credentials-gigafibreTwilioApi"]');
    await expect(page.inputValue('[data-test=node-settings] [data-test="param-credentials-gigafibreTwilioApi"]')).resolves.toBe(byName('Twilio').id);
    await shot(page, 'templates-used-in-editor');

    // Activated, its Stripe webhook called over real HTTP: the run succeeds against the fakes.
    await apiJson(`/api/v1/workflows/${id}/activate`, 'POST');
    const payload = JSON.stringify({
      id: 'evt_gallery_1',
      object: 'event',
      created: Math.floor(Date.now() / 1000),
      type: 'invoice.paid',
      data: { object: { id: 'in_gallery_1', object: 'invoice', customer: BOULANGERIE.stripe, amount_due: 12999, amount_paid: 12999, currency: 'cad', status: 'paid', metadata: { erpnext_invoice: 'ACC-SINV-2026-00003' } } },
    });
    const res = await fetch(`${t.url}/webhook/stripe/payment-received`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }) },
      body: payload,
    });
    expect(res.status).toBe(200);
    await expect.poll(async () => (await apiJson(`/api/v1/executions?workflowId=${id}`)).data.map((e: Json) => e.status), { timeout: 15_000 }).toEqual(['success']);
    const entries = frappe.docs('Payment Entry');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ party: BOULANGERIE.name, paid_amount: 129.99, reference_no: 'evt_gallery_1' });
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.messages[0]!.form).toMatchObject({ To: BOULANGERIE.mobile, From: VALID_TEST_FROM });
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  });

  it('skipped steps leave the nodes without a credential, and the wizard names them', async () => {
    onTestFailed(() => shot(page, 'templates-skip-failure'));
    await page.goto(`${t.url}/#/templates`);
    const card = page.locator('[data-test=template-card][data-template-id=tpl-qr-sticker-otp]');
    await card.locator('[data-test=template-use]').click();
    await page.waitForSelector('[data-test=wizard-step][data-credential-type=gigafibreErpNextApi]');
    // ERPNext exists now (created above) and is preselected; skip it anyway, and Twilio too.
    await page.click('[data-test=wizard-skip]');
    await page.waitForSelector('[data-test=wizard-step][data-credential-type=gigafibreTwilioApi]');
    await page.click('[data-test=wizard-skip]');
    await page.waitForSelector('[data-test=wizard-missing]');
    const { data: templates } = await apiJson('/api/v1/templates');
    const qr = templates.find((x: Json) => x.id === 'tpl-qr-sticker-otp');
    for (const need of qr.credentials) {
      const item = page.locator(`[data-test=wizard-missing] li[data-credential-type=${need.type}]`);
      for (const node of need.nodes) await expect(item.textContent()).resolves.toContain(node);
    }
    await shot(page, 'templates-wizard-skipped');
    await page.click('[data-test=wizard-open]');
    await page.waitForSelector('[data-test=canvas] .vue-flow__viewport');
    const id = decodeURIComponent(/#\/workflow\/([^?]+)/.exec(page.url())![1]!);
    const wf = await apiJson(`/api/v1/workflows/${id}`);
    expect(wf.meta).toMatchObject({ templateId: 'tpl-qr-sticker-otp', templateCredsSetupCompleted: false });
    // Still the template's placeholders: no credential id anywhere.
    for (const node of wf.nodes as Json[]) for (const ref of Object.values(node.credentials ?? {}) as Json[]) expect(ref.id || null).toBeNull();
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  });

  it('cancelling the walkthrough removes the copy it made', async () => {
    await page.goto(`${t.url}/#/templates`);
    const before = (await apiJson('/api/v1/workflows?limit=250')).data.length;
    await page.locator('[data-test=template-card][data-template-id=tpl-field-scan] [data-test=template-use]').click();
    await page.waitForSelector('[data-test=wizard-step]');
    expect((await apiJson('/api/v1/workflows?limit=250')).data.length).toBe(before + 1);
    await page.click('[data-test=wizard-cancel]');
    await page.waitForSelector('[data-test=use-template-wizard]', { state: 'detached' });
    expect((await apiJson('/api/v1/workflows?limit=250')).data.length).toBe(before);
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  });
});
