// Conformance of the fake Gemini API with the documented behaviour (integration-apis.md §6): the
// generateContent body in both casings, keys by header and ?key=, JSON mode shaped by the
// responseSchema, candidates/usageMetadata, Google's error envelope per status, finish reasons,
// the model list, and the test controls (delay, hang, stop/restart). The last block drives it
// with the real @google/genai client, as the node does.
import { ApiError, GoogleGenAI, Type } from '@google/genai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGemini } from '../../fakes/gemini/index.ts';
import type { FakeGemini } from '../../fakes/gemini/index.ts';

const KEY = 'test-gemini-key';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const SCHEMA = { type: 'OBJECT', properties: { serial: { type: 'STRING' }, mac: { type: 'STRING', nullable: true } }, required: ['serial'], propertyOrdering: ['serial', 'mac'] };

let fake: FakeGemini;
beforeAll(async () => {
  fake = await startFakeGemini({ deniedKeys: ['suspended-key'] });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

interface Reply {
  status: number;
  body: any;
}

async function post(path: string, body: unknown, headers: Record<string, string> = { 'x-goog-api-key': KEY }): Promise<Reply> {
  const res = await fetch(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: res.status, body: await res.json() };
}

const snakeBody = (extra: object = {}) => ({
  contents: [{ role: 'user', parts: [{ inline_data: { mime_type: 'image/png', data: PNG.toString('base64') } }, { text: 'Read the ONT label' }] }],
  generation_config: { response_mime_type: 'application/json', response_schema: SCHEMA, temperature: 0 },
  ...extra,
});
const camelBody = (config: object = { responseMimeType: 'application/json', responseSchema: SCHEMA }) => ({
  contents: [{ role: 'user', parts: [{ inlineData: { mimeType: 'image/png', data: PNG.toString('base64') } }, { text: 'Read the ONT label' }] }],
  generationConfig: config,
});
const GEN = '/v1beta/models/gemini-2.5-flash:generateContent';

describe('generateContent', () => {
  it('takes snake_case with ?key=, answers JSON text shaped by the schema, with usage and model version', async () => {
    fake.answerFor((r) => r.images[0]?.bytes.equals(PNG) ?? false, { mac: 'AA:BB:CC:DD:EE:FF', serial: 'HWTC1A2B3C4D', extra: 'dropped' });
    const r = await post(`${GEN}?key=${KEY}`, snakeBody(), {});
    expect(r.status).toBe(200);
    const c = r.body.candidates[0];
    expect(c).toMatchObject({ finishReason: 'STOP', index: 0, content: { role: 'model' } });
    // JSON arrives as a string, keys in propertyOrdering order, undeclared keys gone.
    expect(c.content.parts[0].text).toBe('{"serial":"HWTC1A2B3C4D","mac":"AA:BB:CC:DD:EE:FF"}');
    expect(r.body.usageMetadata).toMatchObject({ promptTokenCount: expect.any(Number), candidatesTokenCount: expect.any(Number), totalTokenCount: expect.any(Number) });
    expect(r.body.usageMetadata.promptTokensDetails).toContainEqual({ modality: 'IMAGE', tokenCount: 258 });
    expect(r.body.modelVersion).toBe('gemini-2.5-flash');
    expect(r.body.responseId).toEqual(expect.any(String));
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ model: 'gemini-2.5-flash', keyFrom: 'query', casing: ['snake'], prompt: 'Read the ONT label', responseMimeType: 'application/json', status: 200 });
    expect(fake.calls[0].images[0]).toEqual({ mimeType: 'image/png', bytes: PNG });
  });

  it('takes camelCase with the x-goog-api-key header', async () => {
    const r = await post(GEN, camelBody());
    expect(r.status).toBe(200);
    expect(fake.calls[0]).toMatchObject({ keyFrom: 'header', casing: ['camel'] });
  });

  it('answers text without JSON mode; the unscripted fallback in JSON mode is {}', async () => {
    const text = await post(GEN, camelBody({}));
    expect(text.body.candidates[0].content.parts[0].text).toMatch(/can't make out/);
    fake.answerFor((r) => r.prompt === 'plain', 'A grey ONT on a wall');
    const plain = await post(GEN, { contents: [{ parts: [{ text: 'plain' }] }] });
    expect(plain.body.candidates[0].content.parts[0].text).toBe('A grey ONT on a wall');
  });

  it('reports a scripted answer that breaks the schema instead of answering it', async () => {
    fake.answerFor((r) => r.prompt === 'broken', { mac: 5 });
    const r = await post(GEN, { contents: [{ parts: [{ text: 'broken' }] }], generationConfig: { responseMimeType: 'application/json', responseSchema: SCHEMA } });
    expect(r.status).toBe(500);
    expect(r.body.error.message).toMatch(/required property "serial"/);
  });

  it('SAFETY sends a candidate without parts, MAX_TOKENS a cut answer, a blocked prompt no candidates', async () => {
    fake.replyFor((r) => r.prompt === 'unsafe', { finishReason: 'SAFETY' });
    fake.replyFor((r) => r.prompt === 'long', { text: '{"serial":"HWTC1A2B3C4D"}', finishReason: 'MAX_TOKENS' });
    fake.replyFor((r) => r.prompt === 'blocked', { blockReason: 'SAFETY' });
    const unsafe = await post(GEN, { contents: [{ parts: [{ text: 'unsafe' }] }] });
    expect(unsafe.body.candidates[0]).toEqual({ content: { role: 'model' }, finishReason: 'SAFETY', index: 0 });
    const long = await post(GEN, { contents: [{ parts: [{ text: 'long' }] }] });
    expect(long.body.candidates[0].finishReason).toBe('MAX_TOKENS');
    expect(() => JSON.parse(long.body.candidates[0].content.parts[0].text)).toThrow();
    const blocked = await post(GEN, { contents: [{ parts: [{ text: 'blocked' }] }] });
    expect(blocked.body.candidates).toBeUndefined();
    expect(blocked.body.promptFeedback).toEqual({ blockReason: 'SAFETY' });
  });
});

describe('errors in the google.rpc.Status envelope', () => {
  const envelope = (r: Reply, code: number, status: string) => {
    expect(r.status).toBe(code);
    expect(r.body.error).toMatchObject({ code, status, message: expect.any(String) });
  };

  it('keys: none → 403 PERMISSION_DENIED, unknown → 400 INVALID_ARGUMENT API_KEY_INVALID, suspended → 403', async () => {
    envelope(await post(GEN, camelBody(), {}), 403, 'PERMISSION_DENIED');
    const bad = await post(GEN, camelBody(), { 'x-goog-api-key': 'nope' });
    envelope(bad, 400, 'INVALID_ARGUMENT');
    expect(bad.body.error.message).toBe('API key not valid. Please pass a valid API key.');
    expect(bad.body.error.details[0]).toMatchObject({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' });
    envelope(await post(GEN, camelBody(), { 'x-goog-api-key': 'suspended-key' }), 403, 'PERMISSION_DENIED');
  });

  it('bad requests → 400 INVALID_ARGUMENT; unknown model → 404 NOT_FOUND', async () => {
    envelope(await post(GEN, '{not json'), 400, 'INVALID_ARGUMENT');
    envelope(await post(GEN, { contents: [] }), 400, 'INVALID_ARGUMENT');
    envelope(await post(GEN, camelBody({ responseMimeType: 'application/json', responseSchema: { type: 'THING' } })), 400, 'INVALID_ARGUMENT');
    envelope(await post(GEN, camelBody({ responseMimeType: 'application/json', responseSchema: { type: 'OBJECT', properties: { a: { type: 'STRING' } }, required: ['b'] } })), 400, 'INVALID_ARGUMENT');
    envelope(await post(GEN, camelBody({ responseSchema: SCHEMA })), 400, 'INVALID_ARGUMENT');
    envelope(await post(GEN, { contents: [{ parts: [{ inlineData: { mimeType: 'image/png', data: '***' } }] }] }), 400, 'INVALID_ARGUMENT');
    envelope(await post(GEN, { contents: [{ parts: [{ inlineData: { mimeType: 'application/zip', data: 'AAAA' } }] }] }), 400, 'INVALID_ARGUMENT');
    const missing = await post('/v1beta/models/gemini-9-ultra:generateContent', camelBody());
    envelope(missing, 404, 'NOT_FOUND');
    expect(missing.body.error.message).toMatch(/models\/gemini-9-ultra is not found for API version v1beta/);
  });

  it('scripted 429 (with RetryInfo), 500, 503 and 504, each consumed once, then normal answers', async () => {
    fake.failNext({ status: 429, retryDelay: '2s' });
    fake.failNext({ status: 500 });
    fake.failNext({ status: 503, times: 2 });
    fake.failNext({ status: 504 });
    const r429 = await post(GEN, camelBody());
    envelope(r429, 429, 'RESOURCE_EXHAUSTED');
    expect(r429.body.error.details).toContainEqual({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2s' });
    envelope(await post(GEN, camelBody()), 500, 'INTERNAL');
    envelope(await post(GEN, camelBody()), 503, 'UNAVAILABLE');
    envelope(await post(GEN, camelBody()), 503, 'UNAVAILABLE');
    envelope(await post(GEN, camelBody()), 504, 'DEADLINE_EXCEEDED');
    expect((await post(GEN, camelBody())).status).toBe(200);
    expect(fake.calls.map((c) => c.status)).toEqual([429, 500, 503, 503, 504, 200]);
  });
});

describe('models and test controls', () => {
  it('lists models with a key (pageSize honoured) and refuses without one', async () => {
    const list = await fetch(`${fake.url}/v1beta/models?pageSize=2`, { headers: { 'x-goog-api-key': KEY } });
    expect(list.status).toBe(200);
    const body = (await list.json()) as { models: { name: string }[]; nextPageToken?: string };
    expect(body.models.map((m) => m.name)).toEqual(['models/gemini-2.5-flash', 'models/gemini-2.5-pro']);
    expect(body.nextPageToken).toBeDefined();
    expect((await fetch(`${fake.url}/v1beta/models?key=nope`)).status).toBe(400);
  });

  it('slow mode delays answers; hang holds them until released', async () => {
    fake.setDelay(250);
    const t0 = Date.now();
    expect((await post(GEN, camelBody())).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    fake.setDelay(0);
    fake.setHang(true);
    await expect(fetch(`${fake.url}${GEN}`, { method: 'POST', headers: { 'x-goog-api-key': KEY }, body: JSON.stringify(camelBody()), signal: AbortSignal.timeout(200) })).rejects.toThrow();
    const held = post(GEN, camelBody());
    await new Promise((r) => setTimeout(r, 100));
    fake.setHang(false);
    expect((await held).status).toBe(200);
  });

  it('stop refuses connections; restart listens on the same port again', async () => {
    const port = fake.port;
    await fake.stop();
    const err = await fetch(`${fake.url}${GEN}`, { method: 'POST', body: '{}' }).catch((e: Error & { cause?: { code?: string } }) => e);
    expect((err as Error & { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
    await fake.restart();
    expect(fake.port).toBe(port);
    expect((await post(GEN, camelBody())).status).toBe(200);
  });
});

describe('the @google/genai client against the fake', () => {
  const client = (apiKey = KEY, timeout?: number) => new GoogleGenAI({ apiKey, httpOptions: { baseUrl: fake.url, ...(timeout ? { timeout } : {}) } });

  it('generateContent with an inline image and a responseSchema: parsed JSON, usage, camelCase on the wire', async () => {
    fake.answerFor((r) => r.prompt === 'sdk', { serial: 'ZTEG12345678', mac: null });
    const res = await client().models.generateContent({
      model: 'gemini-2.5-flash',
      contents: [{ role: 'user', parts: [{ inlineData: { mimeType: 'image/png', data: PNG.toString('base64') } }, { text: 'sdk' }] }],
      config: { responseMimeType: 'application/json', responseSchema: { type: Type.OBJECT, properties: { serial: { type: Type.STRING }, mac: { type: Type.STRING, nullable: true } }, required: ['serial'] } },
    });
    expect(JSON.parse(res.text ?? '')).toEqual({ serial: 'ZTEG12345678', mac: null });
    expect(res.usageMetadata?.totalTokenCount).toBeGreaterThan(258);
    expect(fake.calls[0]).toMatchObject({ keyFrom: 'header', casing: ['camel'], apiKey: KEY });
    expect(fake.calls[0].headers['x-goog-api-client']).toMatch(/google-genai-sdk/);
  });

  it('non-2xx answers throw ApiError with the status and the JSON envelope as message', async () => {
    fake.failNext({ status: 429 });
    const err = await client()
      .models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(429);
    expect(JSON.parse((err as ApiError).message).error.status).toBe('RESOURCE_EXHAUSTED');
    const bad = await client('wrong').models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' }).catch((e: unknown) => e);
    expect((bad as ApiError).status).toBe(400);
  });

  it('httpOptions.timeout aborts a hung call', async () => {
    fake.setHang(true);
    try {
      const err = await client(KEY, 200)
        .models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' })
        .catch((e: Error) => e);
      expect((err as Error).name).toBe('AbortError');
    } finally {
      fake.setHang(false);
    }
  });
});
