// The few controller behaviours of our doctypes that change what a client sees:
// ERPNext's Quotation totals and status, Sales Invoice outstanding amount and status (lowered
// and raised again by submitting and cancelling a Payment Entry against it), and the Gigafibre
// app's MAC normalisation on Service Equipment (the contract stores MACs as AA:BB:CC:DD:EE:FF).
import { bold, frappeThrow } from './errors.ts';
import { findDoc } from './site.ts';
import type { Doc, Site } from './site.ts';

/** "aa-bb-cc-dd-ee-ff", "aabb.ccdd.eeff", "AABBCCDDEEFF" → "AA:BB:CC:DD:EE:FF"; undefined if not 12 hex digits. */
export function normalizeMac(value: unknown): string | undefined {
  const hex = String(value ?? '')
    .trim()
    .replace(/[\s:.-]/g, '');
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) return undefined;
  return hex.toUpperCase().match(/../g)!.join(':');
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** `validate` (runs on save and submit, before the mandatory checks). */
export function runValidate(doctype: string, doc: Doc, site?: Site): void {
  // A draft owes its grand total; so does one inserted already submitted (a seeded paid one says status Paid).
  if (doctype === 'Sales Invoice' && (doc.docstatus === 0 || (!Number(doc.outstanding_amount) && doc.status !== 'Paid'))) doc.outstanding_amount = round2(Number(doc.grand_total ?? 0));
  if (doctype === 'Payment Entry' && site) validatePaymentEntry(site, doc);
  if (doctype === 'Service Equipment' && doc.mac_address) {
    const mac = normalizeMac(doc.mac_address);
    if (!mac) frappeThrow(`Invalid MAC address ${bold(doc.mac_address)}: expected 12 hex digits, e.g. AA:BB:CC:DD:EE:FF`);
    doc.mac_address = mac;
  }
  if (doctype === 'Quotation') {
    // calculate_taxes_and_totals, without taxes or discounts.
    const items = (doc.items as Doc[] | undefined) ?? [];
    for (const item of items) item.amount = round2(Number(item.qty ?? 0) * Number(item.rate ?? 0));
    doc.grand_total = round2(items.reduce((sum, item) => sum + Number(item.amount ?? 0), 0));
    if (doc.valid_till && doc.transaction_date && String(doc.valid_till) < String(doc.transaction_date)) frappeThrow('Valid till date cannot be before transaction date');
  }
}

/** on_submit: a submitted Quotation is Open; a Sales Invoice gets its status; a Payment Entry pays its invoices. */
export function runOnSubmit(doctype: string, doc: Doc, site?: Site): void {
  if (doctype === 'Quotation' && (!doc.status || doc.status === 'Draft')) doc.status = 'Open';
  if (doctype === 'Sales Invoice' && site) doc.status = invoiceStatus(doc, site.clock.today());
  if (doctype === 'Payment Entry' && site) allocate(site, doc, -1);
}

/** on_cancel: a cancelled Quotation or Sales Invoice is Cancelled; a cancelled Payment Entry gives the amounts back. */
export function runOnCancel(doctype: string, doc: Doc, site?: Site): void {
  if (doctype === 'Quotation' || doctype === 'Sales Invoice') doc.status = 'Cancelled';
  if (doctype === 'Payment Entry' && site) allocate(site, doc, 1);
}

/** ERPNext's Sales Invoice get_status for a submitted invoice (no returns or discounting). */
function invoiceStatus(doc: Doc, today: string): string {
  const outstanding = Number(doc.outstanding_amount ?? 0);
  if (outstanding <= 0) return 'Paid';
  if (doc.due_date && String(doc.due_date) < today) return 'Overdue';
  return outstanding < Number(doc.grand_total ?? 0) ? 'Partly Paid' : 'Unpaid';
}

const referencesOf = (doc: Doc): Doc[] => (doc.references as Doc[] | undefined) ?? [];

/** Payment Entry.validate: received = paid by default, allocations within the invoices' outstanding and the paid amount. */
function validatePaymentEntry(site: Site, doc: Doc): void {
  if (!Number(doc.received_amount)) doc.received_amount = doc.paid_amount;
  let allocated = 0;
  for (const [i, row] of referencesOf(doc).entries()) {
    const amount = Number(row.allocated_amount ?? 0);
    if (row.reference_doctype !== 'Sales Invoice') continue;
    const invoice = findDoc(site, 'Sales Invoice', row.reference_name);
    if (!invoice) continue; // the link check names it
    if (invoice.docstatus !== 1) frappeThrow(`Sales Invoice ${bold(invoice.name)} must be submitted`);
    if (String(invoice.customer) !== String(doc.party)) frappeThrow(`Sales Invoice ${bold(invoice.name)} is not associated with Customer ${bold(doc.party)}`);
    if (amount > Number(invoice.outstanding_amount ?? 0)) frappeThrow(`Row #${i + 1}: Allocated Amount cannot be greater than outstanding amount.`);
    allocated += amount;
  }
  if (round2(allocated) > Number(doc.paid_amount ?? 0)) frappeThrow(`Total allocated amount (${round2(allocated)}) is greater than paid amount (${Number(doc.paid_amount ?? 0)}).`);
  doc.total_allocated_amount = round2(allocated);
  doc.unallocated_amount = round2(Number(doc.paid_amount ?? 0) - allocated);
}

/** update_outstanding_amounts: db_set on each referenced invoice (sign -1 on submit, +1 on cancel), then its status. */
function allocate(site: Site, doc: Doc, sign: 1 | -1): void {
  for (const row of referencesOf(doc)) {
    const invoice = row.reference_doctype === 'Sales Invoice' ? findDoc(site, 'Sales Invoice', row.reference_name) : undefined;
    if (!invoice) continue;
    invoice.outstanding_amount = round2(Number(invoice.outstanding_amount ?? 0) + sign * Number(row.allocated_amount ?? 0));
    invoice.status = invoiceStatus(invoice, site.clock.today());
    invoice.modified = site.clock.now();
  }
}
