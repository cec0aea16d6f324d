// Conformance of the fake GenieACS NBI's query handling (integration-apis.md §2.2, lib/query.ts):
// "._value" appended to parameter keys, string values expanded into string/number/date/regex
// alternatives, the Mongo operators with dotted paths and BSON type brackets, and the typed
// fields of tasks and faults. Over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_IDS, seedDevices, startFakeGenieAcs } from '../../fakes/genieacs/index.ts';
import type { FakeGenieAcs } from '../../fakes/genieacs/index.ts';
import { expectDropped, ids, list, nbi, qs, seg } from './genieacs-client.ts';

const NOW = new Date();
const { tplink, zte, huawei, offline } = SEED_IDS;
const ALL = [tplink, zte, huawei, offline];
let fake: FakeGenieAcs;
beforeAll(async () => {
  fake = await startFakeGenieAcs({ devices: seedDevices({ now: NOW }) });
});
afterAll(() => fake.close());

/** "2017-12-11 13:16:23 +0000", the date format of the GenieACS docs' examples. */
const docsDate = (d: Date): string => `${d.toISOString().slice(0, 19).replace('T', ' ')} +0000`;

describe('keys and values', () => {
  it('matches parameters through an implicit ._value, and the explicit ._value key alike', async () => {
    expect(await ids(fake, { 'InternetGatewayDevice.DeviceInfo.SerialNumber': 'ZTEGC88D3E2A' })).toEqual([zte]);
    expect(await ids(fake, { 'InternetGatewayDevice.DeviceInfo.SerialNumber._value': 'ZTEGC88D3E2A' })).toEqual([zte]);
    expect(await ids(fake, { 'Device.Hosts.Host.5.HostName': 'Deco-X20-Sala' })).toEqual([tplink]);
    expect(await ids(fake, { 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.5.SSID': 'Familia_Souza_5G' })).toEqual([zte]);
  });

  it('leaves keys whose last segment starts with "_" alone (metadata, _tags, _deviceId._X)', async () => {
    expect(await ids(fake, { _id: huawei })).toEqual([huawei]);
    expect(await ids(fake, { '_deviceId._ProductClass': 'F660' })).toEqual([zte]);
    expect(await ids(fake, { _tags: 'mesh' })).toEqual([tplink]);
    expect(await ids(fake, { _tags: 'weak-signal' })).toEqual([zte]);
  });

  it('matches a numeric string against numbers and strings', async () => {
    expect(await ids(fake, { 'Device.WiFi.Radio.1.Channel': '6' })).toEqual([tplink]);
    expect(await ids(fake, { 'Device.WiFi.Radio.1.Channel': 6 })).toEqual([tplink]);
    expect(await ids(fake, { 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Channel': '6' })).toEqual([offline]);
    // ZTE reports RXPower as text: the string alternative matches it, the number would not.
    expect(await ids(fake, { 'InternetGatewayDevice.WANDevice.1.X_ZTE-COM_WANPONInterfaceConfig.RXPower': '-28.69' })).toEqual([zte]);
    expect(await ids(fake, { 'InternetGatewayDevice.WANDevice.1.X_ZTE-COM_WANPONInterfaceConfig.RXPower': -28.69 })).toEqual([]);
  });

  it('does not turn "true"/"false" into booleans (only JSON booleans match xsd:boolean values)', async () => {
    expect(await ids(fake, { 'Device.WiFi.SSID.2.Enable': false })).toEqual([tplink]);
    expect(await ids(fake, { 'Device.WiFi.SSID.2.Enable': 'false' })).toEqual([]);
  });

  it('expands "*" wildcards into anchored regexes', async () => {
    expect(await ids(fake, { 'InternetGatewayDevice.DeviceInfo.SerialNumber': '4857*' })).toEqual([huawei]);
    expect(await ids(fake, { 'InternetGatewayDevice.DeviceInfo.SerialNumber': '*D3E2A' })).toEqual([zte]);
    expect(await ids(fake, { 'InternetGatewayDevice.DeviceInfo.SerialNumber': 'ZTEG*2A' })).toEqual([zte]);
    expect(await ids(fake, { 'InternetGatewayDevice.DeviceInfo.SerialNumber': 'ZTEG*' })).toEqual([zte]);
    expect(await ids(fake, { 'InternetGatewayDevice.DeviceInfo.SerialNumber': 'TEG*' })).toEqual([]);
    // "." is escaped: a literal dot, not any character.
    expect(await ids(fake, { 'Device.DeviceInfo.SoftwareVersion': '1.1.4 Build*' })).toEqual([tplink]);
    expect(await ids(fake, { _id: '*%2D*' })).toEqual([huawei, offline]);
  });

  it('expands "/pattern/flags" strings into regexes', async () => {
    expect(await ids(fake, { 'InternetGatewayDevice.DeviceInfo.SerialNumber': '/^zteg/i' })).toEqual([zte]);
    expect(await ids(fake, { 'InternetGatewayDevice.DeviceInfo.SerialNumber': '/^zteg/' })).toEqual([]);
    expect(await ids(fake, { '_deviceId._ProductClass': '/^(F660|HG8245H)$/' })).toEqual([zte, huawei]);
  });

  it('expands date strings into Dates: equality and ranges on _lastInform', async () => {
    const zteInform = new Date(NOW.getTime() - 118_000);
    expect(await ids(fake, { _lastInform: zteInform.toISOString() })).toEqual([zte]);
    const dayAgo = new Date(NOW.getTime() - 86_400_000);
    expect(await ids(fake, { _lastInform: { $lt: docsDate(dayAgo) } })).toEqual([offline]);
    expect(await ids(fake, { _lastInform: { $gte: dayAgo.toISOString() } })).toEqual([tplink, zte, huawei]);
    const oneMinute = new Date(NOW.getTime() - 60_000).toISOString();
    expect(await ids(fake, { _lastInform: { $gt: dayAgo.toISOString(), $lt: oneMinute } })).toEqual([zte, huawei]);
    expect(await ids(fake, { _registered: { $lt: '2023-01-01' } })).toEqual([huawei]);
  });
});

describe('operators', () => {
  it('$exists on parameters and metadata', async () => {
    expect(await ids(fake, { 'InternetGatewayDevice.WANDevice.1.X_ZTE-COM_WANPONInterfaceConfig.RXPower': { $exists: true } })).toEqual([zte]);
    expect(await ids(fake, { 'Device.Optical.Interface.1.X_TP_GPON_Config.RXPower': { $exists: false } })).toEqual([zte, huawei, offline]);
    expect(await ids(fake, { _tags: { $exists: false } })).toEqual([offline]);
    // An object has no _value: ask for its _object (or another _ key) instead.
    expect(await ids(fake, { 'Device.WiFi.DataElements': { $exists: true } })).toEqual([]);
    expect(await ids(fake, { 'Device.WiFi.DataElements._object': { $exists: true } })).toEqual([tplink]);
  });

  it('$gt/$lt compare within a type only; a numeric string compares as string and as number', async () => {
    const rx = 'Device.Optical.Interface.1.X_TP_GPON_Config.RXPower';
    expect(await ids(fake, { [rx]: { $lt: 200 } })).toEqual([tplink]);
    expect(await ids(fake, { [rx]: { $lt: '200' } })).toEqual([tplink]);
    expect(await ids(fake, { [rx]: { $gt: 158 } })).toEqual([]);
    expect(await ids(fake, { [rx]: { $gte: 158, $lte: 158 } })).toEqual([tplink]);
    // Text-typed dBm values never compare with numbers.
    expect(await ids(fake, { 'InternetGatewayDevice.WANDevice.1.X_ZTE-COM_WANPONInterfaceConfig.RXPower': { $lt: -27 } })).toEqual([]);
  });

  it('$in/$nin, with each string expanded', async () => {
    expect(await ids(fake, { '_deviceId._ProductClass': { $in: ['F660', 'HG8245H'] } })).toEqual([zte, huawei]);
    expect(await ids(fake, { '_deviceId._ProductClass': { $nin: ['F660', 'HG8245H'] } })).toEqual([tplink, offline]);
    expect(await ids(fake, { 'Device.WiFi.Radio.2.Channel': { $in: ['36', '44'] } })).toEqual([tplink]);
    expect(await ids(fake, { 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Channel': { $in: [1, 11] } })).toEqual([zte, huawei]);
  });

  it('$ne excludes every alternative and keeps documents without the parameter', async () => {
    expect(await ids(fake, { 'Device.WiFi.Radio.1.Channel': { $ne: '6' } })).toEqual([zte, huawei, offline]);
    expect(await ids(fake, { 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Channel': { $ne: 11 } })).toEqual([tplink, huawei, offline]);
  });

  it('$regex with $options, and $not', async () => {
    expect(await ids(fake, { '_deviceId._Manufacturer': { $regex: '^huawei', $options: 'i' } })).toEqual([huawei]);
    expect(await ids(fake, { 'InternetGatewayDevice.DeviceInfo.SerialNumber': { $regex: '[0-9]E' } })).toEqual([zte, huawei, offline]);
    expect(await ids(fake, { 'InternetGatewayDevice.DeviceInfo.SerialNumber': { $regex: '[0-9]e' } })).toEqual([]);
    expect(await ids(fake, { '_deviceId._SerialNumber': { $not: { $regex: '^ZTEG' } } })).toEqual([tplink, huawei, offline]);
    expect(await ids(fake, { 'Device.WiFi.Radio.1.Channel': { $not: { $gt: 3 } } })).toEqual([zte, huawei, offline]);
  });

  it('$and/$or/$nor at the top level, with the inner queries expanded too', async () => {
    expect(await ids(fake, { $or: [{ 'InternetGatewayDevice.DeviceInfo.ProductClass': 'F660' }, { _tags: 'mesh' }] })).toEqual([tplink, zte]);
    expect(await ids(fake, { $and: [{ 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Channel': '11' }, { _tags: 'pon-0-2-1' }] })).toEqual([zte]);
    expect(await ids(fake, { $nor: [{ _tags: 'mesh' }, { _tags: 'business' }] })).toEqual([zte, offline]);
    expect(await ids(fake, { _tags: 'weak-signal', $or: [{ 'InternetGatewayDevice.DeviceInfo.SerialNumber': 'ZTEG*' }] })).toEqual([zte]);
  });

  it('drops the connection for queries GenieACS or mongod reject', async () => {
    expect(await expectDropped(fake, `/devices/${qs({ query: { 'Device.WiFi.Radio.1.Channel': { $ne: '6', $gt: '1' } } })}`)).toBe('Error: Cannot mix $ne or $not with other operators');
    expect(await expectDropped(fake, `/devices/${qs({ query: { _id: { $foo: 1 } } })}`)).toMatch(/unknown operator: \$foo/);
    expect(await expectDropped(fake, `/devices/${qs({ query: { $where: 'true' } })}`)).toMatch(/TypeError/);
    expect(await expectDropped(fake, `/devices/${qs({ query: { $not: [{ _id: 'x' }] } })}`)).toMatch(/unknown top level operator: \$not/);
  });
});

describe('tasks and faults', () => {
  it('converts _id to an ObjectId and timestamp to a Date in task queries', async () => {
    const posted = await nbi(fake, `/devices/${seg(zte)}/tasks`, { method: 'POST', body: { name: 'getParameterValues', parameterNames: ['InternetGatewayDevice.DeviceInfo.UpTime'] } });
    const task = posted.json as { _id: string; timestamp: string };
    expect(await list(fake, 'tasks', { query: { _id: task._id } })).toEqual([expect.objectContaining({ _id: task._id, device: zte })]);
    expect(await list(fake, 'tasks', { query: { device: zte } })).toHaveLength(1);
    const ts = Date.parse(task.timestamp);
    expect(await list(fake, 'tasks', { query: { timestamp: { $gte: ts } } })).toHaveLength(1);
    expect(await list(fake, 'tasks', { query: { timestamp: { $gt: ts } } })).toHaveLength(0);
    expect(await list(fake, 'tasks', { query: { timestamp: task.timestamp } })).toHaveLength(1);
    // No device-style expansion on tasks: a wildcard is a literal string there.
    expect(await list(fake, 'tasks', { query: { device: 'CC1AFA*' } })).toHaveLength(0);
    expect(await expectDropped(fake, `/tasks/${qs({ query: { _id: 'not-an-object-id' } })}`)).toMatch(/24 character hex string/);
    expect(await expectDropped(fake, `/tasks/${qs({ query: { _id: { $regex: '^6' } } })}`)).toBe('Error: Operator not supported');
  });

  it('queries faults by device, channel and timestamp', async () => {
    fake.setDeviceMode(huawei, 'faulting');
    const r = await nbi(fake, `/devices/${seg(huawei)}/tasks?connection_request`, { method: 'POST', body: { name: 'reboot' } });
    expect(r.reason).toBe('Task faulted');
    const taskId = (r.json as { _id: string })._id;
    const faults = await list(fake, 'faults', { query: { device: huawei } });
    expect(faults.map((f) => f._id)).toEqual([`${huawei}:task_${taskId}`]);
    expect(await list(fake, 'faults', { query: { channel: `task_${taskId}`, timestamp: { $lte: Date.now() } } })).toHaveLength(1);
    expect(await list(fake, 'faults', { query: { device: zte } })).toHaveLength(0);
  });
});
