// The one place the GenieACS node talks HTTP: the credential (proxy auth), JSON, timeouts,
// retries while a proxy rate-limits or a device is in session, and readable errors.
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import type { HttpResponse } from '../../host/engine/http-request.ts';
import { credentialBaseUrl, oncePerRun } from '../../host/engine/credential-read.ts';
import { requestWithRetry } from '../../host/engine/rate-limit-retry.ts';
import { NodeOperationError } from '../../host/model/errors.ts';
import { withGenieAcsAuth } from './auth.ts';
import type { GenieAcsAuth } from './auth.ts';
import { genieAcsError, isInSession, transportError } from './errors.ts';
import type { RequestSubject } from './errors.ts';

export const CREDENTIAL_TYPE = 'gigafibreGenieAcsApi';
const DEFAULT_TIMEOUT_MS = 30_000;

export interface GenieAcsCredentials extends GenieAcsAuth {
  baseUrl: string;
  timeout: number;
}

export interface GenieAcsRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  /** Path with its segments already encoded (device ids with pathSegment); may carry its own query. */
  path: string;
  /** Query values; objects must already be JSON text. */
  qs?: Record<string, string | number>;
  body?: unknown;
  /** Overrides the credential's timeout (tasks that wait for the device). */
  timeoutMs?: number;
  /** What the request is about, for error messages. */
  subject?: Omit<RequestSubject, 'method' | 'path' | 'host' | 'authType'>;
}

/** Retries: a proxy's 429, and 503 "Device is in session" (GenieACS refuses changes during a session). */
export const GENIEACS_RETRY = { statuses: [429, 503], maxTries: 4, baseDelayMs: 1000, maxDelayMs: 30_000, isRateLimited: (res: HttpResponse) => res.statusCode === 429 || isInSession(res) };

async function readCredentials(ctx: IExecuteFunctions): Promise<GenieAcsCredentials> {
  const raw = (await ctx.getCredentials(CREDENTIAL_TYPE)) as unknown as Partial<GenieAcsCredentials>;
  const node = ctx.getNode().name;
  const baseUrl = credentialBaseUrl(node, raw.baseUrl, { system: 'GenieACS', field: 'NBI Base URL', example: 'http://genieacs.example.com:7557' });
  const authType = String(raw.authType ?? 'none');
  if (authType === 'header' && !String(raw.headerName ?? '').trim())
    throw new NodeOperationError(node, 'The GenieACS credential uses header authentication but has no header name', { description: 'Set "Header Name" (e.g. X-Api-Key) in the credential, or choose another authentication.' });
  const timeout = Number(raw.timeout);
  return { ...raw, baseUrl, authType, timeout: timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS };
}

/** The node's credential, validated once per node run. */
export const genieAcsCredentials = oncePerRun(readCredentials);

/** Sends one request; returns the full response (status, reason, headers, parsed body). Non-2xx answers throw a NodeApiError. */
export async function genieAcsRequest(ctx: IExecuteFunctions, req: GenieAcsRequest): Promise<HttpResponse> {
  const cred = await genieAcsCredentials(ctx);
  const node = ctx.getNode().name;
  const url = new URL(`${cred.baseUrl}${req.path}`);
  const subject: RequestSubject = { ...req.subject, method: req.method, path: url.pathname, host: url.host, authType: cred.authType };
  const timeout = req.timeoutMs ?? cred.timeout;
  const options = withGenieAcsAuth(cred, {
    method: req.method,
    url: url.href,
    qs: req.qs,
    body: req.body as IHttpRequestOptions['body'],
    json: true,
    timeout,
    returnFullResponse: true,
    ignoreHttpStatusErrors: true,
  });
  let sent: Awaited<ReturnType<typeof requestWithRetry>>;
  try {
    sent = await requestWithRetry(ctx, options, {
      ...GENIEACS_RETRY,
      describe: ({ status, delayMs, attempt }) => `GenieACS answered ${status} to ${req.method} ${url.pathname}; try ${attempt + 1} in ${delayMs} ms`,
    });
  } catch (err) {
    throw transportError(node, err, subject, timeout);
  }
  const { res, tries } = sent;
  if (res.statusCode < 200 || res.statusCode >= 300) throw genieAcsError(node, res, subject, tries);
  return res;
}

/** The `total` header of a query answer (the count before skip/limit), if present. */
export function totalOf(res: HttpResponse): number | undefined {
  const key = Object.keys(res.headers ?? {}).find((k) => k.toLowerCase() === 'total');
  const n = key === undefined ? Number.NaN : Number(res.headers[key]);
  return Number.isFinite(n) ? n : undefined;
}
