import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IDataObject } from 'n8n-workflow';
import type { INode } from '../../../../host/model/index.ts';
import { TEST_CREDENTIALS, runHttp, startServer } from './server.ts';
import type { TestServer } from './server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

type Echo = { method: string; query: Record<string, string>; headers: Record<string, string>; body: string };
const echo = async (parameters: Record<string, unknown>, input?: Parameters<typeof runHttp>[1], node?: Parameters<typeof runHttp>[2]) => {
  const r = await runHttp({ url: `${server.base}/echo`, ...parameters }, input, node);
  if (r.result.status !== 'success') throw new Error(`run failed: ${JSON.stringify(r.result.error)}`);
  return r.json[0] as unknown as Echo;
};
const pairs = (...list: [string, unknown][]) => ({ parameters: list.map(([name, value]) => ({ name, value })) });

describe('HTTP Request: query and headers', () => {
  it('sends key/value query parameters and headers, resolving expressions per item', async () => {
    const r = await runHttp(
      {
        url: `=${server.base}/echo`,
        sendQuery: true,
        queryParameters: pairs(['ticket', '={{ $json.ticket }}'], ['tag', 'fibre']),
        sendHeaders: true,
        headerParameters: pairs(['X-Region', '={{ $json.region }}']),
        options: {},
      },
      [{ json: { ticket: 'T-1', region: 'north' } }, { json: { ticket: 'T-2', region: 'south' } }],
    );
    expect(r.out.map((i) => [(i.json as unknown as Echo).query, (i.json as unknown as Echo).headers['x-region'], i.pairedItem])).toEqual([
      [{ ticket: 'T-1', tag: 'fibre' }, 'north', { item: 0 }],
      [{ ticket: 'T-2', tag: 'fibre' }, 'south', { item: 1 }],
    ]);
  });

  it('takes query and headers as JSON, arrays repeated or with brackets', async () => {
    const res = await echo({ sendQuery: true, specifyQuery: 'json', jsonQuery: '{"ids":[1,2],"q":"x"}', sendHeaders: true, specifyHeaders: 'json', jsonHeaders: '{"X-Trace":"abc"}' });
    expect(res.query).toEqual({ ids: '1|2', q: 'x' });
    expect(res.headers['x-trace']).toBe('abc');
    const brackets = await echo({ sendQuery: true, specifyQuery: 'json', jsonQuery: '{"ids":[1,2]}', options: { queryParameterArrays: 'brackets' } });
    expect(brackets.query).toEqual({ 'ids[]': '1|2' });
  });

  it('names the parameter when JSON query parameters are not valid JSON', async () => {
    const { result } = await runHttp({ url: `${server.base}/echo`, sendQuery: true, specifyQuery: 'json', jsonQuery: '{nope' });
    expect(result.error).toMatchObject({ node: 'HTTP', parameter: 'jsonQuery', message: 'The value in the "JSON Query Parameters" field is not valid JSON' });
  });
});

describe('HTTP Request: bodies', () => {
  it('sends key/value JSON bodies, with dotted names nested', async () => {
    const res = await echo({ method: 'POST', sendBody: true, bodyParameters: pairs(['customer.id', 'C-9'], ['note', '={{ $json.note }}']) }, [{ json: { note: 'cut fibre' } }]);
    expect(res.method).toBe('POST');
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.body)).toEqual({ customer: { id: 'C-9' }, note: 'cut fibre' });
  });

  it('sends a JSON body written as JSON, or built by an expression', async () => {
    const text = await echo({ method: 'PUT', sendBody: true, specifyBody: 'json', jsonBody: '{"status":"done","n":2}' });
    expect(JSON.parse(text.body)).toEqual({ status: 'done', n: 2 });
    const built = await echo({ method: 'PATCH', sendBody: true, specifyBody: 'json', jsonBody: '={{ { id: $json.id, tags: ["a"] } }}' }, [{ json: { id: 7 } }]);
    expect(JSON.parse(built.body)).toEqual({ id: 7, tags: ['a'] });
  });

  it('sends form-urlencoded bodies from fields or one string', async () => {
    const fields = await echo({ method: 'POST', sendBody: true, contentType: 'form-urlencoded', bodyParameters: pairs(['a', '1'], ['b', 'x y']) });
    expect(fields.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(fields.body).toBe('a=1&b=x+y');
    const single = await echo({ method: 'POST', sendBody: true, contentType: 'form-urlencoded', specifyBody: 'string', body: 'k=v&z=2' });
    expect(single.body).toBe('k=v&z=2');
  });

  it('sends multipart form data with text fields and binary files from the item', async () => {
    const input = [{ json: {}, binary: { photo: { data: Buffer.from('JPEGDATA').toString('base64'), mimeType: 'image/jpeg', fileName: 'site.jpg' } } }];
    const res = await echo(
      {
        method: 'POST',
        sendBody: true,
        contentType: 'multipart-form-data',
        bodyParameters: { parameters: [{ parameterType: 'formData', name: 'site', value: 'S-1' }, { parameterType: 'formBinaryData', name: 'file', inputDataFieldName: 'photo' }] },
      },
      input,
    );
    expect(res.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(res.body).toContain('name="site"\r\n\r\nS-1');
    expect(res.body).toContain('name="file"; filename="site.jpg"\r\nContent-Type: image/jpeg\r\n\r\nJPEGDATA');
  });

  it('sends raw bodies with their content type, and binary data as the body', async () => {
    const raw = await echo({ method: 'POST', sendBody: true, contentType: 'raw', rawContentType: 'text/xml', body: '<ping/>' });
    expect([raw.headers['content-type'], raw.body]).toEqual(['text/xml', '<ping/>']);
    const input = [{ json: {}, binary: { data: { data: Buffer.from([0, 1, 2, 255]).toString('base64'), mimeType: 'application/octet-stream' } } }];
    const bin = await echo({ method: 'POST', sendBody: true, contentType: 'binaryData', inputDataFieldName: 'data' }, input);
    expect([bin.headers['content-type'], Buffer.from(bin.body, 'latin1')]).toEqual(['application/octet-stream', Buffer.from([0, 1, 2, 255])]);
  });

  it('rejects a body on GET and a missing binary property with the parameter named', async () => {
    const get = await runHttp({ url: `${server.base}/echo`, sendBody: true, bodyParameters: pairs(['a', '1']) });
    expect(get.result.error).toMatchObject({ node: 'HTTP', parameter: 'sendBody' });
    const noFile = await runHttp({ url: `${server.base}/echo`, method: 'POST', sendBody: true, contentType: 'binaryData', inputDataFieldName: 'missing' });
    expect(noFile.result.error).toMatchObject({ node: 'HTTP', parameter: 'inputDataFieldName', message: expect.stringContaining('"missing"') });
  });
});

describe('HTTP Request: authentication', () => {
  const secure = (genericAuthType: string, credentials?: Record<string, IDataObject>, node: Partial<INode> = {}) =>
    runHttp({ url: `${server.base}/secure`, authentication: 'genericCredentialType', genericAuthType }, undefined, node, credentials);

  it('sends basic, header and bearer credentials', async () => {
    for (const type of ['httpBasicAuth', 'httpHeaderAuth', 'httpBearerAuth']) {
      const { result, json } = await secure(type, { [type]: TEST_CREDENTIALS[type]! });
      expect([type, result.status, json]).toEqual([type, 'success', [{ ok: true }]]);
    }
  });

  it('fails with 401 without credentials, and names the node when none is set', async () => {
    const anonymous = await runHttp({ url: `${server.base}/secure` });
    expect(anonymous.result.error).toMatchObject({ node: 'HTTP', httpCode: '401' });
    const unset = await secure('httpBearerAuth');
    expect(unset.result.error).toMatchObject({ node: 'HTTP', message: expect.stringContaining('httpBearerAuth') });
  });

  it('rejects auth kinds it does not implement instead of sending the request unauthenticated', async () => {
    // No node declares httpDigestAuth, so the reference is set by hand: the node refuses before reading it.
    const digest = await secure('httpDigestAuth', undefined, { credentials: { httpDigestAuth: { id: '1', name: 'x' } } });
    expect(digest.result.error).toMatchObject({ node: 'HTTP', parameter: 'genericAuthType', message: expect.stringContaining('not supported') });
    expect(server.seen.filter((s) => s.path === '/secure')).toHaveLength(4);
  });
});
