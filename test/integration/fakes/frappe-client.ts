// Plain-fetch helpers for the fake Frappe conformance tests: no client of ours in between,
// so what is checked is exactly what goes over the wire.
import { request } from 'node:http';
import type { FakeFrappe } from '../../fakes/frappe/index.ts';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  body: Record<string, unknown> | undefined;
}

export const tokenOf = (fake: Pick<FakeFrappe, 'apiKey' | 'apiSecret'>): string => `token ${fake.apiKey}:${fake.apiSecret}`;

/** A query string where non-string values are JSON-encoded, as Frappe clients send them. */
export function qs(params: Record<string, unknown>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) p.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  return `?${p.toString()}`;
}

export async function call(fake: FakeFrappe, path: string, init: RequestInit & { auth?: string | null; json?: unknown } = {}): Promise<Reply> {
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  if (init.auth !== null) headers.set('authorization', init.auth ?? tokenOf(fake));
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers.set('content-type', 'application/json');
  }
  const res = await fetch(`${fake.url}${path}`, { ...init, headers, body });
  const text = await res.text();
  let parsed: Record<string, unknown> | undefined;
  if ((res.headers.get('content-type') ?? '').startsWith('application/json')) parsed = JSON.parse(text) as Record<string, unknown>;
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** A request with exactly the given headers (fetch always adds Accept), over node:http. */
export function rawCall(fake: FakeFrappe, path: string, headers: Record<string, string>): Promise<{ status: number; contentType: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${fake.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** `_server_messages` decoded twice: the list of {message, title, ...} objects. */
export function serverMessages(body: Record<string, unknown> | undefined): Array<Record<string, unknown>> {
  const raw = body?._server_messages;
  if (typeof raw !== 'string') return [];
  const outer = JSON.parse(raw) as unknown[];
  return outer.map((s) => {
    if (typeof s !== 'string') throw new Error('_server_messages entries must be JSON strings');
    return JSON.parse(s) as Record<string, unknown>;
  });
}

export const messagesText = (body: Record<string, unknown> | undefined): string[] => serverMessages(body).map((m) => String(m.message));

/** The `name`s of a {data: [...]} list answer. */
export const names = (reply: Reply): string[] => (reply.body?.data as Array<Record<string, unknown>>).map((r) => String(r.name));
