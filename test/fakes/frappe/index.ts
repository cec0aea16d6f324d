// A fake Frappe/ERPNext site over real HTTP (node:http on 127.0.0.1, port 0) that follows the
// documented REST v1 behaviour (/work/shared/reference/integration-apis.md §1) and the shared
// contract (erpnext-model brief). See README.md for what is faked and where it deviates.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { makeClock } from './dates.ts';
import { buildSchema } from './doctypes.ts';
import { deleteDoc, insertDoc, saveDoc } from './documents.ts';
import { FrappeError } from './errors.ts';
import { installMetaDocs } from './meta-docs.ts';
import type { MethodContext } from './methods.ts';
import type { DocMethodHandler } from './resources.ts';
import { asDict } from './serialize.ts';
import { createFakeServer } from './server.ts';
import type { RecordedRequest, ServerState } from './server.ts';
import { allDocs, getMeta } from './site.ts';
import type { Doc, FrappeDocEvent, Site } from './site.ts';
import { validateLinks } from './validation.ts';
import { WebhookDispatcher } from './webhooks.ts';
import type { FakeFrappeWebhook, WebhookDelivery } from './webhooks.ts';

export type { FrappeDocEvent } from './site.ts';
export type { FakeFrappeWebhook, WebhookDelivery } from './webhooks.ts';
export { FrappeError } from './errors.ts';
export { asJson } from './as-json.ts';
export { seedFieldService } from './seed.ts';

export interface FakeFrappeUser {
  user: string;
  apiKey: string;
  apiSecret: string;
  /** Doctypes this user gets 403 PermissionError on. */
  deny?: string[];
}

export interface FakeFrappeOptions {
  users?: FakeFrappeUser[];
  /** Rows per doctype, loaded through the normal validation (names, owner, creation, modified and docstatus are kept). */
  seed?: Record<string, Array<Record<string, unknown>>>;
  /** The site clock (UTC): timestamps, "today" for timespan filters, naming-series years. */
  now?: () => Date;
  /** System Settings allow_error_traceback: adds `exception`/`exc` to error bodies (default true). */
  allowErrorTraceback?: boolean;
}

export interface FakeFrappeRateLimit {
  times: number;
  /** 429 (default): the site limiter; 417: the @rate_limit decorator's RateLimitExceededError. */
  status?: 429 | 417;
  retryAfterSeconds?: number;
  /** Override the mode: "decorator" with status 429 is RateLimitExceededError as v15 sends it. */
  kind?: 'site' | 'decorator';
}

export interface FakeFrappe {
  url: string;
  apiKey: string;
  apiSecret: string;
  requests: RecordedRequest[];
  docs(doctype: string): Array<Record<string, unknown>>;
  insert(doctype: string, doc: Record<string, unknown>): Record<string, unknown>;
  update(doctype: string, name: string, patch: Record<string, unknown>): Record<string, unknown>;
  /** frappe.delete_doc as Administrator (fires on_trash/on_change webhooks). */
  remove(doctype: string, name: string): void;
  rateLimit(opts: FakeFrappeRateLimit): void;
  addWebhook(hook: FakeFrappeWebhook): void;
  webhookDeliveries: WebhookDelivery[];
  settleWebhooks(): Promise<void>;
  method(path: string, handler: (args: Record<string, unknown>, ctx: { user: string }) => unknown, opts?: { allowGuest?: boolean; methods?: string[] }): void;
  /** A whitelisted document method for POST /api/resource/{doctype}/{name} {"run_method": method}. */
  docMethod(doctype: string, method: string, handler: DocMethodHandler): void;
  close(): Promise<void>;
}

const key = (): string => randomBytes(8).toString('hex').slice(0, 15);

function loadSeed(site: Site, seed: NonNullable<FakeFrappeOptions['seed']>): void {
  const loaded: Array<[string, Doc]> = [];
  for (const [doctype, rows] of Object.entries(seed)) {
    for (const row of rows) {
      try {
        loaded.push([doctype, insertDoc(site, doctype, row, String(row.owner ?? 'Administrator'), { seed: true })]);
      } catch (err) {
        throw new Error(`fake Frappe seed: ${doctype} ${JSON.stringify(row.name ?? row)}: ${err instanceof FrappeError ? err.text : String(err)}`);
      }
    }
  }
  // Links are checked once everything is in, so seed order does not matter.
  for (const [doctype, doc] of loaded) {
    try {
      validateLinks(site, getMeta(site, doctype), doc);
    } catch (err) {
      throw new Error(`fake Frappe seed: ${doctype} ${String(doc.name)}: ${err instanceof FrappeError ? err.text : String(err)}`);
    }
  }
}

export async function startFakeFrappe(opts: FakeFrappeOptions = {}): Promise<FakeFrappe> {
  const admin = opts.users?.find((u) => u.user === 'Administrator') ?? { user: 'Administrator', apiKey: key(), apiSecret: key() };
  const users = [admin, ...(opts.users ?? []).filter((u) => u !== admin)].map((u) => ({ ...u, deny: new Set(u.deny ?? []) }));
  let dispatcher: WebhookDispatcher | undefined;
  const site: Site = {
    schema: buildSchema(),
    tables: new Map(),
    series: new Map(),
    clock: makeClock(opts.now),
    users,
    allowTraceback: opts.allowErrorTraceback ?? true,
    afterCommit: (doctype: string, doc: Doc, events: FrappeDocEvent[]) => dispatcher?.enqueue(doctype, doc, events),
  };
  dispatcher = new WebhookDispatcher(site);
  installMetaDocs(site);
  if (opts.seed) loadSeed(site, opts.seed);

  const state: ServerState = {
    site,
    requests: [],
    methods: new Map(),
    docMethods: new Map(),
    rateLimit: { remaining: 0, kind: 'site', status: 429, retryAfterSeconds: 1, siteEnabled: false },
  };
  const server = createFakeServer(state);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const hooks = dispatcher;
  const out = (doctype: string, doc: Doc): Doc => structuredClone(asDict(site, getMeta(site, doctype), doc));

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey: admin.apiKey,
    apiSecret: admin.apiSecret,
    requests: state.requests,
    webhookDeliveries: hooks.deliveries,
    docs: (doctype) => (getMeta(site, doctype), allDocs(site, doctype).map((d) => out(doctype, d))),
    insert: (doctype, doc) => out(doctype, insertDoc(site, doctype, doc, 'Administrator')),
    update: (doctype, name, patch) => out(doctype, saveDoc(site, doctype, name, patch, 'Administrator')),
    remove: (doctype, name) => deleteDoc(site, doctype, name, 'Administrator'),
    rateLimit({ times, status = 429, retryAfterSeconds = 1, kind }) {
      const mode = kind ?? (status === 417 ? 'decorator' : 'site');
      Object.assign(state.rateLimit, { remaining: times, kind: mode, status, retryAfterSeconds, siteEnabled: state.rateLimit.siteEnabled || mode === 'site' });
    },
    addWebhook: (hook) => void hooks.hooks.push({ ...hook }),
    settleWebhooks: () => hooks.settle(),
    method(path, handler, o = {}) {
      state.methods.set(path, { handler: (args, ctx: MethodContext) => handler(args, { user: ctx.user }), allowGuest: o.allowGuest, methods: o.methods });
    },
    docMethod: (doctype, method, handler) => void state.docMethods.set(`${doctype}:${method}`, handler),
    async close() {
      await hooks.settle();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
