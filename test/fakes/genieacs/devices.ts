// Device documents as GenieACS keeps them in Mongo and GET /devices returns them
// (integration-apis.md §2.3; lib/cwmp/db.ts saveDevice): metadata at the top (_id, _deviceId,
// _lastInform, _lastBoot, _lastBootstrap, _registered, _tags) and the parameter tree nested by
// path segment. Leaves carry _object:false, _timestamp, _type, _value, _writable; object nodes
// _object:true, _timestamp, _writable. Dates (metadata, _timestamp, xsd:dateTime values) are
// Date objects in the store and ISO strings on the wire.
//
// A fake device is described by a flat map {path: [value, type, writable?]}: the CPE's "live"
// state. The ACS document starts as a copy taken at the last Inform; refreshes copy live values
// over (see session.ts), so a test can change the live state and watch a refresh pick it up.
import { deviceIdOf } from './device-id.ts';

export type ParamValue = string | number | boolean | Date;
export type ParamSpec = readonly [value: ParamValue, type: string, writable?: boolean];
export type ParamMap = Record<string, ParamSpec>;

/**
 * online: connection requests succeed and the session runs at once.
 * offline: the connection request gets no answer ("Device is offline", GenieACS's text for a
 *   refused or timed-out request).
 * connection-request-fails: the CPE answers the request with an error (text configurable).
 * unresponsive: the request is accepted but no session follows ("Task queued but not processed"
 *   once the online threshold passes).
 * slow: the session starts informDelayMs after the request and lasts sessionMs.
 * faulting: sessions run, but every task faults (fault <deviceId>:task_<taskId>).
 */
export type DeviceMode = 'online' | 'offline' | 'faulting' | 'connection-request-fails' | 'slow' | 'unresponsive';

export interface DeviceModeOptions {
  /** faulting: the CWMP fault every task gets (default cwmp.9002 "Internal error"). */
  fault?: { code: string; message: string; detail?: unknown };
  /** connection-request-fails: GenieACS's status text (default the wrong-credentials text). */
  connectionRequestError?: string;
  /** slow: delay between the connection request and the session start (default 1000 ms). */
  informDelayMs?: number;
  /** slow: how long the session lasts (default 0). */
  sessionMs?: number;
}

export interface FakeDevice {
  oui: string;
  productClass?: string;
  serialNumber: string;
  manufacturer: string;
  lastInform: Date | string;
  lastBoot?: Date | string;
  lastBootstrap?: Date | string;
  registered?: Date | string;
  tags?: string[];
  /** The CPE's parameters. A ManagementServer.ConnectionRequestURL is added when missing. */
  params: ParamMap;
  /** Leaves the ACS has not fetched yet: in the document with _object/_writable only. */
  unfetched?: string[];
  mode?: DeviceMode;
  modeOptions?: DeviceModeOptions;
}

export interface LiveParam {
  value: ParamValue;
  type: string;
  writable: boolean;
}

export type Doc = Record<string, unknown>;

function parseBool(v: unknown): boolean | undefined {
  const s = String(v);
  if (s === 'true' || s === 'TRUE' || s === 'True' || s === '1') return true;
  if (s === 'false' || s === 'FALSE' || s === 'False' || s === '0') return false;
  return undefined;
}

/**
 * A value as GenieACS stores it for its type (device.ts sanitizeParameterValue): booleans and
 * xsd:int/unsignedInt become native when they parse, xsd:dateTime a Date, every other type
 * (xsd:long and xsd:unsignedLong included) a string.
 */
export function coerceValue(value: ParamValue, type: string): ParamValue {
  switch (type) {
    case 'xsd:boolean':
      return typeof value === 'boolean' ? value : (parseBool(value) ?? String(value));
    case 'xsd:int':
    case 'xsd:unsignedInt': {
      if (typeof value === 'number') return value;
      const n = parseInt(String(value), 10);
      return Number.isNaN(n) ? String(value) : n;
    }
    case 'xsd:dateTime': {
      if (value instanceof Date) return value;
      const n = typeof value === 'number' ? value : Number.isNaN(+value) ? Date.parse(String(value)) : +value;
      return Number.isNaN(n) ? String(value) : new Date(n);
    }
    default:
      return value instanceof Date ? value.toISOString() : String(value);
  }
}

export const toDate = (d: Date | string): Date => (d instanceof Date ? new Date(d.getTime()) : new Date(d));
export const isNode = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
const isInstance = (segment: string): boolean => /^\d+$/.test(segment);

export const rootOf = (device: Pick<FakeDevice, 'params'>): 'Device' | 'InternetGatewayDevice' =>
  Object.keys(device.params).some((p) => p.startsWith('InternetGatewayDevice.')) ? 'InternetGatewayDevice' : 'Device';

export function liveState(device: FakeDevice): Map<string, LiveParam> {
  const live = new Map<string, LiveParam>();
  for (const [path, [value, type, writable]] of Object.entries(device.params)) live.set(path, { value: coerceValue(value, type), type, writable: writable ?? false });
  const crUrl = `${rootOf(device)}.ManagementServer.ConnectionRequestURL`;
  if (!live.has(crUrl)) live.set(crUrl, { value: `http://10.${device.serialNumber.length}.0.2:7547/${device.serialNumber}`, type: 'xsd:string', writable: false });
  return live;
}

/** Walks to (creating) the object node that holds `segments`, stamping new nodes with `ts`. */
function ensureParent(doc: Doc, segments: string[], ts: Date): Doc {
  let node = doc;
  for (const seg of segments.slice(0, -1)) {
    if (!isNode(node[seg]) || node[seg]._object === false) node[seg] = { _object: true, _timestamp: ts, _writable: isInstance(seg) };
    node = node[seg] as Doc;
  }
  return node;
}

export function setLeaf(doc: Doc, path: string, param: LiveParam, ts: Date): void {
  const segs = path.split('.');
  ensureParent(doc, segs, ts)[segs[segs.length - 1]] = { _object: false, _timestamp: ts, _type: param.type, _value: param.value, _writable: param.writable };
}

/** A leaf known by name only (never fetched): what GenieACS keeps after GetParameterNames. */
export function setUnfetchedLeaf(doc: Doc, path: string, writable: boolean, ts: Date): void {
  const segs = path.split('.');
  ensureParent(doc, segs, ts)[segs[segs.length - 1]] = { _object: false, _writable: writable };
}

export function getNode(doc: Doc, path: string): Doc | undefined {
  if (path === '') return doc;
  let node: unknown = doc;
  for (const seg of path.split('.')) {
    if (!isNode(node) || seg.startsWith('_')) return undefined;
    node = node[seg];
  }
  return isNode(node) ? node : undefined;
}

export function deleteNode(doc: Doc, path: string): void {
  const segs = path.split('.');
  const parent = getNode(doc, segs.slice(0, -1).join('.'));
  if (parent) delete parent[segs[segs.length - 1]];
}

/** Leaf paths under a node (relative to the document root). */
export function leafPaths(node: Doc, prefix: string): string[] {
  const out: string[] = [];
  for (const [key, child] of Object.entries(node)) {
    if (key.startsWith('_') || !isNode(child)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (child._object === false) out.push(path);
    else out.push(...leafPaths(child, path));
  }
  return out;
}

export function buildDocument(device: FakeDevice, live: Map<string, LiveParam>): Doc {
  const lastInform = toDate(device.lastInform);
  const doc: Doc = {
    _id: deviceIdOf(device),
    _deviceId: { _Manufacturer: device.manufacturer, _OUI: device.oui, _ProductClass: device.productClass ?? '', _SerialNumber: device.serialNumber },
    _lastInform: lastInform,
    _lastBoot: toDate(device.lastBoot ?? lastInform),
    _lastBootstrap: toDate(device.lastBootstrap ?? device.registered ?? lastInform),
    _registered: toDate(device.registered ?? device.lastBootstrap ?? lastInform),
  };
  if (device.tags?.length) doc._tags = [...device.tags];
  const unfetched = new Set(device.unfetched ?? []);
  const paths = [...live.keys()].sort(comparePaths);
  for (const path of paths) {
    const param = live.get(path) as LiveParam;
    if (unfetched.has(path)) setUnfetchedLeaf(doc, path, param.writable, lastInform);
    else setLeaf(doc, path, param, lastInform);
  }
  return doc;
}

/** Path order with instance numbers compared as numbers (Host.2 before Host.10). */
export function comparePaths(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    if (isInstance(x[i]) && isInstance(y[i])) return Number(x[i]) - Number(y[i]);
    return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

/** Does `pattern` (a path or an object prefix, "*" for any one segment, "" for all) cover `path`? */
export function covers(pattern: string, path: string): boolean {
  const p = pattern.replace(/\.$/, '');
  if (p === '') return true;
  const ps = p.split('.');
  const segs = path.split('.');
  if (ps.length > segs.length) return false;
  return ps.every((seg, i) => seg === '*' || seg === segs[i]);
}
