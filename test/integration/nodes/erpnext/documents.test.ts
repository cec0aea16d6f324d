// ERPNext node document operations against the fake Frappe, each in a real workflow run through
// the host's API: get, create (rows and JSON), update, delete, submit, cancel, count, per-item
// expressions with pairedItem, and continueOnFail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFieldService } from '../../../fakes/frappe/index.ts';
import { startErpEnv } from './setup.ts';
import type { ErpEnv } from './setup.ts';

const Y = 2026;
let env: ErpEnv;
beforeAll(async () => {
  env = await startErpEnv({ seed: seedFieldService({ year: Y }), now: () => new Date(`${Y}-03-05T15:00:00Z`) });
});
afterAll(() => env?.close());

const ok = async (parameters: Parameters<ErpEnv['run']>[0], opts?: Parameters<ErpEnv['run']>[1]) => {
  const r = await env.run(parameters, opts);
  if (r.record.status !== 'success') throw new Error(`run failed: ${JSON.stringify(r.error)}`);
  return r;
};

describe('ERPNext: get', () => {
  it('reads one document per input item, the name from an expression, paired with its item', async () => {
    const r = await ok(
      { operation: 'get', doctype: 'Issue', name: '={{ $json.ticket }}' },
      { input: [{ ticket: `ISS-${Y}-00002` }, { ticket: `ISS-${Y}-00001` }] },
    );
    expect(r.json.map((j) => [j.name, j.subject, j.doctype])).toEqual([
      [`ISS-${Y}-00002`, 'Wi-Fi slow upstairs', 'Issue'],
      [`ISS-${Y}-00001`, 'No internet since the storm', 'Issue'],
    ]);
    expect(r.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
    const sent = env.frappe.requests.filter((q) => q.path === `/api/resource/Issue/ISS-${Y}-00002`).at(-1)!;
    expect(sent.headers.authorization).toBe(`token ${env.frappe.apiKey}:${env.frappe.apiSecret}`);
    expect(sent.headers.accept).toBe('application/json');
  });

  it('returns child tables with the document', async () => {
    const r = await ok({ operation: 'get', doctype: 'Subscription', name: `ACC-SUB-${Y}-00001` });
    expect((r.json[0].plans as { plan: string }[]).map((p) => p.plan)).toEqual(['Fibre 500 Mbps', 'Mesh Wi-Fi Add-on']);
  });
});

describe('ERPNext: create and update', () => {
  it('creates from field rows, typing numbers by the catalog; ERPNext names it', async () => {
    const r = await ok({
      operation: 'create',
      doctype: 'Service Location',
      documentMode: 'fields',
      documentFields: {
        fields: [
          { fieldname: 'customer', value: 'Jean Dupont' },
          { fieldname: 'address_line', value: '={{ $json.street }}' },
          { fieldname: 'onu_id', value: '7' },
          { fieldname: 'latitude', value: '45.5' },
        ],
      },
    }, { input: [{ street: '12 Rue Rachel' }] });
    const created = r.json[0];
    expect(created.name).toMatch(/^SL-\d{5}$/);
    const stored = env.frappe.docs('Service Location').find((d) => d.name === created.name)!;
    expect(stored).toMatchObject({ customer: 'Jean Dupont', address_line: '12 Rue Rachel', onu_id: 7, latitude: 45.5, status: 'Pending' });
  });

  it('creates from JSON with a child table', async () => {
    const doc = { quotation_to: 'Customer', party_name: 'Jean Dupont', transaction_date: `${Y}-03-05`, items: [{ item_code: 'FIBRE-500', qty: 1, rate: 59.99 }] };
    const r = await ok({ operation: 'create', doctype: 'Quotation', documentMode: 'json', documentJson: JSON.stringify(doc) });
    expect(r.json[0].name).toMatch(new RegExp(`^SAL-QTN-${Y}-\\d{5}$`));
    expect((r.json[0].items as { item_code: string }[])[0].item_code).toBe('FIBRE-500');
    expect(r.json[0].docstatus).toBe(0);
  });

  it('updates only the fields sent', async () => {
    const name = `ISS-${Y}-00002`;
    const r = await ok({ operation: 'update', doctype: 'Issue', name, documentMode: 'fields', documentFields: { fields: [{ fieldname: 'status', value: 'On Hold' }] } });
    expect(r.json[0]).toMatchObject({ name, status: 'On Hold', subject: 'Wi-Fi slow upstairs' });
    expect(env.frappe.docs('Issue').find((d) => d.name === name)?.status).toBe('On Hold');
  });

  it('refuses an empty document before sending anything', async () => {
    const before = env.frappe.requests.length;
    const r = await env.run({ operation: 'create', doctype: 'Issue', documentMode: 'json', documentJson: '{}' });
    expect(r.record.status).toBe('error');
    expect(r.error).toMatchObject({ message: 'The document has no fields to send', parameter: 'documentJson' });
    expect(env.frappe.requests.length).toBe(before);
  });
});

describe('ERPNext: delete, submit, cancel, count', () => {
  it('deletes a document', async () => {
    const r = await ok({ operation: 'delete', doctype: 'Technician', name: 'TECH-0003' });
    expect(r.json).toEqual([{ doctype: 'Technician', name: 'TECH-0003', deleted: true }]);
    expect(env.frappe.docs('Technician').map((d) => d.name)).not.toContain('TECH-0003');
  });

  it('submits a draft and cancels it; the output shows docstatus 1 then 2', async () => {
    const draft = env.frappe.insert('Service Contract', { customer: 'Jean Dupont', plan: 'Fibre 500', start_date: `${Y}-03-01`, monthly_fee: 59.99 });
    const submitted = await ok({ operation: 'submit', doctype: 'Service Contract', name: String(draft.name) });
    expect(submitted.json[0]).toMatchObject({ name: draft.name, docstatus: 1 });
    const cancelled = await ok({ operation: 'cancel', doctype: 'Service Contract', name: String(draft.name) });
    expect(cancelled.json[0]).toMatchObject({ name: draft.name, docstatus: 2 });
    expect(env.frappe.docs('Service Contract').find((d) => d.name === draft.name)?.docstatus).toBe(2);
  });

  it('submitting a doctype that is not submittable shows the server message', async () => {
    const r = await env.run({ operation: 'submit', doctype: 'Issue', name: `ISS-${Y}-00003` });
    expect(r.record.status).toBe('error');
    expect(r.error?.message).toMatch(new RegExp(`^ERPNext could not submit Issue "ISS-${Y}-00003": .+ \\(417 \\w+\\)$`));
  });

  it('counts with filters through frappe.client.get_count', async () => {
    const r = await ok({ operation: 'count', doctype: 'Service Equipment', filterMode: 'rows', filters: { conditions: [{ field: 'equipment_type', operator: 'equals', value: 'ONT' }] } });
    expect(r.json).toEqual([{ doctype: 'Service Equipment', count: env.frappe.docs('Service Equipment').filter((d) => d.equipment_type === 'ONT').length }]);
    expect(r.json[0].count).toBe(4);
  });
});

describe('ERPNext: errors per item', () => {
  it('with continueOnFail a missing document becomes that item\'s {error}; the others go on', async () => {
    const r = await ok(
      { operation: 'get', doctype: 'Customer', name: '={{ $json.customer }}' },
      { input: [{ customer: 'Jean Dupont' }, { customer: 'Nobody Inc' }], node: { onError: 'continueRegularOutput' } },
    );
    expect(r.json[0].customer_name).toBe('Jean Dupont');
    expect(r.json[1].error).toMatchObject({ message: 'Customer "Nobody Inc" does not exist in ERPNext (404 DoesNotExistError)', httpCode: '404' });
    expect(r.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('without it the run fails naming the node, the document and the item', async () => {
    const r = await env.run({ operation: 'get', doctype: 'Customer', name: '={{ $json.customer }}' }, { input: [{ customer: 'Jean Dupont' }, { customer: 'Nobody Inc' }] });
    expect(r.record.status).toBe('error');
    expect(r.error).toMatchObject({ node: 'ERPNext', message: 'Customer "Nobody Inc" does not exist in ERPNext (404 DoesNotExistError)', httpCode: '404' });
  });
});
