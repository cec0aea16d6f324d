// The shared browser: a crash in the middle of a read (the read is tried once more in a new
// browser; a reboot is not repeated), the idle close, the session TTL logout, and the limits (one
// operation per modem, GIGAFLOW_TPLINK_MAX_CONCURRENCY overall).
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bridgePool, poolConfigFromEnv } from '../../../../nodes/tplink-bridge/browser-pool.ts';
import { runBridgeOperation } from '../../../../nodes/tplink-bridge/bridge.ts';
import { modemTarget } from '../../../../nodes/tplink-bridge/transport.ts';
import type { FakeModem } from '../../../fakes/tplink-modem/index.ts';
import { eventually, startBridgeEnv } from './setup.ts';
import type { BridgeEnv } from './setup.ts';

let env: BridgeEnv;
let fake: FakeModem;
let credId: string;
const pool = bridgePool();
const defaults = poolConfigFromEnv({});

beforeAll(async () => {
  env = await startBridgeEnv();
  ({ fake, credId } = await env.modem());
});
afterAll(() => env?.close());
afterEach(() => {
  pool.configure({ idleMs: defaults.idleMs, sessionTtlMs: defaults.sessionTtlMs, maxConcurrency: defaults.maxConcurrency, maxSessions: defaults.maxSessions });
  fake.setSlow(0);
});

const posts = (f: FakeModem) => f.requests.filter((r) => r.method === 'POST' && r.path === '/cgi_gdpr?9');
/** A running process (not gone, not a zombie waiting to be reaped). */
function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

describe('TP-Link bridge browser pool', () => {
  it('a browser killed in the middle of a read: the read is tried once more in a new browser', async () => {
    expect((await env.run(credId, { operation: 'deviceInfo' })).error).toBeUndefined();
    const { browserPid: oldPid, generation } = pool.stats();
    expect(alive(oldPid)).toBe(true);
    fake.setSlow(700);
    const sent = posts(fake).length;
    const running = env.run(credId, { operation: 'wifi' });
    expect(await eventually(() => posts(fake).length > sent)).toBe(true);
    expect(pool.killBrowser()).toBe(true);
    fake.setSlow(0); // the retry (new browser, new login) need not be slow
    const { json, error } = await running;
    expect(error).toBeUndefined();
    expect(json[0].wifi).toHaveLength(2);
    const now = pool.stats();
    expect(now.generation).toBeGreaterThan(generation);
    expect(now.browserPid).not.toBe(oldPid);
    expect(await eventually(() => !alive(oldPid))).toBe(true);
    expect((await env.run(credId, { operation: 'wan' })).json[0]).toMatchObject({ wan: { status: 'Connected' } });
  });

  it('a browser killed during a reboot: a clear error, the reboot is not repeated', async () => {
    expect((await env.run(credId, { operation: 'deviceInfo' })).error).toBeUndefined();
    fake.setSlow(700);
    const sent = posts(fake).length;
    const running = env.run(credId, { operation: 'reboot', confirmReboot: true });
    expect(await eventually(() => posts(fake).length > sent)).toBe(true);
    pool.killBrowser();
    fake.setSlow(0);
    const { error } = await running;
    expect(error).toMatchObject({ httpCode: 'browser_crashed', message: `The bridge's browser stopped during "Reboot" on the modem at ${fake.url}`, description: expect.stringContaining('not repeated') });
    expect(await eventually(() => fake.rebootCount() === 1)).toBe(true);
    expect(fake.acts.filter((a) => a.oid === 'ACT_REBOOT')).toHaveLength(1);
  });

  it('closes the browser (logging out) after the idle time, and starts a new one on the next read', async () => {
    pool.configure({ idleMs: 1000 });
    expect((await env.run(credId, { operation: 'deviceInfo' })).error).toBeUndefined();
    const pid = pool.stats().browserPid;
    expect(fake.sessions()).toBe(1);
    expect(await eventually(() => !pool.stats().browserRunning, 4000)).toBe(true);
    expect(await eventually(() => !alive(pid))).toBe(true);
    expect(fake.sessions()).toBe(0);
    expect((await env.run(credId, { operation: 'deviceInfo' })).json[0]).toMatchObject({ model: 'XX230v' });
    expect(pool.stats().browserPid).not.toBe(pid);
  });

  it('logs out of a modem unused for the session TTL, keeping the browser', async () => {
    pool.configure({ sessionTtlMs: 1000 });
    expect((await env.run(credId, { operation: 'deviceInfo' })).error).toBeUndefined();
    expect(fake.sessions()).toBe(1);
    expect(await eventually(() => fake.sessions() === 0, 10_000)).toBe(true);
    // The logout reaches the modem before the context is closed.
    expect(await eventually(() => pool.stats().modems.length === 0)).toBe(true);
    expect(pool.stats().browserRunning).toBe(true);
  });

  it('keeps at most GIGAFLOW_TPLINK_MAX_SESSIONS modems logged in, logging out the least recently used', async () => {
    pool.configure({ maxSessions: 1 });
    const second = await env.modem();
    expect((await env.run(credId, { operation: 'deviceInfo' })).error).toBeUndefined();
    expect(fake.sessions()).toBe(1);
    expect((await env.run(second.credId, { operation: 'deviceInfo' })).error).toBeUndefined();
    expect(second.fake.sessions()).toBe(1);
    expect(fake.sessions()).toBe(0);
    expect(pool.stats().modems).toEqual([{ modem: second.fake.url, loggedIn: true }]);
  });

  it('one operation at a time per modem; different modems in parallel up to the global limit', async () => {
    const second = await env.modem();
    const a = modemTarget(fake.url, 'user', fake.password);
    const b = modemTarget(second.fake.url, 'user', second.fake.password);
    await Promise.all([runBridgeOperation(a, { operation: 'deviceInfo' }), runBridgeOperation(b, { operation: 'deviceInfo' })]);
    fake.setSlow(400);
    second.fake.setSlow(400);
    const arrivals = (f: FakeModem, from: number) => posts(f).slice(from).map((r) => r.at);

    // Same modem, two reads at once: the second request reaches the modem after the first answered.
    let from = posts(fake).length;
    await Promise.all([runBridgeOperation(a, { operation: 'deviceInfo' }), runBridgeOperation(a, { operation: 'hosts' })]);
    const [x, y] = arrivals(fake, from);
    expect(y - x).toBeGreaterThanOrEqual(380);

    // Two modems, limit 4: both requests arrive together.
    from = posts(fake).length;
    let fromB = posts(second.fake).length;
    await Promise.all([runBridgeOperation(a, { operation: 'deviceInfo' }), runBridgeOperation(b, { operation: 'deviceInfo' })]);
    expect(Math.abs(arrivals(fake, from)[0] - arrivals(second.fake, fromB)[0])).toBeLessThan(250);

    // Two modems, limit 1: one after the other.
    pool.configure({ maxConcurrency: 1 });
    from = posts(fake).length;
    fromB = posts(second.fake).length;
    await Promise.all([runBridgeOperation(a, { operation: 'deviceInfo' }), runBridgeOperation(b, { operation: 'deviceInfo' })]);
    expect(Math.abs(arrivals(fake, from)[0] - arrivals(second.fake, fromB)[0])).toBeGreaterThanOrEqual(380);
    second.fake.setSlow(0);
  });
});
