import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG, closedPort, runHttp, startServer } from './server.ts';
import type { TestServer } from './server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const get = (path: string, options: Record<string, unknown> = {}, extra: Record<string, unknown> = {}, input?: Parameters<typeof runHttp>[1], node?: Parameters<typeof runHttp>[2]) =>
  runHttp({ url: `${server.base}${path}`, options, ...extra }, input, node);
const response = (values: Record<string, unknown>) => ({ response: { response: values } });

describe('HTTP Request: response formats', () => {
  it('autodetects JSON: an array becomes one item per element, paired with the request item', async () => {
    const { out } = await get('/list', {}, {}, [{ json: { a: 1 } }, { json: { a: 2 } }]);
    expect(out).toEqual([
      { json: { id: 1 }, pairedItem: { item: 0 } },
      { json: { id: 2 }, pairedItem: { item: 0 } },
      { json: { id: 1 }, pairedItem: { item: 1 } },
      { json: { id: 2 }, pairedItem: { item: 1 } },
    ]);
  });

  it('autodetects text into `data`, decoded by its charset; empty bodies give an empty item', async () => {
    expect((await get('/text')).json).toEqual([{ data: 'héllo' }]);
    expect((await get('/text', response({ responseFormat: 'text', outputPropertyName: 'page' }))).json).toEqual([{ page: 'héllo' }]);
    expect((await get('/empty')).json).toEqual([{}]);
    expect((await get('/empty', response({ responseFormat: 'json' }))).json).toEqual([{}]);
  });

  it('returns files as binary data with mime type, name, extension and size, keeping the item JSON', async () => {
    const png = await get('/logo.png', {}, {}, [{ json: { site: 'S-1' } }]);
    expect(png.out).toEqual([
      {
        json: { site: 'S-1' },
        binary: { data: { data: PNG.toString('base64'), mimeType: 'image/png', fileType: 'image', fileName: 'logo.png', fileExtension: 'png', fileSize: '20 B' } },
        pairedItem: { item: 0 },
      },
    ]);
    const pdf = await get('/download', response({ responseFormat: 'file', outputPropertyName: 'report' }));
    expect(pdf.out[0].binary!.report).toMatchObject({ mimeType: 'application/octet-stream', fileName: 'report.pdf', fileExtension: 'pdf' });
    expect(Buffer.from(pdf.out[0].binary!.report.data, 'base64').toString()).toBe('%PDF-1.4');
    const forced = await get('/list', response({ responseFormat: 'file' }));
    expect(JSON.parse(Buffer.from(forced.out[0].binary!.data.data, 'base64').toString())).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('includes headers and status with the full response', async () => {
    const { json } = await get('/list', response({ fullResponse: true }));
    expect(json).toEqual([
      { body: [{ id: 1 }, { id: 2 }], headers: expect.objectContaining({ 'content-type': 'application/json; charset=utf-8' }), statusCode: 200, statusMessage: 'OK' },
    ]);
    const text = await get('/text', response({ fullResponse: true, responseFormat: 'text' }));
    expect(text.json[0]).toMatchObject({ data: 'héllo', statusCode: 200 });
  });

  it('fails on invalid JSON with a hint, unless the format is text', async () => {
    const forced = await get('/bad-json', response({ responseFormat: 'json' }));
    expect(forced.result.error).toMatchObject({ node: 'HTTP', message: 'Response body is not valid JSON. Change "Response Format" to "Text"' });
    expect((await get('/bad-json', response({ responseFormat: 'text' }))).json).toEqual([{ data: '{oops' }]);
  });
});

describe('HTTP Request: failures', () => {
  it('maps 4xx and 5xx answers to errors naming the node, the status and the server message', async () => {
    for (const code of [404, 500]) {
      const { result } = await get(`/status/${code}`);
      expect(result.status).toBe('error');
      expect(result.error).toMatchObject({ name: 'NodeApiError', node: 'HTTP', httpCode: String(code), message: expect.stringContaining(String(code)) });
      expect(result.error!.description).toContain('Customer CUST-9 not found');
    }
  });

  it('never errors when asked: the error answer becomes the output', async () => {
    const { result, json } = await get('/status/500', response({ neverError: true, fullResponse: true }));
    expect(result.status).toBe('success');
    expect(json[0]).toMatchObject({ statusCode: 500, body: { message: 'Customer CUST-9 not found (500)' } });
    expect((await get('/status/422', response({ neverError: true }))).json).toEqual([{ message: 'Customer CUST-9 not found (422)' }]);
  });

  it('times out within the configured timeout with a clear error', async () => {
    const t0 = Date.now();
    const { result } = await get('/slow', { timeout: 200 });
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(result.error).toMatchObject({ node: 'HTTP', httpCode: 'ETIMEDOUT', message: expect.stringContaining('timed out after 200 ms') });
  });

  it('reports an unreachable host clearly', async () => {
    const port = await closedPort();
    const { result } = await runHttp({ url: `http://127.0.0.1:${port}/x` });
    expect(result.error).toMatchObject({ node: 'HTTP', httpCode: 'ECONNREFUSED', message: expect.stringContaining(`Could not reach 127.0.0.1:${port}`) });
  });

  it('rejects a URL that is not http(s), naming the parameter', async () => {
    const { result } = await runHttp({ url: 'ftp://example.org/file' });
    expect(result.error).toMatchObject({ node: 'HTTP', parameter: 'url', message: expect.stringContaining('must start with "http" or "https"') });
  });

  it('with continueOnFail keeps going: failed items carry json.error, or leave on the error output', async () => {
    const input = [{ json: { path: 'list' } }, { json: { path: 'status/404' } }];
    const url = `=${server.base}/{{ $json.path }}`;
    const regular = await runHttp({ url }, input, { onError: 'continueRegularOutput' });
    expect(regular.result.status).toBe('success');
    expect(regular.out.map((i) => i.json)).toEqual([{ id: 1 }, { id: 2 }, { error: expect.objectContaining({ httpCode: '404', name: 'NodeApiError' }) }]);
    expect(regular.out[2].pairedItem).toEqual({ item: 1 });
    const routed = await runHttp({ url }, input, { onError: 'continueErrorOutput' });
    expect(routed.outputs.map((o) => o.length)).toEqual([2, 1]);
    expect(routed.outputs[1][0].json.error).toMatchObject({ httpCode: '404' });
  });

  it('retries through the engine when retryOnFail is set', async () => {
    const { result, task, json } = await get('/flaky', {}, {}, undefined, { retryOnFail: true, maxTries: 3, waitBetweenTries: 1 });
    expect(result.status).toBe('success');
    expect(task!.tries).toBe(2);
    expect(json).toEqual([{ calls: 2 }]);
  });
});

describe('HTTP Request: redirects and batching', () => {
  it('follows redirects by default, up to maxRedirects, or not at all', async () => {
    expect((await get('/redirect/3')).json).toEqual([{ arrived: true }]);
    const limited = await get('/redirect/3', { redirect: { redirect: { maxRedirects: 1 } } });
    expect(limited.result.error).toMatchObject({ node: 'HTTP', httpCode: 'EMAXREDIRECTS', message: expect.stringContaining('Stopped after 1 redirects') });
    expect((await get('/redirect/2', { redirect: { redirect: { maxRedirects: 2 } } })).json).toEqual([{ arrived: true }]);
    const off = await get('/redirect/1', { redirect: { redirect: { followRedirects: false } }, ...response({ fullResponse: true }) });
    expect(off.json[0]).toMatchObject({ statusCode: 302, headers: expect.objectContaining({ location: '/redirect/0' }) });
  });

  it('sends requests in batches with a pause between them', async () => {
    const before = server.seen.length;
    const input = [{ json: {} }, { json: {} }, { json: {} }];
    const { result } = await get('/list', { batching: { batch: { batchSize: 1, batchInterval: 150 } } }, {}, input);
    expect(result.status).toBe('success');
    const times = server.seen.slice(before).map((s) => s.at);
    expect(times).toHaveLength(3);
    expect(times[2] - times[0]).toBeGreaterThanOrEqual(280);
  });
});
