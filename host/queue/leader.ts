// Leader election among main processes (queue mode): exactly one main runs the scheduler and
// pruning. The lock is one Redis key holding the leader's owner id, taken with `SET NX PX ttl`.
//
// The leader extends it every ttl/3 with a compare-and-extend script (only while the key still
// holds its id) and deletes it on shutdown with compare-and-delete, so another main takes over at
// once instead of after the TTL. A leader that cannot confirm its lock before it could have expired
// (renewal refused, Redis unreachable, event loop stalled) steps down: onLost runs no later than
// the instant another main could be elected. Followers try to take the lock every ttl/3, so a dead
// leader is replaced within ttl + ttl/3.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from '../engine/types.ts';

export const DEFAULT_LEADER_TTL_MS = 10_000;

/** Extends the lock only if we still hold it. Returns 1 when extended. */
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
/** Deletes the lock only if we still hold it. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface LeaderElectionOptions {
  redis: Redis;
  /** The full Redis key of the lock, e.g. `<prefix>:leader`. */
  key: string;
  ttlMs?: number;
  /** Unique per process; default host:pid:random. */
  owner?: string;
  onElected?: () => void | Promise<void>;
  onLost?: () => void | Promise<void>;
  logger?: Logger;
}

export interface LeaderElection {
  readonly owner: string;
  /** Begins campaigning; resolves after the first attempt (elected or not). */
  start(): Promise<void>;
  /** Stops campaigning and gives the lock back (if held), so another main takes over at once. */
  stop(): Promise<void>;
  isLeader(): boolean;
}

export const leaderKey = (prefix: string) => `${prefix}:leader`;

/**
 * Coordination timings from the environment (README.md): GIGAFLOW_QUEUE_LEADER_TTL_MS (how fast a
 * dead leader is replaced) and GIGAFLOW_QUEUE_SLOT_LEASE_MS (how fast a dead worker's concurrency
 * slot frees). Unset = the defaults.
 */
export function coordinationTimings(env: NodeJS.ProcessEnv = process.env): { leaderTtlMs?: number; slotLeaseMs?: number } {
  const ms = (name: string) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 300) throw new Error(`${name} must be a whole number of milliseconds ≥ 300, got "${raw}"`);
    return n;
  };
  return { leaderTtlMs: ms('GIGAFLOW_QUEUE_LEADER_TTL_MS'), slotLeaseMs: ms('GIGAFLOW_QUEUE_SLOT_LEASE_MS') };
}

export function createLeaderElection(opts: LeaderElectionOptions): LeaderElection {
  const { redis, key, logger } = opts;
  const ttlMs = opts.ttlMs ?? DEFAULT_LEADER_TTL_MS;
  if (!(ttlMs >= 300)) throw new Error(`leader ttlMs must be at least 300 (got ${ttlMs})`);
  const owner = opts.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const intervalMs = Math.floor(ttlMs / 3);
  // Step down a little before the key could expire in Redis: clocks of two processes on one
  // machine agree, but timers fire late under load.
  const safetyMs = Math.min(250, Math.floor(ttlMs / 10));
  let leader = false;
  let running = false;
  let loop: NodeJS.Timeout | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  let busy: Promise<void> = Promise.resolve();

  const call = (what: string, fn: (() => void | Promise<void>) | undefined) =>
    Promise.resolve()
      .then(() => fn?.())
      .catch((err: Error) => logger?.error(`leader: ${what} callback failed`, { error: err.message }));

  /** Our lock is confirmed until `startedAt + ttl`: arm the step-down for just before then. */
  function confirmed(startedAt: number) {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => void lose('lock not confirmed in time'), Math.max(0, startedAt + ttlMs - safetyMs - Date.now()));
    watchdog.unref();
  }

  async function lose(reason: string) {
    if (!leader) return;
    leader = false;
    clearTimeout(watchdog);
    logger?.warn('leader: lost leadership', { owner, reason });
    await call('onLost', opts.onLost);
  }

  async function attempt() {
    const startedAt = Date.now();
    try {
      if (leader) {
        const ok = (await redis.eval(EXTEND, 1, key, owner, String(ttlMs))) === 1;
        if (!running) return;
        if (ok) confirmed(startedAt);
        else await lose('lock taken by another process or expired');
      } else {
        const ok = (await redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK';
        if (!ok || !running) {
          if (ok) await redis.eval(RELEASE, 1, key, owner); // stopped meanwhile
          return;
        }
        leader = true;
        confirmed(startedAt);
        logger?.info('leader: elected', { owner });
        await call('onElected', opts.onElected);
      }
    } catch (err) {
      // Unknown outcome: keep leading until the watchdog says the lock may have expired.
      logger?.warn('leader: Redis call failed', { owner, error: (err as Error).message });
    }
  }

  function schedule() {
    if (!running) return;
    loop = setTimeout(() => {
      busy = attempt().finally(schedule);
    }, intervalMs);
    loop.unref();
  }

  return {
    owner,
    isLeader: () => leader,
    async start() {
      if (running) return;
      running = true;
      busy = attempt();
      await busy;
      schedule();
    },
    async stop() {
      if (!running) return;
      running = false;
      clearTimeout(loop);
      await busy.catch(() => {});
      clearTimeout(loop);
      const was = leader;
      leader = false;
      clearTimeout(watchdog);
      if (was) {
        // Stop the leader's work first, then free the lock: the next leader never overlaps with us.
        await call('onLost', opts.onLost);
        await redis.eval(RELEASE, 1, key, owner).catch((err: Error) => logger?.warn('leader: could not release lock', { error: err.message }));
      }
    },
  };
}
