// Scan Label / QR through real workflow runs in a real host: QR codes are decoded locally (nothing
// reaches Gemini), labels without a code are read through the fake Gemini API, values are
// normalised or flagged, 429 is retried, and permanent errors fail clearly without queueing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { labelPng, qrJpeg, qrPng } from './images.ts';
import { KEY, startVisionEnv } from './setup.ts';
import type { VisionEnv } from './setup.ts';

let env: VisionEnv;
beforeAll(async () => {
  env = await startVisionEnv();
  await env.deployUpload('scan', { operation: 'scanLabel' });
});
afterAll(() => env.close());
beforeEach(() => env.fake.reset());

const label = labelPng(1);
const sameBytes = (bytes: Buffer) => (r: { images: { bytes: Buffer }[] }) => r.images.some((i) => i.bytes.equals(bytes));

describe('local QR decode', () => {
  it('reads a QR code from a webhook upload without calling Gemini; MAC normalised, serial parsed', async () => {
    const res = await env.upload('scan', await qrPng('SN:HWTC1A2B3C4D;MAC:a0-b1-c2-d3-e4-f5;MODEL:HG8245H'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      source: 'local-qr',
      qrContent: 'SN:HWTC1A2B3C4D;MAC:a0-b1-c2-d3-e4-f5;MODEL:HG8245H',
      serialNumber: 'HWTC1A2B3C4D',
      macAddress: 'A0:B1:C2:D3:E4:F5',
      model: 'HG8245H',
      confidence: 1,
      valid: true,
      problems: [],
    });
    expect(env.fake.calls).toEqual([]);
  });

  it('reads a JPEG QR given as base64 (data: URL) with JSON content', async () => {
    const jpeg = await qrJpeg(JSON.stringify({ serialNumber: 'ZTEGC8A1B2C3', mac: 'AABB.CCDD.EEFF' }));
    const { json, error } = await env.run(
      { operation: 'scanLabel', inputType: 'base64', base64Image: '={{ $json.photo }}' },
      { input: [{ photo: `data:image/jpeg;base64,${jpeg.toString('base64')}` }] },
    );
    expect(error).toBeUndefined();
    expect(json[0]).toMatchObject({ source: 'local-qr', serialNumber: 'ZTEGC8A1B2C3', macAddress: 'AA:BB:CC:DD:EE:FF', confidence: 1 });
    expect(env.fake.calls).toEqual([]);
  });

  it('asks Gemini when the QR code names no serial or MAC (a Wi-Fi code); the local decode keeps qrContent', async () => {
    const wifi = 'WIFI:S:Fibre-2G-7F01;T:WPA;P:correct horse;;';
    const qr = await qrPng(wifi);
    env.fake.answerFor(sameBytes(qr), { qrContent: 'WIFI:S:Fibre-2G', serialNumber: 'TPLG0F1E2D3C', macAddress: '50:c7:bf:00:00:01', model: 'XX230v', confidence: 0.7 });
    const { json } = await env.run({ operation: 'scanLabel', inputType: 'base64', base64Image: qr.toString('base64') });
    expect(json[0]).toMatchObject({ source: 'gemini', qrContent: wifi, serialNumber: 'TPLG0F1E2D3C', macAddress: '50:C7:BF:00:00:01' });
    expect(env.fake.calls).toHaveLength(1);
  });

  it('sends the QR photo to Gemini when local decoding is turned off', async () => {
    const qr = await qrPng('HWTC00000001');
    env.fake.answerFor(sameBytes(qr), { qrContent: 'HWTC00000001', serialNumber: 'HWTC00000001', macAddress: null, model: null, confidence: 0.9 });
    const { json } = await env.run({ operation: 'scanLabel', inputType: 'base64', base64Image: qr.toString('base64'), options: { localQr: false } });
    expect(json[0]).toMatchObject({ source: 'gemini', serialNumber: 'HWTC00000001', macAddress: null });
    expect(env.fake.calls).toHaveLength(1);
  });
});

describe('labels read by Gemini', () => {
  it('sends a label without a QR code to Gemini with the scan schema; MAC normalised, usage reported', async () => {
    env.fake.answerFor(sameBytes(label), { qrContent: null, serialNumber: 'HWTC1A2B3C4D', macAddress: 'a0-b1-c2-d3-e4-f5', model: 'EG8145V5', confidence: 0.93 });
    const res = await env.upload('scan', label);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      source: 'gemini',
      qrContent: null,
      serialNumber: 'HWTC1A2B3C4D',
      macAddress: 'A0:B1:C2:D3:E4:F5',
      model: 'EG8145V5',
      confidence: 0.93,
      valid: true,
      problems: [],
      modelVersion: 'gemini-2.5-flash',
    });
    expect(res.body.usage).toMatchObject({ promptTokens: expect.any(Number), totalTokens: expect.any(Number) });
    const [call] = env.fake.calls;
    expect(call).toMatchObject({ model: 'gemini-2.5-flash', apiKey: KEY, keyFrom: 'header', responseMimeType: 'application/json' });
    expect(call.images).toEqual([{ mimeType: 'image/png', bytes: label }]);
    expect(Object.keys((call.responseSchema as { properties: object }).properties)).toEqual(['qrContent', 'serialNumber', 'macAddress', 'model', 'confidence']);
  });

  it('flags an invalid MAC and serial: null values and a problems list', async () => {
    const blurry = labelPng(2);
    env.fake.answerFor(sameBytes(blurry), { qrContent: null, serialNumber: 'S/N ??', macAddress: 'A0:B1:C2:D3:E4', model: 'F660', confidence: 0.4 });
    const { json } = await env.run({ operation: 'scanLabel', inputType: 'base64', base64Image: blurry.toString('base64') });
    expect(json[0]).toMatchObject({ source: 'gemini', serialNumber: null, macAddress: null, model: 'F660', confidence: 0.4, valid: false });
    expect(json[0].problems).toEqual([
      { field: 'serialNumber', value: 'S/N ??', message: expect.stringContaining('is not a serial number') },
      { field: 'macAddress', value: 'A0:B1:C2:D3:E4', message: expect.stringContaining('is not a MAC address') },
    ]);
  });

  it('checks serials against the GPON format (vendor-hex form converted) or a custom pattern', async () => {
    const hexLabel = labelPng(3);
    env.fake.answerFor(sameBytes(hexLabel), { qrContent: null, serialNumber: '485754431A2B3C4D', macAddress: null, model: null, confidence: 1 });
    const gpon = await env.run({ operation: 'scanLabel', inputType: 'base64', base64Image: hexLabel.toString('base64'), options: { serialFormat: 'gpon' } });
    expect(gpon.json[0]).toMatchObject({ serialNumber: 'HWTC1A2B3C4D', problems: [] });
    const pattern = await env.run({ operation: 'scanLabel', inputType: 'base64', base64Image: hexLabel.toString('base64'), options: { serialFormat: 'pattern', serialPattern: '^ZTEG' } });
    expect(pattern.json[0]).toMatchObject({ serialNumber: null, problems: [{ field: 'serialNumber', message: expect.stringContaining('^ZTEG') }] });
  });

  it('retries a 429 with backoff and then succeeds; the retry is logged with the node run', async () => {
    env.fake.answerFor(sameBytes(label), { qrContent: null, serialNumber: 'ALCLB2C3D4E5', macAddress: '00:11:22:33:44:55', model: null, confidence: 0.8 });
    env.fake.failNext({ status: 429 });
    const { json, record } = await env.run({ operation: 'scanLabel', inputType: 'base64', base64Image: label.toString('base64'), options: { retryDelayMs: 50 } });
    expect(json[0]).toMatchObject({ status: 'ok', source: 'gemini', serialNumber: 'ALCLB2C3D4E5', macAddress: '00:11:22:33:44:55' });
    expect(env.fake.calls.map((c) => c.status)).toEqual([429, 200]);
    expect(record.runData['Gemini Vision'][0].logs?.[0]?.message).toMatch(/429 RESOURCE_EXHAUSTED on try 1/);
  });
});

describe('permanent failures fail clearly and are not queued', () => {
  it('an invalid key (400 API_KEY_INVALID) names the credential', async () => {
    const badCred = await env.credential({ apiKey: 'wrong-key', baseUrl: env.fake.url });
    const { error } = await env.run({ operation: 'scanLabel', inputType: 'base64', base64Image: label.toString('base64') }, { credId: badCred });
    expect(error).toMatchObject({ node: 'Gemini Vision', httpCode: '400', message: expect.stringMatching(/Gemini rejected the API key.*check the API key in the Gemini credential/) });
    expect(await env.t.host.storage.jobs.list()).toEqual([]);
  });

  it('a refused key (403 PERMISSION_DENIED) fails once, without retries or a queued job', async () => {
    const suspended = await env.credential({ apiKey: 'suspended-key', baseUrl: env.fake.url });
    const { error } = await env.run({ operation: 'scanLabel', inputType: 'base64', base64Image: label.toString('base64') }, { credId: suspended });
    expect(error).toMatchObject({ httpCode: '403', message: expect.stringMatching(/Gemini refused access \(403 PERMISSION_DENIED\)/) });
    expect(error?.description).toMatch(/suspended/);
    expect(env.fake.calls).toHaveLength(1);
    expect(await env.t.host.storage.jobs.list()).toEqual([]);
  });

  it('an unknown model says so; a non-image input is refused before any call', async () => {
    const model = await env.run({ operation: 'scanLabel', inputType: 'base64', base64Image: label.toString('base64'), model: 'gemini-0-nano' });
    expect(model.error).toMatchObject({ httpCode: '404', message: 'Gemini has no model "gemini-0-nano" (404 NOT_FOUND)' });
    const text = await env.run({ operation: 'scanLabel', inputType: 'base64', base64Image: Buffer.from('hello').toString('base64') });
    expect(text.error?.message).toMatch(/is not a PNG, JPEG, WebP or HEIC image/);
    expect(env.fake.calls).toHaveLength(1);
  });

  it('an item without the binary property says how to send the photo', async () => {
    const { error } = await env.run({ operation: 'scanLabel' });
    expect(error).toMatchObject({ message: 'Item 0 has no binary property "data"', description: expect.stringContaining('Raw Body') });
  });
});
