// Traccar's Device and Position as the API returns them, and the item a dispatcher needs from
// them: where the technician is, how fast (km/h — Traccar stores knots), and whether the fix is
// too old to trust.
import type { IDataObject } from 'n8n-workflow';

export interface TraccarDevice {
  id: number;
  name: string;
  uniqueId: string;
  status?: string;
  lastUpdate?: string | null;
  positionId?: number;
  phone?: string | null;
  model?: string | null;
  category?: string | null;
  disabled?: boolean;
  attributes?: IDataObject;
}

export interface TraccarPosition {
  id: number;
  deviceId: number;
  fixTime: string;
  deviceTime?: string;
  serverTime?: string;
  valid?: boolean;
  outdated?: boolean;
  latitude: number;
  longitude: number;
  altitude?: number;
  /** Knots (every Traccar decoder stores knots). */
  speed: number;
  /** Degrees, 0 = north. */
  course: number;
  address?: string | null;
  accuracy?: number;
  attributes?: IDataObject;
}

export const KNOTS_TO_KMH = 1.852;

export interface PositionOptions {
  /** true: `speedKmh`; false: `speedKnots` as Traccar sends it. */
  convertSpeedToKmh: boolean;
  /** A fix older than this is `stale: true`; 0 turns the flag off (always false). */
  staleAfterMinutes: number;
  /** Reference time (ms) for ages: one value per node run, so all items agree. */
  now: number;
}

const iso = (t: string | undefined | null): string | null => (t ? new Date(t).toISOString() : null);
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function speedField(knots: number | null, o: PositionOptions): IDataObject {
  if (!o.convertSpeedToKmh) return { speedKnots: knots };
  return { speedKmh: knots === null ? null : round(knots * KNOTS_TO_KMH, 1) };
}

function deviceFields(deviceId: number, device: TraccarDevice | undefined): IDataObject {
  return { deviceId, name: device?.name ?? null, uniqueId: device?.uniqueId ?? null, status: device?.status ?? null };
}

/** One output item for one position. */
export function technicianPosition(p: TraccarPosition, device: TraccarDevice | undefined, o: PositionOptions): IDataObject {
  const ageMinutes = round((o.now - Date.parse(p.fixTime)) / 60_000, 1);
  return {
    ...deviceFields(p.deviceId, device),
    hasPosition: true,
    positionId: p.id,
    latitude: p.latitude,
    longitude: p.longitude,
    ...speedField(p.speed, o),
    course: p.course,
    altitude: p.altitude ?? null,
    fixTime: iso(p.fixTime),
    deviceTime: iso(p.deviceTime),
    serverTime: iso(p.serverTime),
    ageMinutes,
    stale: o.staleAfterMinutes > 0 && ageMinutes > o.staleAfterMinutes,
    valid: p.valid ?? true,
    address: p.address ?? null,
    attributes: p.attributes ?? {},
  };
}

/** The item for a device that never reported a position: same fields, empty, and stale when the flag is on. */
export function noPosition(deviceId: number, device: TraccarDevice | undefined, o: PositionOptions): IDataObject {
  return {
    ...deviceFields(deviceId, device),
    hasPosition: false,
    positionId: null,
    latitude: null,
    longitude: null,
    ...speedField(null, o),
    course: null,
    altitude: null,
    fixTime: null,
    deviceTime: null,
    serverTime: null,
    ageMinutes: null,
    stale: o.staleAfterMinutes > 0,
    valid: false,
    address: null,
    attributes: {},
  };
}

/** A device as an item: Traccar's fields plus `deviceId`, the field Position → Get Latest reads from items. */
export function deviceItem(d: TraccarDevice): IDataObject {
  return { deviceId: d.id, ...(d as unknown as IDataObject) };
}
