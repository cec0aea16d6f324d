// Schedules across several mains in one process (real Redis, real clock, shared SQLite storage):
// only the leader fires, changes made on a follower reach the leader, the follower takes over when
// the leader stops, and the Redis slot claim keeps two schedulers from firing one slot twice.
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLeaderScheduler, redisSlotClaim } from '../../../host/queue/leader-scheduler.ts';
import type { LeaderScheduler } from '../../../host/queue/leader-scheduler.ts';
import type { RunRequest } from '../../../host/engine/types.ts';
import type { ExecutionRecord, Workflow, WorkflowInput } from '../../../host/model/index.ts';
import { createScheduler } from '../../../host/runtime/scheduler.ts';
import { createSqliteStorage } from '../../../host/storage/sqlite/index.ts';
import type { Storage } from '../../../host/storage/storage.ts';

const REDIS_URL = process.env.GIGAFLOW_REDIS_URL ?? 'redis://127.0.0.1:6379';
let redis: Redis;
let storage: Storage;
let prefix: string;
let mains: LeaderScheduler[];
/** Every fired run: which main fired which slot. */
let fired: { main: string; slot: string }[];

beforeEach(() => {
  redis = new Redis(REDIS_URL);
  storage = createSqliteStorage({ path: ':memory:', encryptionKey: randomBytes(32) });
  prefix = `gftest-${randomUUID()}`;
  mains = [];
  fired = [];
});
afterEach(async () => {
  for (const m of mains) await m.stop();
  await storage.close();
  await redis.quit();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fake execution service that records the slot each run was started for. */
const executionsOf = (main: string) => ({
  async run(req: RunRequest & { workflow: Workflow }) {
    fired.push({ main, slot: String(req.triggerItems?.[0]?.json.timestamp) });
    return { id: randomUUID(), status: 'success' } as ExecutionRecord;
  },
});

async function startMain(name: string, ttlMs = 900): Promise<LeaderScheduler> {
  const main = createLeaderScheduler({ redis, prefix, storage, executions: executionsOf(name), leaderTtlMs: ttlMs });
  mains.push(main);
  await main.start();
  return main;
}

const everySecond = (): WorkflowInput => ({
  name: 'tick',
  settings: { executionOrder: 'v1' },
  nodes: [{ id: 's', name: 'Tick', type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1.2, position: [0, 0], parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: 1 }] } } }],
  connections: {},
});

async function activate(main: LeaderScheduler): Promise<Workflow> {
  const stored = await storage.workflows.create(everySecond());
  const active = await storage.workflows.setActive(stored.id, true);
  await main.register(active);
  return active;
}

const slots = () => fired.map((f) => f.slot);
const duplicates = () => slots().filter((s, i, all) => all.indexOf(s) !== i);

describe('schedules with several mains', () => {
  it('only the leader fires; a workflow activated on a follower reaches it; the follower takes over', async () => {
    const a = await startMain('a');
    const b = await startMain('b');
    expect(a.leader.isLeader()).toBe(true);
    expect(b.leader.isLeader()).toBe(false);
    await activate(b); // activated through the follower's API
    await expect.poll(() => fired.length, { timeout: 4000 }).toBeGreaterThanOrEqual(2);
    expect(new Set(fired.map((f) => f.main))).toEqual(new Set(['a']));
    expect(b.planned()).toEqual([]);
    expect(a.planned()).toHaveLength(1);
    await a.stop(); // graceful: gives the lock back
    const handedOverAt = fired.length;
    await expect.poll(() => b.leader.isLeader(), { timeout: 1500 }).toBe(true);
    await expect.poll(() => fired.length - handedOverAt, { timeout: 4000 }).toBeGreaterThanOrEqual(2);
    expect(fired.slice(handedOverAt).every((f) => f.main === 'b')).toBe(true);
    expect(duplicates()).toEqual([]);
  });

  it('a schedule deactivated on a follower stops on the leader', async () => {
    const a = await startMain('a');
    const b = await startMain('b');
    const wf = await activate(a);
    await expect.poll(() => fired.length, { timeout: 3000 }).toBeGreaterThanOrEqual(1);
    await b.unregister(wf.id);
    await storage.workflows.setActive(wf.id, false);
    await sleep(200);
    const count = fired.length;
    await sleep(1500);
    expect(fired.length).toBe(count);
    expect(a.planned()).toEqual([]);
  });

  it('refuses an invalid schedule on a follower too', async () => {
    await startMain('a');
    const b = await startMain('b');
    const bad = { ...everySecond(), id: 'bad' } as Workflow;
    bad.nodes[0].parameters = { rule: { interval: [{ field: 'cronExpression', expression: '61 * * * *' }] } };
    await expect(b.register(bad)).rejects.toThrow(/Tick/);
  });

  it('the slot claim lets only one of two schedulers that both believe they lead fire a slot', async () => {
    const wf = await storage.workflows.setActive((await storage.workflows.create(everySecond())).id, true);
    for (const name of ['x', 'y']) {
      const s = createScheduler({ executions: executionsOf(name), storage, claimSlot: redisSlotClaim(redis, prefix, name) });
      mains.push({ ...s, start: async () => {}, leader: undefined as never, stop: () => s.stop() } as LeaderScheduler);
      await s.register(wf);
    }
    await sleep(3300);
    expect(fired.length).toBeGreaterThanOrEqual(3);
    expect(duplicates()).toEqual([]);
  });
});
