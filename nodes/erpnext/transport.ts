// The one place the ERPNext nodes talk HTTP: token header, JSON, rate-limit retries and
// readable errors. Everything else builds paths and query strings and calls erpNextRequest.
import type { IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';
import type { HttpResponse } from '../../host/engine/http-request.ts';
import { credentialBaseUrl, oncePerRun } from '../../host/engine/credential-read.ts';
import { requestWithRetry } from '../../host/engine/rate-limit-retry.ts';
import { NodeOperationError } from '../../host/model/errors.ts';
import { erpNextError, isRateLimited, transportError } from './errors.ts';
import type { RequestSubject } from './errors.ts';

export const CREDENTIAL_TYPE = 'gigafibreErpNextApi';
const DEFAULT_TIMEOUT_MS = 30_000;

export interface ErpNextCredentials {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  webhookSecret?: string;
  timeout?: number;
}

export type ErpNextContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface ErpNextRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** Query values; objects and arrays must already be JSON text (Frappe reads JSON from the query). */
  qs?: Record<string, string | number>;
  body?: unknown;
  /** What the request is about, for error messages. */
  subject?: Omit<RequestSubject, 'method' | 'path' | 'host'>;
}

/** Rate-limit retry policy for Frappe: 429 always, 417 only for RateLimitExceededError. */
export const ERPNEXT_RATE_LIMIT = { statuses: [429, 417], maxTries: 4, baseDelayMs: 1000, maxDelayMs: 30_000, isRateLimited };

export const resourcePath = (doctype: string, name?: string) => `/api/resource/${encodeURIComponent(doctype)}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
export const methodPath = (dotted: string) => `/api/method/${dotted.split('/').map(encodeURIComponent).join('/')}`;

async function readCredentials(ctx: ErpNextContext): Promise<ErpNextCredentials> {
  const raw = (await ctx.getCredentials(CREDENTIAL_TYPE)) as unknown as Partial<ErpNextCredentials>;
  const node = ctx.getNode().name;
  const baseUrl = credentialBaseUrl(node, raw.baseUrl, { system: 'ERPNext', field: 'Base URL', example: 'https://erp.example.com' });
  if (!raw.apiKey || !raw.apiSecret) throw new NodeOperationError(node, 'The ERPNext credential needs both the API key and the API secret');
  const timeout = Number(raw.timeout);
  return { ...raw, baseUrl, apiKey: String(raw.apiKey).trim(), apiSecret: String(raw.apiSecret).trim(), timeout: timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS };
}

/** The node's credential, validated once per node run. */
export const erpNextCredentials = oncePerRun(readCredentials);

/** Sends one request and returns Frappe's parsed JSON body; non-2xx answers throw a NodeApiError. */
export async function erpNextRequest<T = unknown>(ctx: ErpNextContext, req: ErpNextRequest): Promise<T> {
  const cred = await erpNextCredentials(ctx);
  const node = ctx.getNode().name;
  // URLs resolve "." and ".." segments (encoded or not): such a "name" would address another resource.
  const dots = req.path.split('/').find((segment) => /^(\.|%2e){1,2}$/i.test(segment));
  if (dots) throw new NodeOperationError(node, `"${decodeURIComponent(dots)}" is not a doctype or document name`, { description: `Request path: ${req.path}` });
  const url = new URL(`${cred.baseUrl}${req.path}`);
  const subject: RequestSubject = { ...req.subject, method: req.method, path: url.pathname, host: url.host };
  const options: IHttpRequestOptions = {
    method: req.method,
    url: `${cred.baseUrl}${req.path}`,
    qs: req.qs,
    body: req.body as IHttpRequestOptions['body'],
    // Frappe renders HTML error pages unless the client asks for JSON.
    headers: { Accept: 'application/json', Authorization: `token ${cred.apiKey}:${cred.apiSecret}` },
    json: true,
    timeout: cred.timeout,
    returnFullResponse: true,
    ignoreHttpStatusErrors: true,
  };
  let sent: Awaited<ReturnType<typeof requestWithRetry>>;
  try {
    sent = await requestWithRetry(ctx, options, {
      ...ERPNEXT_RATE_LIMIT,
      describe: ({ status, delayMs, attempt }) => `ERPNext rate limited ${req.method} ${url.pathname} (${status}); try ${attempt + 1} in ${delayMs} ms`,
    });
  } catch (err) {
    throw transportError(node, err, subject, cred.timeout!);
  }
  const { res, tries } = sent;
  if (res.statusCode < 200 || res.statusCode >= 300) throw erpNextError(node, res, subject, tries);
  return res.body as T;
}
