// The fake Traccar held to Traccar's REST API as traccar/traccar implements it (openapi.yaml,
// SecurityRequestFilter, ResourceErrorHandler, DeviceResource, PositionResource): auth schemes,
// status codes and text/plain error bodies, the Device/Position shapes, the one-deviceId-per-request
// positions query, and the test hooks (latency, in-flight counter, failing devices).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTraccar } from '../../fakes/traccar/index.ts';
import type { FakeTraccar } from '../../fakes/traccar/index.ts';

const NOW = new Date('2026-03-02T15:00:00Z');
let fake: FakeTraccar;
beforeAll(async () => {
  fake = await startFakeTraccar({ devices: 6, silentEvery: 6, now: NOW });
});
afterAll(() => fake?.close());

const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
async function get(path: string, auth: string | null = basic(fake.email, fake.password)) {
  const res = await fetch(`${fake.url}${path}`, { headers: auth ? { Authorization: auth } : {} });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) as Array<Record<string, unknown>> };
}
const ISO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;

describe('fake Traccar: authentication', () => {
  it('accepts Basic email:password and Bearer API tokens', async () => {
    expect((await get('/api/devices')).status).toBe(200);
    expect((await get('/api/devices', `Bearer ${fake.token}`)).status).toBe(200);
    expect(fake.requests.slice(-2).map((r) => r.auth)).toEqual(['basic', 'bearer']);
  });

  it('answers 401 with a text body without, or with wrong, credentials', async () => {
    for (const auth of [null, basic(fake.email, 'wrong'), 'Bearer nope', 'Token x']) {
      const r = await get('/api/positions?deviceId=1', auth);
      expect(r.status).toBe(401);
      expect(r.type).toMatch(/^text\/plain/);
      expect(r.text).toMatch(/^HTTP 401 Unauthorized - WebApplicationException/);
    }
  });

  it('serves GET /api/server without credentials (@PermitAll)', async () => {
    const r = await get('/api/server', null);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ id: 1, version: expect.any(String) });
  });
});

describe('fake Traccar: devices', () => {
  it('lists the user devices ordered by name, shaped like Traccar\'s Device', async () => {
    const devices = (await get('/api/devices')).json();
    expect(devices.map((d) => d.name)).toEqual(['Tech 01', 'Tech 02', 'Tech 03', 'Tech 04', 'Tech 05', 'Tech 06']);
    expect(Object.keys(devices[0]!).sort()).toEqual(['attributes', 'category', 'contact', 'disabled', 'groupId', 'id', 'lastUpdate', 'model', 'name', 'phone', 'positionId', 'status', 'uniqueId'].sort());
    expect(devices[0]!.lastUpdate).toMatch(ISO_OFFSET);
    expect(devices[5]).toMatchObject({ positionId: 0, status: 'unknown', lastUpdate: null });
  });

  it('filters by repeated id and uniqueId (uniqueIds first, unknown ones absent)', async () => {
    const uid = fake.devices[4]!.uniqueId;
    const devices = (await get(`/api/devices?id=2&id=99&id=1&uniqueId=${uid}`)).json();
    expect(devices.map((d) => d.id)).toEqual([5, 2, 1]);
  });

  it('refuses another userId (400 User access denied) and a non-numeric id (404)', async () => {
    const other = await get('/api/devices?userId=1');
    expect(other.status).toBe(400);
    expect(other.text).toMatch(/^User access denied - SecurityException/);
    expect((await get('/api/devices?id=abc')).status).toBe(404);
  });
});

describe('fake Traccar: positions', () => {
  it('deviceId without from/to: the latest position only, with Traccar\'s fields and units', async () => {
    const [p, ...rest] = (await get('/api/positions?deviceId=3')).json();
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ deviceId: 3, id: fake.devices[2]!.positionId, valid: true, outdated: false });
    expect(Object.keys(p!).sort()).toEqual(['accuracy', 'address', 'altitude', 'attributes', 'course', 'deviceId', 'deviceTime', 'fixTime', 'geofenceIds', 'id', 'latitude', 'longitude', 'network', 'outdated', 'protocol', 'serverTime', 'speed', 'valid'].sort());
    expect(p!.fixTime).toMatch(ISO_OFFSET);
    expect(Date.parse(p!.fixTime as string)).toBe(NOW.getTime() - 3 * 60_000);
  });

  it('a device that never reported: an empty list', async () => {
    expect((await get('/api/positions?deviceId=6')).json()).toEqual([]);
  });

  it('deviceId with from and to: the history by fixTime, oldest first', async () => {
    const from = new Date(NOW.getTime() - 35 * 60_000).toISOString();
    const to = NOW.toISOString();
    const list = (await get(`/api/positions?deviceId=1&from=${from}&to=${to}`)).json();
    const times = list.map((p) => Date.parse(p.fixTime as string));
    expect(times.length).toBe(4); // fixes at -1, -11, -21, -31 minutes
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.every((t) => t >= Date.parse(from) && t <= Date.parse(to))).toBe(true);
  });

  it('no deviceId: the latest position of every device', async () => {
    expect((await get('/api/positions')).json().map((p) => p.deviceId)).toEqual([1, 2, 3, 4, 5]);
  });

  it('position ids; unknown device → 400 Device access denied; unconvertible dates → 404', async () => {
    const id = fake.devices[0]!.positionId;
    expect((await get(`/api/positions?id=${id}`)).json().map((p) => p.id)).toEqual([id]);
    const denied = await get('/api/positions?deviceId=404');
    expect(denied.status).toBe(400);
    expect(denied.text).toMatch(/^Device access denied - SecurityException/);
    expect((await get('/api/positions?deviceId=1&from=yesterday&to=2026-03-02T15:00:00Z')).status).toBe(404);
    expect((await get('/api/positions?deviceId=one')).status).toBe(404);
  });
});

describe('fake Traccar: test hooks', () => {
  it('counts requests in flight under latency', async () => {
    fake.setLatency(60);
    fake.resetStats();
    await Promise.all([1, 2, 3, 4].map((id) => get(`/api/positions?deviceId=${id}`)));
    fake.setLatency(0);
    expect(fake.maxInFlight).toBe(4);
    expect(fake.inFlight).toBe(0);
    expect(fake.positionRequests().length).toBe(4);
    expect(fake.positionRequests(2)[0]!.endedAt - fake.positionRequests(2)[0]!.startedAt).toBeGreaterThanOrEqual(55);
  });

  it('makes one device fail with the status asked', async () => {
    fake.failDevice(2);
    fake.failDevice(3, { status: 503, message: 'Service Unavailable' });
    expect((await get('/api/positions?deviceId=2')).status).toBe(400);
    expect(await get('/api/positions?deviceId=3')).toMatchObject({ status: 503, text: 'Service Unavailable' });
    expect((await get('/api/positions?deviceId=1')).status).toBe(200);
  });

  it('addPosition becomes the device\'s latest when newer', async () => {
    const p = fake.addPosition(1, new Date(NOW.getTime() + 60_000), { latitude: 45.6, longitude: -73.5, speed: 10, course: 90 });
    expect((await get('/api/positions?deviceId=1')).json()[0]).toMatchObject({ id: p.id, speed: 10 });
  });
});
