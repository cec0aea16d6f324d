// The HTTP side (node:http on 127.0.0.1): an optional Basic-auth reverse proxy in front
// (GenieACS has no auth of its own, integration-apis.md §2.1), then the NBI listener: the
// GenieACS-Version header on every response, the body read in full, the route table.
// An error the NBI does not catch (an invalid task, a query mongod rejects, a malformed %-escape
// in the path) crashes the GenieACS worker in real life (lib/server.ts rethrows unless headers
// were already sent): the client sees its connection dropped. The fake destroys the socket and
// notes the error in `crashes`.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { route } from './routes.ts';
import type { Store } from './store.ts';

export interface RecordedRequest {
  method: string;
  /** The raw (still percent-encoded) path. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

export interface Crash {
  method: string;
  path: string;
  error: string;
}

export interface BasicAuth {
  username: string;
  password: string;
  realm?: string;
}

export interface ServerState {
  store: Store;
  requests: RecordedRequest[];
  crashes: Crash[];
  basicAuth?: BasicAuth;
}

export interface Reply {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: Buffer;
  store: Store;
}

/** response.writeHead(status[, reason], headers) + end(body), as the NBI writes its answers. */
export function send(res: ServerResponse, status: number, body?: string, opts: { reason?: string; headers?: Record<string, string | number> } = {}): void {
  if (opts.reason !== undefined) res.writeHead(status, opts.reason, opts.headers);
  else res.writeHead(status, opts.headers);
  res.end(body);
}

// What nginx answers for a missing or wrong Basic login (the proxy answers, not GenieACS).
const PROXY_401 = '<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

function authorized(auth: BasicAuth, header: string | undefined): boolean {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return false;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  return decoded === `${auth.username}:${auth.password}`;
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } catch {
    return null;
  }
  return req.readableEnded || req.complete ? Buffer.concat(chunks) : null;
}

function record(state: ServerState, req: IncomingMessage, url: URL, body: Buffer): void {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
  state.requests.push({ method: req.method ?? 'GET', path: url.pathname, query, headers, body: body.toString('utf8') });
}

async function handle(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const body = await readBody(req);
  if (body === null) return; // the NBI ignores incomplete requests
  record(state, req, url, body);
  if (state.basicAuth && !authorized(state.basicAuth, req.headers.authorization)) {
    send(res, 401, PROXY_401, { headers: { 'Content-Type': 'text/html', 'WWW-Authenticate': `Basic realm="${state.basicAuth.realm ?? 'GenieACS NBI'}"` } });
    return;
  }
  res.setHeader('GenieACS-Version', state.store.version);
  try {
    await route({ req, res, url, body, store: state.store });
  } catch (err) {
    state.crashes.push({ method: req.method ?? 'GET', path: url.pathname, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    res.socket?.destroy();
  }
}

export function createNbiServer(state: ServerState): Server {
  const server = createServer((req, res) => {
    void handle(state, req, res);
  });
  // Like the NBI, which raises the socket timeout while it waits for a CPE session.
  server.requestTimeout = 0;
  return server;
}
