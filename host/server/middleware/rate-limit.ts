// Rate limits against guessing API keys and flooding webhooks. Counters are fixed windows kept in
// this process's memory: in queue mode each main process counts on its own, so the effective
// limit behind a load balancer is the limit times the number of mains.
// The client is the socket address; X-Forwarded-For is read only when the socket is a configured
// trusted proxy (GIGAFLOW_TRUSTED_PROXIES), so a client cannot pick its own bucket.
import type { Request, RequestHandler, Response } from 'express';
import { trustedAddressMatcher } from './auth.ts';
import { sendError } from './errors.ts';

interface Window {
  count: number;
  resetAt: number;
}

/** Fixed-window counters per key; stale windows are dropped as the map is touched. */
export class WindowCounter {
  readonly limit: number;
  readonly windowMs: number;
  readonly #windows = new Map<string, Window>();
  readonly #now: () => number;
  #lastSweep = 0;
  constructor(limit: number, windowMs: number, now: () => number = Date.now) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.#now = now;
  }
  #current(key: string): Window | undefined {
    const now = this.#now();
    if (now - this.#lastSweep > this.windowMs) {
      // Keeps memory bounded by the clients seen in one window.
      for (const [k, w] of this.#windows) if (w.resetAt <= now) this.#windows.delete(k);
      this.#lastSweep = now;
    }
    const w = this.#windows.get(key);
    return w && w.resetAt > now ? w : undefined;
  }
  /** Seconds until `key` may try again, or 0 when it is under the limit. */
  blockedFor(key: string): number {
    const w = this.#current(key);
    if (!w || w.count < this.limit) return 0;
    return Math.max(1, Math.ceil((w.resetAt - this.#now()) / 1000));
  }
  add(key: string): void {
    const w = this.#current(key);
    if (w) w.count++;
    else this.#windows.set(key, { count: 1, resetAt: this.#now() + this.windowMs });
  }
}

/** The client's address: the socket peer, or the nearest untrusted X-Forwarded-For hop behind a trusted proxy. */
export function clientAddressOf(trustedProxies: string[]): (req: Request) => string {
  const isTrusted = trustedAddressMatcher(trustedProxies);
  return (req) => {
    const peer = req.socket.remoteAddress ?? 'unknown';
    if (!isTrusted(peer)) return peer;
    const hops = String(req.headers['x-forwarded-for'] ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) if (!isTrusted(hops[i])) return hops[i];
    return peer;
  };
}

function tooMany(res: Response, retryAfter: number, message: string): void {
  res.setHeader('retry-after', String(retryAfter));
  sendError(res, 429, { error: 'too_many_requests', message });
}

export interface RateLimitOptions {
  /** 0 turns the limit off. */
  limit: number;
  windowSeconds: number;
  trustedProxies: string[];
  now?: () => number;
}

/**
 * Past the limit, 429 with Retry-After for the client until its window ends; `count` decides which
 * requests add to the client's window.
 */
function limiter(opts: RateLimitOptions, refusal: (client: string, wait: number) => string, count: (req: Request, res: Response, add: () => void) => void): RequestHandler {
  if (opts.limit <= 0) return (_req, _res, next) => next();
  const counter = new WindowCounter(opts.limit, opts.windowSeconds * 1000, opts.now);
  const clientOf = clientAddressOf(opts.trustedProxies);
  return (req, res, next) => {
    const client = clientOf(req);
    const wait = counter.blockedFor(client);
    if (wait > 0) {
      tooMany(res, wait, refusal(client, wait));
      return;
    }
    count(req, res, () => counter.add(client));
    next();
  };
}

/**
 * Counts API answers of 401 per client address; past the limit every API call from that address
 * gets 429 until the window ends (a correct key too: otherwise the limit would not stop guessing).
 * Requests that pass authentication are never counted.
 */
export function authFailureLimit(opts: RateLimitOptions): RequestHandler {
  return limiter(
    opts,
    (client, wait) => `Too many failed API key attempts from ${client}; retry in ${wait} s (GIGAFLOW_AUTH_FAILURE_LIMIT)`,
    (_req, res, add) => res.on('finish', () => res.statusCode === 401 && add()),
  );
}

/** Webhook calls per client address; past the limit 429 until the window ends. */
export function webhookRateLimit(opts: RateLimitOptions): RequestHandler {
  return limiter(opts, (client, wait) => `Too many webhook calls from ${client}; retry in ${wait} s (GIGAFLOW_WEBHOOK_RATE_LIMIT)`, (_req, _res, add) => add());
}
