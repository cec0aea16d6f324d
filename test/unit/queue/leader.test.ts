// Leader election against a real Redis (127.0.0.1:6379), each test under its own key prefix.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLeaderElection, leaderKey } from '../../../host/queue/leader.ts';
import type { LeaderElection } from '../../../host/queue/leader.ts';

const redis = new Redis(process.env.GIGAFLOW_REDIS_URL ?? 'redis://127.0.0.1:6379');
const started: LeaderElection[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
};

function candidate(key: string, ttlMs: number, log: string[], name: string) {
  const e = createLeaderElection({ redis, key, ttlMs, owner: name, onElected: () => void log.push(`${name}+`), onLost: () => void log.push(`${name}-`) });
  started.push(e);
  return e;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.stop()));
});
afterAll(() => redis.quit());

describe('leader election', () => {
  it('elects exactly one of several candidates and holds the lock while renewing', async () => {
    const key = leaderKey(`gftest-${randomUUID()}`);
    const log: string[] = [];
    const all = ['a', 'b', 'c'].map((n) => candidate(key, 600, log, n));
    await Promise.all(all.map((e) => e.start()));
    expect(all.filter((e) => e.isLeader())).toHaveLength(1);
    const leader = all.find((e) => e.isLeader())!;
    expect(await redis.get(key)).toBe(leader.owner);
    await sleep(1500); // several TTLs: renewal keeps the same leader
    expect(all.filter((e) => e.isLeader()).map((e) => e.owner)).toEqual([leader.owner]);
    expect(log).toEqual([`${leader.owner}+`]);
    expect(await redis.pttl(key)).toBeGreaterThan(0);
  });

  it('hands over at once when the leader stops, and releases only its own lock', async () => {
    const key = leaderKey(`gftest-${randomUUID()}`);
    const log: string[] = [];
    const a = candidate(key, 3000, log, 'a');
    const b = candidate(key, 3000, log, 'b');
    await a.start();
    await b.start();
    expect(a.isLeader()).toBe(true);
    expect(b.isLeader()).toBe(false);
    const stoppedAt = Date.now();
    await a.stop();
    expect(log).toEqual(['a+', 'a-']);
    // b retries every ttl/3 = 1 s: well before the 3 s TTL would have run out.
    await until(() => b.isLeader(), 2500);
    expect(Date.now() - stoppedAt).toBeLessThan(2000);
    expect(await redis.get(key)).toBe('b');
    expect(log).toEqual(['a+', 'a-', 'b+']);
  });

  it('a killed leader (no release) is replaced within the TTL', async () => {
    const key = leaderKey(`gftest-${randomUUID()}`);
    // A crashed process: its lock stays until it expires.
    await redis.set(key, 'dead-process', 'PX', 900);
    const log: string[] = [];
    const b = candidate(key, 900, log, 'b');
    await b.start();
    expect(b.isLeader()).toBe(false);
    await until(() => b.isLeader(), 900 + 300 + 300);
    expect(log).toEqual(['b+']);
  });

  it('steps down (onLost) when the lock is taken from it', async () => {
    const key = leaderKey(`gftest-${randomUUID()}`);
    const log: string[] = [];
    const a = candidate(key, 600, log, 'a');
    await a.start();
    expect(a.isLeader()).toBe(true);
    await redis.set(key, 'usurper', 'PX', 60_000);
    await until(() => !a.isLeader(), 1000);
    expect(log).toEqual(['a+', 'a-']);
    await a.stop();
    expect(await redis.get(key)).toBe('usurper'); // compare-and-delete left the other owner's lock alone
  });

  it('steps down before its lock could expire when Redis stops answering', async () => {
    const key = leaderKey(`gftest-${randomUUID()}`);
    // Renewals hang (a stuck connection or a stalled Redis): the lock is never confirmed again.
    // (CLIENT PAUSE would stall every other test sharing this Redis, so the stall is simulated.)
    const stuck = { set: redis.set.bind(redis), eval: () => new Promise(() => {}) } as unknown as Redis;
    const log: string[] = [];
    const a = createLeaderElection({ redis: stuck, key, ttlMs: 600, owner: 'a', onElected: () => void log.push('a+'), onLost: () => void log.push('a-') });
    await a.start();
    const electedAt = Date.now();
    expect(a.isLeader()).toBe(true);
    await until(() => !a.isLeader(), 1500);
    // Stepped down before the 600 ms lock could have expired in Redis, so no two leaders overlap.
    expect(Date.now() - electedAt).toBeLessThan(600);
    expect(await redis.pttl(key)).toBeGreaterThan(0);
    expect(log).toEqual(['a+', 'a-']);
  });

  it('rejects a TTL too short to renew', () => {
    expect(() => createLeaderElection({ redis, key: 'x', ttlMs: 10 })).toThrow(/ttlMs/);
  });
});
