// The stand-alone "modem bridge": the node's operations as a small JSON REST API (gigaflow bridge),
// over the same library and the same shared browser. Credentials come per request (body or
// headers) and are never logged; an API key (GIGAFLOW_BRIDGE_API_KEY) guards /v1 and is required
// when the service listens beyond loopback.
import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkModemAddress } from '../allowed-networks.ts';
import { bridgePool } from '../browser-pool.ts';
import type { BrowserPool } from '../browser-pool.ts';
import { runBridgeOperation } from '../bridge.ts';
import { BridgeError, errorJson, isBridgeError, statusFor } from '../errors.ts';
import { OPERATIONS } from '../operations.ts';
import type { BridgeRequest } from '../operations.ts';
import { modemTarget } from '../transport.ts';

export interface BridgeServerOptions {
  host: string;
  port: number;
  apiKey?: string;
  /** GIGAFLOW_BRIDGE_ALLOWED_NETWORKS: when set, only modems in these CIDRs/hosts are opened (400 otherwise). */
  allowedNetworks?: string;
  pool?: BrowserPool;
  /** One line per request; never passed credentials. */
  log?: (level: 'info' | 'warn', message: string, meta: Record<string, unknown>) => void;
}

export interface BridgeServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const BODY_LIMIT = 64 * 1024;

export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\./.test(host);

class HttpError extends Error {
  status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new HttpError(413, `The body is larger than ${BODY_LIMIT} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object' && !Array.isArray(body)) return body;
  } catch {
    // answered below
  }
  throw new HttpError(400, 'The body must be a JSON object');
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const header = (req: IncomingMessage, name: string) => str(req.headers[name]);

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

function keyMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export async function startBridgeServer(o: BridgeServerOptions): Promise<BridgeServer> {
  if (!isLoopback(o.host) && !o.apiKey)
    throw new Error(`Refusing to listen on ${o.host} without an API key: set GIGAFLOW_BRIDGE_API_KEY (requests then need X-Api-Key), or bind 127.0.0.1`);
  // Beyond loopback, callers on the network choose the address Chromium opens: keep it to the modems.
  if (!isLoopback(o.host) && !o.allowedNetworks?.trim())
    throw new Error(`Refusing to listen on ${o.host} without allowed networks: set GIGAFLOW_BRIDGE_ALLOWED_NETWORKS to the modems' management range (e.g. 10.64.0.0/10), or bind 127.0.0.1`);
  const pool = o.pool ?? bridgePool();

  async function route(req: IncomingMessage, res: ServerResponse, note: Record<string, unknown>): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://bridge');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/healthz') {
      const s = pool.stats();
      return send(res, 200, { status: 'ok', browser: { running: s.browserRunning, modems: s.modems.length, inFlight: s.inFlight, queued: s.queued, maxConcurrency: s.maxConcurrency } });
    }
    if (!path.startsWith('/v1/')) throw new HttpError(404, `No route ${req.method} ${url.pathname}`);
    if (o.apiKey) {
      const bearer = /^Bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '')?.[1];
      if (!keyMatches(header(req, 'x-api-key') ?? bearer, o.apiKey)) throw new HttpError(401, 'Missing or wrong API key (X-Api-Key or Authorization: Bearer)');
    }
    if (path === '/v1/operations' && req.method === 'GET')
      return send(res, 200, { operations: OPERATIONS.map(({ name, label, description, readOnly }) => ({ name, label, description, readOnly })) });

    let credentials: { address?: string; username?: string; password?: string };
    let request: BridgeRequest;
    let timeoutMs: number | undefined;
    let profile: string | undefined;
    const get = /^\/v1\/modems\/([^/]+)\/([A-Za-z]+)$/.exec(path);
    if (get && req.method === 'GET') {
      // GET /v1/modems/<address>/<operation>?oid=&act= with X-Modem-Username / X-Modem-Password.
      if (get[2] === 'reboot') throw new HttpError(405, 'Reboot is POST /v1/modems/reboot with "confirm": true');
      credentials = { address: decodeURIComponent(get[1]), username: header(req, 'x-modem-username'), password: header(req, 'x-modem-password') };
      request = { operation: get[2], oid: url.searchParams.get('oid') ?? undefined, act: url.searchParams.get('act') ?? undefined };
      timeoutMs = Number(url.searchParams.get('timeoutMs')) || undefined;
      profile = url.searchParams.get('profile') ?? undefined;
    } else if ((path === '/v1/modems/read' || path === '/v1/modems/reboot') && req.method === 'POST') {
      const body = await readJson(req);
      credentials = { address: str(body.address), username: str(body.username) ?? header(req, 'x-modem-username'), password: str(body.password) ?? header(req, 'x-modem-password') };
      const operation = path === '/v1/modems/reboot' ? 'reboot' : (str(body.operation) ?? '');
      if (path === '/v1/modems/read' && operation === 'reboot') throw new HttpError(400, 'Reboot is POST /v1/modems/reboot with "confirm": true');
      const data = body.data && typeof body.data === 'object' && !Array.isArray(body.data) ? (body.data as Record<string, unknown>) : undefined;
      request = { operation, oid: str(body.oid), act: str(body.act), data, confirm: body.confirm === true };
      timeoutMs = Number(body.timeoutMs) || undefined;
      profile = str(body.profile);
    } else if (/^\/v1\/modems\//.test(path) || path === '/v1/operations') {
      throw new HttpError(405, `${req.method} is not allowed on ${url.pathname}`);
    } else throw new HttpError(404, `No route ${req.method} ${url.pathname}`);

    note.operation = request.operation;
    if (o.allowedNetworks) checkModemAddress(String(credentials.address ?? ''), o.allowedNetworks, undefined, 'address');
    const target = modemTarget(credentials.address, credentials.username, credentials.password);
    note.modem = target.origin;
    const closed = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) closed.abort(new Error('client went away'));
    });
    const item = await runBridgeOperation(target, request, { timeoutMs, profile, pool, signal: closed.signal, log: (m, meta) => o.log?.('warn', m, meta) });
    send(res, 200, item);
  }

  const server = createServer((req, res) => {
    const started = Date.now();
    const note: Record<string, unknown> = { method: req.method, path: (req.url ?? '').split('?')[0] };
    route(req, res, note)
      .catch((err: unknown) => {
        if (err instanceof HttpError) return send(res, err.status, { error: { code: err.status === 401 ? 'unauthorized' : 'bad_request', message: err.message } });
        const e = isBridgeError(err) ? err : new BridgeError('modem_error', (err as Error)?.message ?? String(err));
        note.error = e.code;
        const retry = e.details.retryAfterSeconds;
        return send(res, statusFor(e.code), { error: errorJson(e) }, retry ? { 'retry-after': String(retry) } : {});
      })
      .finally(() => {
        o.log?.('info', 'request', { ...note, status: res.statusCode, ms: Date.now() - started });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `http://${shownHost}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
