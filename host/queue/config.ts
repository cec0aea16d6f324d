// Queue mode settings (GIGAFLOW_MODE=queue), read from the environment. Documented in README.md.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

export interface QueueConfig {
  mode: 'regular' | 'queue';
  redisUrl: string;
  /** BullMQ prefix; every Redis key and channel of ours starts with it. */
  prefix: string;
  /** How long a webhook waiting for its answer (lastNode/responseNode) waits for a worker. */
  responseTimeoutMs: number;
  /** A job whose worker stopped renewing its lock for this long is taken back (crash recovery). */
  lockDurationMs: number;
  /** How often workers look for jobs whose worker died. */
  stalledIntervalMs: number;
  /** Tries of one job when the infrastructure fails (not workflow errors, which are final). */
  attempts: number;
  /** First backoff step between tries (doubles each time). */
  backoffMs: number;
  /**
   * The leading main re-enqueues `new` executions older than this that have no job (their main
   * died between storing and enqueueing), checking this often.
   */
  orphanSweepMs: number;
}

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${value}"`);
  return n;
}

export function loadQueueConfig(env: NodeJS.ProcessEnv = process.env): QueueConfig {
  const mode = env.GIGAFLOW_MODE || 'regular';
  if (mode !== 'regular' && mode !== 'queue') throw new Error(`GIGAFLOW_MODE must be one of regular, queue, got "${mode}"`);
  const prefix = env.GIGAFLOW_QUEUE_PREFIX || 'gigaflow';
  if (/[:\s]/.test(prefix)) throw new Error(`GIGAFLOW_QUEUE_PREFIX may not contain ":" or spaces, got "${prefix}"`);
  return {
    mode,
    redisUrl: env.GIGAFLOW_REDIS_URL || 'redis://127.0.0.1:6379',
    prefix,
    responseTimeoutMs: positive(env.GIGAFLOW_QUEUE_RESPONSE_TIMEOUT_MS, 300_000, 'GIGAFLOW_QUEUE_RESPONSE_TIMEOUT_MS'),
    lockDurationMs: positive(env.GIGAFLOW_QUEUE_LOCK_DURATION_MS, 30_000, 'GIGAFLOW_QUEUE_LOCK_DURATION_MS'),
    stalledIntervalMs: positive(env.GIGAFLOW_QUEUE_STALLED_INTERVAL_MS, 30_000, 'GIGAFLOW_QUEUE_STALLED_INTERVAL_MS'),
    attempts: Math.floor(positive(env.GIGAFLOW_QUEUE_ATTEMPTS, 3, 'GIGAFLOW_QUEUE_ATTEMPTS')),
    backoffMs: positive(env.GIGAFLOW_QUEUE_BACKOFF_MS, 1000, 'GIGAFLOW_QUEUE_BACKOFF_MS'),
    orphanSweepMs: positive(env.GIGAFLOW_QUEUE_ORPHAN_SWEEP_MS, 60_000, 'GIGAFLOW_QUEUE_ORPHAN_SWEEP_MS'),
  };
}

/** ioredis/BullMQ connection options from a redis:// URL (BullMQ workers need maxRetriesPerRequest null). */
export function redisOptions(url: string): { host: string; port: number; db: number; username?: string; password?: string; maxRetriesPerRequest: null } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`GIGAFLOW_REDIS_URL is not a URL: "${url}"`);
  }
  if (u.protocol !== 'redis:') throw new Error(`GIGAFLOW_REDIS_URL must start with redis://, got "${url}"`);
  const db = Number(u.pathname.replace(/^\//, '') || 0);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
    db: Number.isInteger(db) ? db : 0,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    maxRetriesPerRequest: null,
  };
}

/** The BullMQ queue every main enqueues into and every worker takes from. */
export const QUEUE_NAME = 'executions';

/** Redis pub/sub channels (all under the prefix). */
export const channels = {
  /** Live events of worker runs, for every main's SSE, and waiting executions for the mains' timers. */
  events: (prefix: string) => `${prefix}:events`,
  /** Answers for one main process: webhook responses and finished records. */
  replies: (prefix: string, processId: string) => `${prefix}:replies:${processId}`,
};

/**
 * A worker renews `<prefix>:alive:<execution id>` while it runs an execution. After a Redis
 * restart the BullMQ job and its lock are gone, so this key (set again within ALIVE_RENEW_MS) is
 * what tells a `running` row whose worker still runs it from one whose worker is gone too.
 */
export const ALIVE_TTL_MS = 5000;
export const ALIVE_RENEW_MS = 1000;
export const aliveKey = (prefix: string, executionId: string) => `${prefix}:alive:${executionId}`;

/** A name for this process, unique among the processes sharing the Redis. */
export function newProcessId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
