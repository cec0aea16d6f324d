// Conformance of the fake Frappe with documented REST v1 behaviour
// (/work/shared/reference/integration-apis.md §1): auth, envelopes, documents and their errors,
// JSON vs HTML errors, rate limits, metadata, the seed. Filters/paging and webhooks are in the
// sibling frappe.conformance-*.test.ts files. Everything goes over real HTTP with fetch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFieldService, startFakeFrappe } from '../../fakes/frappe/index.ts';
import type { FakeFrappe } from '../../fakes/frappe/index.ts';
import { call, messagesText, names, qs, rawCall, serverMessages } from './frappe-client.ts';

const NOW = new Date('2026-03-11T15:30:00Z');
const OPS = { user: 'ops@gigafibre.example', apiKey: 'opskey000000001', apiSecret: 'opssecret000001' };
const TECH = { user: 'tech@gigafibre.example', apiKey: 'techkey00000001', apiSecret: 'techsecret00001', deny: ['Issue', 'Customer'] };
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/;

let fake: FakeFrappe;
beforeAll(async () => {
  fake = await startFakeFrappe({ seed: seedFieldService({ year: 2026 }), users: [OPS, TECH], now: () => NOW });
});
afterAll(() => fake.close());

describe('authentication', () => {
  it('accepts "token key:secret" on /api and /api/v1, and Basic base64(key:secret)', async () => {
    for (const path of ['/api/method/frappe.auth.get_logged_user', '/api/v1/method/frappe.auth.get_logged_user']) {
      const r = await call(fake, path);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ message: 'Administrator' });
    }
    const basic = `Basic ${Buffer.from(`${OPS.apiKey}:${OPS.apiSecret}`).toString('base64')}`;
    expect((await call(fake, '/api/method/frappe.auth.get_logged_user', { auth: basic })).body).toEqual({ message: OPS.user });
    // Requests run as the key's user: it owns what it creates.
    const created = await call(fake, '/api/resource/Technician', { auth: basic, method: 'POST', json: { technician_name: 'Owned By Ops' } });
    expect(created.body?.data).toMatchObject({ owner: OPS.user, modified_by: OPS.user });
    await call(fake, `/api/resource/Technician/${String((created.body?.data as Record<string, unknown>).name)}`, { method: 'DELETE' });
  });

  it('answers 401 AuthenticationError for an unknown key or a wrong secret', async () => {
    for (const auth of ['token nosuchkey:nosecret', `token ${OPS.apiKey}:wrong`, 'token missing-colon']) {
      const r = await call(fake, '/api/resource/Issue', { auth });
      expect(r.status).toBe(401);
      expect(r.body?.exc_type).toBe('AuthenticationError');
    }
  });

  it('runs requests without credentials as Guest: ping works, resources are 403, non-guest methods are 403', async () => {
    expect((await call(fake, '/api/method/ping', { auth: null })).body).toEqual({ message: 'pong' });
    const list = await call(fake, '/api/resource/Issue', { auth: null });
    expect(list.status).toBe(403);
    expect(list.body?.exc_type).toBe('PermissionError');
    expect(list.body?._error_message).toBe('No permission for Issue');
    const who = await call(fake, '/api/method/frappe.auth.get_logged_user', { auth: null });
    expect(who.status).toBe(403);
    expect(serverMessages(who.body)[0]).toMatchObject({ title: 'Method Not Allowed', indicator: 'red', raise_exception: 1 });
    expect(messagesText(who.body)[0]).toContain('Function <strong>frappe.auth.get_logged_user</strong> is not whitelisted.');
  });

  it('gives a user 403 PermissionError on denied doctypes, for every kind of access', async () => {
    const auth = `token ${TECH.apiKey}:${TECH.apiSecret}`;
    const list = await call(fake, '/api/resource/Issue', { auth });
    expect([list.status, list.body?.exc_type, list.body?._error_message]).toEqual([403, 'PermissionError', 'No permission for Issue']);
    const read = await call(fake, '/api/resource/Issue/ISS-2026-00001', { auth });
    expect([read.status, read.body?.exc_type]).toEqual([403, 'PermissionError']);
    const create = await call(fake, '/api/resource/Issue', { auth, method: 'POST', json: { subject: 'x' } });
    expect([create.status, create.body?._error_message]).toEqual([403, 'Insufficient Permission for Issue (<strong>create</strong>)']);
    const del = await call(fake, '/api/resource/Issue/ISS-2026-00004', { auth, method: 'DELETE' });
    expect([del.status, messagesText(del.body)[0]]).toEqual([403, 'User not allowed to delete Issue: ISS-2026-00004']);
    // A dotted field joins the linked table, which needs read permission on it too.
    const joined = await call(fake, `/api/resource/Service Location${qs({ fields: ['name', 'customer.customer_name'] })}`, { auth });
    expect([joined.status, joined.body?._error_message]).toEqual([403, 'No permission for Customer']);
    expect((await call(fake, '/api/resource/Technician', { auth })).status).toBe(200);
  });
});

describe('envelopes', () => {
  it('lists as {"data": [...]} with only "name" per row by default', async () => {
    const r = await call(fake, '/api/resource/Technician');
    expect(r.body).toEqual({ data: [{ name: 'TECH-0003' }, { name: 'TECH-0002' }, { name: 'TECH-0001' }] });
  });

  it('reads one document as {"data": {...}}: null fields left out, child tables nested, Python floats', async () => {
    const r = await call(fake, '/api/resource/Quotation/SAL-QTN-2026-00001');
    const doc = r.body?.data as Record<string, unknown>;
    expect(doc).toMatchObject({ name: 'SAL-QTN-2026-00001', doctype: 'Quotation', docstatus: 0, party_name: 'Clinique Vétérinaire du Lac', grand_total: 379.99, status: 'Draft' });
    expect(doc.creation).toMatch(DATETIME);
    expect((doc.items as unknown[]).length).toBe(2);
    expect(doc.items).toEqual([
      expect.objectContaining({ item_code: 'FIBRE-1G-BUSINESS', qty: 1, rate: 129.99, amount: 129.99, idx: 1, parent: 'SAL-QTN-2026-00001', parentfield: 'items', parenttype: 'Quotation', doctype: 'Quotation Item' }),
      expect.objectContaining({ item_code: 'INSTALL-COMMERCIAL', amount: 250, idx: 2 }),
    ]);
    // Python's json.dumps: floats keep ".0", non-ASCII is \u-escaped.
    expect(r.text).toContain('"amount":250.0');
    expect(r.text).toContain('"party_name":"Clinique V\\u00e9t\\u00e9rinaire du Lac"');
    const issue = (await call(fake, '/api/resource/Issue/ISS-2026-00004')).body?.data as Record<string, unknown>;
    expect(issue).not.toHaveProperty('service_location');
    expect(issue).not.toHaveProperty('description');
  });

  it('creates, updates partially, and deletes with 202 {"data":"ok"}', async () => {
    const created = await call(fake, '/api/resource/Issue', { method: 'POST', json: { subject: 'Line test', customer: 'jean dupont', doctype: 'Ignored' } });
    expect(created.status).toBe(200);
    const doc = created.body?.data as Record<string, unknown>;
    expect(doc.name).toMatch(/^ISS-2026-\d{5}$/);
    expect(doc).toMatchObject({ doctype: 'Issue', owner: 'Administrator', modified_by: 'Administrator', status: 'Open', priority: 'Medium', customer: 'Jean Dupont', docstatus: 0 });
    expect(doc.creation).toBe(doc.modified);
    const name = String(doc.name);
    const updated = await call(fake, `/api/resource/Issue/${name}`, { method: 'PUT', json: { priority: 'High' } });
    expect(updated.body?.data).toMatchObject({ name, subject: 'Line test', priority: 'High', customer: 'Jean Dupont' });
    expect(String((updated.body?.data as Record<string, unknown>).modified) > String(doc.modified)).toBe(true);
    const deleted = await call(fake, `/api/resource/Issue/${name}`, { method: 'DELETE' });
    expect([deleted.status, deleted.body]).toEqual([202, { data: 'ok' }]);
    expect((await call(fake, `/api/resource/Issue/${name}`)).status).toBe(404);
  });

  it('puts RPC results under "message" (get_list, get_count, get, get_value) and leaves it out for None', async () => {
    const list = await call(fake, `/api/method/frappe.client.get_list${qs({ doctype: 'Technician', fields: ['name', 'active'], filters: { active: 1 }, order_by: 'name asc' })}`);
    expect(list.body).toEqual({ message: [{ name: 'TECH-0001', active: 1 }, { name: 'TECH-0002', active: 1 }] });
    expect((await call(fake, `/api/method/frappe.client.get_count${qs({ doctype: 'Service Equipment', filters: [['status', '=', 'Installed']] })}`)).body).toEqual({ message: 5 });
    const got = await call(fake, `/api/method/frappe.client.get${qs({ doctype: 'Issue', name: 'ISS-2026-00004' })}`);
    expect(got.body?.message).toMatchObject({ name: 'ISS-2026-00004', service_location: null, description: null });
    const value = await call(fake, `/api/method/frappe.client.get_value${qs({ doctype: 'Service Equipment', fieldname: ['service_location', 'status'], filters: { serial_no: 'ZTEGC8A1B2C3' } })}`);
    expect(value.body).toEqual({ message: { service_location: 'SL-00001', status: 'Installed' } });
    const one = await call(fake, `/api/method/frappe.client.get_value${qs({ doctype: 'Service Location', fieldname: 'customer', filters: 'SL-00002', as_dict: 0 })}`);
    expect(one.body).toEqual({ message: 'Marie-Ève Gagnon' });
    const inserted = await call(fake, '/api/method/frappe.client.insert', { method: 'POST', json: { doc: { doctype: 'Technician', technician_name: 'Temp Tech' } } });
    expect(inserted.body?.message).toMatchObject({ name: 'TECH-0004', doctype: 'Technician', active: 1, mobile_no: null });
    const removed = await call(fake, '/api/method/frappe.client.delete', { method: 'POST', json: { doctype: 'Technician', name: 'TECH-0004' } });
    expect([removed.status, removed.body]).toEqual([200, {}]);
    const viaGet = await call(fake, `/api/method/frappe.client.insert${qs({ doc: { doctype: 'Technician', technician_name: 'X' } })}`);
    expect([viaGet.status, messagesText(viaGet.body)[0]]).toEqual([403, 'Not permitted']);
  });

  it('answers unknown methods with 417 "Failed to get method for command …", and runs registered ones', async () => {
    const unknown = await call(fake, '/api/method/gigafibre.api.nothing_here');
    expect([unknown.status, unknown.body?.exc_type]).toEqual([417, 'ValidationError']);
    expect(messagesText(unknown.body)[0]).toBe("Failed to get method for command gigafibre.api.nothing_here with No module named 'gigafibre'");
    fake.method('gigafibre.api.echo', (args, ctx) => ({ args, user: ctx.user }));
    const echo = await call(fake, '/api/method/gigafibre.api.echo', { method: 'POST', json: { mac: 'AA:BB' } });
    expect(echo.body).toEqual({ message: { args: { mac: 'AA:BB' }, user: 'Administrator' } });
  });
});

describe('documents: validation, naming, docstatus', () => {
  it('rejects a missing mandatory field with 417 MandatoryError, Frappe-worded', async () => {
    const r = await call(fake, '/api/resource/Issue', { method: 'POST', json: { priority: 'High' } });
    expect([r.status, r.body?.exc_type]).toEqual([417, 'MandatoryError']);
    expect(serverMessages(r.body)).toEqual([{ message: 'Error: Value missing for Issue: Subject', title: 'Message' }]);
    expect(String(r.body?.exception)).toMatch(/^frappe\.exceptions\.MandatoryError: \[Issue, ISS-2026-\d{5}\]: subject$/);
  });

  it('rejects a Link to a missing document (417 LinkValidationError) and a bad Select value (417 ValidationError)', async () => {
    const link = await call(fake, '/api/resource/Issue', { method: 'POST', json: { subject: 'x', customer: 'Nobody Inc' } });
    expect([link.status, link.body?.exc_type, messagesText(link.body)]).toEqual([417, 'LinkValidationError', ['Could not find Customer: Nobody Inc']]);
    const select = await call(fake, '/api/resource/Issue', { method: 'POST', json: { subject: 'x', status: 'Pending' } });
    expect([select.status, select.body?.exc_type]).toEqual([417, 'ValidationError']);
    expect(messagesText(select.body)).toEqual([' Status cannot be "Pending". It should be one of "Open", "Replied", "On Hold", "Resolved", "Closed"']);
  });

  it('answers 409 DuplicateEntryError for a taken name and 417 UniqueValidationError for a unique column', async () => {
    const dup = await call(fake, '/api/resource/Customer', { method: 'POST', json: { customer_name: 'Jean Dupont' } });
    expect([dup.status, dup.body?.exc_type]).toEqual([409, 'DuplicateEntryError']);
    expect(serverMessages(dup.body)).toEqual([{ message: 'Customer <strong>Jean Dupont</strong> already exists', title: 'Duplicate Name', indicator: 'red' }]);
    // MACs are stored upper-case with colons, and unique keys compare case-insensitively.
    const mac = await call(fake, '/api/resource/Service Equipment', { method: 'POST', json: { serial_no: 'NEW-SERIAL-1', mac_address: 'e0-19-54-a1-b2-c3', equipment_type: 'ONT' } });
    expect([mac.status, mac.body?.exc_type, messagesText(mac.body)]).toEqual([417, 'UniqueValidationError', ['MAC Address must be unique']]);
  });

  it('refuses to delete a document other live documents link to (417 LinkExistsError)', async () => {
    const customer = await call(fake, '/api/resource/Customer/Jean Dupont', { method: 'DELETE' });
    expect([customer.status, customer.body?.exc_type, messagesText(customer.body)]).toEqual([417, 'LinkExistsError', ['You can disable this Customer instead of deleting it.']]);
    const technician = await call(fake, '/api/resource/Technician/TECH-0001', { method: 'DELETE' });
    expect([technician.status, technician.body?.exc_type]).toEqual([417, 'LinkExistsError']);
    expect(messagesText(technician.body)[0]).toMatch(/^Cannot delete or cancel because Technician <a href="\/app\/Form\/Technician\/TECH-0001">TECH-0001<\/a> is linked with Dispatch Job /);
  });

  it('answers 404 DoesNotExistError for a missing document and an unknown doctype', async () => {
    const doc = await call(fake, '/api/resource/Issue/ISS-1999-00001');
    expect([doc.status, doc.body?.exc_type, messagesText(doc.body)]).toEqual([404, 'DoesNotExistError', ['Issue ISS-1999-00001 not found']]);
    expect(doc.body).not.toHaveProperty('exception');
    const dt = await call(fake, '/api/resource/Sales Widget');
    expect([dt.status, dt.body?.exc_type, messagesText(dt.body)]).toEqual([404, 'DoesNotExistError', ['DocType Sales Widget not found']]);
  });

  it('submits with PUT {"docstatus": 1}, freezes fields, cancels with frappe.client.cancel', async () => {
    const created = await call(fake, '/api/resource/Service Contract', { method: 'POST', json: { customer: 'Jean Dupont', plan: 'Fibre 300', monthly_fee: 59, start_date: '2026-03-15' } });
    const name = String((created.body?.data as Record<string, unknown>).name);
    expect(name).toMatch(/^SC-2026-\d{5}$/);
    const submitted = await call(fake, `/api/resource/Service Contract/${name}`, { method: 'PUT', json: { docstatus: 1 } });
    expect(submitted.body?.data).toMatchObject({ docstatus: 1 });
    expect(submitted.text).toContain('"monthly_fee":59.0');
    const frozen = await call(fake, `/api/resource/Service Contract/${name}`, { method: 'PUT', json: { plan: 'Fibre 1G' } });
    expect([frozen.status, frozen.body?.exc_type]).toEqual([417, 'UpdateAfterSubmitError']);
    expect(messagesText(frozen.body)[0]).toBe(' Not allowed to change <strong>Plan</strong> after submission from <strong>Fibre 300</strong> to <strong>Fibre 1G</strong>');
    const allowed = await call(fake, `/api/resource/Service Contract/${name}`, { method: 'PUT', json: { status: 'Active' } });
    expect(allowed.body?.data).toMatchObject({ status: 'Active', docstatus: 1 });
    const undelete = await call(fake, `/api/resource/Service Contract/${name}`, { method: 'DELETE' });
    expect([undelete.status, undelete.body?.exc_type]).toEqual([417, 'ValidationError']);
    expect(messagesText(undelete.body)[0]).toContain('Submitted Record cannot be deleted');
    const cancelled = await call(fake, '/api/method/frappe.client.cancel', { method: 'POST', json: { doctype: 'Service Contract', name } });
    expect(cancelled.body?.message).toMatchObject({ name, docstatus: 2 });
    const again = await call(fake, `/api/resource/Service Contract/${name}`, { method: 'PUT', json: { status: 'Draft' } });
    expect([again.status, messagesText(again.body)]).toEqual([417, ['Cannot edit cancelled document']]);
  });

  it('submits with frappe.client.submit only when the sent doc carries the current "modified"', async () => {
    const draft = (await call(fake, '/api/resource/Quotation', { method: 'POST', json: { party_name: 'Jean Dupont', transaction_date: '2026-03-11', items: [{ item_code: 'FIBRE-300', qty: 2, rate: 49.5 }] } })).body?.data as Record<string, unknown>;
    expect(draft).toMatchObject({ grand_total: 99, status: 'Draft' });
    const stale = await call(fake, '/api/method/frappe.client.submit', { method: 'POST', json: { doc: { ...draft, modified: '2026-01-01 00:00:00.000001' } } });
    expect([stale.status, stale.body?.exc_type]).toEqual([417, 'TimestampMismatchError']);
    const ok = await call(fake, '/api/method/frappe.client.submit', { method: 'POST', json: { doc: draft } });
    expect(ok.body?.message).toMatchObject({ name: draft.name, docstatus: 1, status: 'Open' });
  });

  it('refuses impossible docstatus transitions and submitting a non-submittable doctype (417)', async () => {
    const draft = (await call(fake, '/api/resource/Quotation', { method: 'POST', json: { party_name: 'Jean Dupont', transaction_date: '2026-03-11' } })).body?.data as Record<string, unknown>;
    const cancelDraft = await call(fake, '/api/method/frappe.client.cancel', { method: 'POST', json: { doctype: 'Quotation', name: draft.name } });
    expect([cancelDraft.status, cancelDraft.body?.exc_type, messagesText(cancelDraft.body)]).toEqual([417, 'DocstatusTransitionError', ['Cannot change docstatus from 0 (Draft) to 2 (Cancelled)']]);
    const issue = await call(fake, '/api/resource/Issue/ISS-2026-00002', { method: 'PUT', json: { docstatus: 1 } });
    expect([issue.status, issue.body?.exc_type]).toEqual([417, 'ValidationError']);
  });

  it('runs whitelisted document methods with POST {"run_method"} and 404s unknown ones as werkzeug does', async () => {
    const draft = (await call(fake, '/api/resource/Quotation', { method: 'POST', json: { party_name: 'Jean Dupont', transaction_date: '2026-03-11' } })).body?.data as Record<string, unknown>;
    const submitted = await call(fake, `/api/resource/Quotation/${String(draft.name)}`, { method: 'POST', json: { run_method: 'submit' } });
    expect(submitted.body?.data).toMatchObject({ docstatus: 1 });
    const unknown = await call(fake, `/api/resource/Quotation/${String(draft.name)}`, { method: 'POST', json: { run_method: 'explode' } });
    expect([unknown.status, unknown.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8']);
    expect(unknown.text).toContain('Method explode not found');
  });
});

describe('JSON or HTML errors, by Accept (app.handle_exception)', () => {
  it('sends JSON for Accept: application/json, */*, or no Accept on /api/, and HTML when Accept starts with "text"', async () => {
    const json = await call(fake, '/api/resource/Issue/NOPE', { headers: { accept: 'application/json' } });
    expect([json.status, json.headers.get('content-type'), json.body?.exc_type]).toEqual([404, 'application/json', 'DoesNotExistError']);
    expect((await call(fake, '/api/resource/Issue/NOPE', { headers: { accept: '*/*' } })).body?.exc_type).toBe('DoesNotExistError');
    const bare = await rawCall(fake, '/api/resource/Issue/NOPE', { authorization: `token ${fake.apiKey}:${fake.apiSecret}` });
    expect([bare.status, bare.contentType, JSON.parse(bare.text).exc_type]).toEqual([404, 'application/json', 'DoesNotExistError']);
    const html = await call(fake, '/api/resource/Issue/NOPE', { headers: { accept: 'text/html' } });
    expect([html.status, html.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8']);
    expect(html.text).toContain('<title>Not Found</title>');
    const mixed = await call(fake, '/api/resource/Issue/NOPE', { headers: { accept: 'text/html, application/json' } });
    expect(mixed.body?.exc_type).toBe('DoesNotExistError');
    const ajax = await call(fake, '/api/resource/Issue/NOPE', { headers: { accept: 'text/html', 'x-requested-with': 'XMLHttpRequest' } });
    expect(ajax.body?.exc_type).toBe('DoesNotExistError');
    const forbidden = await call(fake, '/api/resource/Issue', { auth: null, headers: { accept: 'text/html' } });
    expect([forbidden.status, forbidden.text.includes('<title>Not Permitted</title>')]).toEqual([403, true]);
    const invalid = await call(fake, '/api/resource/Issue', { method: 'POST', json: {}, headers: { accept: 'text/plain' } });
    expect([invalid.status, invalid.text.includes('<title>Server Error</title>')]).toEqual([417, true]);
  });
});

describe('rate limiting', () => {
  it('site limiter: 429 with Retry-After, before authentication; JSON body for JSON clients, "Too Many Requests" otherwise', async () => {
    fake.rateLimit({ times: 2, retryAfterSeconds: 7 });
    const first = await call(fake, '/api/resource/Issue', { auth: 'token bad:key' });
    expect([first.status, first.headers.get('retry-after'), first.body?.exc_type]).toEqual([429, '7', 'TooManyRequestsError']);
    const second = await call(fake, '/api/resource/Issue', { headers: { accept: 'text/plain' } });
    expect([second.status, second.text, second.headers.get('retry-after')]).toEqual([429, 'Too Many Requests', '7']);
    const third = await call(fake, '/api/resource/Issue');
    expect(third.status).toBe(200);
    expect(third.headers.get('x-ratelimit-limit')).not.toBeNull();
    expect(third.headers.get('retry-after')).toBeNull();
  });

  it('@rate_limit decorator: 417 (or 429) RateLimitExceededError with its message, no Retry-After', async () => {
    fake.rateLimit({ times: 1, status: 417 });
    const r = await call(fake, '/api/method/frappe.auth.get_logged_user');
    expect([r.status, r.body?.exc_type, r.headers.get('retry-after')]).toEqual([417, 'RateLimitExceededError', null]);
    expect(messagesText(r.body)).toEqual(['You hit the rate limit because of too many requests. Please try after sometime.']);
    fake.rateLimit({ times: 1, status: 429, kind: 'decorator' });
    const v15 = await call(fake, '/api/method/frappe.auth.get_logged_user');
    expect([v15.status, v15.body?.exc_type]).toEqual([429, 'RateLimitExceededError']);
    expect((await call(fake, '/api/method/frappe.auth.get_logged_user')).status).toBe(200);
  });
});

describe('metadata', () => {
  it('serves DocType documents (custom fields stay in Custom Field) and lists doctypes with filters', async () => {
    const customer = (await call(fake, '/api/resource/DocType/Customer')).body?.data as Record<string, unknown>;
    expect(customer).toMatchObject({ name: 'Customer', module: 'Selling', custom: 0, istable: 0, is_submittable: 0 });
    const fields = (customer.fields as Array<Record<string, unknown>>).map((f) => f.fieldname);
    expect(fields).toEqual(['customer_name', 'customer_type', 'customer_group', 'territory', 'mobile_no', 'email_id', 'disabled']);
    expect((customer.fields as Array<Record<string, unknown>>)[1]).toMatchObject({ fieldtype: 'Select', options: 'Company\nIndividual', default: 'Individual', doctype: 'DocField' });
    const custom = await call(fake, `/api/resource/Custom Field${qs({ fields: ['dt', 'fieldname'], filters: { dt: 'Customer' } })}`);
    expect(custom.body?.data).toEqual([{ dt: 'Customer', fieldname: 'stripe_customer_id' }]);
    const merged = await call(fake, `/api/method/frappe.desk.form.load.getdoctype${qs({ doctype: 'Issue' })}`);
    const issueFields = ((merged.body?.docs as Array<Record<string, unknown>>)[0].fields as Array<Record<string, unknown>>).map((f) => f.fieldname);
    expect(issueFields).toContain('service_location');
    const gigafibre = await call(fake, `/api/resource/DocType${qs({ filters: [['module', '=', 'Gigafibre']], order_by: 'name asc', limit_page_length: 0 })}`);
    expect(names(gigafibre)).toEqual(['Dispatch Job', 'Service Contract', 'Service Equipment', 'Service Location', 'Technician']);
    const tables = await call(fake, `/api/resource/DocType${qs({ filters: { istable: 1, module: ['!=', 'Core'] }, order_by: 'name asc' })}`);
    expect(names(tables)).toEqual(['Payment Entry Reference', 'Quotation Item', 'Subscription Plan Detail']);
  });
});

describe('seedFieldService', () => {
  it('is consistent: equipment → location → customer resolves over the API, by MAC in any case', async () => {
    const byMac = await call(fake, `/api/resource/Service Equipment${qs({ fields: ['name', 'service_location'], filters: [['mac_address', '=', 'e0:19:54:a1:b2:c3']] })}`);
    expect(byMac.body?.data).toEqual([{ name: 'SE-00001', service_location: 'SL-00001' }]);
    const location = (await call(fake, '/api/resource/Service Location/SL-00001')).body?.data as Record<string, unknown>;
    const customer = (await call(fake, `/api/resource/Customer/${String(location.customer)}`)).body?.data as Record<string, unknown>;
    expect(customer).toMatchObject({ name: 'Boulangerie Tremblay', stripe_customer_id: 'cus_QfT7bK2mN4pL8x' });
    for (const doc of fake.docs('Service Equipment')) {
      if (doc.service_location) expect((await call(fake, `/api/resource/Service Location/${String(doc.service_location)}`)).status).toBe(200);
    }
    for (const doc of fake.docs('Dispatch Job')) {
      for (const [dt, f] of [['Issue', 'issue'], ['Customer', 'customer'], ['Technician', 'technician']]) expect((await call(fake, `/api/resource/${dt}/${encodeURIComponent(String(doc[f]))}`)).status).toBe(200);
    }
  });
});
