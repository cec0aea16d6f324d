// The NBI route table, tried in lib/nbi.ts's order against the raw (still %-encoded) path; each
// id segment is then decodeURIComponent-ed once (a malformed escape throws: dropped connection).
// Everything but the task POST (task-route.ts) and the collection listing (list.ts) is here.
import { Script } from 'node:vm';
import { listCollection } from './list.ts';
import { ObjectId } from './mongo.ts';
import { send } from './server.ts';
import type { Reply } from './server.ts';
import { findDevice, removeDevice } from './store.ts';
import type { Store } from './store.ts';
import { deleteFault, deleteTask, faultIdOf, findTask } from './tasks.ts';
import { postDeviceTasks } from './task-route.ts';

const ID = '([a-zA-Z0-9\\-_%]+)';
const PRESETS = new RegExp(`^/presets/${ID}/?$`);
const OBJECTS = new RegExp(`^/objects/${ID}/?$`);
const PROVISIONS = new RegExp(`^/provisions/${ID}/?$`);
const VIRTUAL_PARAMETERS = new RegExp(`^/virtual_parameters/${ID}/?$`);
const TAGS = new RegExp(`^/devices/${ID}/tags/${ID}/?$`);
const FAULTS = /^\/faults\/([a-zA-Z0-9\-_%:]+)\/?$/;
const DEVICE_TASKS = new RegExp(`^/devices/${ID}/tasks/?$`);
const TASKS = new RegExp(`^/tasks/${ID}(/[a-zA-Z_]*)?$`);
const FILES = /^\/files\/([a-zA-Z0-9%!*'();:@&=+$,?#[\]\-_.~]+)\/?$/;
const PING = /^\/ping\/([a-zA-Z0-9\-_.:]+)\/?$/;
const DEVICE = new RegExp(`^/devices/${ID}/?$`);
const COLLECTION = /^\/([a-zA-Z0-9_]+)\/?$/;

const notAllowed = (r: Reply, allow: string): void => send(r.res, 405, '405 Method Not Allowed', { headers: { Allow: allow } });
const ok = (r: Reply): void => send(r.res, 200);
const inSession = (store: Store, deviceId: string): boolean => store.sim.get(deviceId)?.inSession === true;

function parseJsonBody(r: Reply): { value?: Record<string, unknown> } {
  try {
    return { value: JSON.parse(r.body.toString()) as Record<string, unknown> };
  } catch (err) {
    send(r.res, 400, `${(err as Error).name}: ${(err as Error).message}`);
    return {};
  }
}

/** presets and objects: a JSON document stored under its name. */
function jsonResource(r: Reply, collection: string, name: string): void {
  const docs = r.store.other[collection];
  if (r.req.method === 'PUT') {
    const { value } = parseJsonBody(r);
    if (!value) return;
    value._id = name;
    const at = docs.findIndex((d) => d._id === name);
    if (at >= 0) docs[at] = value;
    else docs.push(value);
    return ok(r);
  }
  if (r.req.method === 'DELETE') {
    r.store.other[collection] = docs.filter((d) => d._id !== name);
    return ok(r);
  }
  notAllowed(r, 'PUT, DELETE');
}

/** provisions and virtual parameters: a script, compiled (never run) to reject syntax errors. */
function scriptResource(r: Reply, collection: string, name: string): void {
  const docs = r.store.other[collection];
  if (r.req.method === 'PUT') {
    const doc = { _id: name, script: r.body.toString() };
    try {
      new Script(`"use strict";(function(){\n${doc.script}\n})();`);
    } catch (err) {
      return send(r.res, 400, `${(err as Error).name}: ${(err as Error).message}`);
    }
    const at = docs.findIndex((d) => d._id === name);
    if (at >= 0) docs[at] = doc;
    else docs.push(doc);
    return ok(r);
  }
  if (r.req.method === 'DELETE') {
    r.store.other[collection] = docs.filter((d) => d._id !== name);
    return ok(r);
  }
  notAllowed(r, 'PUT, DELETE');
}

function tags(r: Reply, deviceId: string, tag: string): void {
  if (r.req.method !== 'POST' && r.req.method !== 'DELETE') return notAllowed(r, 'POST, DELETE');
  const doc = findDevice(r.store, deviceId);
  if (!doc) return send(r.res, 404, 'No such device');
  const current = (doc._tags as string[] | undefined) ?? [];
  if (r.req.method === 'POST' && !current.includes(tag)) doc._tags = [...current, tag];
  // $pull on a device without _tags leaves it without the field.
  if (r.req.method === 'DELETE' && doc._tags) doc._tags = current.filter((t) => t !== tag);
  ok(r);
}

function faults(r: Reply, faultId: string): void {
  if (r.req.method !== 'DELETE') return notAllowed(r, 'DELETE');
  const deviceId = faultId.split(':', 1)[0];
  const channel = faultId.slice(deviceId.length + 1);
  if (inSession(r.store, deviceId)) return send(r.res, 503, 'Device is in session');
  deleteFault(r.store, faultId);
  // Deleting a task's fault deletes the task too (api-functions.ts deleteFault).
  if (channel.startsWith('task_')) deleteTask(r.store, new ObjectId(channel.slice(5)).hex);
  ok(r);
}

function tasks(r: Reply, taskId: string, action: string | undefined): void {
  const isRetry = action === '/retry';
  if (action && action !== '/' && !isRetry) return send(r.res, 404);
  if (!isRetry && r.req.method !== 'DELETE') return notAllowed(r, 'PUT DELETE');
  if (isRetry && r.req.method !== 'POST') return notAllowed(r, 'POST');
  const task = findTask(r.store, new ObjectId(taskId).hex);
  if (!task) return send(r.res, 404, 'Task not found');
  const deviceId = String(task.device);
  if (inSession(r.store, deviceId)) return send(r.res, 503, 'Device is in session');
  // retry only clears the fault, so the task runs again at the next session. The fault id is
  // built from the id as given in the URL.
  if (!isRetry) deleteTask(r.store, (task._id as ObjectId).hex);
  deleteFault(r.store, faultIdOf(deviceId, taskId));
  ok(r);
}

function files(r: Reply, filename: string): void {
  const store = r.store;
  if (r.req.method === 'PUT') {
    const h = r.req.headers;
    // Missing headers are stored as null (the driver serializes undefined as BSON null).
    const metadata = { fileType: h.filetype ?? null, oui: h.oui ?? null, productClass: h.productclass ?? null, version: h.version ?? null };
    store.files = store.files.filter((f) => f._id !== filename);
    store.files.push({ _id: filename, length: r.body.length, chunkSize: 261120, uploadDate: new Date(), filename, metadata });
    store.fileContents.set(filename, Buffer.from(r.body));
    return send(r.res, 201);
  }
  if (r.req.method === 'DELETE') {
    if (!store.files.some((f) => f._id === filename)) return send(r.res, 404, '404 Not Found');
    store.files = store.files.filter((f) => f._id !== filename);
    store.fileContents.delete(filename);
    return ok(r);
  }
  notAllowed(r, 'PUT, DELETE');
}

function ping(r: Reply, host: string): void {
  // A canned answer: the fake does not run ping(8).
  const out = `PING ${host} (${host}) 56(84) bytes of data.\n64 bytes from ${host}: icmp_seq=1 ttl=64 time=0.045 ms\n\n--- ${host} ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 0ms\nrtt min/avg/max/mdev = 0.045/0.045/0.045/0.000 ms\n`;
  send(r.res, 200, out, { headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache' } });
}

function deleteDevice(r: Reply, deviceId: string): void {
  if (r.req.method !== 'DELETE') return notAllowed(r, 'DELETE');
  if (inSession(r.store, deviceId)) return send(r.res, 503, 'Device is in session');
  removeDevice(r.store, deviceId);
  ok(r);
}

export async function route(r: Reply): Promise<void> {
  const path = r.url.pathname;
  const d = decodeURIComponent;
  let m: RegExpExecArray | null;
  if ((m = PRESETS.exec(path))) return jsonResource(r, 'presets', d(m[1]));
  if ((m = OBJECTS.exec(path))) return jsonResource(r, 'objects', d(m[1]));
  if ((m = PROVISIONS.exec(path))) return scriptResource(r, 'provisions', d(m[1]));
  if ((m = VIRTUAL_PARAMETERS.exec(path))) return scriptResource(r, 'virtualParameters', d(m[1]));
  if ((m = TAGS.exec(path))) return tags(r, d(m[1]), d(m[2]));
  if ((m = FAULTS.exec(path))) return r.req.method === 'DELETE' ? faults(r, d(m[1])) : notAllowed(r, 'DELETE');
  if ((m = DEVICE_TASKS.exec(path))) return r.req.method === 'POST' ? postDeviceTasks(r, d(m[1])) : notAllowed(r, 'POST');
  if ((m = TASKS.exec(path))) return tasks(r, d(m[1]), m[2]);
  if ((m = FILES.exec(path))) return files(r, d(m[1]));
  if ((m = PING.exec(path))) return ping(r, d(m[1]));
  if ((m = DEVICE.exec(path))) return r.req.method === 'DELETE' ? deleteDevice(r, d(m[1])) : notAllowed(r, 'DELETE');
  if ((m = COLLECTION.exec(path))) return listCollection(r, m[1]);
  send(r.res, 404, '404 Not Found');
}
