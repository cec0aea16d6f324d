// Rewrites the shipped field catalogs (nodes/erpnext/catalogs/*.json) from a live ERPNext site:
//   npm run erpnext:catalogs -- --url https://erp.example.com --key KEY --secret SECRET [--out DIR] [--doctype "Issue" ...]
// (or ERPNEXT_URL / ERPNEXT_API_KEY / ERPNEXT_API_SECRET). Child tables the doctypes use are included.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CATALOG_DIR, CATALOG_DOCTYPES, catalogFileName, catalogText, childDocTypes, fetchCatalog } from '../catalog.ts';
import type { JsonGet } from '../catalog.ts';
import { errorText } from '../errors.ts';

export interface RefreshOptions {
  url: string;
  key: string;
  secret: string;
  out?: string;
  doctypes?: string[];
}

/** GET with the token header; errors carry the status and the server's message. */
function getter(opts: RefreshOptions): JsonGet {
  return async (path, qs) => {
    const url = new URL(`${opts.url.replace(/\/+$/, '')}${path}`);
    for (const [k, v] of Object.entries(qs ?? {})) url.searchParams.set(k, String(v));
    const res = await fetch(url, { headers: { Accept: 'application/json', Authorization: `token ${opts.key}:${opts.secret}` }, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // shown as text below
    }
    if (res.ok) return body;
    const hint = res.status === 401 ? 'check the API key and secret' : errorText(body) || text.slice(0, 200);
    throw Object.assign(new Error(`${res.status} from ${url.origin}${url.pathname}: ${hint}`), { status: res.status });
  };
}

/** Fetches the doctypes (and their child tables) and writes one file each; returns the files written. */
export async function refreshCatalogs(opts: RefreshOptions): Promise<string[]> {
  const out = resolve(opts.out ?? CATALOG_DIR);
  mkdirSync(out, { recursive: true });
  const queue = [...(opts.doctypes?.length ? opts.doctypes : CATALOG_DOCTYPES)];
  const done = new Set<string>();
  const written: string[] = [];
  const get = getter(opts);
  while (queue.length) {
    const doctype = queue.shift()!;
    if (done.has(doctype)) continue;
    done.add(doctype);
    const catalog = await fetchCatalog(get, doctype);
    const file = join(out, catalogFileName(doctype));
    writeFileSync(file, catalogText(catalog));
    written.push(file);
    queue.push(...childDocTypes(catalog));
  }
  return written;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      secret: { type: 'string' },
      out: { type: 'string' },
      doctype: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const url = values.url ?? process.env.ERPNEXT_URL;
  const key = values.key ?? process.env.ERPNEXT_API_KEY;
  const secret = values.secret ?? process.env.ERPNEXT_API_SECRET;
  if (values.help || !url || !key || !secret) {
    console.log('usage: refresh-catalogs --url URL --key API_KEY --secret API_SECRET [--out DIR] [--doctype NAME ...]');
    console.log(`default doctypes: ${CATALOG_DOCTYPES.join(', ')} (plus their child tables); default out: ${CATALOG_DIR}`);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const files = await refreshCatalogs({ url, key, secret, out: values.out, doctypes: values.doctype });
  for (const f of files) console.log(`wrote ${f}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: Error) => {
    console.error(`refresh-catalogs: ${err.message}`);
    process.exitCode = 1;
  });
}
