// Wire-level helpers for the fake GenieACS conformance tests: plain fetch / node:http, no client
// of ours in between, so what is checked is exactly what goes over the wire.
import { request } from 'node:http';
import { expect } from 'vitest';
import { deviceIdPathSegment } from '../../fakes/genieacs/index.ts';
import type { FakeGenieAcs } from '../../fakes/genieacs/index.ts';

export interface NbiReply {
  status: number;
  /** The reason phrase exactly as sent (GenieACS puts task outcomes there). */
  reason: string;
  headers: Headers;
  text: string;
  json: unknown;
}

export type Json = Record<string, unknown>;

/** `/devices/<id>`-style path segment: the escaped id percent-encoded once more. */
export const seg = deviceIdPathSegment;

/** ?query=…&projection=… with JSON-encoded objects. */
export function qs(params: Record<string, unknown>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) p.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  return `?${p.toString()}`;
}

export async function nbi(fake: Pick<FakeGenieAcs, 'url'>, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<NbiReply> {
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : init.body instanceof Uint8Array ? Buffer.from(init.body) : JSON.stringify(init.body);
  const res = await fetch(`${fake.url}${path}`, { method: init.method ?? 'GET', body, headers: init.headers });
  const text = await res.text();
  let json: unknown;
  if ((res.headers.get('content-type') ?? '').startsWith('application/json') && text) json = JSON.parse(text);
  return { status: res.status, reason: res.statusText, headers: res.headers, text, json };
}

/** The same over node:http: the raw status line's reason phrase and headers, HEAD without a body. */
export function raw(fake: Pick<FakeGenieAcs, 'url'>, method: string, path: string, body?: string): Promise<{ status: number; reason: string; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${fake.url}${path}`, { method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reason: res.statusMessage ?? '', headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Asserts the server dropped the connection (what a crashing GenieACS worker looks like). */
export async function expectDropped(fake: FakeGenieAcs, path: string, init: { method?: string; body?: unknown } = {}): Promise<string> {
  const crashes = fake.crashes.length;
  const outcome = await raw(fake, init.method ?? 'GET', path, init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body)).then(
    (r) => ({ answered: r.status }),
    (err: NodeJS.ErrnoException) => ({ error: err.code ?? err.message }),
  );
  expect(outcome).toMatchObject({ error: expect.stringMatching(/ECONNRESET|socket hang up/) });
  expect(fake.crashes.length).toBe(crashes + 1);
  return fake.crashes[crashes].error;
}

export const list = async (fake: Pick<FakeGenieAcs, 'url'>, collection: string, params: Record<string, unknown> = {}): Promise<Json[]> => {
  const r = await nbi(fake, `/${collection}/${qs(params)}`);
  expect(r.status).toBe(200);
  return r.json as Json[];
};

/** The ids of the devices a query matches, in answer order. */
export const ids = async (fake: Pick<FakeGenieAcs, 'url'>, query: unknown, extra: Record<string, unknown> = {}): Promise<string[]> =>
  (await list(fake, 'devices', { query, projection: '_id', ...extra })).map((d) => String(d._id));

/** A leaf of a device document by dotted path. */
export function leaf(doc: Json | undefined, path: string): Json | undefined {
  let node: unknown = doc;
  for (const s of path.split('.')) node = node && typeof node === 'object' ? (node as Json)[s] : undefined;
  return node as Json | undefined;
}

export const value = (doc: Json | undefined, path: string): unknown => leaf(doc, path)?._value;

export async function getDevice(fake: Pick<FakeGenieAcs, 'url'>, id: string, projection?: string): Promise<Json> {
  const docs = await list(fake, 'devices', { query: { _id: id }, projection });
  expect(docs).toHaveLength(1);
  return docs[0];
}
