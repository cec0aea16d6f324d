// GET /api/v1/catalogs/erpnext[/:doctype]: the shipped ERPNext field catalogs the variable picker
// shows under an ERPNext Trigger, read from nodes/erpnext/catalogs/*.json.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost } from './helpers.ts';
import type { TestHost } from './helpers.ts';

const shipped = (file: string) => JSON.parse(readFileSync(new URL(`../../../nodes/erpnext/catalogs/${file}`, import.meta.url), 'utf8'));

let t: TestHost;
beforeAll(async () => {
  t = await startHost();
});
afterAll(() => t?.close());

describe('ERPNext catalogs API', () => {
  it('lists the doctypes that hold documents, without child tables', async () => {
    const res = await t.api('/catalogs/erpnext');
    expect(res.status).toBe(200);
    const names = res.body.data.map((d: { doctype: string }) => d.doctype);
    for (const d of ['Customer', 'Quotation', 'Service Contract', 'Issue', 'Subscription', 'Dispatch Job']) expect(names).toContain(d);
    expect(names).not.toContain('Quotation Item');
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
    expect(res.body.data.find((d: { doctype: string }) => d.doctype === 'Issue').module).toBe('Support');
  });

  it("gives one doctype's fields with fieldtype, then the standard fields", async () => {
    const res = await t.api('/catalogs/erpnext/Issue');
    expect(res.status).toBe(200);
    expect(res.body.doctype).toBe('Issue');
    const own = shipped('issue.json').fields;
    expect(res.body.fields.slice(0, own.length)).toEqual(own);
    expect(res.body.fields.find((f: { fieldname: string }) => f.fieldname === 'priority')).toMatchObject({ label: 'Priority', fieldtype: 'Select' });
    expect(res.body.fields.map((f: { fieldname: string }) => f.fieldname)).toContain('modified');
  });

  it("expands Table fields with their child doctype's fields", async () => {
    const res = await t.api(`/catalogs/erpnext/${encodeURIComponent('Quotation')}`);
    expect(res.status).toBe(200);
    const items = res.body.fields.find((f: { fieldtype: string }) => f.fieldtype === 'Table');
    expect(items.options).toBe('Quotation Item');
    expect(items.children).toEqual(shipped('quotation-item.json').fields);
  });

  it('answers 404 naming an unknown doctype', async () => {
    const res = await t.api(`/catalogs/erpnext/${encodeURIComponent('Sales Invoice')}`);
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('"Sales Invoice"');
    expect(res.body.message).toContain('Issue');
  });

  it('needs the API key', async () => {
    const res = await fetch(`${t.base}/api/v1/catalogs/erpnext/Issue`);
    expect(res.status).toBe(401);
  });
});
