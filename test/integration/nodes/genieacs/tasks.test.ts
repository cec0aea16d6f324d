// GenieACS tasks through real workflow runs against the fake NBI: every task operation, the
// status matrix (done / queued / faulted / connection_request_failed) as output rather than
// errors, double-encoded ids in task URLs, value typing, and the factory-reset confirmation.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { G240WC, SEED_IDS, seedDevices } from '../../../fakes/genieacs/index.ts';
import { startAcsEnv } from './setup.ts';
import type { AcsEnv } from './setup.ts';

const HUAWEI_PATH = '/devices/00259E-HG8245H-48575443%252D9A4B7C2E/tasks';
const SW = 'InternetGatewayDevice.DeviceInfo.SoftwareVersion';
const WLAN = 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1';

let env: AcsEnv;
beforeAll(async () => {
  env = await startAcsEnv({ devices: seedDevices() });
});
afterAll(() => env?.close());

const taskPosts = () => env.acs.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/tasks'));
const lastPost = () => taskPosts().at(-1)!;
const ok = async (params: INodeParameters) => {
  const r = await env.run(params);
  if (r.record.status !== 'success') throw new Error(`run failed: ${JSON.stringify(r.error)}`);
  expect(r.json).toHaveLength(1);
  return r.json[0];
};

describe('GenieACS Get Parameter Values', () => {
  it('done: fresh values flat and the re-read device; the id with %2D travels as %252D', async () => {
    env.acs.setLiveValue(SEED_IDS.huawei, SW, 'V3R017C10S130');
    const out = await ok({ operation: 'getParameterValues', deviceId: SEED_IDS.huawei, parameterNames: `${SW}, ${WLAN}.SSID\n${WLAN}.Channel` });
    expect(lastPost()).toMatchObject({ path: HUAWEI_PATH, query: { connection_request: '' } });
    expect(JSON.parse(lastPost().body)).toEqual({ name: 'getParameterValues', parameterNames: [SW, `${WLAN}.SSID`, `${WLAN}.Channel`] });
    expect(out).toMatchObject({ deviceId: SEED_IDS.huawei, status: 'done', statusCode: 200, task: { name: 'getParameterValues', device: SEED_IDS.huawei } });
    expect(typeof (out.task as IDataObject)._id).toBe('string');
    expect(out.values).toEqual({ [SW]: 'V3R017C10S130', [`${WLAN}.SSID`]: 'Clinica_Vet_WiFi', [`${WLAN}.Channel`]: 1 });
    const device = out.device as IDataObject;
    expect(device._id).toBe(SEED_IDS.huawei);
    expect(device).toMatchObject({ InternetGatewayDevice: { DeviceInfo: { SoftwareVersion: { _value: 'V3R017C10S130', _type: 'xsd:string' } } } });
    expect(Object.keys(device).sort()).toEqual(['InternetGatewayDevice', '_deviceId', '_id', '_lastInform']);
    // The task ran, so GenieACS deleted it.
    expect(env.acs.tasks().filter((t) => t.device === SEED_IDS.huawei)).toEqual([]);
  });

  it('an id built from parts with "-" in the product class is escaped, then encoded again in the URL', async () => {
    const out = await ok({ operation: 'getParameterValues', deviceIdMode: 'parts', idOui: G240WC.oui, idProductClass: G240WC.productClass, idSerialNumber: G240WC.serialNumber, parameterNames: SW });
    expect(out.deviceId).toBe('00D0F6-G%2D240W%2DC-ALCLB3C4D5E6');
    expect(lastPost().path).toBe('/devices/00D0F6-G%252D240W%252DC-ALCLB3C4D5E6/tasks');
  });

  it('offline device: the connection request fails ("Device is offline"); the task stays queued', async () => {
    const out = await ok({ operation: 'getParameterValues', deviceId: SEED_IDS.offline, parameterNames: SW });
    expect(out).toMatchObject({ status: 'connection_request_failed', statusCode: 202, reason: 'Device is offline' });
    expect(out.message).toContain('stays queued');
    expect(out).not.toHaveProperty('device');
    expect(env.acs.tasks().filter((t) => t.device === SEED_IDS.offline).map((t) => t.name)).toContain('getParameterValues');
  });

  it('a device that does not start its session within the task timeout: status queued', async () => {
    env.acs.setDeviceMode(SEED_IDS.zte, 'unresponsive');
    try {
      const started = Date.now();
      const out = await ok({ operation: 'getParameterValues', deviceId: SEED_IDS.zte, parameterNames: SW, taskOptions: { timeout: 600 } });
      expect(Date.now() - started).toBeLessThan(4000);
      expect(lastPost().query).toEqual({ connection_request: '', timeout: '600' });
      expect(out).toMatchObject({ status: 'queued', statusCode: 202, reason: 'Task queued but not processed', message: expect.stringContaining('600 ms') });
      expect(out).not.toHaveProperty('values');
    } finally {
      env.acs.setDeviceMode(SEED_IDS.zte, 'online');
    }
  });

  it('without a connection request the task is only stored: status queued', async () => {
    const out = await ok({ operation: 'getParameterValues', deviceId: SEED_IDS.tplink, parameterNames: 'Device.DeviceInfo.UpTime', connectionRequest: false, taskOptions: { expiry: 3600 } });
    expect(lastPost().query).toEqual({});
    expect(JSON.parse(lastPost().body)).toMatchObject({ expiry: 3600 });
    expect(out).toMatchObject({ status: 'queued', statusCode: 202 });
    const queued = env.acs.tasks().find((t) => t._id === (out.task as IDataObject)._id);
    expect(queued).toMatchObject({ name: 'getParameterValues', device: SEED_IDS.tplink });
  });

  it('faulting device: status faulted with the fault looked up from /faults', async () => {
    env.acs.setDeviceMode(SEED_IDS.tplink, 'faulting', { fault: { code: 'cwmp.9005', message: 'Invalid parameter name' } });
    try {
      const out = await ok({ operation: 'getParameterValues', deviceId: SEED_IDS.tplink, parameterNames: 'Device.Nope.1' });
      const taskId = (out.task as IDataObject)._id;
      expect(out).toMatchObject({ status: 'faulted', statusCode: 202, reason: 'Task faulted' });
      expect(out.fault).toMatchObject({ _id: `${SEED_IDS.tplink}:task_${taskId}`, device: SEED_IDS.tplink, channel: `task_${taskId}`, code: 'cwmp.9005', message: 'Invalid parameter name' });
    } finally {
      env.acs.setDeviceMode(SEED_IDS.tplink, 'online');
    }
  });

  it('a connection request the CPE refuses: connection_request_failed with GenieACS\'s text', async () => {
    env.acs.setDeviceMode(SEED_IDS.zte, 'connection-request-fails');
    try {
      const out = await ok({ operation: 'reboot', deviceId: SEED_IDS.zte });
      expect(out).toMatchObject({ status: 'connection_request_failed', statusCode: 202, reason: 'Connection request error: Incorrect connection request credentials' });
    } finally {
      env.acs.setDeviceMode(SEED_IDS.zte, 'online');
    }
  });

  it('an empty parameter list is refused before anything is sent', async () => {
    const before = taskPosts().length;
    const r = await env.run({ operation: 'getParameterValues', deviceId: SEED_IDS.zte, parameterNames: ' , ' });
    expect(r.error).toMatchObject({ parameter: 'parameterNames', message: '"Parameter Names" is empty' });
    expect(taskPosts()).toHaveLength(before);
  });
});

describe('GenieACS Refresh Object', () => {
  it('re-reads a subtree; the device comes back with what the CPE reports now', async () => {
    env.acs.setLiveValue(SEED_IDS.zte, 'InternetGatewayDevice.LANDevice.1.Hosts.Host.2.HostName', 'Notebook-Novo');
    const out = await ok({ operation: 'refreshObject', deviceId: SEED_IDS.zte, objectName: 'InternetGatewayDevice.LANDevice.1.Hosts' });
    expect(JSON.parse(lastPost().body)).toEqual({ name: 'refreshObject', objectName: 'InternetGatewayDevice.LANDevice.1.Hosts' });
    expect(out.status).toBe('done');
    expect(out.device).toMatchObject({ InternetGatewayDevice: { LANDevice: { '1': { Hosts: { Host: { '2': { HostName: { _value: 'Notebook-Novo' } } } } } } } });
    expect((out.device as IDataObject).InternetGatewayDevice).not.toHaveProperty('DeviceInfo.UpTime');
  });
});

describe('GenieACS Set Parameter Values', () => {
  it('types each value: GenieACS\'s recorded type first, then the chosen type, then a guess', async () => {
    const out = await ok({
      operation: 'setParameterValues',
      deviceId: SEED_IDS.zte,
      parameterValues: {
        value: [
          { path: `${WLAN}.SSID`, value: '12345678', type: '' }, // recorded xsd:string: not a number
          { path: `${WLAN}.Channel`, value: '6', type: '' }, // recorded xsd:unsignedInt
          { path: `${WLAN}.Enable`, value: 'false', type: 'xsd:boolean' },
          { path: 'InternetGatewayDevice.X_GIGA.Flag', value: 'TRUE', type: '' }, // unknown: guessed
          { path: 'InternetGatewayDevice.X_GIGA.Offset', value: '-3', type: '' },
          { path: 'InternetGatewayDevice.X_GIGA.When', value: '2026-03-01T08:00:00Z', type: '' },
        ],
      },
    });
    expect(JSON.parse(lastPost().body)).toEqual({
      name: 'setParameterValues',
      parameterValues: [
        [`${WLAN}.SSID`, '12345678', 'xsd:string'],
        [`${WLAN}.Channel`, 6, 'xsd:unsignedInt'],
        [`${WLAN}.Enable`, false, 'xsd:boolean'],
        ['InternetGatewayDevice.X_GIGA.Flag', true, 'xsd:boolean'],
        ['InternetGatewayDevice.X_GIGA.Offset', -3, 'xsd:int'],
        ['InternetGatewayDevice.X_GIGA.When', '2026-03-01T08:00:00Z', 'xsd:dateTime'],
      ],
    });
    expect(out.status).toBe('done');
    expect(env.acs.liveValue(SEED_IDS.zte, `${WLAN}.SSID`)).toBe('12345678');
    expect(env.acs.liveValue(SEED_IDS.zte, `${WLAN}.Channel`)).toBe(6);
    expect(out.values).toMatchObject({ [`${WLAN}.SSID`]: '12345678', [`${WLAN}.Channel`]: 6, [`${WLAN}.Enable`]: false, 'InternetGatewayDevice.X_GIGA.Flag': null });
  });

  it('refuses a value that does not fit its type, naming the row, before sending', async () => {
    const before = taskPosts().length;
    const r = await env.run({ operation: 'setParameterValues', deviceId: SEED_IDS.zte, parameterValues: { value: [{ path: `${WLAN}.Channel`, value: 'auto', type: '' }] } });
    expect(r.error).toMatchObject({ parameter: 'parameterValues', message: `Value 1 (${WLAN}.Channel): "auto" is not a valid xsd:unsignedInt` });
    expect(taskPosts()).toHaveLength(before);
  });
});

describe('GenieACS Reboot, Factory Reset, Download', () => {
  it('reboot', async () => {
    const before = env.acs.device(SEED_IDS.huawei)!._lastBoot as string;
    const out = await ok({ operation: 'reboot', deviceId: SEED_IDS.huawei });
    expect(JSON.parse(lastPost().body)).toEqual({ name: 'reboot' });
    expect(out).toMatchObject({ status: 'done', deviceId: SEED_IDS.huawei });
    expect(Date.parse(env.acs.device(SEED_IDS.huawei)!._lastBoot as string)).toBeGreaterThan(Date.parse(before));
  });

  it('factory reset is refused unless "I understand this erases the device\'s configuration" is ticked', async () => {
    const before = taskPosts().length;
    const r = await env.run({ operation: 'factoryReset', deviceId: SEED_IDS.huawei });
    expect(r.error).toMatchObject({
      parameter: 'confirmFactoryReset',
      message: `Factory reset of "${SEED_IDS.huawei}" refused: "I understand this erases the device's configuration" is not ticked`,
    });
    expect(taskPosts()).toHaveLength(before);
    const out = await ok({ operation: 'factoryReset', deviceId: SEED_IDS.huawei, confirmFactoryReset: true });
    expect(JSON.parse(lastPost().body)).toEqual({ name: 'factoryReset' });
    expect(out.status).toBe('done');
  });

  it('download by file id, or by file type and name', async () => {
    const byId = await ok({ operation: 'download', deviceId: SEED_IDS.zte, fileId: 'F660-V6.0.10P6N2.bin' });
    expect(JSON.parse(lastPost().body)).toEqual({ name: 'download', file: 'F660-V6.0.10P6N2.bin' });
    const byName = await ok({ operation: 'download', deviceId: SEED_IDS.zte, fileBy: 'typeName', fileType: '3 Vendor Configuration File', fileName: 'f660.cfg', targetFileName: 'config.xml' });
    expect([byId.status, byName.status]).toEqual(['done', 'done']);
    expect(env.acs.downloads(SEED_IDS.zte).map(({ file, fileType, fileName, targetFileName }) => ({ file, fileType, fileName, targetFileName }))).toEqual([
      { file: 'F660-V6.0.10P6N2.bin', fileType: undefined, fileName: undefined, targetFileName: undefined },
      { file: undefined, fileType: '3 Vendor Configuration File', fileName: 'f660.cfg', targetFileName: 'config.xml' },
    ]);
  });
});

describe('GenieACS task timeouts and per-item behaviour', () => {
  it('Max Wait caps the request: a slow session becomes an error that names the device and task', async () => {
    env.acs.setDeviceMode(SEED_IDS.huawei, 'slow', { informDelayMs: 3000 });
    try {
      const started = Date.now();
      const r = await env.run({ operation: 'reboot', deviceId: SEED_IDS.huawei, taskOptions: { maxWait: 1000 } });
      expect(Date.now() - started).toBeLessThan(2800);
      expect(r.error).toMatchObject({ httpCode: 'ETIMEDOUT', message: `GenieACS at ${new URL(env.acs.url).host} did not answer within 1000 ms while device "${SEED_IDS.huawei}" ran the "reboot" task` });
      expect(r.error?.description).toContain('queued');
    } finally {
      env.acs.setDeviceMode(SEED_IDS.huawei, 'online');
    }
  });

  it('one task per input item, ids from expressions, paired; continueOnFail turns a bad item into an error item', async () => {
    const r = await env.run(
      { operation: 'getParameterValues', deviceId: '={{ $json.id }}', parameterNames: SW },
      { input: [{ id: SEED_IDS.zte }, { id: 'CC1AFA-F660-NOPE' }, { id: SEED_IDS.huawei }], node: { onError: 'continueRegularOutput' } },
    );
    expect(r.record.status).toBe('success');
    expect(r.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
    expect(r.json[0]).toMatchObject({ deviceId: SEED_IDS.zte, status: 'done' });
    expect(r.json[1]).toEqual({ source: 'genieacs', error: expect.objectContaining({ message: 'No device "CC1AFA-F660-NOPE" in GenieACS (404 No such device)', httpCode: '404' }) });
    expect(r.json[2]).toMatchObject({ deviceId: SEED_IDS.huawei, status: 'done' });
  });
});
