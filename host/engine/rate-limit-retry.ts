// Re-sending requests an outside API refused for rate limiting (ERPNext, Twilio, GenieACS ...):
// wait what the server asks for (Retry-After), else back off exponentially with jitter.
// Nodes call it around helpers.httpRequest({ returnFullResponse, ignoreHttpStatusErrors }).
import { setTimeout as delay } from 'node:timers/promises';
import type { IHttpRequestOptions } from 'n8n-workflow';
import type { HttpResponse } from './http-request.ts';

/** Longest wait a Retry-After header may impose unless the caller sets another cap. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Milliseconds a `Retry-After` header asks for: delay-seconds ("120") or an HTTP date, capped at
 * `capMs`; a date in the past is 0. Undefined when there is no usable value.
 */
export function retryAfterMs(headerValue: string | string[] | undefined | null, now: number = Date.now(), capMs: number = MAX_RETRY_AFTER_MS): number | undefined {
  const raw = (Array.isArray(headerValue) ? headerValue[0] : headerValue)?.trim();
  if (!raw) return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(raw)) ms = Number(raw) * 1000;
  else {
    // An HTTP date names its weekday/month; Date.parse would also read "-5" as a year.
    const at = /[A-Za-z]{3}/.test(raw) ? Date.parse(raw) : Number.NaN;
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, Math.ceil(ms)), capMs);
}

export interface RateLimitRetryInfo {
  /** The try that was rate limited (1 = first). */
  attempt: number;
  status: number;
  delayMs: number;
  /** True when the wait came from Retry-After, false for backoff. */
  fromRetryAfter: boolean;
}

export interface RateLimitPolicy {
  /** Statuses that may mean "rate limited" (e.g. [429] or [429, 417]). */
  statuses: number[];
  /** Total tries including the first; default 4. */
  maxTries?: number;
  /** First backoff step; doubles per try. Default 1000 ms. */
  baseDelayMs?: number;
  /** Cap for backoff and for Retry-After. Default 60 s. */
  maxDelayMs?: number;
  /** Cancels the wait (execution canceled): the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Narrows a listed status further, e.g. a 417 only when its body says RateLimitExceededError. */
  isRateLimited?: (res: HttpResponse) => boolean;
  onRetry?: (info: RateLimitRetryInfo) => void;
  /** Source of jitter in [0, 1); tests pin it. */
  random?: () => number;
}

function headerOf(res: HttpResponse, name: string): string | undefined {
  const key = Object.keys(res.headers ?? {}).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : res.headers[key];
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** Backoff for a try: base·2^(attempt-1), capped, with "equal jitter" (half fixed, half random). */
export function backoffMs(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const step = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (step / 2) * random());
}

/**
 * Sends, and re-sends while the answer is a rate limit, up to `maxTries` in all. Returns the last
 * response (still rate limited when the tries ran out), so the caller reports it its own way.
 */
export async function sendWithRateLimitRetry(send: () => Promise<HttpResponse>, policy: RateLimitPolicy): Promise<HttpResponse> {
  const maxTries = Math.max(1, policy.maxTries ?? 4);
  const base = Math.max(0, policy.baseDelayMs ?? 1000);
  const cap = Math.max(0, policy.maxDelayMs ?? MAX_RETRY_AFTER_MS);
  const { signal } = policy;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortReason(signal);
    const res = await send();
    const limited = policy.statuses.includes(res.statusCode) && (policy.isRateLimited?.(res) ?? true);
    if (!limited || attempt >= maxTries) return res;
    const asked = retryAfterMs(headerOf(res, 'retry-after'), Date.now(), cap);
    const delayMs = asked ?? backoffMs(attempt, base, cap, policy.random);
    policy.onRetry?.({ attempt, status: res.statusCode, delayMs, fromRetryAfter: asked !== undefined });
    try {
      await delay(delayMs, undefined, { signal });
    } catch (err) {
      if (signal?.aborted) throw abortReason(signal);
      throw err;
    }
  }
}

/** The part of a node's `this` the retrying request needs (execute and loadOptions contexts fit). */
export interface RetryingRequestContext {
  helpers: { httpRequest(options: IHttpRequestOptions): Promise<unknown> };
  logger?: { warn(message: string): void };
  getExecutionCancelSignal?: () => AbortSignal | undefined;
  addExecutionLogs?: (lines: { level: 'warn'; message: string; at: string }[]) => void;
}

/**
 * One request through the node's helpers.httpRequest (full response, statuses not thrown), re-sent
 * per `policy`; each retry is logged and kept with the node run (`describe` words it), and the wait
 * ends with the execution. Returns the last response and how many tries it took.
 */
export async function requestWithRetry(
  ctx: RetryingRequestContext,
  options: IHttpRequestOptions,
  policy: Omit<RateLimitPolicy, 'signal' | 'onRetry'> & { describe: (info: RateLimitRetryInfo) => string },
): Promise<{ res: HttpResponse; tries: number }> {
  let tries = 0;
  const res = await sendWithRateLimitRetry(
    async () => {
      tries++;
      return (await ctx.helpers.httpRequest({ ...options, returnFullResponse: true, ignoreHttpStatusErrors: true })) as HttpResponse;
    },
    {
      ...policy,
      signal: ctx.getExecutionCancelSignal?.(),
      onRetry: (info) => {
        const message = policy.describe(info);
        ctx.logger?.warn(message);
        ctx.addExecutionLogs?.([{ level: 'warn', message, at: new Date().toISOString() }]);
      },
    },
  );
  return { res, tries };
}
