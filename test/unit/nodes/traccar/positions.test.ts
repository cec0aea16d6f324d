// The Traccar position → dispatch item mapping: knots → km/h, ISO times, age and stale flag,
// devices without a position, and the server-root normalisation of the credential URL.
import { describe, expect, it } from 'vitest';
import { serverRoot } from '../../../../nodes/traccar/client.ts';
import { deviceItem, KNOTS_TO_KMH, noPosition, technicianPosition } from '../../../../nodes/traccar/positions.ts';
import type { TraccarPosition } from '../../../../nodes/traccar/positions.ts';

const NOW = Date.parse('2026-03-02T15:00:00Z');
const position = (over: Partial<TraccarPosition> = {}): TraccarPosition => ({
  id: 9,
  deviceId: 4,
  fixTime: '2026-03-02T14:40:00.000+00:00',
  deviceTime: '2026-03-02T14:40:00.000+00:00',
  serverTime: '2026-03-02T14:40:02.000+00:00',
  latitude: 45.5,
  longitude: -73.56,
  speed: 27,
  course: 181,
  address: 'Montréal',
  attributes: { ignition: true },
  ...over,
});
const device = { id: 4, name: 'Tech 04', uniqueId: '3500000000004', status: 'online' };

describe('technicianPosition', () => {
  it('converts knots to km/h (1 knot = 1.852 km/h, one decimal) and normalises times to ISO Z', () => {
    const item = technicianPosition(position(), device, { convertSpeedToKmh: true, staleAfterMinutes: 15, now: NOW });
    expect(item).toMatchObject({ deviceId: 4, name: 'Tech 04', uniqueId: '3500000000004', status: 'online', positionId: 9, speedKmh: 50, course: 181, fixTime: '2026-03-02T14:40:00.000Z', serverTime: '2026-03-02T14:40:02.000Z', ageMinutes: 20, stale: true, address: 'Montréal', attributes: { ignition: true } });
    expect(KNOTS_TO_KMH).toBe(1.852);
    expect(technicianPosition(position({ speed: 1 }), device, { convertSpeedToKmh: true, staleAfterMinutes: 0, now: NOW }).speedKmh).toBe(1.9);
  });

  it('keeps speedKnots when conversion is off; stale follows the threshold, 0 = never', () => {
    const o = { convertSpeedToKmh: false, staleAfterMinutes: 30, now: NOW };
    const item = technicianPosition(position(), undefined, o);
    expect(item).toMatchObject({ speedKnots: 27, stale: false, name: null, uniqueId: null });
    expect(item).not.toHaveProperty('speedKmh');
    expect(technicianPosition(position(), undefined, { ...o, staleAfterMinutes: 0, now: NOW + 86_400_000 }).stale).toBe(false);
  });
});

describe('noPosition and deviceItem', () => {
  it('a device that never reported: same fields, nulls, stale only when the flag is on', () => {
    const item = noPosition(4, device, { convertSpeedToKmh: true, staleAfterMinutes: 15, now: NOW });
    expect(item).toMatchObject({ deviceId: 4, name: 'Tech 04', hasPosition: false, latitude: null, speedKmh: null, stale: true });
    expect(Object.keys(item).sort()).toEqual(Object.keys(technicianPosition(position(), device, { convertSpeedToKmh: true, staleAfterMinutes: 15, now: NOW })).sort());
    expect(noPosition(4, undefined, { convertSpeedToKmh: true, staleAfterMinutes: 0, now: NOW }).stale).toBe(false);
  });

  it('a device item carries deviceId next to Traccar\'s fields', () => {
    expect(deviceItem(device)).toEqual({ deviceId: 4, ...device });
  });
});

describe('serverRoot', () => {
  it.each([
    ['https://gps.example.com', 'https://gps.example.com'],
    [' https://gps.example.com/ ', 'https://gps.example.com'],
    ['https://gps.example.com/api', 'https://gps.example.com'],
    ['https://example.com/traccar/api/', 'https://example.com/traccar'],
  ])('%j → %j', (given, root) => expect(serverRoot(given)).toBe(root));
  it('leaves a non-string for the kit to report', () => expect(serverRoot(undefined)).toBeUndefined());
});
