// The shipped field catalogs must match the site schema: the refresh script, run as a real
// process against the fake Frappe into a temporary folder, must write exactly the shipped files.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_DIR } from '../../../../nodes/erpnext/catalog.ts';
import { startFakeFrappe } from '../../../fakes/frappe/index.ts';
import type { FakeFrappe } from '../../../fakes/frappe/index.ts';

const NODE = join(process.cwd(), 'node_modules/.bin/node');
const SCRIPT = join(process.cwd(), 'nodes/erpnext/scripts/refresh-catalogs.ts');
let frappe: FakeFrappe;
let out: string;
beforeAll(async () => {
  frappe = await startFakeFrappe();
  out = mkdtempSync(join(tmpdir(), 'erpnext-catalogs-'));
});
afterAll(async () => {
  rmSync(out, { recursive: true, force: true });
  await frappe?.close();
});

// Async: the fake answers from this process, so the child must not block its event loop.
const refresh = (...args: string[]) => promisify(execFile)(NODE, [SCRIPT, ...args], { encoding: 'utf8' });
const files = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('ERPNext catalogs', () => {
  it('a refresh from the site writes exactly the shipped catalogs (child tables included)', async () => {
    const dir = join(out, 'all');
    const { stdout } = await refresh('--url', frappe.url, '--key', frappe.apiKey, '--secret', frappe.apiSecret, '--out', dir);
    expect(stdout.trim().split('\n')).toHaveLength(11);
    expect(files(dir)).toEqual(files(CATALOG_DIR));
    expect(files(dir)).toEqual([
      'customer.json', 'dispatch-job.json', 'issue.json', 'quotation-item.json', 'quotation.json', 'service-contract.json',
      'service-equipment.json', 'service-location.json', 'subscription-plan-detail.json', 'subscription.json', 'technician.json',
    ]);
    for (const f of files(dir)) expect(readFileSync(join(dir, f), 'utf8'), f).toBe(readFileSync(join(CATALOG_DIR, f), 'utf8'));
  });

  it('the catalogs hold the contract\'s fields, custom fields after their insert_after', () => {
    const read = (f: string) => JSON.parse(readFileSync(join(CATALOG_DIR, f), 'utf8'));
    expect(read('customer.json').fields.map((f: { fieldname: string }) => f.fieldname)).toEqual([
      'customer_name', 'customer_type', 'customer_group', 'territory', 'mobile_no', 'email_id', 'stripe_customer_id', 'disabled',
    ]);
    expect(read('service-equipment.json')).toMatchObject({ doctype: 'Service Equipment', module: 'Gigafibre', istable: 0, is_submittable: 0 });
    expect(read('service-contract.json').is_submittable).toBe(1);
    expect(read('quotation-item.json').istable).toBe(1);
    expect(read('issue.json').fields.find((f: { fieldname: string }) => f.fieldname === 'service_location')).toEqual({
      fieldname: 'service_location', label: 'Service Location', fieldtype: 'Link', options: 'Service Location', reqd: 0,
    });
  });

  it('--doctype limits the refresh (plus its child tables); bad keys fail with a readable message', async () => {
    const dir = join(out, 'one');
    await refresh('--url', frappe.url, '--key', frappe.apiKey, '--secret', frappe.apiSecret, '--out', dir, '--doctype', 'Subscription');
    expect(files(dir)).toEqual(['subscription-plan-detail.json', 'subscription.json']);
    const failed = await refresh('--url', frappe.url, '--key', frappe.apiKey, '--secret', 'wrong', '--out', join(out, 'bad')).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('401 from ') });
    expect((failed as { stderr: string }).stderr).toContain('check the API key and secret');
  });
});
