// Describe / OCR through real workflow runs against the fake Gemini API: text answers, JSON by a
// response schema, refused or withheld answers; and the credential test the editor runs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closedPort } from '../../../helpers/ports.ts';
import { labelPng } from './images.ts';
import { CRED_TYPE, KEY, startVisionEnv } from './setup.ts';
import type { VisionEnv } from './setup.ts';

let env: VisionEnv;
beforeAll(async () => {
  env = await startVisionEnv();
});
afterAll(() => env.close());
beforeEach(() => env.fake.reset());

/** A port nothing listens on (bound, then released). */

const meter = labelPng(11);
const image = { inputType: 'base64', base64Image: meter.toString('base64') };
const METER_SCHEMA = { type: 'OBJECT', properties: { reading: { type: 'NUMBER' }, unit: { type: 'STRING', enum: ['dBm', 'mW'] }, lines: { type: 'ARRAY', items: { type: 'STRING' } } }, required: ['reading', 'unit'] };

describe('Describe / OCR', () => {
  it('returns the text answer for a custom prompt', async () => {
    env.fake.answerFor((r) => r.prompt === 'Read every line of text.' && r.images[0]?.bytes.equals(meter), 'PON RX -19.5 dBm\nLOS off');
    const { json, error } = await env.run({ operation: 'describe', ...image, prompt: 'Read every line of text.' });
    expect(error).toBeUndefined();
    expect(json[0]).toMatchObject({ text: 'PON RX -19.5 dBm\nLOS off', finishReason: 'STOP', modelVersion: 'gemini-2.5-flash' });
    expect(env.fake.calls[0].responseMimeType).toBeUndefined();
  });

  it('with a response schema sends JSON mode and returns the parsed JSON as data', async () => {
    env.fake.answerFor((r) => r.prompt.startsWith('Read the power meter'), { unit: 'dBm', reading: -19.5, lines: ['PON RX', '-19.5 dBm'] });
    const { json } = await env.run({ operation: 'describe', ...image, prompt: 'Read the power meter', responseSchema: JSON.stringify(METER_SCHEMA), model: 'gemini-2.5-pro' });
    expect(json[0].data).toEqual({ reading: -19.5, unit: 'dBm', lines: ['PON RX', '-19.5 dBm'] });
    expect(json[0].usage).toMatchObject({ totalTokens: expect.any(Number) });
    expect(env.fake.calls[0]).toMatchObject({ model: 'gemini-2.5-pro', responseMimeType: 'application/json', responseSchema: METER_SCHEMA });
  });

  it('refuses a schema that is not JSON before calling; a schema the API rejects is a clear 400', async () => {
    const notJson = await env.run({ operation: 'describe', ...image, prompt: 'x', responseSchema: '{type: OBJECT' });
    expect(notJson.error).toMatchObject({ message: 'The "Response Schema" is not valid JSON', parameter: 'responseSchema' });
    expect(env.fake.calls).toHaveLength(0);
    const bad = await env.run({ operation: 'describe', ...image, prompt: 'x', responseSchema: JSON.stringify({ type: 'OBJECT', properties: {} }) });
    expect(bad.error).toMatchObject({ httpCode: '400', message: expect.stringMatching(/^Gemini refused the request \(400 INVALID_ARGUMENT\)/) });
  });

  it('a withheld answer (SAFETY) and a cut-off JSON answer (MAX_TOKENS) are errors that say so', async () => {
    env.fake.replyFor((r) => r.prompt === 'unsafe', { finishReason: 'SAFETY' });
    env.fake.replyFor((r) => r.prompt === 'long', { text: '{"reading": -19.5, "unit": "dBm"}', finishReason: 'MAX_TOKENS' });
    const unsafe = await env.run({ operation: 'describe', ...image, prompt: 'unsafe' });
    expect(unsafe.error?.message).toBe('Gemini returned no answer (finish reason SAFETY)');
    const long = await env.run({ operation: 'describe', ...image, prompt: 'long', responseSchema: JSON.stringify(METER_SCHEMA) });
    expect(long.error?.message).toMatch(/not the JSON the schema asks for.*MAX_TOKENS/);
  });

  it('does not queue: an unreachable API fails the item (continueOnFail turns it into an error item)', async () => {
    const down = await env.credential({ apiKey: KEY, baseUrl: `http://127.0.0.1:${await closedPort()}` });
    const { json, error } = await env.run({ operation: 'describe', ...image, prompt: 'x' }, { credId: down, node: { onError: 'continueRegularOutput' } });
    expect(error).toBeUndefined();
    expect(json).toEqual([{ error: expect.objectContaining({ httpCode: 'ECONNREFUSED', message: expect.stringMatching(/^Could not reach Gemini: ECONNREFUSED/) }) }]);
    const failed = await env.run({ operation: 'describe', ...image, prompt: 'x' }, { credId: down });
    expect(failed.error).toMatchObject({ httpCode: 'ECONNREFUSED', description: expect.stringContaining('Base URL') });
    expect(await env.t.host.storage.jobs.list()).toEqual([]);
  });
});

describe('credential test', () => {
  const test = async (data: object) => (await env.t.api('/api/v1/credentials/test', { method: 'POST', body: JSON.stringify({ type: CRED_TYPE, data }) })).json() as Promise<{ status: string; message: string }>;

  it('OK for a working key (lists models at the Base URL), Error naming the problem for a wrong one', async () => {
    expect(await test({ apiKey: KEY, baseUrl: `${env.fake.url}/` })).toEqual({ status: 'OK', message: 'Connection successful' });
    const wrong = await test({ apiKey: 'wrong-key', baseUrl: env.fake.url });
    expect(wrong.status).toBe('Error');
    expect(wrong.message).toMatch(/400/);
    expect(wrong.message).toMatch(/API key not valid/);
    expect(wrong.message).not.toContain('wrong-key');
  });
});
