// templates/field-scan.json as production runs it: the template FILE imported over the REST API,
// credentials "ERPNext" and "Gemini" created by name and pointing at the fake Frappe site and the
// fake Gemini API, activated, and called like the technician's app calls it: POST
// /webhook/field-scan?job=<Dispatch Job> with the photo as the request body. The answers and what
// the fake ERPNext then holds (Service Equipment, Dispatch Job) are both checked; the slow-Gemini
// case goes through the durable queue and the template's second trigger (Scan Result).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFieldService, startFakeFrappe } from '../../fakes/frappe/index.ts';
import type { FakeFrappe } from '../../fakes/frappe/index.ts';
import { startFakeGemini } from '../../fakes/gemini/index.ts';
import type { FakeGemini } from '../../fakes/gemini/index.ts';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';
import { labelPng, qrPng } from '../nodes/gemini-vision/images.ts';
import { waitFor } from '../nodes/gemini-vision/setup.ts';

const TEMPLATE = JSON.parse(readFileSync(new URL('../../../templates/field-scan.json', import.meta.url), 'utf8'));
const GEMINI_KEY = 'test-gemini-key';

let t: TestHost;
let frappe: FakeFrappe;
let gemini: FakeGemini;
let workflowId: string;
let erpCredentialId: string;

type Doc = Record<string, unknown>;

async function apiJson(path: string, method: string, body?: unknown): Promise<{ id: string }> {
  const res = await t.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string };
}

/** What the technician's app does: the photo as the body, the dispatch job in the query. */
async function upload(photo: Buffer | undefined, query: string, contentType = 'image/png') {
  const res = await fetch(`${t.url}/webhook/field-scan${query}`, { method: 'POST', headers: { 'content-type': contentType }, ...(photo ? { body: new Uint8Array(photo) } : {}) });
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: res.status, body: (await res.json()) as Doc };
}

/** A fresh dispatch job at a service location, so each case reads its own side effects. */
const newJob = (fields: Doc = {}) =>
  String(frappe.insert('Dispatch Job', { customer: 'Clinique Vétérinaire du Lac', service_location: 'SL-00004', job_type: 'Installation', status: 'Assigned', notes: 'Install the ONT.', ...fields }).name);
const doc = (doctype: string, name: string) => frappe.docs(doctype).find((d) => d.name === name);
const equipmentBySerial = (serial: string) => frappe.docs('Service Equipment').filter((d) => d.serial_no === serial);
const sameBytes = (bytes: Buffer) => (r: { images: { bytes: Buffer }[] }) => r.images.some((i) => i.bytes.equals(bytes));

beforeAll(async () => {
  frappe = await startFakeFrappe({ seed: seedFieldService() });
  gemini = await startFakeGemini({ apiKeys: [GEMINI_KEY] });
  // The Gemini timeout and first queue retry are $vars in the template (8 s and 30 s by default).
  t = await startTestHost({ GIGAFLOW_VAR_FIELD_SCAN_TIMEOUT_MS: '1500', GIGAFLOW_VAR_FIELD_SCAN_QUEUE_RETRY_S: '0.2' });
  erpCredentialId = (await apiJson('/api/v1/credentials', 'POST', { name: 'ERPNext', type: 'gigafibreErpNextApi', data: { baseUrl: frappe.url, apiKey: frappe.apiKey, apiSecret: frappe.apiSecret } })).id;
  await apiJson('/api/v1/credentials', 'POST', { name: 'Gemini', type: 'gigafibreGeminiApi', data: { apiKey: GEMINI_KEY, baseUrl: gemini.url } });
  workflowId = (await apiJson('/api/v1/workflows', 'POST', TEMPLATE)).id;
  await apiJson(`/api/v1/workflows/${workflowId}/activate`, 'POST');
});

afterAll(async () => {
  await t?.close();
  await frappe?.close();
  await gemini?.close();
});

describe('field scan: photo → local QR / Gemini → ERPNext Service Equipment + Dispatch Job', () => {
  it('keeps the template id, so its Scan Result trigger hears only its own scans', () => {
    expect(workflowId).toBe('tpl-field-scan');
  });

  it('QR label decoded on the host: Gemini is not called; the stock ONT is installed at the job location and the job completed', async () => {
    const job = newJob();
    gemini.reset();
    const photo = await qrPng('SN:ZTEGC8778899;MAC:e0-19-54-77-88-99;MODEL:F670L');
    const r = await upload(photo, `?job=${job}`);
    expect(r).toEqual({
      status: 200,
      body: { status: 'recorded', job, jobStatus: 'Completed', equipment: 'SE-00006', serialNumber: 'ZTEGC8778899', macAddress: 'E0:19:54:77:88:99', model: 'F670L', serviceLocation: 'SL-00004', source: 'local-qr' },
    });
    expect(gemini.calls).toEqual([]);
    // The known equipment was updated, not duplicated; its model from ERPNext stays.
    expect(equipmentBySerial('ZTEGC8778899')).toHaveLength(1);
    expect(doc('Service Equipment', 'SE-00006')).toMatchObject({ status: 'Installed', service_location: 'SL-00004', mac_address: 'E0:19:54:77:88:99', model: 'ZTE F670L' });
    const dj = doc('Dispatch Job', job)!;
    expect(dj.status).toBe('Completed');
    expect(dj.notes).toBe('Install the ONT.\nEquipment scan (local-qr): serial ZTEGC8778899, MAC E0:19:54:77:88:99 recorded on SE-00006');
  });

  it('multipart form from a browser or app: file field "photo" and form field "job" work the same', async () => {
    const job = newJob({ service_location: 'SL-00001', customer: 'Boulangerie Tremblay', notes: null });
    frappe.insert('Service Equipment', { serial_no: 'TPLK21489999', equipment_type: 'Router', status: 'In Stock' });
    gemini.reset();
    const form = new FormData();
    form.append('job', job);
    form.append('photo', new Blob([new Uint8Array(await qrPng('serial=TPLK21489999&mac=50c7bf0a9999'))], { type: 'image/png' }), 'label.png');
    const res = await fetch(`${t.url}/webhook/field-scan`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Doc;
    expect(body).toMatchObject({ status: 'recorded', job, serialNumber: 'TPLK21489999', macAddress: '50:C7:BF:0A:99:99', source: 'local-qr', serviceLocation: 'SL-00001' });
    expect(gemini.calls).toEqual([]);
    expect(doc('Service Equipment', String(body.equipment))).toMatchObject({ serial_no: 'TPLK21489999', status: 'Installed', service_location: 'SL-00001', mac_address: '50:C7:BF:0A:99:99' });
    expect(doc('Dispatch Job', job)!.status).toBe('Completed');
  });

  it('label without a code read by Gemini: equipment not in ERPNext yet is created at the job location', async () => {
    const job = newJob({ service_location: 'SL-00003', customer: 'Jean Dupont', notes: null });
    gemini.reset();
    const photo = labelPng(301);
    gemini.answerFor(sameBytes(photo), { qrContent: null, serialNumber: 'HWTC7F00AA01', macAddress: '3c-fa-d3-00-11-22', model: 'EG8145V5', confidence: 0.91 });
    const r = await upload(photo, `?job=${job}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'recorded', job, jobStatus: 'Completed', serialNumber: 'HWTC7F00AA01', macAddress: '3C:FA:D3:00:11:22', model: 'EG8145V5', serviceLocation: 'SL-00003', source: 'gemini' });
    expect(gemini.calls.map((c) => c.status)).toEqual([200]);
    const [created] = equipmentBySerial('HWTC7F00AA01');
    expect(created).toMatchObject({ name: r.body.equipment, equipment_type: 'ONT', status: 'Installed', mac_address: '3C:FA:D3:00:11:22', model: 'EG8145V5', service_location: 'SL-00003' });
    expect(doc('Dispatch Job', job)).toMatchObject({ status: 'Completed', notes: `Equipment scan (gemini): serial HWTC7F00AA01, MAC 3C:FA:D3:00:11:22 recorded on ${String(r.body.equipment)}` });
  });

  it('slow Gemini: 202 with a scan id at once; the queued scan finishes in the background and the same ERPNext updates follow', async () => {
    frappe.insert('Service Equipment', { serial_no: 'ZTEGC8445566', equipment_type: 'ONT', model: 'ZTE F670L', status: 'In Stock' });
    const [stock] = equipmentBySerial('ZTEGC8445566');
    const job = newJob({ service_location: 'SL-00002', customer: 'Marie-Ève Gagnon' });
    gemini.reset();
    const photo = labelPng(302);
    gemini.answerFor(sameBytes(photo), { qrContent: null, serialNumber: 'ZTEGC8445566', macAddress: 'e019.5444.5566', model: 'F670L', confidence: 0.8 });
    gemini.setHang(true);

    const started = Date.now();
    const r = await upload(photo, `?job=${job}`);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ status: 'queued', scanId: expect.any(String), job, retryAt: expect.any(String), message: expect.stringContaining('updated when the scan finishes') });
    const scanId = String(r.body.scanId);
    expect(await t.host.storage.jobs.get(scanId)).toMatchObject({ kind: 'gemini-scan', workflowId, node: 'Scan Label' });
    expect(doc('Dispatch Job', job)!.status).toBe('Assigned');

    // Gemini still hangs: the queue's attempt times out too and the job is rescheduled.
    expect(await waitFor(async () => (await t.host.storage.jobs.get(scanId))?.lastError, 10_000, 'a failed queued attempt')).toMatch(/did not answer within 1500 ms/);
    expect(doc('Service Equipment', String(stock.name))!.status).toBe('In Stock');
    gemini.setHang(false);

    await waitFor(async () => doc('Dispatch Job', job)!.status === 'Completed', 15_000, 'the dispatch job completed by the background path');
    expect(doc('Service Equipment', String(stock.name))).toMatchObject({ status: 'Installed', service_location: 'SL-00002', mac_address: 'E0:19:54:44:55:66' });
    expect(equipmentBySerial('ZTEGC8445566')).toHaveLength(1);
    expect(doc('Dispatch Job', job)!.notes).toBe(`Install the ONT.\nEquipment scan (gemini, scan ${scanId}): serial ZTEGC8445566, MAC E0:19:54:44:55:66 recorded on ${String(stock.name)}`);
    expect(await t.host.storage.jobs.get(scanId)).toMatchObject({ status: 'done' });

    // The late result is an execution of the same workflow, started by its Scan Result trigger.
    const late = await waitFor(async () => {
      for (const s of (await t.host.storage.executions.list({ workflowId, limit: 20 })).data) {
        const record = await t.host.storage.executions.get(s.id);
        if (record?.mode === 'trigger' && record.runData['Late Result Recorded']) return record;
      }
      return undefined;
    }, 5000, 'the stored Scan Result run');
    expect(late.status).toBe('success');
    expect(late.runData['Late Scan Result']![0]!.data!.main[0]![0]!.json).toMatchObject({ status: 'done', scanId, reference: job, serialNumber: 'ZTEGC8445566' });
    expect(late.runData['Respond Recorded']).toBeUndefined();
  });

  describe('bad input gets a JSON answer saying what to fix, and changes nothing', () => {
    it('no photo → 400', async () => {
      const job = newJob();
      const r = await upload(undefined, `?job=${job}`);
      expect(r).toEqual({ status: 400, body: { error: 'bad_request', message: expect.stringContaining('No photo') } });
      expect(doc('Dispatch Job', job)!.status).toBe('Assigned');
    });

    it('no dispatch job → 400', async () => {
      const r = await upload(await qrPng('SN:ZTEGC8778899'), '');
      expect(r).toEqual({ status: 400, body: { error: 'bad_request', message: expect.stringContaining('?job=') } });
    });

    it('unknown dispatch job → 404, before any scan', async () => {
      gemini.reset();
      const r = await upload(labelPng(303), '?job=DJ-1999-99999');
      expect(r).toEqual({ status: 404, body: { error: 'unknown_job', message: 'Dispatch Job DJ-1999-99999 does not exist.' } });
      expect(gemini.calls).toEqual([]);
    });

    it('ERPNext refusing the key → 502 naming ERPNext, not a 404', async () => {
      const job = newJob();
      await apiJson(`/api/v1/credentials/${erpCredentialId}`, 'PATCH', { data: { apiSecret: 'wrong-secret' } });
      try {
        const r = await upload(await qrPng('SN:ZTEGC8778899'), `?job=${job}`);
        expect(r).toEqual({ status: 502, body: { error: 'erpnext_unavailable', message: expect.stringContaining('ERPNext could not be asked for the dispatch job') } });
      } finally {
        await apiJson(`/api/v1/credentials/${erpCredentialId}`, 'PATCH', { data: { apiSecret: frappe.apiSecret } });
      }
      expect(doc('Dispatch Job', job)!.status).toBe('Assigned');
    });

    it('a label Gemini cannot read (no serial, no MAC) → 422', async () => {
      const job = newJob();
      gemini.reset();
      const photo = labelPng(304);
      gemini.answerFor(sameBytes(photo), { qrContent: null, serialNumber: null, macAddress: '00:00:00:00:00:00', model: null, confidence: 0.1 });
      const r = await upload(photo, `?job=${job}`);
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ error: 'unreadable_photo', message: expect.stringContaining('No valid serial number or MAC address'), problems: [expect.objectContaining({ field: 'macAddress' })] });
      expect(doc('Dispatch Job', job)!.status).toBe('Assigned');
    });

    it('bytes that are not an image → 422, Gemini not asked', async () => {
      const job = newJob();
      gemini.reset();
      const r = await upload(Buffer.from('definitely not a photo'), `?job=${job}`, 'application/octet-stream');
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ error: 'unreadable_photo', message: expect.stringMatching(/^The photo could not be read: /) });
      expect(gemini.calls).toEqual([]);
      expect(doc('Dispatch Job', job)!.status).toBe('Assigned');
    });
  });
});
