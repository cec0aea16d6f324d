// Per-workflow concurrency (settings.maxConcurrency) across every worker of queue mode: a
// semaphore per workflow in Redis. n8n has only a global limit; this one is per workflow.
//
// Per workflow, under `<prefix>:limit:<workflowId>:`:
//   holders  sorted set: holder id → lease expiry (ms). A holder renews its lease while it runs, so
//            the slot of a killed worker frees itself when the lease runs out.
//   line     sorted set: waiting holder id → arrival number (`seq`), first come first served.
//   alive    sorted set: waiting holder id → expiry of its place in line. A waiter keeps its place
//            by asking again before then; one that stopped asking (killed) leaves the line.
// Every decision is one Lua script using Redis's clock (TIME), so workers' clocks do not matter.
// A waiter may take a slot only when fewer waiters are ahead of it than slots are free.
import { Redis } from 'ioredis';
import type { Logger } from '../engine/types.ts';
import { concurrencyLimitOf } from '../workflows/settings.ts';
import { redisOptions } from './config.ts';
import type { QueueConfig } from './config.ts';
import { coordinationTimings } from './leader.ts';

const PRELUDE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local gone = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)
for _, w in ipairs(gone) do redis.call('ZREM', KEYS[2], w) end
if #gone > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now) end
`;

/** KEYS: holders line alive seq; ARGV: id limit leaseMs waitTtlMs. Returns {1, 0} taken, {0, position} waiting. */
const ACQUIRE = `${PRELUDE}
local id, limit, lease, waitTtl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local keep = math.max(lease, waitTtl) * 2
local function touch()
  for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], keep) end
end
if redis.call('ZSCORE', KEYS[1], id) then
  redis.call('ZADD', KEYS[1], now + lease, id)
  touch()
  return {1, 0}
end
local free = limit - redis.call('ZCARD', KEYS[1])
local ahead = redis.call('ZRANK', KEYS[2], id)
local inLine = ahead ~= false
if not inLine then ahead = redis.call('ZCARD', KEYS[2]) end
if free > 0 and ahead < free then
  redis.call('ZADD', KEYS[1], now + lease, id)
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
  touch()
  return {1, 0}
end
if not inLine then redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[4]), id) end
redis.call('ZADD', KEYS[3], now + waitTtl, id)
touch()
return {0, ahead + 1}
`;

/** KEYS: holders line alive seq; ARGV: id leaseMs. 1 when the lease was extended, 0 when it was lost. */
const RENEW = `${PRELUDE}
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
return 1
`;

/** KEYS: holders line alive; ARGV: id. Frees the slot or the place in line. */
const LEAVE = `return redis.call('ZREM', KEYS[1], ARGV[1]) + redis.call('ZREM', KEYS[2], ARGV[1]) + redis.call('ZREM', KEYS[3], ARGV[1])`;

/** KEYS: holders line alive seq. Returns {holders, waiting...} after dropping expired entries. */
const STATE = `${PRELUDE}
return {redis.call('ZCARD', KEYS[1]), redis.call('ZRANGE', KEYS[2], 0, -1)}
`;

export const DEFAULT_LEASE_MS = 30_000;

export interface SlotLease {
  /** Gives the slot back (stops renewing); calling it twice is harmless. */
  release(): Promise<void>;
  /** True once a renewal found the lease gone (it expired while this process was stalled). */
  readonly lost: boolean;
}

export type TryAcquireResult = { lease: SlotLease; position?: undefined } | { lease?: undefined; position: number };

export interface RedisLimiterOptions {
  redis: Redis;
  /** Queue prefix (GIGAFLOW_QUEUE_PREFIX); our keys are `<prefix>:limit:…`. */
  prefix: string;
  /** A holder's lease; renewed every leaseMs/3 while it runs. A killed worker's slot frees after it. */
  leaseMs?: number;
  /** A waiter that does not ask again within this long loses its place in line. */
  waitTtlMs?: number;
  /** Polling of acquire(): starts at minPollMs, doubles up to maxPollMs. */
  minPollMs?: number;
  maxPollMs?: number;
  logger?: Logger;
}

export interface RedisLimiter {
  /** One attempt: a slot (lease renewed until released) or the place in line (1 = next). */
  tryAcquire(workflowId: string, limit: number, holderId: string): Promise<TryAcquireResult>;
  /** Waits in line for a slot. Rejects with the signal's reason when aborted (and leaves the line). */
  acquire(workflowId: string, limit: number, holderId: string, opts?: { signal?: AbortSignal }): Promise<SlotLease>;
  /** Frees a slot or a place in line by id (e.g. a canceled execution); true when something was freed. */
  leave(workflowId: string, holderId: string): Promise<boolean>;
  /** Slots held now and the waiting ids, first in line first. */
  state(workflowId: string): Promise<{ active: number; waiting: string[] }>;
  /** Stops every lease renewal of this process (shutdown); leases then expire on their own. */
  close(): void;
}

export function createRedisLimiter(opts: RedisLimiterOptions): RedisLimiter {
  const { redis, prefix, logger } = opts;
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const waitTtlMs = opts.waitTtlMs ?? Math.max(leaseMs, 10_000);
  const minPollMs = opts.minPollMs ?? 25;
  const maxPollMs = opts.maxPollMs ?? 500;
  if (!(leaseMs >= 300)) throw new Error(`limiter leaseMs must be at least 300 (got ${leaseMs})`);
  const renewals = new Set<NodeJS.Timeout>();
  const keys = (workflowId: string) => {
    const base = `${prefix}:limit:${workflowId}:`;
    return [`${base}holders`, `${base}line`, `${base}alive`, `${base}seq`];
  };

  function hold(workflowId: string, holderId: string): SlotLease {
    let lost = false;
    let released = false;
    const timer = setInterval(() => {
      redis
        .eval(RENEW, 4, ...keys(workflowId), holderId, String(leaseMs))
        .then((ok) => {
          if (ok === 1 || released) return;
          lost = true;
          clearInterval(timer);
          renewals.delete(timer);
          logger?.warn('concurrency: lease lost (expired before renewal); the slot may be reused', { workflowId, holderId });
        })
        .catch((err: Error) => logger?.warn('concurrency: lease renewal failed', { workflowId, holderId, error: err.message }));
    }, Math.floor(leaseMs / 3));
    timer.unref();
    renewals.add(timer);
    return {
      get lost() {
        return lost;
      },
      async release() {
        if (released) return;
        released = true;
        clearInterval(timer);
        renewals.delete(timer);
        await redis.eval(LEAVE, 3, ...keys(workflowId).slice(0, 3), holderId);
      },
    };
  }

  async function tryAcquire(workflowId: string, limit: number, holderId: string): Promise<TryAcquireResult> {
    const n = Math.max(1, Math.floor(limit));
    const [taken, position] = (await redis.eval(ACQUIRE, 4, ...keys(workflowId), holderId, String(n), String(leaseMs), String(waitTtlMs))) as [number, number];
    return taken === 1 ? { lease: hold(workflowId, holderId) } : { position };
  }

  return {
    tryAcquire,
    async acquire(workflowId, limit, holderId, { signal } = {}) {
      let wait = minPollMs;
      for (;;) {
        if (signal?.aborted) {
          await redis.eval(LEAVE, 3, ...keys(workflowId).slice(0, 3), holderId);
          throw signal.reason ?? new Error('aborted');
        }
        const got = await tryAcquire(workflowId, limit, holderId);
        if (got.lease) return got.lease;
        // The first in line polls fastest: it is the one a freed slot goes to.
        const pause = got.position === 1 ? minPollMs : wait;
        wait = Math.min(maxPollMs, wait * 2);
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(t);
            signal?.removeEventListener('abort', wake);
            resolve();
          };
          const t = setTimeout(wake, pause);
          signal?.addEventListener('abort', wake, { once: true });
        });
      }
    },
    async leave(workflowId, holderId) {
      return ((await redis.eval(LEAVE, 3, ...keys(workflowId).slice(0, 3), holderId)) as number) > 0;
    },
    async state(workflowId) {
      const [active, waiting] = (await redis.eval(STATE, 4, ...keys(workflowId))) as [number, string[]];
      return { active, waiting };
    },
    close() {
      for (const t of renewals) clearInterval(t);
      renewals.clear();
    },
  };
}

/**
 * Runs `run` holding a slot of the workflow when it has a limit (`limit` undefined = no limit):
 * waits in line first, gives the slot back afterwards, whatever happens.
 */
export async function withWorkflowSlot<T>(
  limiter: RedisLimiter,
  slot: { workflowId: string; limit: number | undefined; holderId: string; signal?: AbortSignal },
  run: () => Promise<T>,
): Promise<T> {
  if (slot.limit === undefined) return run();
  const lease = await limiter.acquire(slot.workflowId, slot.limit, slot.holderId, { signal: slot.signal });
  try {
    return await run();
  } finally {
    await lease.release().catch(() => {});
  }
}

type SlotExecution = { id: string; workflow: { id: string; settings?: object } };

/**
 * For a queue worker that waits in-process: resolves with a release function once the execution
 * may run (at once for a workflow without settings.maxConcurrency). Simple, but a waiting job
 * holds one of the worker's concurrency slots; prefer workflowSlotGate.
 */
export function workflowSlotHook(limiter: RedisLimiter): (execution: SlotExecution) => Promise<() => void> {
  return async ({ id, workflow }) => {
    const limit = concurrencyLimitOf(workflow.settings);
    if (limit === undefined) return () => {};
    const lease = await limiter.acquire(workflow.id, limit, id);
    return () => void lease.release().catch(() => {});
  };
}

export type SlotDecision = { release: () => void; retryInMs?: undefined } | { release?: undefined; retryInMs: number };

/**
 * For a queue worker that must not block: one attempt; without a slot the caller puts the job back
 * (BullMQ: moveToDelayed + DelayedError) for `retryInMs` and asks again. The execution keeps its
 * place in line meanwhile (as long as it asks again within waitTtlMs); the first in line retries
 * soonest, so a freed slot is not left idle for long.
 */
export function workflowSlotGate(limiter: RedisLimiter, opts: { stepMs?: number; maxRetryMs?: number } = {}): (execution: SlotExecution) => Promise<SlotDecision> {
  const stepMs = opts.stepMs ?? 50;
  const maxRetryMs = opts.maxRetryMs ?? 1000;
  return async ({ id, workflow }) => {
    const limit = concurrencyLimitOf(workflow.settings);
    if (limit === undefined) return { release: () => {} };
    const got = await limiter.tryAcquire(workflow.id, limit, id);
    if (got.lease) {
      const { lease } = got;
      return { release: () => void lease.release().catch(() => {}) };
    }
    return { retryInMs: Math.min(maxRetryMs, stepMs * got.position) };
  };
}

/**
 * A worker's per-workflow limiter on a Redis connection of its own (gigaflow worker): the hook to
 * pass as acquireSlot, and close() for after the worker drained (stops renewals, closes Redis).
 */
export function createWorkerSlots(queue: Pick<QueueConfig, 'redisUrl' | 'prefix'>, opts: { logger?: Logger; leaseMs?: number } = {}) {
  const redis = new Redis({ ...redisOptions(queue.redisUrl), maxRetriesPerRequest: 1 });
  redis.on('error', (err: Error) => opts.logger?.warn('concurrency: redis error', { error: err.message }));
  // A waiter re-asks at least every second (workflowSlotGate); 10 s without asking = gone (its
  // execution was canceled or finished elsewhere), so it stops holding up the line.
  const limiter = createRedisLimiter({ redis, prefix: queue.prefix, logger: opts.logger, leaseMs: opts.leaseMs ?? coordinationTimings().slotLeaseMs, waitTtlMs: 10_000 });
  const gate = workflowSlotGate(limiter);
  return {
    limiter,
    /** For QueueWorkerDeps.acquireSlot: a slot, or how long to put the job back for. */
    acquireSlot: async (execution: SlotExecution): Promise<(() => void) | { retryInMs: number }> => {
      const got = await gate(execution);
      return got.release ?? { retryInMs: got.retryInMs };
    },
    async close() {
      limiter.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
