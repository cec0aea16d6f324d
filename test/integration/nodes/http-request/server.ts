// A real HTTP server on 127.0.0.1 for the HTTP Request node tests: echoes requests and serves
// JSON, text, files, errors, redirects and slow answers.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import type { EngineResult } from '../../../../host/engine/execution.ts';
import type { INode } from '../../../../host/model/index.ts';
import { harness, trigger, workflow } from '../../../helpers/engine.ts';

export const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');

export interface TestServer {
  base: string;
  /** Requests seen, in order: method, path and arrival time. */
  seen: { method: string; path: string; at: number }[];
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(body);
}

function route(req: IncomingMessage, body: Buffer, res: ServerResponse, flaky: Map<string, number>) {
  const url = new URL(req.url!, 'http://x');
  const path = url.pathname;
  if (path === '/echo')
    return send(res, 200, 'application/json', JSON.stringify({
      method: req.method,
      query: Object.fromEntries([...url.searchParams.keys()].map((k) => [k, url.searchParams.getAll(k).join('|')])),
      headers: req.headers,
      body: body.toString('latin1'),
    }));
  if (path === '/list') return send(res, 200, 'application/json; charset=utf-8', JSON.stringify([{ id: 1 }, { id: 2 }]));
  if (path === '/text') return send(res, 200, 'text/plain; charset=utf-8', 'héllo');
  if (path === '/bad-json') return send(res, 200, 'application/json', '{oops');
  if (path === '/empty') return void res.writeHead(204).end();
  if (path === '/logo.png') return send(res, 200, 'image/png', PNG);
  if (path === '/download') return send(res, 200, 'application/octet-stream', Buffer.from('%PDF-1.4'), { 'content-disposition': 'attachment; filename="report.pdf"' });
  if (path.startsWith('/status/')) return send(res, Number(path.slice(8)), 'application/json', JSON.stringify({ message: `Customer CUST-9 not found (${path.slice(8)})` }));
  if (path === '/slow') return void setTimeout(() => send(res, 200, 'text/plain', 'late'), 2000);
  if (path.startsWith('/redirect/')) {
    const n = Number(path.slice(10));
    return n > 0 ? send(res, 302, 'text/plain', 'moved', { location: `/redirect/${n - 1}` }) : send(res, 200, 'application/json', '{"arrived":true}');
  }
  if (path === '/flaky') {
    const calls = (flaky.get(path) ?? 0) + 1;
    flaky.set(path, calls);
    return calls < 2 ? send(res, 503, 'text/plain', 'busy') : send(res, 200, 'application/json', JSON.stringify({ calls }));
  }
  if (path === '/secure') {
    const auth = req.headers.authorization ?? '';
    const ok = auth === 'Bearer t0k' || auth === `Basic ${Buffer.from('ops:s3cret').toString('base64')}` || req.headers['x-api-key'] === 'k3y';
    return ok ? send(res, 200, 'application/json', '{"ok":true}') : send(res, 401, 'application/json', '{"message":"Unauthorized"}');
  }
  send(res, 404, 'text/plain', 'no such route');
}

export async function startServer(): Promise<TestServer> {
  const seen: TestServer['seen'] = [];
  const flaky = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, path: req.url!, at: Date.now() });
      route(req, Buffer.concat(chunks), res, flaky);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { base, seen, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

/** A port nothing listens on: bound once, then released. */
export { closedPort } from '../../../helpers/ports.ts';

/** What the server's /secure route accepts, per credential type. */
export const TEST_CREDENTIALS: Record<string, IDataObject> = {
  httpBasicAuth: { user: 'ops', password: 's3cret' },
  httpHeaderAuth: { name: 'X-API-Key', value: 'k3y' },
  httpBearerAuth: { token: 't0k' },
};

/**
 * Start → HTTP (typeVersion 4.2 unless given) with the input items, run by the node harness;
 * `credentials` (type → data) are stored by the harness and referenced on the HTTP node.
 */
export async function runHttp(parameters: Record<string, unknown>, input: INodeExecutionData[] = [{ json: {} }], node: Partial<INode> = {}, credentials?: Record<string, IDataObject>) {
  const wf = workflow([trigger, { name: 'HTTP', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: parameters as INodeParameters, ...node }], [['Start', 'HTTP']]);
  const run = await (await harness()).runWorkflow(wf, { input, credentials });
  const result = run.raw as EngineResult;
  const task = result.runData.HTTP?.[0];
  const outputs = (task?.data?.main ?? []) as INodeExecutionData[][];
  return { result, task, out: outputs[0] ?? [], outputs, json: (outputs[0] ?? []).map((i) => i.json) };
}
