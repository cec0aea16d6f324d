// Device → Get / Get Many, Position → Get History, and the position options (speed unit, stale
// flag) against the fake Traccar through the harness.
import type { INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { latest, startTraccarBench } from './setup.ts';
import type { TraccarBench } from './setup.ts';

// Device i's latest fix is i*10 minutes old (staleStepMinutes), history every 10 min over 3 h.
let b: TraccarBench;
let seededAt: number;
beforeAll(async () => {
  seededAt = Date.now();
  b = await startTraccarBench({ devices: 4, staleStepMinutes: 10, historyHours: 3, now: new Date(seededAt) });
});
afterAll(() => b?.close());
beforeEach(() => b.fake.resetStats());

describe('Traccar devices', () => {
  it('Get Many lists the user\'s devices by name, with deviceId for chaining', async () => {
    const r = await b.run({ resource: 'device', operation: 'getMany' });
    expect(r.json.map((j) => j.name)).toEqual(['Tech 01', 'Tech 02', 'Tech 03', 'Tech 04']);
    expect(r.json[0]).toMatchObject({ deviceId: 1, id: 1, uniqueId: b.fake.devices[0]!.uniqueId, status: 'online' });
  });

  it('Get Many sends the filters as Traccar\'s repeated query parameters', async () => {
    const r = await b.run({ resource: 'device', operation: 'getMany', filters: { ids: '3, 1', uniqueIds: b.fake.devices[1]!.uniqueId } });
    expect(r.json.map((j) => j.id)).toEqual([2, 3, 1]);
    expect(b.fake.requests[0]!.query).toEqual({ id: ['3', '1'], uniqueId: [b.fake.devices[1]!.uniqueId] });
  });

  it('Get Many: a bad id filter or a refused userId names the parameter / Traccar', async () => {
    const bad = await b.run({ resource: 'device', operation: 'getMany', filters: { ids: '3, x' } });
    expect(bad.error?.message).toMatch(/^Parameter "filters.ids" \(Device IDs\) has "x"/);
    const other = await b.run({ resource: 'device', operation: 'getMany', filters: { userId: 1 } });
    expect(other.error?.message).toMatch(/^Traccar answered 400 to GET \/api\/devices/);
    expect(other.error?.description).toMatch(/^User access denied/);
  });

  it('Get finds a device by Traccar ID or by unique identifier', async () => {
    const byId = await b.run({ resource: 'device', operation: 'get', lookupBy: 'id', deviceId: 2 });
    expect(byId.json).toEqual([expect.objectContaining({ deviceId: 2, name: 'Tech 02' })]);
    const byUid = await b.run({ resource: 'device', operation: 'get', lookupBy: 'uniqueId', uniqueId: ` ${b.fake.devices[3]!.uniqueId} ` });
    expect(byUid.json).toEqual([expect.objectContaining({ deviceId: 4 })]);
  });

  it('Get of an unknown device fails naming the parameter and the value', async () => {
    const r = await b.run({ resource: 'device', operation: 'get', lookupBy: 'uniqueId', uniqueId: '999' });
    expect(r.status).toBe('error');
    expect(r.error?.message).toBe('Traccar has no device with unique identifier "999" that this user can see (parameter "uniqueId")');
    const zero = await b.run({ resource: 'device', operation: 'get', lookupBy: 'id', deviceId: 0 });
    expect(zero.error?.message).toMatch(/^Parameter "deviceId" must be at least 1, got 0/);
  });
});

describe('Traccar credential problems', () => {
  it('an empty or non-http Server URL fails naming the credential field, before any request', async () => {
    const empty = await b.run({ resource: 'device', operation: 'getMany' }, { credential: { ...b.token, baseUrl: '' } });
    expect(empty.error?.message).toMatch(/^Traccar credential \(gigafibreTraccarApi\) field "baseUrl" is empty/);
    const ftp = await b.run({ resource: 'device', operation: 'getMany' }, { credential: { ...b.token, baseUrl: 'ftp://gps.example.com' } });
    expect(ftp.error?.message).toMatch(/field "baseUrl" must be an http or https URL/);
    expect(b.fake.requests).toEqual([]);
  });

  it('a Server URL ending in /api/ works like the bare address', async () => {
    const r = await b.run({ resource: 'device', operation: 'get', lookupBy: 'id', deviceId: 1 }, { credential: { ...b.token, baseUrl: `${b.fake.url}/api/` } });
    expect(r.json[0]).toMatchObject({ deviceId: 1 });
    expect(b.fake.requests.map((q) => q.path)).toEqual(['/api/devices']);
  });
});

describe('Traccar position history', () => {
  const history = (from: string, to: string, extra = {}) => ({ resource: 'position', operation: 'getHistory', deviceId: 2, from, to, ...extra });

  it('gives one item per position between the dates, oldest first, sending ISO dates', async () => {
    const from = new Date(seededAt - 65 * 60_000).toISOString();
    const to = new Date(seededAt).toISOString();
    const r = await b.run(history(from, to));
    expect(r.status, r.error?.message).toBe('success');
    // Device 2's fixes are at -20, -30, ... minutes: -20..-60 fall in the last 65 minutes.
    expect(r.json.map((j) => j.ageMinutes)).toEqual([60, 50, 40, 30, 20].map((m) => expect.closeTo(m + (Date.now() - seededAt) / 60_000, 0)));
    expect(r.json.every((j) => j.deviceId === 2 && j.name === 'Tech 02')).toBe(true);
    const positionsQuery = b.fake.positionRequests(2)[0]!.query;
    expect(positionsQuery).toEqual({ deviceId: ['2'], from: [from], to: [to] });
  });

  it('accepts dates as expressions ($now) and refuses a "to" before "from", naming it', async () => {
    const ok = await b.run(history('={{ $now.minus({ minutes: 25 }) }}', '={{ $now }}'));
    expect(ok.json.length).toBe(1);
    const backwards = await b.run(history('2026-03-02T10:00:00Z', '2026-03-02T09:00:00Z'));
    expect(backwards.error?.message).toBe('Parameter "to" (2026-03-02T09:00:00.000Z) must be after "from" (2026-03-02T10:00:00.000Z)');
  });

  it.each([
    [{ from: 'yesterday' }, /^Parameter "from" must be a date and time/],
    [{ to: '' }, /^Parameter "to" is required/],
    [{ deviceId: 'abc' }, /^Parameter "deviceId" must be a number/],
  ])('%j is refused before any request, naming the parameter', async (bad, message) => {
    const r = await b.run({ ...history('2026-03-02T08:00:00Z', '2026-03-02T09:00:00Z'), ...bad });
    expect(r.error?.message).toMatch(message);
    expect(b.fake.requests).toEqual([]);
  });
});

describe('Traccar position options', () => {
  it('speed: knots converted to speedKmh by default, speedKnots as sent when turned off', async () => {
    const fix = new Date();
    b.fake.addPosition(3, fix, { latitude: 45.51, longitude: -73.55, speed: 10, course: 270, address: null });
    const kmh = await b.run(latest([3]));
    expect(kmh.json[0]).toMatchObject({ deviceId: 3, speedKmh: 18.5, course: 270, address: null, fixTime: fix.toISOString() });
    expect(kmh.json[0]).not.toHaveProperty('speedKnots');
    const knots = await b.run(latest([3], { options: { convertSpeedToKmh: false } }));
    expect(knots.json[0]).toMatchObject({ speedKnots: 10 });
    expect(knots.json[0]).not.toHaveProperty('speedKmh');
  });

  it('stale: true when the fix is older than the threshold (default 15 min), never with 0', async () => {
    const staleOf = async (options: INodeParameters) => (await b.run(latest([1, 2, 4], { options }))).json.map((j) => j.stale);
    expect(await staleOf({})).toEqual([false, true, true]); // 10, 20, 40 minutes old
    expect(await staleOf({ staleAfterMinutes: 30 })).toEqual([false, false, true]);
    expect(await staleOf({ staleAfterMinutes: 0 })).toEqual([false, false, false]);
  });

  it('without device details: no device request, name and uniqueId null', async () => {
    const r = await b.run(latest([1], { options: { includeDeviceInfo: false } }));
    expect(r.json[0]).toMatchObject({ deviceId: 1, name: null, uniqueId: null, hasPosition: true });
    expect(b.fake.requests.map((q) => q.path)).toEqual(['/api/positions']);
  });
});
