// A fake GenieACS NBI over real HTTP (node:http on 127.0.0.1, port 0) that follows the documented
// behaviour (/work/shared/reference/integration-apis.md §2) and, where that is silent, GenieACS's
// lib/nbi.ts, lib/query.ts and lib/api-functions.ts. See README.md for what is simulated and
// where it deviates.
import type { AddressInfo } from 'node:net';
import { deviceIdOf } from './device-id.ts';
import { coerceValue, getNode } from './devices.ts';
import type { Doc, DeviceMode, DeviceModeOptions, FakeDevice, ParamValue } from './devices.ts';
import { createNbiServer } from './server.ts';
import type { BasicAuth, Crash, RecordedRequest, ServerState } from './server.ts';
import { runSession } from './session.ts';
import { addDevice, createStore, findDevice } from './store.ts';
import type { DeviceRecord, DownloadRecord } from './store.ts';

export type { BasicAuth, Crash, RecordedRequest } from './server.ts';
export type { DeviceMode, DeviceModeOptions, FakeDevice, ParamMap, ParamSpec, ParamValue } from './devices.ts';
export type { DownloadRecord } from './store.ts';
export { deviceIdOf, deviceIdPathSegment, escapeIdPart } from './device-id.ts';
export { F660, G240WC, HG8245H, SEED_IDS, seedDevices, XX230V } from './seed.ts';

export interface FakeGenieAcsOptions {
  devices?: FakeDevice[];
  /** cwmp.deviceOnlineThreshold: how long a connection_request POST waits for the session (default 4000). */
  deviceOnlineThresholdMs?: number;
  /** How long the NBI waits for a started session to end (default 120000, as upstream). */
  sessionTimeoutMs?: number;
  /** How long a connection_request POST waits for a device's session lock (default 30000). */
  lockTimeoutMs?: number;
  /** Put a Basic-auth reverse proxy in front (nginx-style 401 with WWW-Authenticate). */
  basicAuth?: BasicAuth;
  /** The GenieACS-Version header (default "1.2.16"). */
  version?: string;
}

export interface FakeGenieAcs {
  url: string;
  requests: RecordedRequest[];
  /** Errors that would have crashed the GenieACS worker (the client saw a dropped connection). */
  crashes: Crash[];
  /** All device documents as GET /devices returns them (JSON: dates are ISO strings). */
  devices(): Doc[];
  device(id: string): Doc | undefined;
  /** Adds a device (as if it had just informed); returns its id. */
  addDevice(device: FakeDevice): string;
  setDeviceMode(id: string, mode: DeviceMode, options?: DeviceModeOptions): void;
  /** Changes what the CPE itself reports; the document changes only when a task refreshes it. */
  setLiveValue(id: string, path: string, value: ParamValue, type?: string, writable?: boolean): void;
  /** The CPE loses a parameter or object instance (e.g. a host leaves); a refresh removes it. */
  removeLivePath(id: string, path: string): void;
  /** Moves _lastInform (e.g. to make a device look offline to a lastInform check). */
  setLastInform(id: string, when: Date | string): void;
  /** A periodic Inform: runs one session (queued tasks) whatever the device's mode. */
  inform(id: string): Promise<void>;
  /** The current live value the CPE would report for a parameter. */
  liveValue(id: string, path: string): ParamValue | undefined;
  tasks(): Doc[];
  faults(): Doc[];
  files(): Doc[];
  fileContent(name: string): Buffer | undefined;
  presets(): Doc[];
  provisions(): Doc[];
  /** Download tasks the device has run. */
  downloads(id: string): DownloadRecord[];
  close(): Promise<void>;
}

const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export async function startFakeGenieAcs(opts: FakeGenieAcsOptions = {}): Promise<FakeGenieAcs> {
  const store = createStore({
    version: opts.version ?? '1.2.16',
    onlineThresholdMs: opts.deviceOnlineThresholdMs ?? 4000,
    sessionTimeoutMs: opts.sessionTimeoutMs ?? 120_000,
    lockTimeoutMs: opts.lockTimeoutMs ?? 30_000,
  });
  for (const d of opts.devices ?? []) addDevice(store, d);
  const state: ServerState = { store, requests: [], crashes: [], basicAuth: opts.basicAuth };
  const server = createNbiServer(state);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const sim = (id: string): DeviceRecord => {
    const rec = store.sim.get(id);
    if (!rec) throw new Error(`fake GenieACS: no device ${id}`);
    return rec;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    requests: state.requests,
    crashes: state.crashes,
    devices: () => wire(store.devices),
    device: (id) => {
      const doc = findDevice(store, id);
      return doc && wire(doc);
    },
    addDevice: (device) => {
      addDevice(store, device);
      return deviceIdOf(device);
    },
    setDeviceMode(id, mode, options) {
      const rec = sim(id);
      rec.mode = mode;
      if (options) rec.modeOptions = { ...options };
    },
    setLiveValue(id, path, value, type, writable) {
      const rec = sim(id);
      const current = rec.live.get(path);
      const t = type ?? current?.type ?? (typeof value === 'boolean' ? 'xsd:boolean' : typeof value === 'number' ? 'xsd:int' : value instanceof Date ? 'xsd:dateTime' : 'xsd:string');
      rec.live.set(path, { value: coerceValue(value, t), type: t, writable: writable ?? current?.writable ?? false });
    },
    removeLivePath(id, path) {
      const rec = sim(id);
      for (const p of [...rec.live.keys()]) if (p === path || p.startsWith(`${path}.`)) rec.live.delete(p);
    },
    setLastInform(id, when) {
      const doc = findDevice(store, id);
      if (!doc) throw new Error(`fake GenieACS: no device ${id}`);
      doc._lastInform = new Date(when);
    },
    inform: (id) => (sim(id), runSession(store, id)),
    liveValue: (id, path) => sim(id).live.get(path)?.value,
    tasks: () => wire(store.tasks),
    faults: () => wire(store.faults),
    files: () => wire(store.files),
    fileContent: (name) => store.fileContents.get(name),
    presets: () => wire(store.other.presets),
    provisions: () => wire(store.other.provisions),
    downloads: (id) => wire(sim(id).downloads),
    async close() {
      store.closed = true;
      for (const t of store.timers) clearTimeout(t);
      store.timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

/** A parameter's `_value` in a (wire) device document, by dotted path. */
export function paramValue(doc: Doc, path: string): unknown {
  return getNode(doc, path)?._value;
}
