// The shared rate-limit retry: Retry-After (seconds, HTTP date, cap), backoff, which statuses
// count, giving up, and cancellation — against a real HTTP server through helpers.httpRequest.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpRequest } from '../../../host/engine/http-request.ts';
import type { HttpResponse } from '../../../host/engine/http-request.ts';
import { backoffMs, MAX_RETRY_AFTER_MS, retryAfterMs, sendWithRateLimitRetry } from '../../../host/engine/rate-limit-retry.ts';
import type { RateLimitRetryInfo } from '../../../host/engine/rate-limit-retry.ts';

let server: Server;
let base: string;
/** Answers the server gives next, in order; then 200 {ok:true}. */
let script: { status: number; headers?: Record<string, string>; body: unknown }[] = [];
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hits++;
      const next = script.shift() ?? { status: 200, body: { ok: true, hits } };
      res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
      res.end(JSON.stringify(next.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  script = [];
  hits = 0;
});

const send = () => httpRequest('Test', { url: `${base}/x`, json: true, returnFullResponse: true, ignoreHttpStatusErrors: true }) as Promise<HttpResponse>;

describe('retryAfterMs', () => {
  const now = Date.parse('2026-06-27T10:00:00Z');
  it('reads delay-seconds, including 0 and fractions', () => {
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('1.5', now)).toBe(1500);
    expect(retryAfterMs(['2', '9'], now)).toBe(2000);
  });
  it('reads an HTTP date relative to now; a past date is 0', () => {
    expect(retryAfterMs('Sat, 27 Jun 2026 10:00:07 GMT', now)).toBe(7000);
    expect(retryAfterMs('Sat, 27 Jun 2026 09:59:00 GMT', now)).toBe(0);
  });
  it('caps long waits (default 60 s, or the cap given)', () => {
    expect(retryAfterMs('86400', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs('Sun, 28 Jun 2026 10:00:00 GMT', now, 5000)).toBe(5000);
  });
  it('is undefined without a usable value', () => {
    for (const v of [undefined, null, '', 'soon', '-5', '1e3x']) expect(retryAfterMs(v as string, now)).toBeUndefined();
  });
});

describe('backoffMs', () => {
  it('doubles per try, keeps half fixed and jitters the other half, within the cap', () => {
    expect([1, 2, 3].map((a) => backoffMs(a, 100, 10_000, () => 0))).toEqual([50, 100, 200]);
    expect([1, 2, 3].map((a) => backoffMs(a, 100, 10_000, () => 0.999))).toEqual([100, 200, 400]);
    expect(backoffMs(10, 100, 1000, () => 0.5)).toBe(750);
  });
});

describe('sendWithRateLimitRetry', () => {
  it('waits the Retry-After seconds, then returns the successful answer', async () => {
    script = [{ status: 429, headers: { 'Retry-After': '1' }, body: 'Too Many Requests' }];
    const retries: RateLimitRetryInfo[] = [];
    const started = Date.now();
    const res = await sendWithRateLimitRetry(send, { statuses: [429], onRetry: (i) => retries.push(i) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual({ ok: true, hits: 2 });
    expect(retries).toEqual([{ attempt: 1, status: 429, delayMs: 1000, fromRetryAfter: true }]);
  });

  it('honours an HTTP-date Retry-After, capped by maxDelayMs', async () => {
    script = [{ status: 429, headers: { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() }, body: {} }];
    const retries: RateLimitRetryInfo[] = [];
    const res = await sendWithRateLimitRetry(send, { statuses: [429], maxDelayMs: 40, onRetry: (i) => retries.push(i) });
    expect(res.statusCode).toBe(200);
    expect(retries[0]).toMatchObject({ delayMs: 40, fromRetryAfter: true });
  });

  it('backs off exponentially without Retry-After and gives up after maxTries with the last answer', async () => {
    script = Array.from({ length: 5 }, () => ({ status: 429, body: { n: 'limited' } }));
    const retries: RateLimitRetryInfo[] = [];
    const res = await sendWithRateLimitRetry(send, { statuses: [429], maxTries: 3, baseDelayMs: 20, random: () => 0, onRetry: (i) => retries.push(i) });
    expect(res.statusCode).toBe(429);
    expect(hits).toBe(3);
    expect(retries.map((r) => [r.attempt, r.delayMs, r.fromRetryAfter])).toEqual([
      [1, 10, false],
      [2, 20, false],
    ]);
  });

  it('retries a listed status only when isRateLimited agrees (a 417 validation error is returned at once)', async () => {
    const isRateLimited = (r: HttpResponse) => r.statusCode === 429 || (r.body as { exc_type?: string }).exc_type === 'RateLimitExceededError';
    script = [{ status: 417, body: { exc_type: 'ValidationError' } }];
    const plain = await sendWithRateLimitRetry(send, { statuses: [429, 417], isRateLimited, baseDelayMs: 1 });
    expect([plain.statusCode, hits]).toEqual([417, 1]);
    hits = 0;
    script = [{ status: 417, body: { exc_type: 'RateLimitExceededError' } }];
    const limited = await sendWithRateLimitRetry(send, { statuses: [429, 417], isRateLimited, baseDelayMs: 1 });
    expect([limited.statusCode, hits]).toEqual([200, 2]);
  });

  it('does not retry statuses that are not listed', async () => {
    script = [{ status: 503, headers: { 'retry-after': '1' }, body: {} }];
    const res = await sendWithRateLimitRetry(send, { statuses: [429] });
    expect([res.statusCode, hits]).toEqual([503, 1]);
  });

  it('stops waiting when the signal aborts, rejecting with its reason', async () => {
    script = [{ status: 429, headers: { 'retry-after': '30' }, body: {} }];
    const ctl = new AbortController();
    const started = Date.now();
    setTimeout(() => ctl.abort(new Error('execution canceled')), 100);
    await expect(sendWithRateLimitRetry(send, { statuses: [429], signal: ctl.signal })).rejects.toThrow('execution canceled');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(hits).toBe(1);
  });

  it('does not send at all when already aborted', async () => {
    const ctl = new AbortController();
    ctl.abort();
    await expect(sendWithRateLimitRetry(send, { statuses: [429], signal: ctl.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(hits).toBe(0);
  });
});
