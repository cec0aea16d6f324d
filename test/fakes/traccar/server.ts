// The HTTP side of the fake Traccar: auth, routes and Traccar's error answers, following
// traccar/traccar (api/security/SecurityRequestFilter, api/ResourceErrorHandler,
// api/resource/DeviceResource + PositionResource):
// - Authorization "Basic base64(email:password)" or "Bearer <token>"; missing or wrong → 401.
// - Errors are text/plain "message - ExceptionClass (File:line < ...)" (Log.exceptionStack):
//   a SecurityException (no access to the device) is 400, as every non-HTTP exception is;
//   a query parameter that does not convert (deviceId=abc, from=yesterday) is 404, JAX-RS's rule
//   for @QueryParam conversion failures.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FleetSeed, TraccarPosition } from './data.ts';
import { parseTraccarDate } from './data.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string[]>;
  /** 'basic', 'bearer', or 'none' (also for an unparseable header). */
  auth: 'basic' | 'bearer' | 'none';
  status: number;
  startedAt: number;
  endedAt: number;
}

export interface DeviceFailure {
  status: number;
  message: string;
}

export interface ServerState extends FleetSeed {
  email: string;
  password: string;
  token: string;
  userId: number;
  requests: RecordedRequest[];
  inFlight: number;
  maxInFlight: number;
  /** Per-request delay before answering (ms), or a function of the request. */
  latency: (path: string, query: URLSearchParams) => number;
  failures: Map<number, DeviceFailure>;
}

class HttpAnswer extends Error {
  status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Traccar's Log.exceptionStack shape, with a plausible (fake) stack tail. */
const exceptionText = (message: string, exception: string, where: string) => `${message} - ${exception} (${where})`;
const unauthorized = () => new HttpAnswer(401, exceptionText('HTTP 401 Unauthorized', 'WebApplicationException', 'SecurityRequestFilter:112 < ...'));
const accessDenied = (what: string) => new HttpAnswer(400, exceptionText(`${what} access denied`, 'SecurityException', 'PermissionsService:257 < PositionResource:80 < ...'));
const notFound = () => new HttpAnswer(404, exceptionText('HTTP 404 Not Found', 'NotFoundException', '...'));

function authOf(req: IncomingMessage, state: ServerState): RecordedRequest['auth'] {
  const header = req.headers.authorization;
  if (!header) return 'none';
  const [scheme, value = ''] = header.split(' ');
  if (scheme === 'Basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const sep = decoded.indexOf(':');
    if (sep > 0 && decoded.slice(0, sep) === state.email && decoded.slice(sep + 1) === state.password) return 'basic';
  }
  if (scheme === 'Bearer' && value === state.token) return 'bearer';
  return 'none';
}

/** A @QueryParam long: absent → 0; not a number → 404 (JAX-RS conversion failure). */
function longParam(query: URLSearchParams, name: string): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return 0;
  if (!/^-?\d+$/.test(raw)) throw notFound();
  return Number(raw);
}
function longList(query: URLSearchParams, name: string): number[] {
  return query.getAll(name).map((raw) => {
    if (!/^-?\d+$/.test(raw)) throw notFound();
    return Number(raw);
  });
}
function dateParam(query: URLSearchParams, name: string): Date | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const d = parseTraccarDate(raw);
  if (!d) throw notFound();
  return d;
}

function checkDevice(state: ServerState, deviceId: number): void {
  const failure = state.failures.get(deviceId);
  if (failure) throw new HttpAnswer(failure.status, failure.message);
  if (!state.devices.some((d) => d.id === deviceId)) throw accessDenied('Device');
}

function latestOf(state: ServerState, deviceId: number): TraccarPosition[] {
  const device = state.devices.find((d) => d.id === deviceId);
  const p = device && state.positions.find((x) => x.id === device.positionId);
  return p ? [p] : [];
}

function getDevices(state: ServerState, query: URLSearchParams): unknown {
  const uniqueIds = query.getAll('uniqueId');
  const ids = longList(query, 'id');
  const userId = longParam(query, 'userId');
  if (uniqueIds.length > 0 || ids.length > 0) {
    // Traccar answers uniqueIds first, then ids, each in the order asked; unknown ones are just absent.
    return [...uniqueIds.flatMap((u) => state.devices.filter((d) => d.uniqueId === u)), ...ids.flatMap((id) => state.devices.filter((d) => d.id === id))];
  }
  if (userId !== 0 && userId !== state.userId) throw accessDenied('User');
  return [...state.devices].sort((a, b) => a.name.localeCompare(b.name));
}

function getPositions(state: ServerState, query: URLSearchParams): unknown {
  const positionIds = longList(query, 'id');
  const deviceId = longParam(query, 'deviceId');
  const from = dateParam(query, 'from');
  const to = dateParam(query, 'to');
  if (positionIds.length > 0) {
    return positionIds.map((id) => {
      const p = state.positions.find((x) => x.id === id);
      // Traccar dereferences the missing row (a NullPointerException → 400).
      if (!p) throw new HttpAnswer(400, exceptionText('Cannot invoke "org.traccar.model.Position.getDeviceId()" because "position" is null', 'NullPointerException', 'PositionResource:77 < ...'));
      checkDevice(state, p.deviceId);
      return p;
    });
  }
  if (deviceId > 0) {
    checkDevice(state, deviceId);
    if (from && to) {
      const lo = from.getTime();
      const hi = to.getTime();
      return state.positions.filter((p) => p.deviceId === deviceId && Date.parse(p.fixTime) >= lo && Date.parse(p.fixTime) <= hi).sort((a, b) => Date.parse(a.fixTime) - Date.parse(b.fixTime));
    }
    return latestOf(state, deviceId);
  }
  return state.devices.flatMap((d) => latestOf(state, d.id));
}

function route(state: ServerState, method: string, path: string, query: URLSearchParams, auth: RecordedRequest['auth']): unknown {
  // GET /api/server is @PermitAll in Traccar: no credentials needed.
  if (method === 'GET' && path === '/api/server') return { id: 1, registration: false, readonly: false, deviceReadonly: false, map: null, version: '6.6', attributes: {} };
  if (!path.startsWith('/api/')) throw notFound();
  if (auth === 'none') throw unauthorized();
  if (method === 'GET' && path === '/api/devices') return getDevices(state, query);
  if (method === 'GET' && path === '/api/positions') return getPositions(state, query);
  if (method === 'GET' && path === '/api/session') return { id: state.userId, name: 'Dispatch', email: state.email, administrator: false, readonly: false, disabled: false, attributes: {} };
  throw notFound();
}

export function createTraccarServer(state: ServerState): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const startedAt = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = url.searchParams;
    const auth = authOf(req, state);
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    const answer = (status: number, type: string, body: string) => {
      state.inFlight--;
      state.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: groupQuery(query), auth, status, startedAt, endedAt: Date.now() });
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    };
    req.resume();
    req.on('end', () => {
      const delay = state.latency(url.pathname, query);
      setTimeout(() => {
        try {
          const body = route(state, req.method ?? 'GET', url.pathname, query, auth);
          answer(200, 'application/json', JSON.stringify(body));
        } catch (err) {
          if (err instanceof HttpAnswer) answer(err.status, 'text/plain', err.message);
          else answer(500, 'text/plain', String(err));
        }
      }, delay);
    });
  });
}

function groupQuery(query: URLSearchParams): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of query) (out[k] ??= []).push(v);
  return out;
}
