// POST /devices/<id>/tasks[?connection_request][&timeout=<ms>] (integration-apis.md §2.5), with
// lib/nbi.ts's status matrix:
// - a body that is not JSON (or not an object) → 400 "<ErrorName>: <message>";
// - no body and no connection_request → 400, empty;
// - unknown device → 404 "No such device" (checked before the task is validated);
// - task without connection_request → 202 (queued for the next Inform), the task as JSON;
// - connection_request alone → 200, or 504 with the failure text as reason phrase and body;
// - task with connection_request → 200 when the session ran it without fault; otherwise 202 with
//   the reason "Task queued but not processed" (no session within `timeout`, default
//   cwmp.deviceOnlineThreshold; a session that does not end in time; the session lock held
//   past the lock timeout), "Task faulted" (fault <deviceId>:task_<taskId> exists), or the
//   connection request's failure text.
// An invalid task throws from insertTasks: the connection is dropped (server.ts).
import type { Doc } from './devices.ts';
import { send } from './server.ts';
import type { Reply } from './server.ts';
import { connectionRequest } from './session.ts';
import { findDevice, sleep } from './store.ts';
import type { Store } from './store.ts';
import { faultIdOf, insertTask } from './tasks.ts';

const QUEUED = 'Task queued but not processed';
const POLL_MS = 500;

const json = { 'Content-Type': 'application/json' };

/** apiFunctions.awaitSessionStart: polls every 500 ms while at least 500 ms of `timeout` are left. */
async function awaitSessionStart(store: Store, id: string, lastInform: number, timeout: number): Promise<boolean> {
  for (;;) {
    const started = Date.now();
    const doc = findDevice(store, id);
    if (!doc) throw new Error('No such device');
    if ((doc._lastInform as Date).getTime() > lastInform || store.sim.get(id)?.inSession) return true;
    // NaN (?timeout=abc) never drops below 500: the NBI then waits for as long as it takes.
    if (timeout < POLL_MS || store.closed) return false;
    await sleep(POLL_MS);
    timeout -= Date.now() - started;
  }
}

async function awaitSessionEnd(store: Store, id: string, timeout: number): Promise<boolean> {
  for (;;) {
    const started = Date.now();
    if (!store.sim.get(id)?.inSession) return true;
    if (timeout < POLL_MS || store.closed) return false;
    await sleep(POLL_MS);
    timeout -= Date.now() - started;
  }
}

/** acquireLock(`cwmp_session_<id>`, ttl, timeout): retries every 50-100 ms until the session ends. */
async function acquireLock(store: Store, id: string, timeout: number): Promise<boolean> {
  while (store.sim.get(id)?.inSession) {
    if (!(timeout > 0) || store.closed) return false;
    const wait = 50 + Math.random() * 50;
    await sleep(wait);
    timeout -= wait;
  }
  return true;
}

export async function postDeviceTasks(r: Reply, deviceId: string): Promise<void> {
  const { res, url, store } = r;
  const conReq = url.searchParams.has('connection_request');
  let task: Doc | undefined;
  if (r.body.length) {
    try {
      task = JSON.parse(r.body.toString()) as Doc;
      // As upstream: on null or a primitive this assignment throws a TypeError, answered as 400.
      task.device = deviceId;
    } catch (err) {
      return send(res, 400, `${(err as Error).name}: ${(err as Error).message}`);
    }
    if (Array.isArray(task)) throw new Error('fake GenieACS: a JSON array of tasks is not modelled');
  }

  if (!task && !conReq) return send(res, 400);

  if (!task || !conReq) {
    const doc = findDevice(store, deviceId);
    if (!doc) return send(res, 404, 'No such device');
    if (task) {
      insertTask(store, task);
      return send(res, 202, JSON.stringify(task), { headers: json });
    }
    const status = connectionRequest(store, doc);
    if (status) return send(res, 504, status, { reason: status });
    return send(res, 200);
  }

  if (!(await acquireLock(store, deviceId, store.lockTimeoutMs))) {
    if (!findDevice(store, deviceId)) return send(res, 404, 'No such device');
    insertTask(store, task);
    return send(res, 202, JSON.stringify(task), { reason: QUEUED, headers: json });
  }

  const doc = findDevice(store, deviceId);
  if (!doc) return send(res, 404, 'No such device');
  insertTask(store, task);

  const lastInform = (doc._lastInform as Date).getTime();
  const onlineThreshold = url.searchParams.has('timeout') ? parseInt(url.searchParams.get('timeout') as string, 10) : store.onlineThresholdMs;
  let status = connectionRequest(store, doc);
  if (!status) {
    if (!(await awaitSessionStart(store, deviceId, lastInform, onlineThreshold))) status = QUEUED;
    else if (!(await awaitSessionEnd(store, deviceId, store.sessionTimeoutMs))) status = QUEUED;
    else if (store.faults.some((f) => f._id === faultIdOf(deviceId, String(task._id)))) status = 'Task faulted';
  }
  if (store.closed) return;
  if (status) return send(res, 202, JSON.stringify(task), { reason: status, headers: json });
  send(res, 200, JSON.stringify(task), { headers: json });
}
