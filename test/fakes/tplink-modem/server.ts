// The HTTP side: node:http on 127.0.0.1. Every request is recorded (raw body), optionally delayed
// (the slow switch), then routed: pages and scripts, key issuance, the /cgi_gdpr?9 endpoint.
// Referer is required on the CGI endpoints (the firmware answers 403 without it, §4.1 B).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { cookieOf, handleGdpr } from './gdpr.ts';
import { forbiddenPage, loginPage, mainPage } from './pages.ts';
import { gdprParmScript } from './protocol.ts';
import type { ModemState, Reply } from './state.ts';

const SCRIPTS: Record<string, string> = {
  '/js/lib.js': readFileSync(new URL('./static/lib.js', import.meta.url), 'utf8'),
  '/js/app.js': readFileSync(new URL('./static/app.js', import.meta.url), 'utf8'),
};

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** The Referer must be present and name this host (what a page served by the gateway sends). */
function refererOk(headers: Record<string, string>): boolean {
  if (!headers.referer) return false;
  try {
    return new URL(headers.referer).host === headers.host;
  } catch {
    return false;
  }
}

const html = (body: string): Reply => ({ status: 200, type: 'text/html; charset=utf-8', body });
const forbidden = (reason: string): Reply => ({ status: 403, type: 'text/html', body: forbiddenPage(reason) });

function route(state: ModemState, method: string, url: URL, headers: Record<string, string>, body: string): Reply {
  const now = Date.now();
  const path = url.pathname;
  if (method === 'GET' && (path === '/' || path === '/index.html')) {
    const session = state.sessions.get(cookieOf(headers.cookie, 'JSESSIONID'), now);
    return html(session ? mainPage(session.token) : loginPage(state));
  }
  if (method === 'GET' && path === '/webpages/login.html') return html(loginPage(state));
  if (method === 'GET' && SCRIPTS[path]) return { status: 200, type: 'application/javascript; charset=utf-8', body: SCRIPTS[path] };
  if (path === '/cgi/getGDPRParm' && (method === 'GET' || method === 'POST')) {
    if (!refererOk(headers)) return forbidden('Referer required');
    state.issuedSeq = 100_000_000 + Math.floor(Math.random() * 800_000_000);
    return { status: 200, type: 'text/javascript', body: gdprParmScript(state.key, state.issuedSeq) };
  }
  if (path === '/cgi_gdpr' && method === 'POST') {
    if (!refererOk(headers)) return forbidden('Referer required');
    if (url.search !== '?9') return { status: 200, type: 'text/plain', body: '$.ret=71234;\n' };
    return handleGdpr(state, headers, body, now);
  }
  return { status: 404, type: 'text/html', body: '<html><body><h1>404 Not Found</h1></body></html>\n' };
}

export function createModemServer(state: ModemState): Server {
  return createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = headersOf(req);
    const record = { method: req.method ?? 'GET', path: req.url ?? '/', headers, body, status: 0, at: Date.now() };
    state.requests.push(record);
    if (state.slowMs > 0) await sleep(state.slowMs);
    let reply: Reply;
    try {
      reply = route(state, record.method, new URL(record.path, 'http://gateway'), headers, body);
    } catch (e) {
      reply = { status: 500, type: 'text/html', body: `<title>500 Internal Server Error</title>${String(e)}` };
    }
    record.status = reply.status;
    res.writeHead(reply.status, { 'Content-Type': reply.type, 'Cache-Control': 'no-cache', ...reply.headers });
    res.end(reply.body);
  });
}
