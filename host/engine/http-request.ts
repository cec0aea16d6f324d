// The one HTTP client every node uses (helpers.httpRequest). Built on fetch; maps failures to
// NodeApiError so every node reports outside errors the same way.
import type { IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError } from '../model/index.ts';
import { BlockedAddressError, checkUrl, guardedDispatcher } from './outbound-guard.ts';

export interface HttpResponse {
  body: unknown;
  headers: Record<string, string>;
  statusCode: number;
  statusMessage: string;
}

const DEFAULT_TIMEOUT_MS = 300_000;

function buildUrl(opts: IHttpRequestOptions): URL {
  const url = opts.baseURL ? new URL(opts.url.replace(/^\//, ''), opts.baseURL.endsWith('/') ? opts.baseURL : `${opts.baseURL}/`) : new URL(opts.url);
  for (const [k, v] of Object.entries(opts.qs ?? {})) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const e of v) url.searchParams.append(opts.arrayFormat === 'brackets' ? `${k}[]` : k, String(e));
    else url.searchParams.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  return url;
}

function encodeBody(opts: IHttpRequestOptions, headers: Headers): BodyInit | undefined {
  const { body } = opts;
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof URLSearchParams || body instanceof FormData) return body;
  if (Buffer.isBuffer(body)) return new Uint8Array(body);
  const contentType = headers.get('content-type') ?? '';
  if (contentType.includes('application/x-www-form-urlencoded'))
    return new URLSearchParams(Object.entries(body as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  if (!contentType) headers.set('content-type', 'application/json');
  return JSON.stringify(body);
}

async function decode(res: Response, opts: IHttpRequestOptions): Promise<unknown> {
  if (opts.encoding === 'arraybuffer') return Buffer.from(await res.arrayBuffer());
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  if (opts.encoding === 'text') return text;
  if (opts.json || type.includes('json')) {
    if (!text) return opts.json ? {} : '';
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** A binary (arraybuffer) body shown in an error as text, or as JSON when it is JSON. */
function readableBody(body: unknown, contentType: string): unknown {
  if (!Buffer.isBuffer(body)) return body;
  const text = body.toString('utf8');
  if (contentType.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      // not JSON after all: show the text
    }
  }
  return text;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * `guarded`: the SSRF guard applies (host/engine/outbound-guard.ts) — for URLs a workflow author
 * types (the HTTP Request node), not for the service addresses administrators put in credentials.
 */
export async function httpRequest(nodeName: string, opts: IHttpRequestOptions, signal?: AbortSignal, guarded = false): Promise<unknown> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined && v !== null) headers.set(k, String(v));
  if (opts.auth) headers.set('authorization', `Basic ${Buffer.from(`${opts.auth.username}:${opts.auth.password}`).toString('base64')}`);
  if (opts.json && !headers.has('accept')) headers.set('accept', 'application/json');
  const noFollow = opts.disableFollowRedirect === true || opts.maxRedirects === 0;
  // With the SSRF guard on, every redirect hop is followed here so its target is checked too.
  const dispatcher = guarded ? guardedDispatcher() : undefined;
  // fetch follows up to 20 redirects by itself; a set maxRedirects is enforced by following them here.
  const countHops = !noFollow && (opts.maxRedirects !== undefined || dispatcher !== undefined);
  const maxRedirects = opts.maxRedirects ?? 20;
  let url = buildUrl(opts);
  let method: string = opts.method ?? 'GET';
  let body = encodeBody(opts, headers);
  const timeoutMs = opts.timeout ?? DEFAULT_TIMEOUT_MS;
  const signals = [AbortSignal.timeout(timeoutMs)];
  if (signal) signals.push(signal);
  const combined = AbortSignal.any(signals);
  let res: Response;
  for (let hops = 0; ; hops++) {
    try {
      if (dispatcher) checkUrl(url);
      const init = { method, headers, body, redirect: noFollow || countHops ? 'manual' : 'follow', signal: combined, dispatcher } as RequestInit;
      res = await fetch(url, init);
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const blocked = err instanceof BlockedAddressError ? err : e.cause instanceof BlockedAddressError ? e.cause : undefined;
      if (blocked) throw new NodeApiError(nodeName, `Node "${nodeName}" may not call ${blocked.message}`, { httpCode: blocked.code });
      if (e.name === 'TimeoutError') throw new NodeApiError(nodeName, `Request to ${url.host} timed out after ${timeoutMs} ms`, { httpCode: 'ETIMEDOUT' });
      if (e.name === 'AbortError') throw new NodeApiError(nodeName, `Request to ${url.host} was canceled`, { httpCode: 'ECANCELED' });
      const code = e.cause?.code ?? 'ECONNREFUSED';
      throw new NodeApiError(nodeName, `Could not reach ${url.host}: ${e.cause?.message ?? e.message}`, { httpCode: code });
    }
    const location = res.headers.get('location');
    if (!countHops || !REDIRECT_STATUSES.has(res.status) || !location) break;
    await res.body?.cancel();
    if (hops >= maxRedirects) throw new NodeApiError(nodeName, `Stopped after ${maxRedirects} redirects from ${url.host}`, { httpCode: 'EMAXREDIRECTS' });
    const next = new URL(location, url);
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
      method = method === 'HEAD' ? 'HEAD' : 'GET';
      body = undefined;
      headers.delete('content-type');
    }
    if (next.origin !== url.origin) headers.delete('authorization');
    url = next;
  }
  const resBody = await decode(res, opts);
  const ignore = opts.ignoreHttpStatusErrors === true;
  if (!res.ok && !ignore && !(res.status >= 300 && res.status < 400 && noFollow)) {
    const shown = readableBody(resBody, res.headers.get('content-type') ?? '');
    const detail = typeof shown === 'string' ? shown.slice(0, 500) : JSON.stringify(shown).slice(0, 500);
    throw new NodeApiError(nodeName, `${res.status} ${res.statusText || 'error'} from ${url.host}`, {
      httpCode: res.status,
      description: detail,
      responseBody: shown,
    });
  }
  if (!opts.returnFullResponse) return resBody;
  const out: HttpResponse = { body: resBody, headers: Object.fromEntries(res.headers), statusCode: res.status, statusMessage: res.statusText };
  return out;
}
