// ERPNext Call Method, Get DocType Fields, Find Equipment Owner and the loadOptions dropdowns,
// against the fake Frappe through a real host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFieldService } from '../../../fakes/frappe/index.ts';
import { CRED_TYPE, ERP_TYPE, TRIGGER_TYPE, startErpEnv } from './setup.ts';
import type { ErpEnv } from './setup.ts';

let env: ErpEnv;
const calls: { args: Record<string, unknown>; user: string }[] = [];
beforeAll(async () => {
  env = await startErpEnv({ seed: seedFieldService({ year: 2026 }) });
  env.frappe.method('gigafibre.api.outage_summary', (args, ctx) => {
    calls.push({ args, user: ctx.user });
    return { olt: args.olt, customers: 3, since: args.since ?? null };
  });
  env.frappe.method('gigafibre.api.olt_ports', () => [{ port: '0/1/3' }, { port: '0/2/1' }, 'spare']);
  env.frappe.method('gigafibre.api.reboot_count', () => 42, { methods: ['POST'] });
});
afterAll(() => env?.close());

const ok = async (parameters: Parameters<ErpEnv['run']>[0], opts?: Parameters<ErpEnv['run']>[1]) => {
  const r = await env.run(parameters, opts);
  if (r.record.status !== 'success') throw new Error(`run failed: ${JSON.stringify(r.error)}`);
  return r;
};

describe('ERPNext: Call Method', () => {
  it('GET sends arguments in the query; an object message is the item', async () => {
    const r = await ok({ operation: 'callMethod', methodName: 'gigafibre.api.outage_summary', requestMethod: 'GET', arguments: { values: [{ name: 'olt', value: '={{ $json.olt }}' }] } }, { input: [{ olt: 'OLT-QC-01' }] });
    expect(r.json).toEqual([{ olt: 'OLT-QC-01', customers: 3, since: null }]);
    const req = env.frappe.requests.at(-1)!;
    expect([req.method, req.path, req.query]).toEqual(['GET', '/api/method/gigafibre.api.outage_summary', { olt: 'OLT-QC-01' }]);
    expect(calls.at(-1)?.user).toBe('Administrator');
  });

  it('POST sends a JSON body; a list message gives one item per element; a scalar is {message}', async () => {
    const list = await ok({ operation: 'callMethod', methodName: 'gigafibre.api.olt_ports', requestMethod: 'POST', argumentsMode: 'json', argumentsJson: '{"olt": "OLT-QC-01", "ports": [1, 2]}' });
    expect(list.json).toEqual([{ port: '0/1/3' }, { port: '0/2/1' }, { value: 'spare' }]);
    expect(env.frappe.requests.at(-1)?.body).toEqual({ olt: 'OLT-QC-01', ports: [1, 2] });
    const scalar = await ok({ operation: 'callMethod', methodName: 'gigafibre.api.reboot_count' });
    expect(scalar.json).toEqual([{ message: 42 }]);
  });

  it('frappe.client methods work too, and an unknown method shows the server message', async () => {
    const r = await ok({ operation: 'callMethod', methodName: 'frappe.client.get_value', requestMethod: 'GET', argumentsMode: 'json', argumentsJson: '{"doctype": "Customer", "filters": {"customer_name": "Jean Dupont"}, "fieldname": "territory"}' });
    expect(r.json).toEqual([{ territory: 'Montréal' }]);
    const bad = await env.run({ operation: 'callMethod', methodName: 'gigafibre.api.nope' });
    expect(bad.error?.message).toMatch(/^ERPNext could not run method "gigafibre\.api\.nope": .*gigafibre\.api\.nope.* \(417 ValidationError\)$/);
  });
});

describe('ERPNext: Get DocType Fields', () => {
  it('gives the catalog, custom fields included, as the shipped catalog has it', async () => {
    const r = await ok({ operation: 'getDocTypeFields', doctype: 'Customer' });
    expect(r.json[0]).toMatchObject({ doctype: 'Customer', module: 'Selling', istable: 0, is_submittable: 0 });
    const fields = r.json[0].fields as { fieldname: string }[];
    expect(fields.map((f) => f.fieldname)).toContain('stripe_customer_id');
    const { catalogFor } = await import('../../../../nodes/erpnext/catalog.ts');
    expect(r.json[0]).toEqual(catalogFor('Customer'));
  });

  it('one item per field, or the raw DocType; an unknown doctype is named', async () => {
    const perField = await ok({ operation: 'getDocTypeFields', doctype: 'Service Equipment', metaOutput: 'fields' });
    expect(perField.json.find((f) => f.fieldname === 'mac_address')).toEqual({ doctype: 'Service Equipment', fieldname: 'mac_address', label: 'MAC Address', fieldtype: 'Data', options: null, reqd: 0 });
    const raw = await ok({ operation: 'getDocTypeFields', doctype: 'Service Equipment', metaOutput: 'raw' });
    expect(raw.json[0]).toMatchObject({ name: 'Service Equipment', autoname: 'SE-.#####' });
    const missing = await env.run({ operation: 'getDocTypeFields', doctype: 'Service Equipement' });
    expect(missing.error?.message).toBe('DocType "Service Equipement" does not exist in ERPNext (404 DoesNotExistError)');
  });
});

describe('ERPNext: Find Equipment Owner', () => {
  it('finds the customer by MAC in any spelling, or by serial', async () => {
    for (const mac of ['e0-19-54-a1-b2-c3', 'e01954a1b2c3', 'E0:19:54:A1:B2:C3', 'e019.54a1.b2c3']) {
      const r = await ok({ operation: 'findEquipmentOwner', searchBy: 'mac', macAddress: mac });
      expect(r.json[0].customer).toMatchObject({ name: 'Boulangerie Tremblay', stripe_customer_id: 'cus_QfT7bK2mN4pL8x' });
      expect(r.json[0].serviceLocation).toMatchObject({ name: 'SL-00001', olt_name: 'OLT-QC-01', pon_port: '0/1/3' });
      expect(r.json[0].equipment).toMatchObject({ name: 'SE-00001', serial_no: 'ZTEGC8A1B2C3' });
    }
    expect(JSON.parse(env.frappe.requests.filter((q) => q.path === '/api/resource/Service Equipment').at(-1)!.query.filters)).toEqual([['mac_address', '=', 'E0:19:54:A1:B2:C3']]);
    const bySerial = await ok({ operation: 'findEquipmentOwner', searchBy: 'serial', serialNo: 'AMNT00451277' });
    expect((bySerial.json[0].customer as { name: string }).name).toBe('Jean Dupont');
  });

  it('says plainly when the MAC is malformed, unknown, or the equipment is not installed anywhere', async () => {
    const malformed = await env.run({ operation: 'findEquipmentOwner', macAddress: 'e0:19:54' });
    expect(malformed.error).toMatchObject({ message: '"e0:19:54" is not a MAC address', parameter: 'macAddress' });
    const unknown = await env.run({ operation: 'findEquipmentOwner', macAddress: '00-11-22-33-44-55' });
    expect(unknown.error?.message).toBe('No Service Equipment with MAC address 00:11:22:33:44:55 in ERPNext');
    const inStock = await env.run({ operation: 'findEquipmentOwner', macAddress: 'e0:19:54:77:88:99' });
    expect(inStock.error?.message).toBe('Service Equipment SE-00006 (MAC address E0:19:54:77:88:99) is not linked to a Service Location');
    expect(inStock.error?.description).toContain('In Stock');
  });
});

describe('ERPNext loadOptions', () => {
  const load = async (type: string, body: object) => {
    const res = await env.t.api(`/api/v1/node-types/${type}/load-options`, { method: 'POST', body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { data?: { name: string; value: string; description?: string }[]; message?: string } };
  };
  const credentials = () => ({ [CRED_TYPE]: { id: env.credId, name: 'erp admin' } });

  it('doctypes come from the server with a credential, from the shipped catalogs without', async () => {
    const live = await load(ERP_TYPE, { method: 'getDocTypes', credentials: credentials() });
    expect(live.status).toBe(200);
    const liveNames = live.body.data!.map((o) => o.value);
    expect(liveNames).toEqual(expect.arrayContaining(['Customer', 'Service Equipment', 'DocType', 'Custom Field']));
    expect(liveNames).not.toContain('Quotation Item');
    const offline = await load(ERP_TYPE, { method: 'getDocTypes' });
    expect(offline.body.data!.map((o) => o.value)).toEqual(['Customer', 'Dispatch Job', 'Issue', 'Quotation', 'Service Contract', 'Service Equipment', 'Service Location', 'Subscription', 'Technician']);
    const trigger = await load(TRIGGER_TYPE, { method: 'getDocTypesOrAny' });
    expect(trigger.body.data![0]).toEqual({ name: 'Any DocType (*)', value: '*' });
  });

  it('fields of the chosen doctype, live or offline alike, then the standard fields', async () => {
    const live = await load(ERP_TYPE, { method: 'getFields', parameters: { doctype: 'Issue' }, credentials: credentials() });
    const offline = await load(ERP_TYPE, { method: 'getFields', parameters: { doctype: 'Issue' } });
    expect(live.body.data).toEqual(offline.body.data);
    expect(live.body.data!.map((o) => o.value)).toEqual([
      'subject', 'status', 'priority', 'issue_type', 'customer', 'service_location', 'raised_by', 'description', 'opening_date',
      'name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'idx',
    ]);
    expect(live.body.data!.find((o) => o.value === 'priority')).toEqual({ name: 'Priority (priority)', value: 'priority', description: 'Select → Low, Medium, High, Urgent' });
    const expression = await load(ERP_TYPE, { method: 'getFields', parameters: { doctype: '={{ $json.dt }}' } });
    expect(expression.body.data).toEqual([]);
  });

  it('a server error reaches the editor as a readable message', async () => {
    const bad = await env.credential({ baseUrl: env.frappe.url, apiKey: env.frappe.apiKey, apiSecret: 'wrong' });
    const res = await load(ERP_TYPE, { method: 'getDocTypes', credentials: { [CRED_TYPE]: { id: bad, name: 'bad' } } });
    expect(res.status).toBe(502);
    expect(res.body.message).toContain('check the ERPNext API key and API secret');
  });
});
