// The fake's in-memory "database": one array per Mongo collection the NBI can list, in
// insertion (natural) order, plus per-device simulation state (live CPE values, mode, session
// lock, downloads received).
import { deviceIdOf } from './device-id.ts';
import { buildDocument, liveState } from './devices.ts';
import type { Doc, DeviceMode, DeviceModeOptions, FakeDevice, LiveParam } from './devices.ts';

export interface DownloadRecord {
  taskId: string;
  file?: string;
  fileType?: string;
  fileName?: string;
  targetFileName?: string;
  at: Date;
}

export interface DeviceRecord {
  id: string;
  /** The description the device was created from: factoryReset goes back to it. */
  seed: FakeDevice;
  live: Map<string, LiveParam>;
  mode: DeviceMode;
  modeOptions: DeviceModeOptions;
  /** The cwmp_session_<id> lock: held while a simulated session runs. */
  inSession: boolean;
  downloads: DownloadRecord[];
}

export interface Store {
  /** The devices collection (documents), natural order. */
  devices: Doc[];
  sim: Map<string, DeviceRecord>;
  tasks: Doc[];
  faults: Doc[];
  /** fs.files documents; contents in fileContents. */
  files: Doc[];
  fileContents: Map<string, Buffer>;
  /** The other collections GET /<name> can list (presets, provisions, config, ...). */
  other: Record<string, Doc[]>;
  version: string;
  onlineThresholdMs: number;
  sessionTimeoutMs: number;
  lockTimeoutMs: number;
  timers: Set<ReturnType<typeof setTimeout>>;
  closed: boolean;
}

const OTHER_COLLECTIONS = ['presets', 'objects', 'provisions', 'virtualParameters', 'operations', 'permissions', 'users', 'config', 'cache', 'locks', 'views'];

export function createStore(opts: { version: string; onlineThresholdMs: number; sessionTimeoutMs: number; lockTimeoutMs: number }): Store {
  return {
    devices: [],
    sim: new Map(),
    tasks: [],
    faults: [],
    files: [],
    fileContents: new Map(),
    other: Object.fromEntries(OTHER_COLLECTIONS.map((c) => [c, [] as Doc[]])),
    ...opts,
    timers: new Set(),
    closed: false,
  };
}

/** lib/db/db.ts `collections`, keyed by the camel-cased URL name. */
export function collectionOf(store: Store, name: string): Doc[] | undefined {
  if (name === 'devices') return store.devices;
  if (name === 'tasks') return store.tasks;
  if (name === 'faults') return store.faults;
  if (name === 'files') return store.files;
  return Object.hasOwn(store.other, name) ? store.other[name] : undefined;
}

export const findDevice = (store: Store, id: string): Doc | undefined => store.devices.find((d) => d._id === id);

export function addDevice(store: Store, device: FakeDevice): Doc {
  const id = deviceIdOf(device);
  if (findDevice(store, id)) throw new Error(`fake GenieACS: device ${id} already exists`);
  const seed = structuredClone(device);
  const live = liveState(seed);
  const doc = buildDocument(seed, live);
  store.devices.push(doc);
  store.sim.set(id, { id, seed, live, mode: device.mode ?? 'online', modeOptions: { ...device.modeOptions }, inSession: false, downloads: [] });
  return doc;
}

export function removeDevice(store: Store, id: string): void {
  store.devices = store.devices.filter((d) => d._id !== id);
  store.tasks = store.tasks.filter((t) => t.device !== id);
  store.faults = store.faults.filter((f) => !String(f._id).startsWith(`${id}:`));
  store.other.operations = store.other.operations.filter((o) => !String(o._id).startsWith(`${id}:`));
  store.sim.delete(id);
}

/** A short wait inside a request (lock and session polling); loops check store.closed after it. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** A simulated CPE event in the future; close() cancels it. */
export function later(store: Store, ms: number, fn: () => void): void {
  const t = setTimeout(() => {
    store.timers.delete(t);
    if (!store.closed) fn();
  }, ms);
  store.timers.add(t);
}
