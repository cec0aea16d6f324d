// apiClient: a service's HTTP client on the host's one HTTP client (helpers.httpRequestWithAuthentication,
// so the credential type's `authenticate` applies), with errors that name the service, the status
// and the request, so a workflow author can tell "bad token" from "wrong device id" at a glance.
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from '../model/index.ts';

/** A service's HTTP client on the host's one HTTP client, with the node's credential applied. */
export interface ApiClientOptions {
  /** Shown in every error: "Traccar answered 401 ...". */
  service: string;
  credentialType: string;
  /** Base URL from the decrypted credential (e.g. cred => cred.baseUrl); checked: must be http(s) URL, error names the credential field. */
  baseUrl: (credential: IDataObject) => unknown;
  /** Extra messages per HTTP status (401, 403, 404, 429 have good defaults naming the service). */
  statusMessages?: Record<number, string>;
  /** Per-request timeout (ms), default 30 000. */
  timeoutMs?: number;
}
export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  qs?: IDataObject;
  body?: unknown;
  headers?: Record<string, string>;
}
export interface ApiClient {
  request<T = unknown>(req: ApiRequest): Promise<T>;
  credential(): Promise<IDataObject>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

interface FullResponse {
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  statusCode: number;
}

/** Reads the base URL through a proxy that records which credential field the accessor touched, so the error can name it. */
function baseUrlOf(ctx: IExecuteFunctions, opts: ApiClientOptions, credential: IDataObject, itemIndex: number | undefined): string {
  const touched: string[] = [];
  const watched = new Proxy(credential, {
    get(target, key, receiver) {
      if (typeof key === 'string') touched.push(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  const value = opts.baseUrl(watched);
  const field = touched.length ? `field "${touched[touched.length - 1]}"` : 'base URL';
  const where = `${opts.service} credential (${opts.credentialType}) ${field}`;
  const fail = (problem: string) => new NodeOperationError(ctx.getNode(), `${where} ${problem}`, { description: 'Fix the URL in the credential, e.g. https://demo.example.com', itemIndex });
  if (typeof value !== 'string' || value.trim() === '') throw fail('is empty: it must be an http(s) URL');
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw fail(`is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail(`must be an http or https URL, got ${JSON.stringify(value)}`);
  return url.href;
}

function headerOf(headers: FullResponse['headers'], name: string): string | undefined {
  const found = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(found) ? found[0] : found;
}

/** The service's answer shown as the error description: text as is, JSON compact, both cut to 500 characters. */
function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (Buffer.isBuffer(body)) return body.toString('utf8').slice(0, 500);
  return (typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 500);
}

function reasonFor(service: string, res: FullResponse): string {
  const status = res.statusCode;
  if (status === 401) return `${service} rejected the credentials; check them`;
  if (status === 403) return `${service} does not allow this request with these credentials`;
  if (status === 404) return `${service} found nothing there`;
  if (status === 429) {
    const retryAfter = headerOf(res.headers, 'retry-after');
    return `${service} is rate limiting requests${retryAfter ? ` (Retry-After: ${retryAfter})` : ''}; try again later or send fewer requests`;
  }
  if (status >= 500) return `${service} had a server error; try again later`;
  return `${service} refused the request`;
}

export function apiClient(ctx: IExecuteFunctions, opts: ApiClientOptions, itemIndex?: number): ApiClient {
  let cached: Promise<IDataObject> | undefined;
  const credential = (): Promise<IDataObject> => {
    cached ??= (ctx.getCredentials(opts.credentialType, itemIndex ?? 0) as Promise<IDataObject>).catch((err: unknown) => {
      cached = undefined; // a failed read is not remembered
      throw err;
    });
    return cached;
  };
  const withItem = <E extends NodeOperationError>(err: E): E => {
    if (itemIndex !== undefined && err.itemIndex === undefined) err.itemIndex = itemIndex;
    return err;
  };

  return {
    credential,
    async request<T = unknown>(req: ApiRequest): Promise<T> {
      const cred = await credential();
      const baseURL = baseUrlOf(ctx, opts, cred, itemIndex);
      const method = req.method ?? 'GET';
      const target = `${method} ${req.path}`;
      const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const options: IHttpRequestOptions = {
        method: method as IHttpRequestMethods,
        baseURL,
        url: req.path,
        qs: req.qs,
        body: req.body as IHttpRequestOptions['body'],
        headers: req.headers,
        json: true,
        timeout,
        // Status errors are mapped here (with the response headers, for Retry-After), not by the host client.
        returnFullResponse: true,
        ignoreHttpStatusErrors: true,
      };
      let res: FullResponse;
      try {
        res = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, opts.credentialType, options, {
          credentialsDecrypted: { id: '', name: opts.credentialType, type: opts.credentialType, data: cred as never },
        })) as FullResponse;
      } catch (err) {
        // No answer at all (refused, timeout, canceled): say which service and request, keep the code.
        if (!(err instanceof Error)) throw err;
        const e = err as Error & { httpCode?: string; description?: string };
        if (e instanceof NodeOperationError && !(e instanceof NodeApiError)) throw withItem(e);
        const message =
          e.httpCode === 'ETIMEDOUT'
            ? `${opts.service} did not answer ${target} within ${timeout} ms`
            : e.httpCode === 'ECANCELED'
              ? `${opts.service} request ${target} was canceled`
              : `${opts.service} could not be reached for ${target}: ${e.message}`;
        throw withItem(new NodeApiError(ctx.getNode(), message, { httpCode: e.httpCode, description: e.description ?? e.message }));
      }
      if (res.statusCode >= 400) {
        const reason = opts.statusMessages?.[res.statusCode] ?? reasonFor(opts.service, res);
        throw withItem(
          new NodeApiError(ctx.getNode(), `${opts.service} answered ${res.statusCode} to ${target}: ${reason}`, {
            httpCode: res.statusCode,
            description: bodyText(res.body),
            responseBody: res.body,
          }),
        );
      }
      return res.body as T;
    },
  };
}
