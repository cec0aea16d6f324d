// apiClient against a real HTTP server on 127.0.0.1, through the real engine: the credential
// type's `authenticate` is applied, the base URL comes from the credential, statuses map to
// messages that name the service and the request.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ICredentialType, IDataObject, INodeTypeDescription } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, defineNode, NodeApiError, type ApiRequest } from '../../../host/kit/index.ts';
import { kitEngine, type KitEngine } from './kit-engine.ts';

const credentialType: ICredentialType = {
  name: 'kitTestApi',
  displayName: 'Kit Test API',
  properties: [
    { displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
    { displayName: 'Token', name: 'token', type: 'string', typeOptions: { password: true }, default: '' },
  ],
  authenticate: { type: 'generic', properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } } },
};

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  contentType?: string;
  body: string;
}
const seen: Seen[] = [];
let server: Server;
let base: string;
const hanging: Array<() => void> = [];

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => resolve(text));
  });
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const text = await body(req);
    seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, contentType: req.headers['content-type'], body: text });
    const url = new URL(req.url!, 'http://x');
    const status = /\/status\/(\d+)$/.exec(url.pathname);
    if (url.pathname.endsWith('/hang')) {
      hanging.push(() => res.end());
      return;
    }
    if (url.pathname.endsWith('/text-error')) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('plain problem');
      return;
    }
    if (status) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (url.searchParams.has('retryAfter')) headers['retry-after'] = url.searchParams.get('retryAfter')!;
      res.writeHead(Number(status[1]), headers).end(JSON.stringify({ message: `answer ${status[1]}` }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: url.pathname, query: Object.fromEntries(url.searchParams), got: text ? JSON.parse(text) : null }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const end of hanging) end();
  await new Promise((resolve) => server.close(resolve));
});

const Client = defineNode({
  description: {
    displayName: 'Client',
    name: 'client',
    group: ['transform'],
    version: 1,
    description: 'calls the test server',
    defaults: { name: 'Client' },
    inputs: ['main'],
    outputs: ['main'],
    credentials: [{ name: 'kitTestApi', required: true }],
    properties: [
      { displayName: 'Operation', name: 'operation', type: 'options', default: 'call', options: [{ name: 'Call', value: 'call' }, { name: 'Call and catch', value: 'callCatch' }] },
      { displayName: 'Request', name: 'request', type: 'json', default: '{}' },
      { displayName: 'Timeout', name: 'timeoutMs', type: 'number', default: 5000 },
      { displayName: 'Messages', name: 'statusMessages', type: 'json', default: '{}' },
    ],
  } as INodeTypeDescription,
  operations: {
    call: async (ctx, i, p) => {
      const client = apiClient(ctx, { service: 'Traccar', credentialType: 'kitTestApi', baseUrl: (c) => c.baseUrl, timeoutMs: p.number('timeoutMs') }, i);
      return (await client.request<IDataObject>(p.json<ApiRequest>('request'))) ?? {};
    },
    // Returns the error's fields, so the test sees what a node author would catch.
    callCatch: async (ctx, i, p) => {
      const client = apiClient(ctx, { service: 'Traccar', credentialType: 'kitTestApi', baseUrl: (c) => c.baseUrl, statusMessages: p.json('statusMessages'), timeoutMs: p.number('timeoutMs') }, i);
      try {
        await client.request(p.json<ApiRequest>('request'));
        return { ok: true };
      } catch (err) {
        const e = err as NodeApiError;
        return { isApiError: e instanceof NodeApiError, message: e.message, httpCode: e.httpCode ?? null, description: e.description ?? null, itemIndex: e.itemIndex ?? null };
      }
    },
  },
});

let engine: KitEngine;
beforeAll(async () => {
  engine = await kitEngine({ client: new Client() }, [credentialType]);
});

const credentials = (extra: IDataObject = {}) => ({ kitTestApi: { baseUrl: `${base}/traccar`, token: 'tok-1', ...extra } });

async function call(request: ApiRequest, opts: { catch?: boolean; statusMessages?: IDataObject; timeoutMs?: number; cred?: IDataObject } = {}) {
  return engine.run({
    type: 'client',
    parameters: { operation: opts.catch ? 'callCatch' : 'call', request: JSON.stringify(request), statusMessages: JSON.stringify(opts.statusMessages ?? {}), timeoutMs: opts.timeoutMs ?? 5000 },
    credentials: credentials(opts.cred),
  });
}

describe('apiClient: requests', () => {
  it('sends to the credential base URL with the authenticate header, query and JSON body', async () => {
    seen.length = 0;
    const r = await call({ method: 'POST', path: '/api/devices', qs: { all: true, id: 3 }, body: { name: 'van 1' } });
    expect(r.status).toBe('success');
    expect(r.json).toEqual([{ path: '/traccar/api/devices', query: { all: 'true', id: '3' }, got: { name: 'van 1' } }]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/traccar/api/devices?all=true&id=3', authorization: 'Bearer tok-1', contentType: 'application/json' });
  });

  it('uses GET by default and keeps the caller headers', async () => {
    seen.length = 0;
    const r = await call({ path: 'api/positions', headers: { 'x-trace': 'abc' } });
    expect(r.json[0]).toMatchObject({ path: '/traccar/api/positions' });
    expect(seen[0]?.method).toBe('GET');
  });
});

describe('apiClient: status errors name the service, status and request', () => {
  const cases: Array<[number, string]> = [
    [401, 'Traccar answered 401 to GET /api/status/401: Traccar rejected the credentials; check them'],
    [403, 'Traccar answered 403 to GET /api/status/403: Traccar does not allow this request with these credentials'],
    [404, 'Traccar answered 404 to GET /api/status/404: Traccar found nothing there'],
    [429, 'Traccar answered 429 to GET /api/status/429: Traccar is rate limiting requests; try again later or send fewer requests'],
    [500, 'Traccar answered 500 to GET /api/status/500: Traccar had a server error; try again later'],
    [503, 'Traccar answered 503 to GET /api/status/503: Traccar had a server error; try again later'],
    [422, 'Traccar answered 422 to GET /api/status/422: Traccar refused the request'],
  ];
  for (const [status, message] of cases) {
    it(`${status}`, async () => {
      const r = await call({ path: `/api/status/${status}` }, { catch: true });
      expect(r.json).toEqual([{ isApiError: true, message, httpCode: String(status), description: `{"message":"answer ${status}"}`, itemIndex: 0 }]);
    });
  }

  it('429 includes Retry-After when the service sends it', async () => {
    const r = await call({ path: '/api/status/429', qs: { retryAfter: '7' } }, { catch: true });
    expect(r.json[0]?.message).toBe('Traccar answered 429 to GET /api/status/429: Traccar is rate limiting requests (Retry-After: 7); try again later or send fewer requests');
  });

  it('statusMessages replace the reason for their status', async () => {
    const r = await call({ method: 'DELETE', path: '/api/status/404' }, { catch: true, statusMessages: { 404: 'no such device; check the device id' } });
    expect(r.json[0]?.message).toBe('Traccar answered 404 to DELETE /api/status/404: no such device; check the device id');
  });

  it('a text error body becomes the description', async () => {
    const r = await call({ path: '/api/text-error' }, { catch: true });
    expect(r.json[0]).toMatchObject({ httpCode: '400', description: 'plain problem' });
  });

  it('fails the run with the mapped error (node, httpCode, description)', async () => {
    const r = await call({ path: '/api/status/401' });
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ message: 'Traccar answered 401 to GET /api/status/401: Traccar rejected the credentials; check them', node: 'Node', httpCode: '401', description: '{"message":"answer 401"}' });
  });

  it('carries the item index of the item that failed', async () => {
    const r = await engine.run({
      type: 'client',
      parameters: { operation: 'callCatch', request: '={{ JSON.stringify({ path: $json.path }) }}' },
      credentials: credentials(),
      input: [{ path: '/api/ok' }, { path: '/api/status/404' }],
    });
    expect(r.json).toEqual([{ ok: true }, expect.objectContaining({ httpCode: '404', itemIndex: 1 })]);
  });
});

describe('apiClient: no answer and bad base URLs', () => {
  it('names the service and request when the server does not answer in time', async () => {
    const r = await call({ path: '/api/hang' }, { catch: true, timeoutMs: 200 });
    expect(r.json[0]).toMatchObject({ isApiError: true, message: 'Traccar did not answer GET /api/hang within 200 ms', httpCode: 'ETIMEDOUT' });
  });

  it('names the service when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const r = await call({ path: '/api/x' }, { catch: true, cred: { baseUrl: `http://127.0.0.1:${port}` } });
    expect(r.json[0]).toMatchObject({ isApiError: true, httpCode: 'ECONNREFUSED' });
    expect(String(r.json[0]?.message)).toMatch(/^Traccar could not be reached for GET \/api\/x: /);
  });

  it('refuses a base URL that is not http(s), naming the credential field', async () => {
    seen.length = 0;
    const bad = await call({ path: '/api/x' }, { cred: { baseUrl: 'ftp://127.0.0.1/files' } });
    expect(bad.error?.message).toBe('Traccar credential (kitTestApi) field "baseUrl" must be an http or https URL, got "ftp://127.0.0.1/files"');
    const empty = await call({ path: '/api/x' }, { cred: { baseUrl: '' } });
    expect(empty.error?.message).toBe('Traccar credential (kitTestApi) field "baseUrl" is empty: it must be an http(s) URL');
    const garbage = await call({ path: '/api/x' }, { cred: { baseUrl: 'not a url' } });
    expect(garbage.error?.message).toBe('Traccar credential (kitTestApi) field "baseUrl" is not a URL: "not a url"');
    expect(seen).toHaveLength(0);
  });
});
