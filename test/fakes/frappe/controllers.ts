// The few controller behaviours of our doctypes that change what a client sees:
// ERPNext's Quotation totals and status, and the Gigafibre app's MAC normalisation on
// Service Equipment (the contract stores MACs as AA:BB:CC:DD:EE:FF).
import { bold, frappeThrow } from './errors.ts';
import type { Doc } from './site.ts';

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
export function runValidate(doctype: string, doc: Doc): void {
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

/** on_submit: a submitted Quotation is Open. */
export function runOnSubmit(doctype: string, doc: Doc): void {
  if (doctype === 'Quotation' && (!doc.status || doc.status === 'Draft')) doc.status = 'Open';
}

/** on_cancel: a cancelled Quotation is Cancelled. */
export function runOnCancel(doctype: string, doc: Doc): void {
  if (doctype === 'Quotation') doc.status = 'Cancelled';
}
