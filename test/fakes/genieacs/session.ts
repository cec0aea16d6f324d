// The simulated CPE side: connection requests, CWMP sessions and what each task does to the
// device document. A session sets _lastInform, holds the cwmp_session lock, runs the device's
// due tasks oldest first (skipping faulted ones, dropping expired ones) and deletes each task it
// completes. Values come from the device's live state (store.ts DeviceRecord.live).
import { buildDocument, coerceValue, comparePaths, covers, deleteNode, getNode, isNode, leafPaths, liveState, rootOf, setLeaf, toDate } from './devices.ts';
import type { Doc, LiveParam, ParamValue } from './devices.ts';
import type { ObjectId } from './mongo.ts';
import { findDevice, later, sleep } from './store.ts';
import type { DeviceRecord, Store } from './store.ts';
import { deleteFault, deleteTask, faultIdOf, saveTaskFault } from './tasks.ts';

const DEFAULT_FAULT = { code: 'cwmp.9002', message: 'Internal error', detail: { faultCode: '9002', faultString: 'Internal error' } };
const CREDENTIALS_TEXT = 'Connection request error: Incorrect connection request credentials';

function paramValue(doc: Doc, path: string): unknown {
  return getNode(doc, path)?._value;
}

/**
 * apiFunctions.connectionRequest: "" when the CPE accepted the request, else GenieACS's status
 * text. An accepted request starts the simulated session (now, or later for a slow device).
 */
export function connectionRequest(store: Store, doc: Doc): string {
  const rec = store.sim.get(String(doc._id)) as DeviceRecord;
  const url = paramValue(doc, 'InternetGatewayDevice.ManagementServer.ConnectionRequestURL') || paramValue(doc, 'Device.ManagementServer.ConnectionRequestURL');
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return 'Invalid connection request URL';
  }
  if (parsed.protocol !== 'http:') return 'Invalid connection request URL or protocol';
  switch (rec.mode) {
    case 'offline':
      return 'Device is offline';
    case 'connection-request-fails':
      return rec.modeOptions.connectionRequestError ?? CREDENTIALS_TEXT;
    case 'unresponsive':
      return '';
    case 'slow':
      later(store, rec.modeOptions.informDelayMs ?? 1000, () => void runSession(store, rec.id));
      return '';
    default:
      void runSession(store, rec.id);
      return '';
  }
}

/** One CWMP session of the device (also what a periodic Inform does: FakeGenieAcs.inform). */
export async function runSession(store: Store, id: string): Promise<void> {
  const rec = store.sim.get(id);
  const doc = findDevice(store, id);
  if (!rec || !doc || rec.inSession) return;
  rec.inSession = true;
  try {
    const previous = (doc._lastInform as Date).getTime();
    const ts = new Date(Math.max(Date.now(), previous + 1));
    doc._lastInform = ts;
    if (rec.mode === 'slow' && rec.modeOptions.sessionMs) await sleep(rec.modeOptions.sessionMs);
    if (store.closed || !store.sim.has(id)) return;
    runDueTasks(store, rec, doc, ts);
  } finally {
    rec.inSession = false;
  }
}

function runDueTasks(store: Store, rec: DeviceRecord, doc: Doc, ts: Date): void {
  const due = store.tasks
    .filter((t) => t.device === rec.id && !(t.timestamp instanceof Date && t.timestamp.getTime() > ts.getTime()))
    .sort((a, b) => (a.timestamp as Date).getTime() - (b.timestamp as Date).getTime());
  for (const task of due) {
    const taskId = (task._id as ObjectId).hex;
    const faultId = faultIdOf(rec.id, taskId);
    if (task.expiry instanceof Date && task.expiry.getTime() <= ts.getTime()) {
      deleteTask(store, taskId);
      deleteFault(store, faultId);
      continue;
    }
    if (store.faults.some((f) => f._id === faultId)) continue;
    if (rec.mode === 'faulting') {
      saveTaskFault(store, task, rec.modeOptions.fault ?? DEFAULT_FAULT, ts);
      continue;
    }
    applyTask(rec, doc, task, ts);
    deleteTask(store, taskId);
  }
}

/** Copies live values covered by `pattern` into the document; drops what the CPE no longer has. */
export function refresh(rec: DeviceRecord, doc: Doc, pattern: string, ts: Date): void {
  for (const path of [...rec.live.keys()].sort(comparePaths)) if (covers(pattern, path)) setLeaf(doc, path, rec.live.get(path) as LiveParam, ts);
  for (const path of leafPaths(doc, '')) if (covers(pattern, path) && !rec.live.has(path)) deleteNode(doc, path);
  settleObjects(doc, rec, pattern, '', ts);
}

/** Instances left empty by a refresh are gone from the CPE; refreshed objects get the new _timestamp. */
function settleObjects(node: Doc, rec: DeviceRecord, pattern: string, prefix: string, ts: Date): void {
  for (const [key, child] of Object.entries(node)) {
    if (key.startsWith('_') || !isNode(child) || child._object === false) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    settleObjects(child, rec, pattern, path, ts);
    const empty = !Object.keys(child).some((k) => !k.startsWith('_'));
    if (empty && /^\d+$/.test(key) && covers(pattern, path) && ![...rec.live.keys()].some((p) => p.startsWith(`${path}.`))) delete node[key];
    else if (covers(pattern, path)) child._timestamp = ts;
  }
}

function setValues(rec: DeviceRecord, doc: Doc, values: unknown[][], ts: Date): void {
  for (const [path, value, type] of values as Array<[string, ParamValue, string | undefined]>) {
    const current = rec.live.get(path);
    // GenieACS only sends SetParameterValues for parameters that exist and are writable.
    if (!current || !current.writable) continue;
    const t = type || current.type;
    const next: LiveParam = { value: coerceValue(value, t), type: t, writable: current.writable };
    rec.live.set(path, next);
    setLeaf(doc, path, next, ts);
  }
}

function instancesOf(rec: DeviceRecord, object: string): number[] {
  const found = new Set<number>();
  for (const path of rec.live.keys()) {
    const m = path.startsWith(`${object}.`) ? /^(\d+)(\.|$)/.exec(path.slice(object.length + 1)) : null;
    if (m) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

const DEFAULTS: Record<string, ParamValue> = { 'xsd:boolean': false, 'xsd:int': 0, 'xsd:unsignedInt': 0 };

function addObject(rec: DeviceRecord, doc: Doc, task: Doc, ts: Date): void {
  const object = String(task.objectName).replace(/\.$/, '');
  const existing = instancesOf(rec, object);
  if (existing.length === 0 && !getNode(doc, object)) return; // no such table: 9005, cleared, no fault
  const instance = (existing.at(-1) ?? 0) + 1;
  const prefix = `${object}.${instance}`;
  if (existing.length) {
    const template = `${object}.${existing[0]}.`;
    for (const [path, p] of [...rec.live]) {
      if (path.startsWith(template)) rec.live.set(`${prefix}.${path.slice(template.length)}`, { value: DEFAULTS[p.type] ?? '', type: p.type, writable: p.writable });
    }
  }
  for (const [name, value, type] of (task.parameterValues ?? []) as Array<[string, ParamValue, string | undefined]>) {
    const path = `${prefix}.${name}`;
    const current = rec.live.get(path);
    const t = type || current?.type || 'xsd:string';
    rec.live.set(path, { value: coerceValue(value, t), type: t, writable: current?.writable ?? true });
  }
  refresh(rec, doc, prefix, ts);
}

function deleteObject(rec: DeviceRecord, doc: Doc, task: Doc): void {
  const object = String(task.objectName).replace(/\.$/, '');
  for (const path of [...rec.live.keys()]) if (path === object || path.startsWith(`${object}.`)) rec.live.delete(path);
  deleteNode(doc, object);
}

function reboot(rec: DeviceRecord, doc: Doc, ts: Date): void {
  doc._lastBoot = ts;
  const uptime = `${rootOf(rec.seed)}.DeviceInfo.UpTime`;
  const current = rec.live.get(uptime);
  if (current) rec.live.set(uptime, { ...current, value: 0 });
}

function factoryReset(rec: DeviceRecord, doc: Doc, ts: Date): void {
  rec.live = liveState(structuredClone(rec.seed));
  const fresh = buildDocument({ ...rec.seed, lastInform: ts, lastBoot: ts, lastBootstrap: ts, registered: toDate(doc._registered as Date) }, rec.live);
  for (const key of Object.keys(doc)) if (key !== '_id' && key !== '_tags') delete doc[key];
  for (const [key, value] of Object.entries(fresh)) if (key !== '_id' && key !== '_tags') doc[key] = value;
}

function applyTask(rec: DeviceRecord, doc: Doc, task: Doc, ts: Date): void {
  switch (task.name) {
    case 'getParameterValues':
      for (const name of task.parameterNames as string[]) refresh(rec, doc, name, ts);
      break;
    case 'refreshObject':
      refresh(rec, doc, String(task.objectName), ts);
      break;
    case 'setParameterValues':
      setValues(rec, doc, task.parameterValues as unknown[][], ts);
      break;
    case 'addObject':
      addObject(rec, doc, task, ts);
      break;
    case 'deleteObject':
      deleteObject(rec, doc, task);
      break;
    case 'reboot':
      reboot(rec, doc, ts);
      break;
    case 'factoryReset':
      factoryReset(rec, doc, ts);
      break;
    case 'download': {
      const pick = (k: string): string | undefined => (typeof task[k] === 'string' ? (task[k] as string) : undefined);
      rec.downloads.push({ taskId: (task._id as ObjectId).hex, file: pick('file'), fileType: pick('fileType'), fileName: pick('fileName'), targetFileName: pick('targetFileName'), at: ts });
      break;
    }
    default:
      break; // provisions: the fake has no provision scripts to run
  }
}
