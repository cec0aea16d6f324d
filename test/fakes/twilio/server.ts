// The HTTP side of the fake: Basic auth (Account SID + Auth Token, or API key SID + secret of the
// path's account), the 2010-04-01 routes the nodes use, Twilio's JSON error envelope, and a
// switchable 429 (code 20429 with Retry-After) on message creation.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { authenticateError, notFoundError, rateLimitError, TwilioError } from './errors.ts';
import { API_VERSION, createMessage, rfc2822 } from './messages.ts';
import type { NumberRules, StoredMessage } from './messages.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  form: Record<string, string | string[]>;
  status: number;
  at: number;
}

export interface FakeAccount {
  sid: string;
  authToken: string;
  friendlyName: string;
  createdAt: Date;
}

export interface ServerState {
  account: FakeAccount;
  apiKeys: Map<string, string>;
  messages: StoredMessage[];
  requests: RecordedRequest[];
  rules: NumberRules;
  rateLimit: { remaining: number; retryAfterSeconds: number };
  now: () => Date;
}

type Answer = { status: number; headers: Record<string, string>; body: unknown };

function parseForm(raw: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    const seen = out[k];
    out[k] = seen === undefined ? v : ([] as string[]).concat(seen, v);
  }
  return out;
}

/** Who the Basic header authenticates as for `accountSid`, or a 20003. */
function authenticate(state: ServerState, header: string | undefined, accountSid: string): string {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) throw authenticateError();
  const pair = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  const [user, secret] = colon === -1 ? [pair, ''] : [pair.slice(0, colon), pair.slice(colon + 1)];
  const ok = user === state.account.sid ? secret === state.account.authToken : state.apiKeys.get(user) === secret;
  // Credentials of another account do not open this one.
  if (!ok || accountSid !== state.account.sid) throw authenticateError();
  return user;
}

function accountJson(a: FakeAccount): Record<string, unknown> {
  const base = `/${API_VERSION}/Accounts/${a.sid}`;
  return {
    auth_token: a.authToken,
    date_created: rfc2822(a.createdAt),
    date_updated: rfc2822(a.createdAt),
    friendly_name: a.friendlyName,
    owner_account_sid: a.sid,
    sid: a.sid,
    status: 'active',
    subresource_uris: { messages: `${base}/Messages.json`, incoming_phone_numbers: `${base}/IncomingPhoneNumbers.json` },
    type: 'Full',
    uri: `${base}.json`,
  };
}

function route(state: ServerState, method: string, path: string, headers: Record<string, string>, form: Record<string, string | string[]>): Answer {
  const account = new RegExp(`^/${API_VERSION}/Accounts/(AC[0-9a-f]{32})(\\.json|/Messages\\.json|/Messages/(SM[0-9a-f]{32})\\.json)$`).exec(path);
  if (!account) throw notFoundError(path);
  const [, sid, rest, messageSid] = account;
  const user = authenticate(state, headers.authorization, sid);
  if (rest === '.json' && method === 'GET') return { status: 200, headers: {}, body: accountJson(state.account) };
  if (rest === '/Messages.json' && method === 'POST') {
    if (state.rateLimit.remaining > 0) {
      state.rateLimit.remaining--;
      throw rateLimitError(state.rateLimit.retryAfterSeconds);
    }
    const resource = createMessage(sid, form, state.rules, state.now());
    const callback = ([] as string[]).concat(form.StatusCallback ?? [])[0];
    state.messages.push({ resource, form, authUser: user, statusCallback: callback, at: Date.now() });
    return { status: 201, headers: {}, body: resource };
  }
  if (messageSid && method === 'GET') {
    const found = state.messages.find((m) => m.resource.sid === messageSid);
    if (found) return { status: 200, headers: {}, body: found.resource };
  }
  throw notFoundError(path);
}

async function handle(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const method = (req.method ?? 'GET').toUpperCase();
  const path = new URL(req.url ?? '/', 'http://api.twilio.test').pathname;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const form = (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ? parseForm(raw) : {};
  let answer: Answer;
  try {
    answer = route(state, method, path, headers, form);
  } catch (err) {
    if (!(err instanceof TwilioError)) throw err;
    answer = { status: err.status, headers: err.headers, body: err.body() };
  }
  state.requests.push({ method, path, headers, form, status: answer.status, at: Date.now() });
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)), ...answer.headers });
  res.end(text);
}

export function createTwilioServer(state: ServerState): Server {
  return createServer((req, res) => {
    handle(state, req, res).catch((err: Error) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`fake twilio crashed: ${err.message}`);
    });
  });
}
