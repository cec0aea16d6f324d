// Traccar's Device and Position models as its REST API returns them (openapi.yaml of
// traccar/traccar, components.schemas.Device / Position), and a deterministic seeded fleet.
// Units as Traccar stores them: speed in knots, course in degrees, times as ISO dates.

export interface TraccarDevice {
  id: number;
  name: string;
  uniqueId: string;
  status: 'online' | 'offline' | 'unknown';
  disabled: boolean;
  lastUpdate: string | null;
  positionId: number;
  groupId: number;
  phone: string | null;
  model: string | null;
  contact: string | null;
  category: string | null;
  attributes: Record<string, unknown>;
}

export interface TraccarPosition {
  id: number;
  deviceId: number;
  protocol: string;
  deviceTime: string;
  fixTime: string;
  serverTime: string;
  outdated: boolean;
  valid: boolean;
  latitude: number;
  longitude: number;
  altitude: number;
  /** Knots, as every Traccar protocol decoder stores it. */
  speed: number;
  course: number;
  address: string | null;
  accuracy: number;
  network: unknown;
  geofenceIds: number[] | null;
  attributes: Record<string, unknown>;
}

/** Traccar's Jackson date format: ISO 8601 with milliseconds and a numeric offset ("2024-05-01T10:00:00.000+00:00"). */
export function traccarDate(d: Date): string {
  return d.toISOString().replace('Z', '+00:00');
}

/**
 * Traccar's DateUtil.parseDate accepts ISO 8601 date-times with an offset or Z; anything else
 * fails the parameter conversion (JAX-RS then answers 404, see routes.ts).
 */
export function parseTraccarDate(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export interface FleetSeed {
  devices: TraccarDevice[];
  positions: TraccarPosition[];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * `count` technician trackers around Montréal. Device i has positions every 10 minutes over
 * the last `historyHours` hours (its latest `i * staleStepMinutes` minutes old, so higher ids are
 * staler), except every `silentEvery`-th device, which never reported (positionId 0).
 */
export function seedFleet(count: number, now: Date, opts: { historyHours?: number; silentEvery?: number; staleStepMinutes?: number } = {}): FleetSeed {
  const historyHours = opts.historyHours ?? 2;
  const silentEvery = opts.silentEvery ?? 0;
  const staleStep = opts.staleStepMinutes ?? 1;
  const devices: TraccarDevice[] = [];
  const positions: TraccarPosition[] = [];
  let positionId = 1000;
  for (let i = 1; i <= count; i++) {
    const silent = silentEvery > 0 && i % silentEvery === 0;
    const device: TraccarDevice = {
      id: i,
      name: `Tech ${pad(i)}`,
      uniqueId: `35${pad(i, 13)}`,
      status: silent ? 'unknown' : 'online',
      disabled: false,
      lastUpdate: null,
      positionId: 0,
      groupId: 0,
      phone: `+1514555${pad(i, 4)}`,
      model: 'Teltonika FMC130',
      contact: null,
      category: 'van',
      attributes: {},
    };
    devices.push(device);
    if (silent) continue;
    const latestAt = now.getTime() - i * staleStep * 60_000;
    const steps = Math.max(1, Math.floor((historyHours * 60) / 10));
    for (let s = steps - 1; s >= 0; s--) {
      const fix = new Date(latestAt - s * 10 * 60_000);
      const p = makePosition(++positionId, i, fix, { latitude: 45.5 + i / 1000 + s / 10_000, longitude: -73.56 - i / 1000 - s / 10_000, speed: (i * 3 + s) % 40, course: (i * 37 + s * 11) % 360 });
      positions.push(p);
    }
    device.positionId = positionId;
    device.lastUpdate = traccarDate(new Date(latestAt + 2_000));
  }
  return { devices, positions };
}

export function makePosition(id: number, deviceId: number, fix: Date, at: { latitude: number; longitude: number; speed: number; course: number; address?: string | null; attributes?: Record<string, unknown> }): TraccarPosition {
  return {
    id,
    deviceId,
    protocol: 'teltonika',
    deviceTime: traccarDate(fix),
    fixTime: traccarDate(fix),
    serverTime: traccarDate(new Date(fix.getTime() + 2_000)),
    outdated: false,
    valid: true,
    latitude: Number(at.latitude.toFixed(6)),
    longitude: Number(at.longitude.toFixed(6)),
    altitude: 35,
    speed: at.speed,
    course: at.course,
    address: at.address === undefined ? `${100 + deviceId} Rue Sainte-Catherine, Montréal` : at.address,
    accuracy: 0,
    network: null,
    geofenceIds: null,
    attributes: at.attributes ?? { ignition: at.speed > 0, motion: at.speed > 0, sat: 11, batteryLevel: 90, distance: 12.5, totalDistance: 152_000 + deviceId },
  };
}
