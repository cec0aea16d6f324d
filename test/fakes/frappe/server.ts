// The HTTP side, in frappe.app.application's order: form_dict from the request, the site rate
// limiter (a before_request hook), token/Basic auth (validate_auth), then the /api router
// (/api/... and /api/v1/... alike). Failures become handle_exception's JSON or HTML answer.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { responseJson } from './as-json.ts';
import { asFrappeError, bare, errorResponse, FrappeError, jsonDecodeError, webPage, werkzeugPage } from './errors.ts';
import type { ErrorResponse } from './errors.ts';
import { BUILTIN_METHODS, notPermitted, notWhitelisted, ResponseKeys, unknownMethod } from './methods.ts';
import type { MethodDef } from './methods.ts';
import { handleResource, HttpException } from './resources.ts';
import type { DocMethodHandler } from './resources.ts';
import type { Site } from './site.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

export interface RateLimitState {
  remaining: number;
  kind: 'site' | 'decorator';
  status: 429 | 417;
  retryAfterSeconds: number;
  /** Once the site limiter is configured, every response carries X-RateLimit-* headers. */
  siteEnabled: boolean;
}

export interface ServerState {
  site: Site;
  requests: RecordedRequest[];
  methods: Map<string, MethodDef>;
  docMethods: Map<string, DocMethodHandler>;
  rateLimit: RateLimitState;
}

interface Parsed {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  rawBody: string;
  body: unknown;
  form: Record<string, unknown>;
  formError?: FrappeError;
}

async function parseRequest(req: IncomingMessage): Promise<Parsed> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://fake.frappe');
  const query: Record<string, string> = {};
  // werkzeug's MultiDict: the first value of a repeated key wins.
  for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const contentType = (headers['content-type'] ?? '').toLowerCase();
  const isJson = /^application\/(.+\+)?json/.test(contentType);
  let body: unknown = rawBody === '' ? undefined : rawBody;
  let form: Record<string, unknown> = {};
  let formError: FrappeError | undefined;
  if (rawBody && isJson) {
    // make_form_dict: a JSON body is the whole form_dict (query arguments are not merged in).
    try {
      body = JSON.parse(rawBody);
      form = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : { data: body };
    } catch {
      formError = jsonDecodeError();
    }
  } else {
    form = { ...query };
    if (contentType.startsWith('application/x-www-form-urlencoded')) {
      const fields: Record<string, string> = {};
      for (const [k, v] of new URLSearchParams(rawBody)) if (!(k in fields)) fields[k] = v;
      body = fields;
      Object.assign(form, fields);
    }
  }
  delete form._;
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // leave undecodable paths as they are
  }
  return { method: (req.method ?? 'GET').toUpperCase(), path, query, headers, rawBody, body, form, formError };
}

const validBase64 = (s: string): boolean => s.replace(/[^A-Za-z0-9+/=]/g, '').length % 4 === 0;

/** validate_auth: token key:secret or Basic base64(key:secret); a 2-part header that does not log in is a 401. */
function authenticate(site: Site, header: string): string {
  const parts = header.split(' ');
  if (parts.length !== 2) return 'Guest';
  let user = 'Guest';
  const [type, token] = parts;
  let pair: string | undefined;
  if (type.toLowerCase() === 'basic') {
    if (!validBase64(token)) throw new FrappeError('InvalidAuthorizationToken', { messages: [{ message: 'Failed to decode token, please provide a valid base64-encoded token.', title: 'Message', indicator: 'red', raise_exception: 1 }] });
    pair = Buffer.from(token, 'base64').toString('utf8');
  } else if (type.toLowerCase() === 'token') pair = token;
  const kv = pair?.split(':');
  if (kv && kv.length === 2) {
    const found = site.users.find((u) => u.apiKey === kv[0]);
    if (!found || found.apiSecret !== kv[1]) throw bare('AuthenticationError');
    user = found.user;
  }
  if (user === 'Guest') throw bare('AuthenticationError');
  return user;
}

function rateLimitHeaders(state: RateLimitState, rejected: boolean): Record<string, string> {
  if (!state.siteEnabled) return {};
  const headers: Record<string, string> = { 'X-RateLimit-Reset': String(state.retryAfterSeconds), 'X-RateLimit-Limit': '60000000', 'X-RateLimit-Remaining': rejected ? '0' : '59990000' };
  if (rejected) headers['Retry-After'] = String(state.retryAfterSeconds);
  else headers['X-RateLimit-Used'] = '1000';
  return headers;
}

function runMethod(state: ServerState, cmd: string, user: string, httpMethod: string, form: Record<string, unknown>): unknown {
  const def = state.methods.get(cmd) ?? BUILTIN_METHODS[cmd];
  if (!def) throw unknownMethod(cmd, [...Object.keys(BUILTIN_METHODS), ...state.methods.keys()]);
  if (user === 'Guest' && !def.allowGuest) throw notWhitelisted(cmd);
  if (def.methods && !def.methods.includes(httpMethod)) throw notPermitted();
  const args = { ...form };
  delete args.cmd;
  return def.handler(args, { user, site: state.site });
}

type Answer = { status: number; headers: Record<string, string>; body: string };
const json = (status: number, value: unknown): Answer => ({ status, headers: { 'content-type': 'application/json' }, body: responseJson(value) });
const fromError = (e: ErrorResponse): Answer => e;

async function route(state: ServerState, p: Parsed, ctx: { setRejected(): void }): Promise<Answer> {
  const { site, rateLimit } = state;
  if (p.formError) throw p.formError;
  // before_request: frappe.rate_limiter.apply (the site limiter), before authentication.
  if (rateLimit.remaining > 0 && rateLimit.kind === 'site') {
    rateLimit.remaining--;
    ctx.setRejected();
    throw bare('TooManyRequestsError');
  }
  const user = authenticate(site, p.headers.authorization ?? '');
  if (p.method === 'OPTIONS') return { status: 200, headers: {}, body: '' };
  const m = /^\/api(?:\/v1)?\/(method|resource)\/(.+?)\/?$/.exec(p.path);
  if (!m) throw bare('DoesNotExistError');
  if (rateLimit.remaining > 0 && rateLimit.kind === 'decorator') {
    rateLimit.remaining--;
    throw new FrappeError('RateLimitExceededError', {
      status: rateLimit.status,
      messages: [{ message: 'You hit the rate limit because of too many requests. Please try after sometime.', title: 'Message', indicator: 'red', raise_exception: 1 }],
    });
  }
  if (m[1] === 'method') {
    const cmd = m[2].split('/')[0];
    const result = await runMethod(state, cmd, user, p.method, p.form);
    if (result instanceof ResponseKeys) return json(200, result.keys);
    return json(200, result === undefined ? {} : { message: result });
  }
  const slash = m[2].indexOf('/');
  const doctype = slash < 0 ? m[2] : m[2].slice(0, slash);
  const name = slash < 0 ? undefined : m[2].slice(slash + 1);
  const result = handleResource({ site, user, method: p.method, doctype, name, form: p.form, rawBody: p.rawBody, docMethods: state.docMethods });
  return json(result.status ?? 200, result.data === undefined ? {} : { data: result.data });
}

async function handle(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const p = await parseRequest(req);
  state.requests.push({ method: p.method, path: p.path, query: p.query, headers: p.headers, body: p.body });
  let rejected = false;
  let answer: Answer;
  if (!p.path.startsWith('/api/')) {
    answer = webPage('Not Found', 'The resource you are looking for is not available', 404);
  } else {
    try {
      answer = await route(state, p, { setRejected: () => (rejected = true) });
    } catch (err) {
      if (err instanceof HttpException) answer = fromError(werkzeugPage(err.status, err.description));
      else {
        const accept = p.headers.accept;
        answer = fromError(
          errorResponse(asFrappeError(err), {
            accept: accept ?? '',
            acceptPresent: accept !== undefined && accept !== '',
            ajax: p.headers['x-requested-with'] === 'XMLHttpRequest',
            path: p.path,
            allowTraceback: state.site.allowTraceback,
            isMethodCall: /^\/api(?:\/v1)?\/method\//.test(p.path),
          }),
        );
      }
    }
  }
  const headers = { ...answer.headers, ...rateLimitHeaders(state.rateLimit, rejected) };
  res.writeHead(answer.status, { ...headers, 'content-length': String(Buffer.byteLength(answer.body)) });
  res.end(answer.body);
}

export function createFakeServer(state: ServerState): Server {
  return createServer((req, res) => {
    handle(state, req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
}
