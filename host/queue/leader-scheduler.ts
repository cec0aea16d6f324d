// Schedules in queue mode: every main accepts register/unregister (the API validates schedules on
// whichever main it reaches), but only the elected leader runs the real scheduler.
//
// - Elected: a fresh scheduler registers every active workflow from storage. It resumes each node
//   from the progress record the previous leader persisted before firing (scheduler.ts), so a slot
//   the old leader fired is not fired again, and slots missed during the handover get the
//   missed-slot policy (the newest one within the grace window fires once).
// - Lost leadership / shutdown: the scheduler stops before the lock is given back.
// - Changes made on another main reach the leader over Redis pub/sub (`<prefix>:schedules`); a
//   periodic re-sync from storage covers a message missed while the subscriber reconnected.
// - Every slot is claimed in Redis (`SET NX`) before it fires: even if two mains briefly both
//   believe they lead (a stalled leader that has not noticed yet), a slot fires once.
import { Redis } from 'ioredis';
import type { Logger } from '../engine/types.ts';
import type { Workflow } from '../model/index.ts';
import { scheduleNodes, validateSchedules } from '../runtime/schedule-rules.ts';
import { createScheduler } from '../runtime/scheduler.ts';
import type { PlannedSlot, Scheduler, SchedulerDeps } from '../runtime/scheduler.ts';
import type { Storage } from '../storage/storage.ts';
import { redisOptions } from './config.ts';
import type { QueueConfig } from './config.ts';
import { coordinationTimings, createLeaderElection, leaderKey } from './leader.ts';
import type { LeaderElection } from './leader.ts';

/** How long a fired slot's claim is kept: far longer than any grace window or handover. */
const SLOT_CLAIM_TTL_MS = 7 * 86_400_000;

export interface LeaderSchedulerOptions extends Omit<SchedulerDeps, 'storage' | 'claimSlot'> {
  redis: Redis;
  /** GIGAFLOW_QUEUE_PREFIX. */
  prefix: string;
  storage: Pick<Storage, 'workflows' | 'staticData'>;
  leaderTtlMs?: number;
  /** The leader re-reads the active workflows this often (a safety net for missed messages). */
  resyncMs?: number;
  /** Runs on the leader only: pruning and other once-per-cluster work. */
  onElected?: () => void | Promise<void>;
  onLost?: () => void | Promise<void>;
  logger?: Logger;
}

export interface LeaderScheduler extends Scheduler {
  leader: LeaderElection;
  /** Subscribes and starts campaigning for leadership (call when the main starts serving). */
  start(): Promise<void>;
}

type Change = { op: 'register' | 'unregister'; workflowId: string };

export const schedulesChannel = (prefix: string) => `${prefix}:schedules`;
export const slotClaimKey = (prefix: string, workflowId: string, node: string, slotMs: number) => `${prefix}:slot:${workflowId}:${node}:${slotMs}`;

/** The scheduler's claimSlot for queue mode: the first process to claim a slot fires it. */
export function redisSlotClaim(redis: Redis, prefix: string, owner: string): NonNullable<SchedulerDeps['claimSlot']> {
  return async (workflowId, node, slotMs) => (await redis.set(slotClaimKey(prefix, workflowId, node, slotMs), owner, 'PX', SLOT_CLAIM_TTL_MS, 'NX')) === 'OK';
}

export function createLeaderScheduler(opts: LeaderSchedulerOptions): LeaderScheduler {
  const { redis, prefix, storage, logger } = opts;
  const channel = schedulesChannel(prefix);
  const resyncMs = opts.resyncMs ?? 60_000;
  let inner: Scheduler | undefined;
  /** The definition the inner scheduler has, per workflow: re-registering an unchanged one is skipped. */
  const versions = new Map<string, string>();
  let subscriber: Redis | undefined;
  let resync: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();

  const versionOf = (wf: Workflow) => `${wf.versionId ?? ''}|${wf.updatedAt ?? ''}|${JSON.stringify(scheduleNodes(wf))}|${JSON.stringify(wf.settings ?? {})}`;

  /** Leader-side changes run one at a time, in arrival order. */
  const serial = (what: string, fn: () => Promise<void>) => {
    const p = chain.then(fn).catch((err: Error) => logger?.error(`schedules: ${what} failed`, { error: err.message }));
    chain = p;
    return p;
  };

  async function innerRegister(wf: Workflow) {
    if (!inner) return;
    const version = versionOf(wf);
    if (versions.get(wf.id) === version) return;
    await inner.register(wf);
    versions.set(wf.id, version);
  }

  async function innerUnregister(workflowId: string) {
    if (!inner) return;
    versions.delete(workflowId);
    await inner.unregister(workflowId);
  }

  async function syncAll() {
    if (!inner) return;
    const active = await storage.workflows.listActive();
    const ids = new Set(active.map((w) => w.id));
    for (const id of [...versions.keys()]) if (!ids.has(id)) await innerUnregister(id);
    for (const wf of active) {
      if (!scheduleNodes(wf).length) continue;
      await innerRegister(wf).catch((err: Error) => logger?.error('schedules: could not register workflow', { workflowId: wf.id, error: err.message }));
    }
  }

  async function onMessage(raw: string) {
    let change: Change;
    try {
      change = JSON.parse(raw) as Change;
    } catch {
      return;
    }
    if (!inner || typeof change?.workflowId !== 'string') return;
    if (change.op === 'unregister') return innerUnregister(change.workflowId);
    // Storage is written before scheduler.register() is called, so it holds the new definition.
    const wf = await storage.workflows.get(change.workflowId);
    if (wf?.active) await innerRegister(wf);
    else await innerUnregister(change.workflowId);
  }

  const leader = createLeaderElection({
    redis,
    key: leaderKey(prefix),
    ttlMs: opts.leaderTtlMs,
    logger,
    onElected: () =>
      serial('taking over schedules', async () => {
        inner = createScheduler({
          ...opts,
          storage,
          claimSlot: redisSlotClaim(redis, prefix, leader.owner),
        });
        versions.clear();
        // Armed first: if the first sync fails (database away), the next one retries.
        resync = setInterval(() => void serial('re-sync', syncAll), resyncMs);
        resync.unref();
        await opts.onElected?.();
        await syncAll();
      }),
    onLost: () =>
      serial('handing over schedules', async () => {
        clearInterval(resync);
        const was = inner;
        inner = undefined;
        versions.clear();
        await was?.stop();
        await opts.onLost?.();
      }),
  });

  const publish = (change: Change) =>
    redis.publish(channel, JSON.stringify(change)).catch((err: Error) => logger?.error('schedules: could not notify the leader', { ...change, error: err.message }));

  return {
    leader,
    async start() {
      subscriber = redis.duplicate();
      subscriber.on('error', (err: Error) => logger?.warn('schedules: redis subscriber error', { error: err.message }));
      subscriber.on('message', (ch: string, raw: string) => ch === channel && void serial('applying a change', () => onMessage(raw)));
      await subscriber.subscribe(channel);
      await leader.start();
    },
    async register(workflow) {
      validateSchedules(workflow); // a bad schedule is a 400 on every main, leader or not
      if (leader.isLeader()) await serial('register', () => innerRegister(workflow));
      await publish({ op: 'register', workflowId: workflow.id });
    },
    async unregister(workflowId) {
      if (leader.isLeader()) await serial('unregister', () => innerUnregister(workflowId));
      await publish({ op: 'unregister', workflowId });
    },
    planned: (): PlannedSlot[] => inner?.planned() ?? [],
    async idle() {
      await chain;
      await inner?.idle();
    },
    async stop() {
      await leader.stop();
      await chain;
      clearInterval(resync);
      if (subscriber) {
        await subscriber.quit().catch(() => subscriber?.disconnect());
        subscriber = undefined;
      }
    },
  };
}

/**
 * The scheduler of a main in queue mode (host.ts), on a Redis connection of its own that stop()
 * closes. Also the leader gate for other once-per-cluster work: `leader.isLeader()` (pruning).
 */
export function createQueueLeaderScheduler(
  queue: Pick<QueueConfig, 'redisUrl' | 'prefix'>,
  deps: Omit<LeaderSchedulerOptions, 'redis' | 'prefix'>,
): LeaderScheduler {
  // Commands fail fast while Redis is away (the lock's watchdog decides about leadership).
  const redis = new Redis({ ...redisOptions(queue.redisUrl), maxRetriesPerRequest: 1 });
  redis.on('error', (err: Error) => deps.logger?.warn('schedules: redis error', { error: err.message }));
  const scheduler = createLeaderScheduler({ leaderTtlMs: coordinationTimings().leaderTtlMs, ...deps, redis, prefix: queue.prefix });
  return {
    ...scheduler,
    async stop() {
      await scheduler.stop();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
