// Conformance of the fake Frappe's webhooks and of its frappe.as_json: the body is Python's
// json.dumps(indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=True) byte for byte
// (compared with hand-written expected text), signed with base64 HMAC-SHA256 over those bytes.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asJson, PyFloat, pyFloatRepr } from '../../fakes/frappe/as-json.ts';
import { seedFieldService, startFakeFrappe } from '../../fakes/frappe/index.ts';
import type { FakeFrappe } from '../../fakes/frappe/index.ts';
import { call } from './frappe-client.ts';

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
}

const NOW = new Date('2026-03-11T15:30:00Z');
const SECRET = 'whsec-ümlaut-42';
let receiver: Server;
let receiverUrl = '';
const received: Received[] = [];
let fake: FakeFrappe;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw: Buffer.concat(chunks) });
      res.writeHead(req.url === '/fail' ? 500 : 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  fake = await startFakeFrappe({ seed: seedFieldService({ year: 2026 }), now: () => NOW });
});
afterAll(async () => {
  await fake.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

const forPath = (path: string): Received[] => received.filter((r) => r.path === path);

describe('frappe.as_json (Python json.dumps) reproduction', () => {
  it('writes floats, escapes and key order exactly like CPython', () => {
    expect([1e-5, 1.5e-7, 1e16, 1234567890123456, 123456789012345680, 0.1, 250, 2.5, -0.0001].map(pyFloatRepr)).toEqual([
      '1e-05',
      '1.5e-07',
      '1e+16',
      '1234567890123456.0',
      '1.2345678901234568e+17',
      '0.1',
      '250.0',
      '2.5',
      '-0.0001',
    ]);
    const text = asJson({ b: [], a: { z: 1, é: 'x\u0001\u007f"\\/', 'Z': new PyFloat(3) }, c: {}, d: [true, null, 'ok'] });
    expect(text).toBe('{\n "a": {\n  "Z": 3.0,\n  "z": 1,\n  "\\u00e9": "x\\u0001\\u007f\\"\\\\/"\n },\n "b": [],\n "c": {},\n "d": [\n  true,\n  null,\n  "ok"\n ]\n}');
  });
});

describe('webhooks', () => {
  it('sends the rendered JSON template as frappe.as_json, signed over exactly those bytes, with no Content-Type', async () => {
    fake.addWebhook({
      doctype: 'Issue',
      event: 'after_insert',
      url: `${receiverUrl}/issue-created`,
      secret: SECRET,
      headers: { 'X-Gigafibre-Source': 'erpnext' },
      json: '{"event": "created", "issue": {"name": "{{ doc.name }}", "subject": {{ doc.subject | tojson }}, "priority": "{{ doc.priority }}", "customer": {"name": {{ doc.customer | tojson }}}}, "tags": ["fibre", "é"], "amount": 12.50, "count": 3, "missing": {{ doc.issue_type | tojson }}}',
    });
    const created = await call(fake, '/api/resource/Issue', { method: 'POST', json: { subject: 'Panne à Québec 📡 "urgent"', priority: 'High', customer: 'Clinique Vétérinaire du Lac' } });
    const name = String((created.body?.data as Record<string, unknown>).name);
    expect(name).toBe('ISS-2026-00005');
    await fake.settleWebhooks();
    const [hit] = forPath('/issue-created');
    const expected = `{
 "amount": 12.5,
 "count": 3,
 "event": "created",
 "issue": {
  "customer": {
   "name": "Clinique V\\u00e9t\\u00e9rinaire du Lac"
  },
  "name": "ISS-2026-00005",
  "priority": "High",
  "subject": "Panne \\u00e0 Qu\\u00e9bec \\ud83d\\udce1 \\"urgent\\""
 },
 "missing": null,
 "tags": [
  "fibre",
  "\\u00e9"
 ]
}`;
    expect(hit.raw.toString('utf8')).toBe(expected);
    expect(hit.method).toBe('POST');
    expect(hit.headers['content-type']).toBeUndefined();
    expect(hit.headers['x-gigafibre-source']).toBe('erpnext');
    const signature = createHmac('sha256', Buffer.from(SECRET, 'utf8')).update(hit.raw).digest('base64');
    expect(hit.headers['x-frappe-webhook-signature']).toBe(signature);
    const delivery = fake.webhookDeliveries.find((d) => d.url.endsWith('/issue-created'));
    expect(delivery).toMatchObject({ status: 200, ok: true, doctype: 'Issue', name, event: 'after_insert', body: expected, signature });
  });

  it('sends a fields map with Python floats on submit, with the hook method and headers', async () => {
    fake.addWebhook({
      doctype: 'Quotation',
      event: 'on_submit',
      url: `${receiverUrl}/quotation-submitted`,
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      fields: [
        { fieldname: 'name', key: 'id' },
        { fieldname: 'grand_total', key: 'total' },
        { fieldname: 'party_name', key: 'party' },
        { fieldname: 'valid_till', key: 'valid_till' },
      ],
    });
    const draft = (await call(fake, '/api/resource/Quotation', { method: 'POST', json: { party_name: 'Jean Dupont', transaction_date: '2026-03-11', items: [{ item_code: 'ROUTER', qty: 2, rate: 125 }] } })).body?.data as Record<string, unknown>;
    await call(fake, `/api/resource/Quotation/${String(draft.name)}`, { method: 'PUT', json: { docstatus: 1 } });
    await fake.settleWebhooks();
    const [hit] = forPath('/quotation-submitted');
    expect(hit.method).toBe('PUT');
    expect(hit.headers['content-type']).toBe('application/json');
    expect(hit.headers['x-frappe-webhook-signature']).toBeUndefined();
    expect(hit.raw.toString('utf8')).toBe(`{\n "id": "${String(draft.name)}",\n "party": "Jean Dupont",\n "total": 250.0,\n "valid_till": null\n}`);
  });

  it('sends the whole document (sorted keys, NULLs, children) when the hook has neither json nor fields', async () => {
    fake.addWebhook({ doctype: 'Subscription', event: 'on_update', url: `${receiverUrl}/subscription` });
    fake.update('Subscription', 'ACC-SUB-2026-00001', { status: 'Past Due Date' });
    await fake.settleWebhooks();
    const [hit] = forPath('/subscription');
    const text = hit.raw.toString('utf8');
    const topKeys = [...text.matchAll(/^ "([^"]+)":/gm)].map((m) => m[1]);
    expect(topKeys).toEqual([...topKeys].sort());
    expect(topKeys).toEqual(expect.arrayContaining(['doctype', 'name', 'plans', 'status', 'end_date']));
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toMatchObject({ doctype: 'Subscription', name: 'ACC-SUB-2026-00001', status: 'Past Due Date', end_date: null, party: 'Marie-Ève Gagnon' });
    expect((body.plans as Array<Record<string, unknown>>).map((p) => p.plan)).toEqual(['Fibre 500 Mbps', 'Mesh Wi-Fi Add-on']);
    expect(text).toContain('"party": "Marie-\\u00c8ve Gagnon"');
  });

  it('fires after_insert + on_update on insert (not on_change), on_change on save, on_trash on delete', async () => {
    for (const event of ['after_insert', 'on_update', 'on_change', 'on_trash'] as const) {
      fake.addWebhook({ doctype: 'Technician', event, url: `${receiverUrl}/tech/${event}`, json: '{"name": "{{ doc.name }}", "active": {{ doc.active }}}' });
    }
    const tech = fake.insert('Technician', { technician_name: 'Nadia Côté' });
    await fake.settleWebhooks();
    const paths = (): string[] => received.filter((r) => r.path.startsWith('/tech/')).map((r) => r.path);
    expect(paths()).toEqual(['/tech/after_insert', '/tech/on_update']);
    await call(fake, `/api/resource/Technician/${String(tech.name)}`, { method: 'PUT', json: { active: 0 } });
    await fake.settleWebhooks();
    expect(paths()).toEqual(['/tech/after_insert', '/tech/on_update', '/tech/on_update', '/tech/on_change']);
    expect(forPath('/tech/on_change')[0].raw.toString('utf8')).toBe(`{\n "active": 0,\n "name": "${String(tech.name)}"\n}`);
    await call(fake, `/api/resource/Technician/${String(tech.name)}`, { method: 'DELETE' });
    await fake.settleWebhooks();
    expect(paths().slice(4)).toEqual(['/tech/on_trash', '/tech/on_change']);
  });

  it('records a non-2xx answer as a failed delivery, and a refused connection as status 0', async () => {
    fake.addWebhook({ doctype: 'Dispatch Job', event: 'on_update', url: `${receiverUrl}/fail` });
    fake.addWebhook({ doctype: 'Dispatch Job', event: 'on_update', url: 'http://127.0.0.1:9/closed' });
    fake.update('Dispatch Job', 'DJ-2026-00001', { status: 'In Progress' });
    await fake.settleWebhooks();
    const failed = fake.webhookDeliveries.find((d) => d.url.endsWith('/fail'));
    expect(failed).toMatchObject({ status: 500, ok: false, doctype: 'Dispatch Job', name: 'DJ-2026-00001', event: 'on_update' });
    expect(failed?.error).toContain('500');
    const refused = fake.webhookDeliveries.find((d) => d.url.endsWith('/closed'));
    expect(refused).toMatchObject({ status: 0, ok: false });
  });
});
