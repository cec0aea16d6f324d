// Position → Get Latest against the fake Traccar through the harness: one request per device with
// at most `concurrency` in flight, outputs in the order asked, a failing device as an error item,
// the run failing only when all fail or on a 401, and the parameters checked by name.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { latest, startTraccarBench } from './setup.ts';
import type { TraccarBench } from './setup.ts';

let b: TraccarBench;
beforeAll(async () => {
  b = await startTraccarBench({ devices: 60, silentEvery: 60 });
});
afterAll(() => b?.close());
beforeEach(() => {
  b.fake.setLatency(0);
  b.fake.restoreDevice();
  b.fake.resetStats();
});

/** 1..n in a scrambled but fixed order, so "in input order" cannot come from ids or timing by luck. */
const scrambled = (n: number) => Array.from({ length: n }, (_, i) => ((i * 17) % n) + 1);

describe('Traccar Get Latest: many devices in parallel', () => {
  it('50 devices with a limit of 5: never more than 5 requests in flight, all 50 positions in input order', async () => {
    const ids = scrambled(50);
    // Uneven latency: later devices often finish first, which must not reorder the output.
    b.fake.setLatency((path, q) => (path === '/api/positions' ? 25 + (Number(q.get('deviceId')) % 7) * 8 : 0));
    const r = await b.run(latest(ids, { concurrency: 5 }));
    expect(r.status, r.error?.message).toBe('success');
    expect(r.json.map((j) => j.deviceId)).toEqual(ids);
    expect(r.json.every((j) => j.hasPosition === true && typeof j.latitude === 'number')).toBe(true);
    expect(r.json.map((j) => j.name)).toEqual(ids.map((id) => `Tech ${String(id).padStart(2, '0')}`));
    const positionRequests = b.fake.positionRequests();
    expect(positionRequests.map((q) => Number(q.query.deviceId![0])).sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
    expect(positionRequests.every((q) => Object.keys(q.query).join() === 'deviceId')).toBe(true); // one device, no from/to: "latest"
    expect(b.fake.maxInFlight).toBe(5);
    // The device details came in one request for all 50.
    const deviceRequests = b.fake.requests.filter((q) => q.path === '/api/devices');
    expect(deviceRequests.length).toBe(1);
    expect(deviceRequests[0]!.query.id!.length).toBe(50);
  });

  it('the limit is what the parameter says (default 5, up to 20)', async () => {
    // Long enough that the first answer cannot come back before the 20th request is sent, even on a busy machine.
    b.fake.setLatency(80);
    await b.run(latest(scrambled(30), { concurrency: 20 }));
    expect(b.fake.maxInFlight).toBe(20);
    b.fake.resetStats();
    await b.run({ resource: 'position', operation: 'getLatest', deviceIds: '1,2,3,4,5,6,7,8,9,10,11,12' });
    expect(b.fake.maxInFlight).toBe(5);
    b.fake.resetStats();
    await b.run(latest(scrambled(8), { concurrency: 1 }));
    expect(b.fake.maxInFlight).toBe(1);
  });

  it('a device that never reported gives an item without a position, marked stale', async () => {
    const r = await b.run(latest([59, 60]));
    expect(r.json[1]).toMatchObject({ deviceId: 60, name: 'Tech 60', hasPosition: false, latitude: null, longitude: null, speedKmh: null, fixTime: null, stale: true });
    expect(r.json[0]).toMatchObject({ deviceId: 59, hasPosition: true });
  });
});

describe('Traccar Get Latest: failures', () => {
  it('one failing device becomes an item with its error in its place; the others are dispatched', async () => {
    b.fake.failDevice(7);
    b.fake.failDevice(9, { status: 503, message: 'Service Unavailable' });
    const r = await b.run(latest([5, 7, 8, 9, 10], { concurrency: 2 }));
    expect(r.status).toBe('success');
    expect(r.json.map((j) => j.deviceId)).toEqual([5, 7, 8, 9, 10]);
    expect(r.json.filter((j) => j.error).map((j) => j.deviceId)).toEqual([7, 9]);
    expect(r.json[1]).toMatchObject({ deviceId: 7, name: 'Tech 07', error: { httpCode: '400', description: expect.stringMatching(/^Device access denied/) } });
    expect((r.json[1]!.error as { message: string }).message).toMatch(/^Traccar answered 400 to GET \/api\/positions/);
    expect((r.json[3]!.error as { message: string }).message).toMatch(/^Traccar answered 503 .*server error/);
    expect(r.json[2]).toMatchObject({ deviceId: 8, hasPosition: true });
    expect(r.json[2]!.error).toBeUndefined();
  });

  it('when every device fails, the run fails with the first error', async () => {
    const r = await b.run(latest([404, 405]));
    expect(r.status).toBe('error');
    expect(r.error?.message).toMatch(/^Traccar answered 400 to GET \/api\/positions: .*unknown device id/);
    expect(r.error?.description).toMatch(/Device access denied/);
  });

  it('...unless the node continues on fail: then one error item', async () => {
    const r = await b.run(latest([404, 405]), { node: { onError: 'continueRegularOutput' } });
    expect(r.status).toBe('success');
    expect(r.json).toEqual([{ error: expect.objectContaining({ message: expect.stringMatching(/^Traccar answered 400/), httpCode: '400' }) }]);
  });

  it('a wrong token fails the run with 401, naming Traccar and the credential, and stops polling', async () => {
    const r = await b.run(latest(scrambled(40), { concurrency: 5, options: { includeDeviceInfo: false } }), { credential: { ...b.token, token: 'revoked' } });
    expect(r.status).toBe('error');
    expect(r.error?.message).toMatch(/^Traccar answered 401 to GET \/api\/positions/);
    expect(r.error?.message).toContain('gigafibreTraccarApi');
    expect(r.error?.message).toMatch(/API token/);
    expect(r.error?.message).not.toContain('revoked');
    // The first answers were 401s: the remaining devices were never asked.
    expect(b.fake.positionRequests().length).toBeLessThanOrEqual(10);
  });

  it('a wrong password fails the same way (Basic auth), at the device lookup', async () => {
    const r = await b.run(latest([1, 2]), { credential: { ...b.basic, password: 'nope' } });
    expect(r.status).toBe('error');
    expect(r.error?.message).toMatch(/^Traccar answered 401 to GET \/api\/devices: .*gigafibreTraccarApi.*email and password/);
    expect(b.fake.positionRequests()).toEqual([]);
  });

  it('email and password work like the token', async () => {
    const r = await b.run(latest([1, 2]), { credential: b.basic });
    expect(r.json.map((j) => j.deviceId)).toEqual([1, 2]);
    expect(new Set(b.fake.requests.map((q) => q.auth))).toEqual(new Set(['basic']));
  });
});

describe('Traccar Get Latest: parameters', () => {
  it.each([
    [{ concurrency: 0 }, /Parameter "concurrency" must be at least 1, got 0/],
    [{ concurrency: 21 }, /Parameter "concurrency" must be at most 20, got 21/],
    [{ concurrency: 2.5 }, /Parameter "concurrency" must be a whole number/],
    [{ deviceIds: '1, two, 3' }, /Parameter "deviceIds" has "two", which is not a Traccar device ID/],
    [{ deviceIds: '1,-4' }, /Parameter "deviceIds" has "-4"/],
    [{ deviceIds: ' , ' }, /Parameter "deviceIds" needs at least one entry/],
    [{ options: { staleAfterMinutes: -1 } }, /Parameter "options.staleAfterMinutes" must be at least 0/],
  ])('%j is refused before any request, naming the parameter', async (bad, message) => {
    const r = await b.run({ ...latest([1, 2]), ...bad });
    expect(r.status).toBe('error');
    expect(r.error?.message).toMatch(message);
    expect(b.fake.requests).toEqual([]);
  });

  it('deviceIds may be an expression giving a list', async () => {
    const r = await b.run(latest('={{ [3, 1] }}'), { input: [{}] });
    expect(r.json.map((j) => j.deviceId)).toEqual([3, 1]);
  });
});

describe('Traccar Get Latest: one device per input item', () => {
  const fromItems = (extra = {}) => ({ resource: 'position', operation: 'getLatest', deviceSource: 'inputItems', deviceIdField: 'tech.deviceId', ...extra });

  it('polls all items\' devices together under one limit, each position paired with its item', async () => {
    b.fake.setLatency(40);
    const input = scrambled(12).map((id) => ({ tech: { deviceId: id, crew: `crew-${id}` } }));
    const r = await b.run(fromItems({ concurrency: 3 }), { input });
    expect(r.status, r.error?.message).toBe('success');
    expect(r.json.map((j) => j.deviceId)).toEqual(scrambled(12));
    expect(r.items.map((i) => i.pairedItem)).toEqual(input.map((_, item) => ({ item })));
    expect(b.fake.maxInFlight).toBe(3);
  });

  it('an item without a usable id becomes that item\'s error; the others still run', async () => {
    const r = await b.run(fromItems(), { input: [{ tech: { deviceId: 2 } }, { tech: {} }, { tech: { deviceId: 'x1' } }, { tech: { deviceId: '4' } }] });
    expect(r.status).toBe('success');
    expect(r.json.map((j) => j.deviceId)).toEqual([2, null, 'x1', 4]);
    expect((r.json[1]!.error as { message: string }).message).toBe('Input item 1 has no "tech.deviceId" field (parameter "deviceIdField")');
    expect((r.json[2]!.error as { message: string }).message).toMatch(/^Input item 2 has "x1" in "tech.deviceId", which is not a Traccar device ID/);
    expect(b.fake.positionRequests().map((q) => q.query.deviceId![0])).toEqual(['2', '4']);
  });

  it('when all items fail: the run fails, or under continueOnFail each item carries the error', async () => {
    const failed = await b.run(fromItems(), { input: [{ tech: {} }] });
    expect(failed.status).toBe('error');
    expect(failed.error?.message).toMatch(/deviceIdField/);
    const continued = await b.run(fromItems(), { input: [{ tech: { deviceId: 404 } }, { tech: { deviceId: 405 } }], node: { onError: 'continueRegularOutput' } });
    expect(continued.status).toBe('success');
    expect(continued.json.map((j) => (j.error as { httpCode?: string }).httpCode)).toEqual(['400', '400']);
  });
});
