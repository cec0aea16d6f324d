// Conformance of the fake Frappe's accounting controllers with ERPNext's behaviour: a Sales
// Invoice owes its grand total; submitting a Payment Entry against it lowers outstanding_amount
// and sets the status (Unpaid → Partly Paid → Paid, Overdue after the due date), cancelling the
// payment gives the amount back; allocations beyond the outstanding amount are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFieldService, startFakeFrappe } from '../../fakes/frappe/index.ts';
import type { FakeFrappe } from '../../fakes/frappe/index.ts';
import { call, messagesText } from './frappe-client.ts';

const NOW = new Date('2026-03-11T15:30:00Z');
let fake: FakeFrappe;
beforeAll(async () => {
  fake = await startFakeFrappe({ seed: seedFieldService({ year: 2026 }), now: () => NOW });
});
afterAll(() => fake.close());

const invoice = async (name: string) => (await call(fake, `/api/resource/Sales Invoice/${name}`)).body?.data as Record<string, unknown>;
const payment = (invoiceName: string, amount: number, allocated = amount, extra: Record<string, unknown> = {}) => ({
  payment_type: 'Receive',
  party_type: 'Customer',
  party: 'Boulangerie Tremblay',
  paid_amount: amount,
  reference_no: `evt_${invoiceName}_${amount}`,
  reference_date: '2026-03-11',
  references: [{ reference_doctype: 'Sales Invoice', reference_name: invoiceName, allocated_amount: allocated }],
  ...extra,
});

describe('Sales Invoice and Payment Entry', () => {
  it('seeded invoices carry their outstanding amount and a status from the site clock', async () => {
    expect(await invoice('ACC-SINV-2026-00001')).toMatchObject({ outstanding_amount: 0, status: 'Paid', docstatus: 1 });
    expect(await invoice('ACC-SINV-2026-00002')).toMatchObject({ outstanding_amount: 129.99, status: 'Unpaid', docstatus: 1 });
    expect(await invoice('ACC-SINV-2026-00004')).toMatchObject({ outstanding_amount: 89.99, status: 'Unpaid' });
    expect(await invoice('ACC-SINV-2026-00005')).toMatchObject({ outstanding_amount: 74.99, status: 'Draft', docstatus: 0 });
  });

  it('a submitted payment lowers the outstanding amount; a draft does not; cancelling gives it back', async () => {
    const draft = await call(fake, '/api/resource/Payment Entry', { method: 'POST', json: payment('ACC-SINV-2026-00002', 50) });
    expect(draft.status).toBe(200);
    expect(draft.body?.data).toMatchObject({ docstatus: 0, received_amount: 50, total_allocated_amount: 50, unallocated_amount: 0 });
    expect(await invoice('ACC-SINV-2026-00002')).toMatchObject({ outstanding_amount: 129.99, status: 'Unpaid' });

    const name = String((draft.body?.data as Record<string, unknown>).name);
    expect(name).toMatch(/^ACC-PAY-2026-\d{5}$/);
    expect((await call(fake, `/api/resource/Payment Entry/${name}`, { method: 'PUT', json: { docstatus: 1 } })).status).toBe(200);
    expect(await invoice('ACC-SINV-2026-00002')).toMatchObject({ outstanding_amount: 79.99, status: 'Partly Paid' });

    // Inserted already submitted (one request), over-paying: the rest stays unallocated.
    const rest = await call(fake, '/api/resource/Payment Entry', { method: 'POST', json: { ...payment('ACC-SINV-2026-00002', 100, 79.99), docstatus: 1 } });
    expect(rest.body?.data).toMatchObject({ docstatus: 1, total_allocated_amount: 79.99, unallocated_amount: 20.01 });
    expect(await invoice('ACC-SINV-2026-00002')).toMatchObject({ outstanding_amount: 0, status: 'Paid' });

    expect((await call(fake, `/api/resource/Payment Entry/${name}`, { method: 'PUT', json: { docstatus: 2 } })).status).toBe(200);
    expect(await invoice('ACC-SINV-2026-00002')).toMatchObject({ outstanding_amount: 50, status: 'Partly Paid' });
  });

  it('refuses allocations above the outstanding amount or the paid amount, and invoices of another customer', async () => {
    const over = await call(fake, '/api/resource/Payment Entry', { method: 'POST', json: payment('ACC-SINV-2026-00003', 200) });
    expect(over.status).toBe(417);
    expect(messagesText(over.body).join('\n')).toContain('Row #1: Allocated Amount cannot be greater than outstanding amount.');
    const beyondPaid = await call(fake, '/api/resource/Payment Entry', { method: 'POST', json: payment('ACC-SINV-2026-00003', 10, 20) });
    expect(messagesText(beyondPaid.body).join('\n')).toContain('Total allocated amount (20) is greater than paid amount (10).');
    const other = await call(fake, '/api/resource/Payment Entry', { method: 'POST', json: payment('ACC-SINV-2026-00004', 10) });
    expect(messagesText(other.body).join('\n')).toContain('is not associated with Customer');
    const missing = await call(fake, '/api/resource/Payment Entry', { method: 'POST', json: payment('ACC-SINV-2026-09999', 10) });
    expect(messagesText(missing.body).join('\n')).toContain('Could not find');
    expect(await invoice('ACC-SINV-2026-00003')).toMatchObject({ outstanding_amount: 129.99 });
  });

  it('an invoice past its due date is Overdue once submitted', async () => {
    const r = await call(fake, '/api/resource/Sales Invoice', { method: 'POST', json: { customer: 'Jean Dupont', posting_date: '2026-01-01', due_date: '2026-02-01', grand_total: 10, docstatus: 1 } });
    expect(r.body?.data).toMatchObject({ outstanding_amount: 10, status: 'Overdue' });
  });
});
