import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from '../../../host/engine/http-request.ts';
import { NodeApiError } from '../../../host/model/index.ts';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/echo') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ method: req.method, query: Object.fromEntries(url.searchParams), body: body ? JSON.parse(body) : null, auth: req.headers.authorization ?? null }));
      } else if (url.pathname === '/slow') setTimeout(() => res.end('late'), 2000);
      else {
        res.statusCode = 404;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ exc_type: 'DoesNotExistError', message: 'Customer CUST-9 not found' }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('helpers.httpRequest', () => {
  it('sends JSON with query and basic auth, and parses the JSON answer', async () => {
    const out = await httpRequest('HTTP', { url: `${base}/echo`, method: 'POST', qs: { a: 1, tags: ['x', 'y'] }, body: { hello: 'world' }, json: true, auth: { username: 'u', password: 'p' } });
    expect(out).toEqual({ method: 'POST', query: { a: '1', tags: 'y' }, body: { hello: 'world' }, auth: `Basic ${Buffer.from('u:p').toString('base64')}` });
  });

  it('returns the full response when asked', async () => {
    const out = (await httpRequest('HTTP', { url: '/echo', baseURL: base, returnFullResponse: true, json: true })) as { statusCode: number; headers: Record<string, string> };
    expect(out.statusCode).toBe(200);
    expect(out.headers['content-type']).toBe('application/json');
  });

  it('maps an error status to NodeApiError with the code and the response body', async () => {
    const err = (await httpRequest('ERPNext', { url: `${base}/missing`, json: true }).catch((e) => e)) as NodeApiError;
    expect(err).toBeInstanceOf(NodeApiError);
    expect(err).toMatchObject({ node: 'ERPNext', httpCode: '404', responseBody: { message: 'Customer CUST-9 not found' } });
    expect(err.message).toContain('404');
    expect(err.description).toContain('Customer CUST-9 not found');
    const ignored = await httpRequest('ERPNext', { url: `${base}/missing`, json: true, ignoreHttpStatusErrors: true });
    expect(ignored).toMatchObject({ exc_type: 'DoesNotExistError' });
  });

  it('times out and reports unreachable hosts clearly', async () => {
    const t0 = Date.now();
    await expect(httpRequest('Slow', { url: `${base}/slow`, timeout: 100 })).rejects.toMatchObject({ httpCode: 'ETIMEDOUT', message: expect.stringContaining('timed out after 100 ms') });
    expect(Date.now() - t0).toBeLessThan(1500);
    await expect(httpRequest('Down', { url: 'http://127.0.0.1:1/' })).rejects.toMatchObject({ node: 'Down', message: expect.stringContaining('Could not reach 127.0.0.1:1') });
  });

  it('stops when the execution is canceled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(httpRequest('Slow', { url: `${base}/slow` }, controller.signal)).rejects.toMatchObject({ httpCode: 'ECANCELED' });
  });
});
