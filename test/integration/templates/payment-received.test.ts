// templates/payment-received.json end to end, through the real host: the named credentials
// ("Stripe", "ERPNext", "Twilio") created over the REST API, the template FILE imported and
// activated, then Stripe events signed with the `stripe` library POSTed to
// /webhook/stripe/payment-received as Stripe does. The fake Frappe (seeded customers with
// stripe_customer_id, submitted Sales Invoices) and the fake Twilio record the side effects.
import { readFileSync } from 'node:fs';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFieldService, startFakeFrappe } from '../../fakes/frappe/index.ts';
import type { FakeFrappe } from '../../fakes/frappe/index.ts';
import { startFakeTwilio, VALID_TEST_FROM } from '../../fakes/twilio/index.ts';
import type { FakeTwilio } from '../../fakes/twilio/index.ts';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';

const TEMPLATE = readFileSync(new URL('../../../templates/payment-received.json', import.meta.url), 'utf8');
const SECRET = 'whsec_test_payment_received_0c1d2e3f4a5b6c7d';
const NOW = new Date('2026-03-11T15:30:00Z');
const BOULANGERIE = { stripe: 'cus_QfT7bK2mN4pL8x', name: 'Boulangerie Tremblay', mobile: '+14185550142' };
const GAGNON = { stripe: 'cus_QfT8cL3nO5qM9y', name: 'Marie-Ève Gagnon', mobile: '+14185550199' };

let t: TestHost;
let frappe: FakeFrappe;
let twilio: FakeTwilio;
let workflowId: string;

async function apiJson(path: string, method: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await t.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

interface EventOpts { id: string; customer: string | null; amount: number; metadata?: Record<string, string>; invoice?: string }

/** A Stripe event as Stripe serialises it (2-space indent, its own key order). */
function invoicePaid(o: EventOpts): string {
  const object = { id: `in_${o.id}`, object: 'invoice', customer: o.customer, amount_due: o.amount, amount_paid: o.amount, currency: 'cad', status: 'paid', metadata: o.metadata ?? {} };
  return JSON.stringify({ id: o.id, object: 'event', api_version: '2026-10-28.endive', created: Math.floor(NOW.getTime() / 1000), type: 'invoice.paid', data: { object } }, null, 2);
}

function paymentSucceeded(o: EventOpts): string {
  const object = { id: `pi_${o.id}`, object: 'payment_intent', customer: o.customer, amount: o.amount, amount_received: o.amount, currency: 'cad', status: 'succeeded', metadata: o.metadata ?? {}, ...(o.invoice ? { invoice: o.invoice } : {}) };
  return JSON.stringify({ id: o.id, object: 'event', created: Math.floor(NOW.getTime() / 1000), type: 'payment_intent.succeeded', data: { object } }, null, 2);
}

const sign = (payload: string, secret = SECRET) => Stripe.webhooks.generateTestHeaderString({ payload, secret });
const deliver = (payload: string, signature = sign(payload)) =>
  fetch(`${t.url}/webhook/stripe/payment-received`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature }, body: payload });

interface ExecutionSummary { id: string; status: string }
const executions = async () => ((await apiJson(`/api/v1/executions?workflowId=${workflowId}&limit=100`, 'GET')).data as ExecutionSummary[]);
/** Waits until `count` executions have finished, and returns the newest one's full record. */
async function finishedRun(count: number) {
  await expect.poll(async () => (await executions()).filter((e) => e.status !== 'running' && e.status !== 'new').length, { timeout: 10_000 }).toBe(count);
  const [newest] = await executions();
  return (await t.host.storage.executions.get(newest!.id))!;
}

const payments = () => frappe.docs('Payment Entry');
const invoice = (name: string) => frappe.docs('Sales Invoice').find((d) => d.name === name)!;
let runs = 0;

beforeAll(async () => {
  frappe = await startFakeFrappe({ seed: seedFieldService({ year: 2026 }), now: () => NOW });
  twilio = await startFakeTwilio();
  t = await startTestHost({ GIGAFLOW_VAR_TWILIO_FROM: VALID_TEST_FROM });
  await apiJson('/api/v1/credentials', 'POST', { name: 'Stripe', type: 'stripeApi', data: { secretKey: 'sk_test_123', signatureSecret: SECRET } });
  await apiJson('/api/v1/credentials', 'POST', { name: 'ERPNext', type: 'gigafibreErpNextApi', data: { baseUrl: frappe.url, apiKey: frappe.apiKey, apiSecret: frappe.apiSecret } });
  await apiJson('/api/v1/credentials', 'POST', { name: 'Twilio', type: 'gigafibreTwilioApi', data: { authType: 'authToken', accountSid: twilio.accountSid, authToken: twilio.authToken, apiBaseUrl: twilio.url } });
  const imported = await apiJson('/api/v1/workflows/import?activate=true', 'POST', JSON.parse(TEMPLATE));
  workflowId = String((imported.data as Array<{ id: string }>)[0]!.id);
});

afterAll(async () => {
  await t?.close();
  await frappe?.close();
  await twilio?.close();
});

describe('payment received: Stripe → ERPNext Payment Entry → SMS receipt', () => {
  it('the template is stored under its fixed id and active', () => {
    expect(workflowId).toBe('tpl-payment-received');
  });

  it('invoice.paid naming an invoice in metadata.erpnext_invoice pays that invoice and texts a receipt', async () => {
    const res = await deliver(invoicePaid({ id: 'evt_paid_named', customer: BOULANGERIE.stripe, amount: 12999, metadata: { erpnext_invoice: 'ACC-SINV-2026-00003' } }));
    expect(res.status).toBe(200);
    expect((await finishedRun(++runs)).status).toBe('success');

    expect(payments()).toHaveLength(1);
    const [entry] = payments();
    expect(entry).toMatchObject({ docstatus: 1, payment_type: 'Receive', party_type: 'Customer', party: BOULANGERIE.name, paid_amount: 129.99, received_amount: 129.99, reference_no: 'evt_paid_named', reference_date: '2026-03-11', mode_of_payment: 'Stripe', unallocated_amount: 0 });
    expect(entry!.references).toEqual([expect.objectContaining({ reference_doctype: 'Sales Invoice', reference_name: 'ACC-SINV-2026-00003', allocated_amount: 129.99 })]);
    // The named invoice is paid; the older unpaid one is untouched.
    expect(invoice('ACC-SINV-2026-00003')).toMatchObject({ outstanding_amount: 0, status: 'Paid' });
    expect(invoice('ACC-SINV-2026-00002')).toMatchObject({ outstanding_amount: 129.99, status: 'Unpaid' });

    expect(twilio.messages).toHaveLength(1);
    expect(twilio.messages[0]!.form).toMatchObject({ To: BOULANGERIE.mobile, From: VALID_TEST_FROM });
    expect(twilio.messages[0]!.form.Body).toBe(`Gigafibre: payment of 129.99 CAD received for invoice ACC-SINV-2026-00003, thank you! Receipt ${String(entry!.name)}.`);
  });

  it('payment_intent.succeeded without metadata pays the oldest unpaid invoice (partly)', async () => {
    const res = await deliver(paymentSucceeded({ id: 'evt_pi_oldest', customer: GAGNON.stripe, amount: 5000 }));
    expect(res.status).toBe(200);
    expect((await finishedRun(++runs)).status).toBe('success');
    expect(payments()).toHaveLength(2);
    expect(payments()[1]).toMatchObject({ party: GAGNON.name, paid_amount: 50, reference_no: 'evt_pi_oldest', references: [expect.objectContaining({ reference_name: 'ACC-SINV-2026-00004', allocated_amount: 50 })] });
    expect(invoice('ACC-SINV-2026-00004')).toMatchObject({ outstanding_amount: 39.99, status: 'Partly Paid' });
    expect(twilio.messages).toHaveLength(2);
    expect(twilio.messages[1]!.form).toMatchObject({ To: GAGNON.mobile, Body: expect.stringContaining('payment of 50.00 CAD received for invoice ACC-SINV-2026-00004') });

    // The Boulangerie's oldest invoice is paid already, so the next oldest unpaid one is chosen.
    await deliver(paymentSucceeded({ id: 'evt_pi_skip_paid', customer: BOULANGERIE.stripe, amount: 2000 }));
    expect((await finishedRun(++runs)).status).toBe('success');
    expect(payments()[2]).toMatchObject({ references: [expect.objectContaining({ reference_name: 'ACC-SINV-2026-00002', allocated_amount: 20 })] });
    expect(invoice('ACC-SINV-2026-00001')).toMatchObject({ outstanding_amount: 0, status: 'Paid' });
  });

  it('a redelivered event answers 200 and changes nothing: no second Payment Entry, no second SMS', async () => {
    const before = { payments: payments().length, sms: twilio.messages.length, outstanding: invoice('ACC-SINV-2026-00004').outstanding_amount };
    const writes = () => frappe.requests.filter((r) => r.method !== 'GET').length;
    const writesBefore = writes();
    // Stripe re-signs a retry (new timestamp) but the event, and its id, are the same.
    const res = await deliver(paymentSucceeded({ id: 'evt_pi_oldest', customer: GAGNON.stripe, amount: 5000 }));
    expect(res.status).toBe(200);
    const run = await finishedRun(++runs);
    expect(run.status).toBe('success');
    expect(Object.keys(run.runData)).toContain('Duplicate Event');
    expect(Object.keys(run.runData)).not.toContain('Record Payment');
    expect(payments()).toHaveLength(before.payments);
    expect(twilio.messages).toHaveLength(before.sms);
    expect(invoice('ACC-SINV-2026-00004').outstanding_amount).toBe(before.outstanding);
    expect(writes()).toBe(writesBefore);
  });

  it('an unknown Stripe customer: Stripe already has its 200, the run fails naming the customer, nothing is written', async () => {
    const before = { payments: payments().length, sms: twilio.messages.length };
    const res = await deliver(invoicePaid({ id: 'evt_unknown_customer', customer: 'cus_NoSuchCustomer01', amount: 4999 }));
    expect(res.status).toBe(200);
    const run = await finishedRun(++runs);
    expect(run.status).toBe('error');
    expect(run.error?.message).toBe(
      'Unknown Stripe customer: no ERPNext Customer has Stripe Customer ID cus_NoSuchCustomer01 (Stripe event evt_unknown_customer). Set stripe_customer_id on the customer, then resend the event from the Stripe Dashboard.',
    );
    expect(payments()).toHaveLength(before.payments);
    expect(twilio.messages).toHaveLength(before.sms);
  });

  it('an event without a customer fails saying so', async () => {
    const before = payments().length;
    expect((await deliver(paymentSucceeded({ id: 'evt_guest', customer: null, amount: 1500 }))).status).toBe(200);
    const run = await finishedRun(++runs);
    expect(run.status).toBe('error');
    expect(run.error?.message).toBe('The Stripe event evt_guest (payment_intent.succeeded) names no customer, so the payment cannot be matched to an ERPNext Customer. Record it by hand.');
    expect(payments()).toHaveLength(before);
  });

  it('no unpaid invoice to pay: the run fails saying so, nothing is written', async () => {
    const before = { payments: payments().length, sms: twilio.messages.length };
    await deliver(invoicePaid({ id: 'evt_paid_twice', customer: BOULANGERIE.stripe, amount: 12999, metadata: { erpnext_invoice: 'ACC-SINV-2026-00003' } }));
    const run = await finishedRun(++runs);
    expect(run.status).toBe('error');
    expect(run.error?.message).toBe(
      'Sales Invoice ACC-SINV-2026-00003 (from the Stripe metadata erpnext_invoice) is not an unpaid, submitted invoice of Boulangerie Tremblay for the Stripe payment of 129.99 CAD (event evt_paid_twice). Nothing was recorded; record it by hand in ERPNext.',
    );
    expect(payments()).toHaveLength(before.payments);
    expect(twilio.messages).toHaveLength(before.sms);
  });

  it('a PaymentIntent that pays a Stripe invoice is left to invoice.paid, so one payment is recorded once', async () => {
    const before = payments().length;
    const res = await deliver(paymentSucceeded({ id: 'evt_pi_of_invoice', customer: GAGNON.stripe, amount: 3999, invoice: 'in_123' }));
    expect(res.status).toBe(200);
    const run = await finishedRun(++runs);
    expect(run.status).toBe('success');
    expect(Object.keys(run.runData)).not.toContain('Already Recorded?');
    expect(payments()).toHaveLength(before);
  });

  it('an invalid signature is refused with 400 and nothing runs', async () => {
    const before = { payments: payments().length, sms: twilio.messages.length, runs: (await executions()).length };
    const payload = invoicePaid({ id: 'evt_forged', customer: BOULANGERIE.stripe, amount: 12999 });
    const forged = await deliver(payload, sign(payload, 'whsec_someone_else'));
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ error: 'invalid_signature' });
    const tampered = await deliver(payload.replace('12999', '1'), sign(payload));
    expect(tampered.status).toBe(400);
    expect((await executions()).length).toBe(before.runs);
    expect(payments()).toHaveLength(before.payments);
    expect(twilio.messages).toHaveLength(before.sms);
  });
});
