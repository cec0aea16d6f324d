// Tasks and faults (integration-apis.md §2.5/§2.6; lib/api-functions.ts insertTasks/sanitizeTask,
// lib/cwmp/db.ts saveFault). A task is stored as sent, plus `device`, a Date `timestamp`, an
// optional Date `expiry` and an ObjectId `_id`; a task that is still listed is pending or
// faulted (completed tasks are deleted). A task fault is `<deviceId>:task_<taskId>`.
import { ObjectId } from './mongo.ts';
import type { Doc } from './devices.ts';
import type { Store } from './store.ts';

const PARAM_VALUE_TYPES = ['string', 'boolean', 'number'];

function validParamValue(p: unknown): boolean {
  return (
    Array.isArray(p) &&
    p.length >= 2 &&
    typeof p[0] === 'string' &&
    p[0].length > 0 &&
    PARAM_VALUE_TYPES.includes(typeof p[1]) &&
    (p[2] == null || typeof p[2] === 'string')
  );
}

/**
 * sanitizeTask: fills in timestamp/expiry and validates by task name. The errors it throws are
 * not caught by the NBI, so the client sees a dropped connection (server.ts).
 */
export function sanitizeTask(task: Doc): void {
  task.timestamp = new Date((task.timestamp as number) || Date.now());
  if (task.expiry) {
    const expiry = task.expiry as number;
    if (Number.isNaN(Number(expiry))) task.expiry = new Date(expiry);
    else task.expiry = new Date((task.timestamp as Date).getTime() + Number(expiry) * 1000);
  }
  switch (task.name) {
    case 'getParameterValues': {
      const names = task.parameterNames;
      if (!Array.isArray(names) || names.length === 0) throw new Error("Missing 'parameterNames' property");
      for (const p of names) if (typeof p !== 'string' || !p.length) throw new Error(`Invalid parameter name '${String(p)}'`);
      break;
    }
    case 'setParameterValues': {
      const values = task.parameterValues;
      if (!Array.isArray(values) || values.length === 0) throw new Error("Missing 'parameterValues' property");
      for (const p of values) if (!validParamValue(p)) throw new Error(`Invalid parameter value '${String(p)}'`);
      break;
    }
    case 'refreshObject':
      if (typeof task.objectName !== 'string') throw new Error("Missing 'objectName' property");
      break;
    case 'deleteObject':
      if (typeof task.objectName !== 'string' || !task.objectName.length) throw new Error("Missing 'objectName' property");
      break;
    case 'addObject':
      if (task.parameterValues != null) {
        if (!Array.isArray(task.parameterValues)) throw new Error("Invalid 'parameterValues' property");
        for (const p of task.parameterValues) if (!validParamValue(p)) throw new Error(`Invalid parameter value '${String(p)}'`);
      }
      break;
    case 'download':
      if (!task.file) {
        if (typeof task.fileType !== 'string' || !task.fileType.length) throw new Error("Missing 'fileType' property");
        if (typeof task.fileName !== 'string' || !task.fileName.length) throw new Error("Missing 'fileName' property");
      }
      if (task.targetFileName != null && typeof task.targetFileName !== 'string') throw new Error("Invalid 'targetFileName' property");
      break;
    case 'provisions': {
      const provs = task.provisions;
      const scalar = (s: unknown): boolean => s == null || ['boolean', 'number', 'string'].includes(typeof s);
      if (!Array.isArray(provs) || !provs.every((arr: unknown) => (arr as unknown[]).every(scalar))) throw new Error("Invalid 'provisions' property");
      break;
    }
    case 'reboot':
    case 'factoryReset':
      break;
    default:
      throw new Error('Invalid task name');
  }
}

/**
 * insertTasks for one task: validates, replaces a pending task with the same uniqueKey, stores it
 * (the stored copy has _id first, as mongod keeps it) and leaves the caller's object as the NBI
 * echoes it: fields as sent, then device/timestamp, `_id` (a string) last.
 */
export function insertTask(store: Store, task: Doc): Doc {
  sanitizeTask(task);
  if (task.uniqueKey) store.tasks = store.tasks.filter((t) => !(t.device === task.device && t.uniqueKey === task.uniqueKey));
  const id = new ObjectId();
  const stored: Doc = { _id: id, ...structuredClone({ ...task }) };
  store.tasks.push(stored);
  task._id = id.hex;
  return stored;
}

export const findTask = (store: Store, id: string): Doc | undefined => store.tasks.find((t) => (t._id as ObjectId).hex === id);
export const faultIdOf = (deviceId: string, taskId: string): string => `${deviceId}:task_${taskId}`;

export function deleteTask(store: Store, id: string): void {
  store.tasks = store.tasks.filter((t) => (t._id as ObjectId).hex !== id);
}

export function deleteFault(store: Store, id: string): void {
  store.faults = store.faults.filter((f) => f._id !== id);
}

/** saveFault: one fault per channel, replaced on every new fault; retries counts repeats. */
export function saveTaskFault(store: Store, task: Doc, fault: { code: string; message: string; detail?: unknown }, timestamp: Date): Doc {
  const taskId = (task._id as ObjectId).hex;
  const device = String(task.device);
  const id = faultIdOf(device, taskId);
  const previous = store.faults.find((f) => f._id === id);
  const doc: Doc = {
    _id: id,
    device,
    channel: `task_${taskId}`,
    timestamp,
    code: fault.code,
    message: fault.message,
    ...(fault.detail !== undefined && { detail: fault.detail }),
    retries: previous ? Number(previous.retries) + 1 : 0,
    ...(task.expiry instanceof Date && { expiry: task.expiry }),
    provisions: JSON.stringify(provisionsOf(task)),
  };
  if (previous) store.faults[store.faults.indexOf(previous)] = doc;
  else store.faults.push(doc);
  return doc;
}

/** The provisions a task runs as (what GenieACS records in the fault's `provisions`). */
function provisionsOf(task: Doc): unknown[] {
  switch (task.name) {
    case 'getParameterValues':
      return (task.parameterNames as string[]).map((p) => ['refresh', p]);
    case 'setParameterValues':
      return (task.parameterValues as unknown[][]).map((p) => ['value', ...p]);
    case 'refreshObject':
      return [['refresh', task.objectName]];
    case 'provisions':
      return task.provisions as unknown[];
    default:
      return [[task.name]];
  }
}
