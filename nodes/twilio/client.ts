// The one place the Twilio nodes build a client of the official twilio library. Its requests go
// through the library's httpClient seam to the host's helpers.httpRequest: the execution's
// cancellation and the host's timeouts apply, 429s are retried honouring Retry-After
// (host/engine/rate-limit-retry.ts), and the credential's "API Base URL Override" (tests,
// proxies) swaps the origin of the URLs the library builds — nothing else is changed.
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import twilio from 'twilio';
import type { HttpResponse } from '../../host/engine/http-request.ts';
import { requestWithRetry } from '../../host/engine/rate-limit-retry.ts';
import type { RetryingRequestContext } from '../../host/engine/rate-limit-retry.ts';
import { NodeOperationError } from '../../host/model/errors.ts';

export const CREDENTIAL_TYPE = 'gigafibreTwilioApi';
export const TWILIO_API_ORIGIN = 'https://api.twilio.com';
const TIMEOUT_MS = 30_000;

/** 429 (Twilio code 20429) is retried up to 4 tries; Retry-After wins, else 1 s, 2 s, 4 s with jitter. */
export const TWILIO_RATE_LIMIT = { statuses: [429], maxTries: 4, baseDelayMs: 1000, maxDelayMs: 30_000 };

export interface TwilioCredentials {
  authType: 'authToken' | 'apiKey';
  accountSid: string;
  authToken: string;
  apiKeySid: string;
  apiKeySecret: string;
  /** Origin replacing https://api.twilio.com, or '' for Twilio itself. */
  apiBaseUrl: string;
}

const SID = (prefix: string) => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`);
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The credential's fields, checked: what is wrong is said before any request is sent. */
export function checkCredentials(node: string, raw: IDataObject): TwilioCredentials {
  const fail = (message: string, description: string) => new NodeOperationError(node, message, { description });
  const cred: TwilioCredentials = {
    authType: raw.authType === 'apiKey' ? 'apiKey' : 'authToken',
    accountSid: text(raw.accountSid),
    authToken: text(raw.authToken),
    apiKeySid: text(raw.apiKeySid),
    apiKeySecret: text(raw.apiKeySecret),
    apiBaseUrl: text(raw.apiBaseUrl).replace(/\/+$/, ''),
  };
  if (!SID('AC').test(cred.accountSid))
    throw fail('The Twilio credential needs an Account SID (AC followed by 32 hex digits)', 'Copy it from the Twilio Console → Account Info.');
  if (cred.authType === 'authToken' && !cred.authToken) throw fail('The Twilio credential has no Auth Token', 'Copy it from the Twilio Console → Account Info, or switch Authentication to API Key.');
  if (cred.authType === 'apiKey') {
    if (!SID('SK').test(cred.apiKeySid)) throw fail('The Twilio credential needs an API Key SID (SK followed by 32 hex digits)', 'Twilio Console → API keys & tokens.');
    if (!cred.apiKeySecret) throw fail('The Twilio credential has no API Key Secret', 'The secret is shown once when the key is created; create a new key if it was lost.');
  }
  if (cred.apiBaseUrl && !/^https?:\/\/[^/]+$/i.test(cred.apiBaseUrl))
    throw fail(`The API Base URL Override "${cred.apiBaseUrl}" must be an origin such as http://127.0.0.1:8089`, 'No path: the library\'s paths (/2010-04-01/...) are kept. Leave it empty to talk to Twilio.');
  return cred;
}

/** What the library hands its httpClient (RequestClient.RequestOptions). */
interface LibraryRequest {
  method: string;
  uri: string;
  username?: string;
  password?: string;
  headers?: Record<string, string>;
  params?: Record<string, unknown>;
  data?: Record<string, unknown>;
  timeout?: number;
  allowRedirects?: boolean;
}

/** Form fields as the library's own client encodes them: arrays as repeated keys, nothing for undefined. */
function formBody(data: Record<string, unknown>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, String(v));
  }
  return form;
}

/** The library's absolute URL with its origin replaced by the override (any *.twilio.com host, so edges and regions too). */
function targetUrl(uri: string, override: string): string {
  if (!override) return uri;
  const url = new URL(uri);
  if (!/(^|\.)twilio\.com$/i.test(url.hostname)) return uri;
  return `${override}${url.pathname}${url.search}`;
}

export interface TwilioConnection {
  client: twilio.Twilio;
  credentials: TwilioCredentials;
  /** How many times the last request was sent (rate-limit retries included). */
  lastTries(): number;
}

/** A twilio client whose requests go through `ctx.helpers.httpRequest` (execute or credential-test context). */
export function connect(ctx: RetryingRequestContext, cred: TwilioCredentials): TwilioConnection {
  let tries = 0;
  const httpClient = {
    async request(opts: LibraryRequest) {
      const headers = { ...(opts.headers ?? {}) };
      const options: IHttpRequestOptions = {
        method: opts.method.toUpperCase() as IHttpRequestOptions['method'],
        url: targetUrl(opts.uri, cred.apiBaseUrl),
        qs: opts.params as IDataObject | undefined,
        headers,
        auth: opts.username !== undefined ? { username: opts.username, password: opts.password ?? '' } : undefined,
        body: opts.data ? formBody(opts.data) : undefined,
        timeout: opts.timeout ?? TIMEOUT_MS,
        disableFollowRedirect: !opts.allowRedirects,
        json: true,
      };
      const path = new URL(opts.uri).pathname;
      const sent = await requestWithRetry(ctx, options, {
        ...TWILIO_RATE_LIMIT,
        describe: ({ status, delayMs, attempt }) => `Twilio rate limited ${options.method} ${path} (${status}); try ${attempt + 1} in ${delayMs} ms`,
      });
      tries = sent.tries;
      const res: HttpResponse = sent.res;
      return { statusCode: res.statusCode, body: res.body, headers: res.headers };
    },
  };
  const opts = { httpClient, env: {}, autoRetry: false } as unknown as twilio.ClientOpts;
  const client =
    cred.authType === 'apiKey' ? twilio(cred.apiKeySid, cred.apiKeySecret, { ...opts, accountSid: cred.accountSid }) : twilio(cred.accountSid, cred.authToken, opts);
  return { client, credentials: cred, lastTries: () => tries };
}
