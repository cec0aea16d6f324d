// Webhook deliveries as frappe.integrations.doctype.webhook sends them: queued after the
// write commits (one delivery per webhook and document per commit, with the final document),
// then sent by a background worker, one at a time, in queue order. The body is
// frappe.as_json(data); X-Frappe-Webhook-Signature is base64(HMAC-SHA256(secret, body)).
// requests adds no Content-Type for a str body, so only the webhook's own headers are sent.
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { asJson, parsePyJson, pyJsonDumps, pyStr } from './as-json.ts';
import { asDict } from './serialize.ts';
import { getMeta } from './site.ts';
import type { Doc, FrappeDocEvent, Site } from './site.ts';

export interface FakeFrappeWebhook {
  doctype: string;
  event: FrappeDocEvent;
  url: string;
  secret?: string;
  method?: 'POST' | 'PUT' | 'DELETE';
  /** webhook_json: Jinja-like; {{ doc.field }}, {{ doc.field | tojson }}, doc.a.b, doc.items[0].x. */
  json?: string;
  /** webhook_data: {key: doc[fieldname]}. */
  fields?: Array<{ fieldname: string; key: string }>;
  headers?: Record<string, string>;
  /** The webhook's condition, over the document as a dict. */
  condition?: (doc: Doc) => boolean;
  /** Seconds before the request is abandoned (Webhook.timeout, default 5). */
  timeout?: number;
}

export interface WebhookDelivery {
  url: string;
  /** HTTP status; 0 when nothing came back (connection refused, timeout, body not renderable). */
  status: number;
  body: string;
  signature?: string;
  doctype: string;
  name: string;
  event: FrappeDocEvent;
  method: string;
  /** The request headers as sent. */
  headers: Record<string, string>;
  /** Why the delivery failed, when it did (non-2xx is a failure, as raise_for_status makes it). */
  error?: string;
  ok: boolean;
}

/** What requests.request(...) sends on its own. */
const REQUESTS_HEADERS = { 'User-Agent': 'python-requests/2.32.3', 'Accept-Encoding': 'gzip, deflate', Accept: '*/*', Connection: 'close' };

type Segment = string | number;

function parsePath(expr: string): Segment[] {
  const m = /^doc((?:\.\w+|\[\d+\]|\[(?:"[^"]*"|'[^']*')\])*)$/.exec(expr);
  if (!m) throw new Error(`the fake renders only {{ doc.field }} / {{ doc.field | tojson }}, not {{ ${expr} }}`);
  const out: Segment[] = [];
  for (const part of m[1].match(/\.\w+|\[\d+\]|\[(?:"[^"]*"|'[^']*')\]/g) ?? []) {
    if (part.startsWith('.')) out.push(part.slice(1));
    else if (/^\[\d+\]$/.test(part)) out.push(Number(part.slice(1, -1)));
    else out.push(part.slice(2, -2));
  }
  return out;
}

function resolve(doc: unknown, path: Segment[]): unknown {
  let value: unknown = doc;
  for (const seg of path) {
    // frappe._dict returns None for a missing key; a list index past the end is undefined too.
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string | number, unknown>)[seg] ?? null;
  }
  return value;
}

/** jinja2's |tojson: json.dumps(sort_keys=True) made HTML-safe. */
const tojson = (value: unknown): string =>
  pyJsonDumps(value, { sortKeys: true })
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/'/g, '\\u0027');

/** frappe.render_template(webhook_json, {"doc": doc}) for the expressions webhooks use. */
export function renderTemplate(template: string, doc: Doc): string {
  if (/\{%/.test(template)) throw new Error('the fake does not render {% %} blocks in webhook templates');
  return template.replace(/\{\{\s*([\s\S]*?)\s*\}\}/g, (_all, inner: string) => {
    const [expr, ...filters] = inner.split('|').map((s) => s.trim());
    let value = resolve(doc, parsePath(expr));
    let text: string | undefined;
    for (const filter of filters) {
      if (filter === 'tojson') text = tojson(value);
      else throw new Error(`unsupported filter "${filter}" in webhook template`);
      value = text;
    }
    return text ?? pyStr(value);
  });
}

/** get_webhook_data: fields map, else the rendered JSON, else (fake's default) the whole document. */
export function webhookData(hook: FakeFrappeWebhook, doc: Doc): unknown {
  if (hook.fields?.length) return Object.fromEntries(hook.fields.map((f) => [f.key, doc[f.fieldname] ?? null]));
  if (hook.json) return parsePyJson(renderTemplate(hook.json, doc));
  return doc;
}

export const signBody = (secret: string, body: string): string => createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(body, 'utf8')).digest('base64');

function send(url: string, method: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, { method, headers, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`ReadTimeout: no answer within ${timeoutMs / 1000}s`)));
    req.on('error', reject);
    req.end(body);
  });
}

export class WebhookDispatcher {
  readonly hooks: FakeFrappeWebhook[] = [];
  readonly deliveries: WebhookDelivery[] = [];
  private readonly site: Site;
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;

  constructor(site: Site) {
    this.site = site;
  }

  /** flush_webhook_execution_queue: each matching webhook once, with the committed document. */
  enqueue(doctype: string, doc: Doc, events: FrappeDocEvent[]): void {
    const snapshot = asDict(this.site, getMeta(this.site, doctype), doc, { py: true });
    // The queue follows the order the events ran in (on_trash before on_change, ...).
    const matching = events.flatMap((event) => this.hooks.filter((h) => h.doctype === doctype && h.event === event));
    for (const hook of matching) {
      if (hook.condition && !hook.condition(structuredClone(asDict(this.site, getMeta(this.site, doctype), doc)))) continue;
      this.queued++;
      // A background job: it starts after the request that queued it has answered.
      this.chain = this.chain.then(() => new Promise<void>((done) => setImmediate(() => void this.deliver(hook, doctype, snapshot).finally(done))));
      void this.chain.finally(() => this.queued--);
    }
  }

  private async deliver(hook: FakeFrappeWebhook, doctype: string, doc: Doc): Promise<void> {
    const method = hook.method ?? 'POST';
    const base = { url: hook.url, doctype, name: String(doc.name), event: hook.event, method };
    let body = '';
    const headers: Record<string, string> = {};
    try {
      body = asJson(webhookData(hook, doc));
      const signature = hook.secret ? signBody(hook.secret, body) : undefined;
      if (signature) headers['X-Frappe-Webhook-Signature'] = signature;
      for (const [k, v] of Object.entries(hook.headers ?? {})) if (k && v) headers[k] = v;
      const sent: Record<string, string> = { ...REQUESTS_HEADERS, ...headers, 'Content-Length': String(Buffer.byteLength(body)) };
      const status = await send(hook.url, method, sent, body, (hook.timeout ?? 5) * 1000);
      const ok = status >= 200 && status < 300;
      this.deliveries.push({ ...base, status, body, signature, headers: sent, ok, ...(ok ? {} : { error: `HTTPError: ${status} for url: ${hook.url}` }) });
    } catch (err) {
      this.deliveries.push({ ...base, status: 0, body, signature: headers['X-Frappe-Webhook-Signature'], headers, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Resolves once every queued delivery (including ones queued meanwhile) has finished. */
  async settle(): Promise<void> {
    while (this.queued > 0) await this.chain;
  }
}
