// A fake Traccar server over real HTTP (node:http on 127.0.0.1, port 0) for the Traccar node's
// tests: seeded devices and positions, Basic (email/password) and Bearer (API token) auth,
// Traccar's status codes and text/plain error bodies, a per-request latency and an in-flight
// counter (to prove the node's concurrency limit), and devices made to fail. See README.md.
import type { AddressInfo } from 'node:net';
import { makePosition, seedFleet, traccarDate } from './data.ts';
import type { TraccarDevice, TraccarPosition } from './data.ts';
import { createTraccarServer } from './server.ts';
import type { RecordedRequest, ServerState } from './server.ts';

export type { TraccarDevice, TraccarPosition } from './data.ts';
export type { RecordedRequest } from './server.ts';
export { traccarDate } from './data.ts';

export interface FakeTraccarOptions {
  /** Seeded devices (default 3): "Tech 01".., positions every 10 min, device i's latest i minutes old. */
  devices?: number;
  /** Every n-th device never reported a position (default 0: none). */
  silentEvery?: number;
  /** How much older each next device's latest position is, in minutes (default 1). */
  staleStepMinutes?: number;
  /** Hours of history seeded per device (default 2). */
  historyHours?: number;
  /** Delay of every answer, ms (default 0). */
  latencyMs?: number;
  /** "Now" for the seed (default: the real now). */
  now?: Date;
}

export interface FakeTraccar {
  /** The server's origin (Traccar serves its API under /api). */
  url: string;
  email: string;
  password: string;
  token: string;
  devices: TraccarDevice[];
  positions: TraccarPosition[];
  /** Every answered request, in answer order. */
  requests: RecordedRequest[];
  /** Requests being answered now, and the most at once since the start or the last resetStats(). */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Delay every answer by `ms` (or by a function of the path and query). */
  setLatency(ms: number | ((path: string, query: URLSearchParams) => number)): void;
  /** Requests about this device answer `status` with Traccar's text body (default: 400 "Device access denied"). */
  failDevice(deviceId: number, failure?: { status?: number; message?: string }): void;
  /** Undoes failDevice for one device, or for all without an argument. */
  restoreDevice(deviceId?: number): void;
  /** Adds a position and makes it the device's latest when it is newer. */
  addPosition(deviceId: number, fix: Date, at: { latitude: number; longitude: number; speed: number; course: number; address?: string | null; attributes?: Record<string, unknown> }): TraccarPosition;
  /** The position requests for one device (GET /api/positions?deviceId=). */
  positionRequests(deviceId?: number): RecordedRequest[];
  resetStats(): void;
  close(): Promise<void>;
}

export async function startFakeTraccar(opts: FakeTraccarOptions = {}): Promise<FakeTraccar> {
  const seed = seedFleet(opts.devices ?? 3, opts.now ?? new Date(), { historyHours: opts.historyHours, silentEvery: opts.silentEvery, staleStepMinutes: opts.staleStepMinutes });
  let latency: ServerState['latency'] = () => opts.latencyMs ?? 0;
  const state: ServerState = {
    ...seed,
    email: 'dispatch@gigafibre.test',
    password: 'fibre-Dispatch-2024',
    token: 'RzBFAiEA-fake-traccar-token-' + Math.random().toString(36).slice(2),
    userId: 7,
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    latency: (path, query) => latency(path, query),
    failures: new Map(),
  };
  const server = createTraccarServer(state);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let nextPositionId = Math.max(5000, ...state.positions.map((p) => p.id)) + 1;

  return {
    url: `http://127.0.0.1:${port}`,
    email: state.email,
    password: state.password,
    token: state.token,
    devices: state.devices,
    positions: state.positions,
    requests: state.requests,
    get inFlight() {
      return state.inFlight;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    setLatency(ms) {
      latency = typeof ms === 'function' ? ms : () => ms;
    },
    failDevice(deviceId, failure = {}) {
      const status = failure.status ?? 400;
      const message = failure.message ?? (status === 400 ? 'Device access denied - SecurityException (PermissionsService:257 < PositionResource:80 < ...)' : `HTTP ${status} - WebApplicationException (...)`);
      state.failures.set(deviceId, { status, message });
    },
    restoreDevice(deviceId) {
      if (deviceId === undefined) state.failures.clear();
      else state.failures.delete(deviceId);
    },
    addPosition(deviceId, fix, at) {
      const p = makePosition(nextPositionId++, deviceId, fix, at);
      state.positions.push(p);
      const device = state.devices.find((d) => d.id === deviceId);
      const current = device && state.positions.find((x) => x.id === device.positionId);
      if (device && (!current || Date.parse(current.fixTime) <= fix.getTime())) {
        device.positionId = p.id;
        device.lastUpdate = traccarDate(new Date(fix.getTime() + 2_000));
      }
      return p;
    },
    positionRequests(deviceId) {
      return state.requests.filter((r) => r.path === '/api/positions' && (deviceId === undefined || r.query.deviceId?.[0] === String(deviceId)));
    },
    resetStats() {
      state.requests.length = 0;
      state.maxInFlight = state.inFlight;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
