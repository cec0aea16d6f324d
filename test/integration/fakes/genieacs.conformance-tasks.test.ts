// Conformance of the fake GenieACS NBI's task endpoint (integration-apis.md §2.5, lib/nbi.ts):
// the 200/202/400/404/504 matrix with its reason phrases, what an online session does to the
// device document, queued tasks, faults, dropped connections for invalid tasks, and task
// management (DELETE, retry). Over real HTTP; each test uses its own device.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceIdOf, seedDevices, startFakeGenieAcs } from '../../fakes/genieacs/index.ts';
import type { DeviceMode, DeviceModeOptions, FakeDevice, FakeGenieAcs } from '../../fakes/genieacs/index.ts';
import { expectDropped, getDevice, leaf, list, nbi, raw, seg, value } from './genieacs-client.ts';
import type { Json } from './genieacs-client.ts';

const [TPLINK, ZTE] = seedDevices();
const OBJECT_ID = /^[0-9a-f]{24}$/;
let fake: FakeGenieAcs;
let serial = 0;
beforeAll(async () => {
  fake = await startFakeGenieAcs({ deviceOnlineThresholdMs: 600, lockTimeoutMs: 300 });
});
afterAll(() => fake.close());

/** A fresh copy of a seeded device with its own serial number (and so its own id). */
function fresh(base: FakeDevice, mode: DeviceMode = 'online', modeOptions?: DeviceModeOptions): string {
  serial += 1;
  return fake.addDevice({ ...base, serialNumber: `${base.serialNumber.slice(0, -4)}${String(serial).padStart(4, '0')}`, mode, modeOptions });
}

const post = (id: string, task: unknown, query = '?connection_request') => nbi(fake, `/devices/${seg(id)}/tasks${query}`, { method: 'POST', body: task });
const tasksOf = (id: string): Promise<Json[]> => list(fake, 'tasks', { query: { device: id } });
const SSID1 = 'Device.WiFi.SSID.1.SSID';

describe('task with connection_request, device online', () => {
  it('answers 200 with the stored task once the session ran it; the task is gone from /tasks', async () => {
    const id = fresh(TPLINK);
    const task = { name: 'getParameterValues', parameterNames: [SSID1] };
    const r = await post(id, task);
    expect([r.status, r.reason, r.headers.get('content-type')]).toEqual([200, 'OK', 'application/json']);
    expect(r.json).toEqual({ ...task, device: id, timestamp: expect.any(String), _id: expect.stringMatching(OBJECT_ID) });
    expect(Object.keys(r.json as Json)).toEqual(['name', 'parameterNames', 'device', 'timestamp', '_id']);
    expect(await tasksOf(id)).toEqual([]);
  });

  it('getParameterValues/refreshObject copy the CPE values in and update _timestamp and _lastInform', async () => {
    const id = fresh(TPLINK);
    const before = await getDevice(fake, id);
    fake.setLiveValue(id, SSID1, 'Renamed_By_Customer');
    fake.setLiveValue(id, 'Device.Optical.Interface.1.X_TP_GPON_Config.RXPower', 12);
    expect(value(await getDevice(fake, id), SSID1)).toBe('GigaFibre_3C10');
    expect((await post(id, { name: 'getParameterValues', parameterNames: [SSID1] })).status).toBe(200);
    const after = await getDevice(fake, id);
    expect(value(after, SSID1)).toBe('Renamed_By_Customer');
    expect(Date.parse(leaf(after, SSID1)?._timestamp as string)).toBeGreaterThan(Date.parse(leaf(before, SSID1)?._timestamp as string));
    expect(Date.parse(after._lastInform as string)).toBeGreaterThan(Date.parse(before._lastInform as string));
    expect(value(after, 'Device.Optical.Interface.1.X_TP_GPON_Config.RXPower')).toBe(158); // not asked for
    expect((await post(id, { name: 'refreshObject', objectName: 'Device.Optical' })).status).toBe(200);
    expect(value(await getDevice(fake, id), 'Device.Optical.Interface.1.X_TP_GPON_Config.RXPower')).toBe(12);
  });

  it('refreshObject drops instances the CPE no longer has and keeps the table', async () => {
    const id = fresh(TPLINK);
    fake.removeLivePath(id, 'Device.Hosts.Host.7');
    fake.setLiveValue(id, 'Device.Hosts.HostNumberOfEntries', 6);
    expect((await post(id, { name: 'refreshObject', objectName: 'Device.Hosts.' })).status).toBe(200);
    const doc = await getDevice(fake, id);
    expect(Object.keys(leaf(doc, 'Device.Hosts.Host') as Json).filter((k) => !k.startsWith('_'))).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(value(doc, 'Device.Hosts.HostNumberOfEntries')).toBe(6);
    expect(leaf(doc, 'Device.Hosts.Host')).toMatchObject({ _object: true });
  });

  it('setParameterValues applies typed values to writable parameters only', async () => {
    const id = fresh(TPLINK);
    const r = await post(id, {
      name: 'setParameterValues',
      parameterValues: [
        [SSID1, 'Casa_Nova', 'xsd:string'],
        ['Device.WiFi.Radio.1.Channel', '11', 'xsd:unsignedInt'],
        ['Device.WiFi.SSID.2.Enable', 'true', 'xsd:boolean'],
        ['Device.WiFi.AccessPoint.1.Security.KeyPassphrase', 'nova-senha-123'],
        ['Device.WiFi.SSID.1.BSSID', '00:00:00:00:00:01'],
        ['Device.No.Such.Param', 'x'],
      ],
    });
    expect(r.status).toBe(200);
    const doc = await getDevice(fake, id);
    expect(leaf(doc, SSID1)).toMatchObject({ _value: 'Casa_Nova', _type: 'xsd:string' });
    expect(leaf(doc, 'Device.WiFi.Radio.1.Channel')).toMatchObject({ _value: 11, _type: 'xsd:unsignedInt' });
    expect(leaf(doc, 'Device.WiFi.SSID.2.Enable')).toMatchObject({ _value: true, _type: 'xsd:boolean' });
    expect(value(doc, 'Device.WiFi.AccessPoint.1.Security.KeyPassphrase')).toBe('nova-senha-123');
    expect(value(doc, 'Device.WiFi.SSID.1.BSSID')).toBe('E8:48:B8:5A:3C:11'); // not writable: GenieACS skips it
    expect(leaf(doc, 'Device.No')).toBeUndefined();
    expect(fake.liveValue(id, 'Device.WiFi.Radio.1.Channel')).toBe(11);
  });

  it('reboot moves _lastBoot; factoryReset restores the seeded values', async () => {
    const id = fresh(TPLINK);
    const before = await getDevice(fake, id);
    expect((await post(id, { name: 'reboot' })).status).toBe(200);
    const rebooted = await getDevice(fake, id);
    expect(Date.parse(rebooted._lastBoot as string)).toBeGreaterThan(Date.parse(before._lastBoot as string));
    await post(id, { name: 'setParameterValues', parameterValues: [[SSID1, 'Temporary']] });
    expect(value(await getDevice(fake, id), SSID1)).toBe('Temporary');
    expect((await post(id, { name: 'factoryReset' })).status).toBe(200);
    const reset = await getDevice(fake, id);
    expect(value(reset, SSID1)).toBe('GigaFibre_3C10');
    expect(fake.liveValue(id, SSID1)).toBe('GigaFibre_3C10');
    expect(Date.parse(reset._lastBootstrap as string)).toBeGreaterThan(Date.parse(before._lastBootstrap as string));
  });

  it('download is recorded on the device; addObject/deleteObject change the tree', async () => {
    const id = fresh(ZTE);
    expect((await post(id, { name: 'download', fileType: '1 Firmware Upgrade Image', fileName: 'F660_V6.0.10P3N15.bin' })).status).toBe(200);
    expect(fake.downloads(id)).toEqual([expect.objectContaining({ fileType: '1 Firmware Upgrade Image', fileName: 'F660_V6.0.10P3N15.bin' })]);
    const ppp = 'InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection';
    expect((await post(id, { name: 'addObject', objectName: ppp, parameterValues: [['Username', 'segundo@gigafibre', 'xsd:string']] })).status).toBe(200);
    expect(value(await getDevice(fake, id), `${ppp}.2.Username`)).toBe('segundo@gigafibre');
    expect((await post(id, { name: 'deleteObject', objectName: `${ppp}.2.` })).status).toBe(200);
    expect(leaf(await getDevice(fake, id), `${ppp}.2`)).toBeUndefined();
  });

  it('answers the connection request alone with 200 and an empty body', async () => {
    const id = fresh(ZTE);
    const r = await post(id, undefined);
    expect([r.status, r.text]).toEqual([200, '']);
  });
});

describe('task not processed', () => {
  it('without connection_request: 202, queued until the next Inform runs it', async () => {
    const id = fresh(ZTE);
    const r = await post(id, { name: 'refreshObject', objectName: '' }, '');
    expect([r.status, r.reason]).toEqual([202, 'Accepted']);
    expect(r.json).toMatchObject({ name: 'refreshObject', objectName: '', device: id, _id: expect.stringMatching(OBJECT_ID) });
    expect((await tasksOf(id)).map((t) => t._id)).toEqual([(r.json as Json)._id]);
    await fake.inform(id);
    expect(await tasksOf(id)).toEqual([]);
  });

  it('offline device: 202 "Device is offline", the task stays queued; the request alone is 504', async () => {
    const id = fresh(ZTE, 'offline');
    const r = await post(id, { name: 'reboot' });
    expect([r.status, r.reason]).toEqual([202, 'Device is offline']);
    expect(r.json).toMatchObject({ name: 'reboot', device: id });
    expect(await tasksOf(id)).toHaveLength(1);
    const cr = await raw(fake, 'POST', `/devices/${seg(id)}/tasks?connection_request`);
    expect([cr.status, cr.reason, cr.text]).toEqual([504, 'Device is offline', 'Device is offline']);
  });

  it('connection request refused by the CPE: 202 with GenieACS\'s failure text as reason', async () => {
    const id = fresh(ZTE, 'connection-request-fails');
    const r = await raw(fake, 'POST', `/devices/${seg(id)}/tasks?connection_request`, JSON.stringify({ name: 'reboot' }));
    expect([r.status, r.reason]).toEqual([202, 'Connection request error: Incorrect connection request credentials']);
    fake.setDeviceMode(id, 'connection-request-fails', { connectionRequestError: 'Connection request error: Unexpected status code 500' });
    const cr = await post(id, undefined);
    expect([cr.status, cr.reason, cr.text]).toEqual([504, 'Connection request error: Unexpected status code 500', 'Connection request error: Unexpected status code 500']);
  });

  it('no session within the timeout: 202 "Task queued but not processed" (?timeout= or the online threshold)', async () => {
    const id = fresh(ZTE, 'unresponsive');
    const quick = await post(id, { name: 'reboot' }, '?connection_request&timeout=0');
    expect([quick.status, quick.reason]).toEqual([202, 'Task queued but not processed']);
    const started = Date.now();
    const waited = await post(id, { name: 'reboot' });
    expect([waited.status, waited.reason]).toEqual([202, 'Task queued but not processed']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(await tasksOf(id)).toHaveLength(2);
    expect((await post(id, undefined)).status).toBe(200); // the CPE accepted the request itself
  });

  it('slow device: 200 when the session starts within the timeout, else 202 and the task runs later', async () => {
    const id = fresh(ZTE, 'slow', { informDelayMs: 150 });
    const ok = await post(id, { name: 'getParameterValues', parameterNames: ['InternetGatewayDevice.DeviceInfo.UpTime'] }, '?connection_request&timeout=2000');
    expect(ok.status).toBe(200);
    fake.setDeviceMode(id, 'slow', { informDelayMs: 700 });
    const late = await post(id, { name: 'reboot' }, '?connection_request&timeout=0');
    expect([late.status, late.reason]).toEqual([202, 'Task queued but not processed']);
    expect(await tasksOf(id)).toHaveLength(1);
    await expect.poll(() => tasksOf(id), { timeout: 3000, interval: 100 }).toEqual([]);
  });

  it('device in session: DELETE /tasks is 503 and a new connection_request task is queued', async () => {
    const id = fresh(ZTE, 'slow', { informDelayMs: 0, sessionMs: 1500 });
    const first = post(id, { name: 'reboot' }, '?connection_request&timeout=2000');
    // The session starts on a 0 ms timer and then lasts 1.5 s.
    await new Promise((r) => setTimeout(r, 200));
    const queued = await post(id, { name: 'reboot' });
    expect([queued.status, queued.reason]).toEqual([202, 'Task queued but not processed']);
    const busy = await nbi(fake, `/tasks/${String((queued.json as Json)._id)}`, { method: 'DELETE' });
    expect([busy.status, busy.text]).toEqual([503, 'Device is in session']);
    expect((await nbi(fake, `/devices/${seg(id)}`, { method: 'DELETE' })).status).toBe(503);
    expect((await first).status).toBe(200);
  });
});

describe('faults', () => {
  it('a faulting device: 202 "Task faulted", fault <deviceId>:task_<taskId>, the task stays listed', async () => {
    const id = fresh(ZTE, 'faulting', { fault: { code: 'cwmp.9005', message: 'Invalid parameter name', detail: { faultCode: '9005', faultString: 'Invalid parameter name' } } });
    const r = await post(id, { name: 'getParameterValues', parameterNames: ['InternetGatewayDevice.X'] });
    expect([r.status, r.reason]).toEqual([202, 'Task faulted']);
    const taskId = String((r.json as Json)._id);
    expect(await list(fake, 'faults', { query: { device: id } })).toEqual([
      {
        _id: `${id}:task_${taskId}`,
        device: id,
        channel: `task_${taskId}`,
        timestamp: expect.any(String),
        code: 'cwmp.9005',
        message: 'Invalid parameter name',
        detail: { faultCode: '9005', faultString: 'Invalid parameter name' },
        retries: 0,
        provisions: '[["refresh","InternetGatewayDevice.X"]]',
      },
    ]);
    expect((await tasksOf(id)).map((t) => t._id)).toEqual([taskId]);
  });

  it('retry clears the fault so the next session runs the task; DELETE of the fault deletes the task', async () => {
    const id = fresh(ZTE, 'faulting');
    const faulted = await post(id, { name: 'reboot' });
    expect(faulted.reason).toBe('Task faulted');
    const taskId = String((faulted.json as Json)._id);
    expect((await list(fake, 'faults', { query: { device: id } }))[0]).toMatchObject({ code: 'cwmp.9002', message: 'Internal error' });
    expect((await nbi(fake, `/tasks/${taskId}/retry`, { method: 'POST' })).status).toBe(200);
    expect(await list(fake, 'faults', { query: { device: id } })).toEqual([]);
    expect(await tasksOf(id)).toHaveLength(1);
    fake.setDeviceMode(id, 'online');
    await fake.inform(id);
    expect(await tasksOf(id)).toEqual([]);

    fake.setDeviceMode(id, 'faulting');
    const again = String(((await post(id, { name: 'reboot' })).json as Json)._id);
    const del = await nbi(fake, `/faults/${seg(id)}:task_${again}`, { method: 'DELETE' });
    expect([del.status, del.text]).toEqual([200, '']);
    expect(await tasksOf(id)).toEqual([]);
  });
});

describe('rejected requests', () => {
  it('404 "No such device" for unknown devices, with or without a task or connection_request', async () => {
    for (const [body, query] of [[{ name: 'reboot' }, ''], [{ name: 'reboot' }, '?connection_request'], [undefined, '?connection_request'], [{ name: 'bogus' }, '']] as const) {
      const r = await nbi(fake, `/devices/${seg(deviceIdOf({ oui: '000000', serialNumber: 'NOPE-1' }))}/tasks${query}`, { method: 'POST', body });
      expect([r.status, r.text]).toEqual([404, 'No such device']);
    }
  });

  it('400 for an empty body without connection_request, and for bodies that are not JSON objects', async () => {
    const id = fresh(ZTE);
    const empty = await post(id, undefined, '');
    expect([empty.status, empty.text]).toEqual([400, '']);
    const bad = await post(id, '{"name":', '');
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/^SyntaxError: /);
    expect((await post(id, 'null', '')).text).toBe("TypeError: Cannot set properties of null (setting 'device')");
    expect((await post(id, '"reboot"', '')).text).toBe("TypeError: Cannot create property 'device' on string 'reboot'");
    expect(await tasksOf(id)).toEqual([]);
  });

  it('drops the connection for invalid tasks (GenieACS throws in the handler) and stores nothing', async () => {
    const id = fresh(ZTE);
    const cases: Array<[unknown, string]> = [
      [{ name: 'rebootNow' }, 'Error: Invalid task name'],
      [{ name: 'getParameterValues' }, "Error: Missing 'parameterNames' property"],
      [{ name: 'getParameterValues', parameterNames: [] }, "Error: Missing 'parameterNames' property"],
      [{ name: 'getParameterValues', parameterNames: [''] }, "Error: Invalid parameter name ''"],
      [{ name: 'setParameterValues', parameterValues: [['InternetGatewayDevice.X', { a: 1 }]] }, "Error: Invalid parameter value 'InternetGatewayDevice.X,[object Object]'"],
      [{ name: 'refreshObject' }, "Error: Missing 'objectName' property"],
      [{ name: 'deleteObject', objectName: '' }, "Error: Missing 'objectName' property"],
      [{ name: 'download', fileName: 'fw.bin' }, "Error: Missing 'fileType' property"],
    ];
    for (const [task, error] of cases) {
      expect(await expectDropped(fake, `/devices/${seg(id)}/tasks`, { method: 'POST', body: task })).toBe(error);
      expect(await expectDropped(fake, `/devices/${seg(id)}/tasks?connection_request`, { method: 'POST', body: task })).toBe(error);
    }
    expect(await tasksOf(id)).toEqual([]);
  });
});

describe('task management', () => {
  it('DELETE /tasks/<id>: 200, then 404 "Task not found"; a malformed id drops the connection', async () => {
    const id = fresh(ZTE);
    const taskId = String(((await post(id, { name: 'reboot' }, '')).json as Json)._id);
    const del = await nbi(fake, `/tasks/${taskId}`, { method: 'DELETE' });
    expect([del.status, del.text]).toEqual([200, '']);
    const again = await nbi(fake, `/tasks/${taskId}`, { method: 'DELETE' });
    expect([again.status, again.text]).toEqual([404, 'Task not found']);
    expect((await nbi(fake, `/tasks/${taskId}/retry`, { method: 'POST' })).text).toBe('Task not found');
    expect(await expectDropped(fake, '/tasks/not-an-id', { method: 'DELETE' })).toMatch(/24 character hex string/);
    const other = await nbi(fake, `/tasks/${taskId}/cancel`, { method: 'POST' });
    expect([other.status, other.text]).toEqual([404, '']);
  });

  it('uniqueKey replaces a pending task; expiry in seconds counts from timestamp', async () => {
    const id = fresh(ZTE);
    await post(id, { name: 'reboot', uniqueKey: 'nightly' }, '');
    const second = (await post(id, { name: 'factoryReset', uniqueKey: 'nightly', expiry: 60 }, '')).json as Json;
    expect(Date.parse(second.expiry as string) - Date.parse(second.timestamp as string)).toBe(60_000);
    expect((await tasksOf(id)).map((t) => t.name)).toEqual(['factoryReset']);
    expect(Object.keys((await tasksOf(id))[0])[0]).toBe('_id');
  });
});
