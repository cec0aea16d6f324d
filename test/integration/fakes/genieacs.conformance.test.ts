// Conformance of the fake GenieACS NBI with the documented behaviour
// (/work/shared/reference/integration-apis.md §2): headers, errors, listing (total, HEAD, body
// format, sort/skip/limit), projection, the device document shape, device ids and their double
// encoding, and Basic auth at a proxy. Queries, tasks and the other resources are in the sibling
// genieacs.conformance-*.test.ts files. Everything goes over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceIdOf, escapeIdPart, SEED_IDS, seedDevices, startFakeGenieAcs } from '../../fakes/genieacs/index.ts';
import type { FakeGenieAcs } from '../../fakes/genieacs/index.ts';
import { getDevice, ids, leaf, list, nbi, qs, raw, seg } from './genieacs-client.ts';
import type { Json } from './genieacs-client.ts';

const NOW = new Date();
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
let fake: FakeGenieAcs;
beforeAll(async () => {
  fake = await startFakeGenieAcs({ devices: seedDevices({ now: NOW }), version: '1.2.16' });
});
afterAll(() => fake.close());

const jsonError = (text: string): string => {
  try {
    JSON.parse(text);
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
  throw new Error('expected invalid JSON');
};

describe('general behaviour', () => {
  it('puts GenieACS-Version on every response: lists, 404, 405, 400 and task answers', async () => {
    const answers = [
      await nbi(fake, '/devices/'),
      await nbi(fake, '/nope/at/all'),
      await nbi(fake, '/devices/', { method: 'PUT' }),
      await nbi(fake, `/devices/${qs({ query: '{bad' })}`),
      await nbi(fake, `/devices/${seg(SEED_IDS.zte)}/tasks`, { method: 'POST', body: { name: 'reboot' } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 404, 405, 400, 202]);
    for (const a of answers) expect(a.headers.get('genieacs-version')).toBe('1.2.16');
  });

  it('answers 404 "404 Not Found" for unknown paths and unknown collections', async () => {
    for (const path of ['/', '/nope/at/all', '/devices/x/y/z', '/no_such_collection/', '/devices/a.b']) {
      const r = await nbi(fake, path);
      expect([path, r.status, r.text]).toEqual([path, 404, '404 Not Found']);
    }
  });

  it('answers 405 with the Allow header of the route', async () => {
    const cases: Array<[string, string, string]> = [
      ['PUT', '/devices/', 'GET, HEAD'],
      ['POST', '/no_such_collection', 'GET, HEAD'],
      ['GET', `/devices/${seg(SEED_IDS.zte)}`, 'DELETE'],
      ['GET', `/devices/${seg(SEED_IDS.zte)}/tasks`, 'POST'],
      ['PUT', `/devices/${seg(SEED_IDS.zte)}/tags/x`, 'POST, DELETE'],
      ['GET', '/presets/p1', 'PUT, DELETE'],
      ['POST', '/provisions/p1', 'PUT, DELETE'],
      ['GET', '/files/fw.bin', 'PUT, DELETE'],
      ['GET', `/faults/${seg(SEED_IDS.zte)}:default`, 'DELETE'],
      ['GET', '/tasks/5403908ef28ea3a25c138adc', 'PUT DELETE'],
      ['GET', '/tasks/5403908ef28ea3a25c138adc/retry', 'POST'],
    ];
    for (const [method, path, allow] of cases) {
      const r = await nbi(fake, path, { method });
      expect([method, path, r.status, r.headers.get('allow'), r.text]).toEqual([method, path, 405, allow, '405 Method Not Allowed']);
    }
  });

  it('answers 400 with a plain-text "SyntaxError: …" for bad query or sort JSON', async () => {
    const bad = await nbi(fake, `/devices/${qs({ query: '{"_id":' })}`);
    expect([bad.status, bad.text]).toEqual([400, jsonError('{"_id":')]);
    expect(bad.text).toMatch(/^SyntaxError: /);
    expect(bad.headers.get('content-type')).toBeNull();
    const sort = await nbi(fake, `/devices/${qs({ sort: '{_lastInform:1}' })}`);
    expect([sort.status, sort.text]).toEqual([400, jsonError('{_lastInform:1}')]);
  });
});

describe('listing', () => {
  it('returns a JSON array streamed as "[\\n" + documents joined by ",\\n" + "\\n]"', async () => {
    const r = await nbi(fake, `/devices/${qs({ projection: '_id' })}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    const expected = [SEED_IDS.tplink, SEED_IDS.zte, SEED_IDS.huawei, SEED_IDS.offline].map((id) => JSON.stringify({ _id: id }));
    expect(r.text).toBe(`[\n${expected.join(',\n')}\n]`);
    const empty = await nbi(fake, `/devices/${qs({ query: { _id: 'none' } })}`);
    expect([empty.text, empty.headers.get('total')]).toEqual(['[\n\n]', '0']);
  });

  it('sends the total before skip/limit, and HEAD gives the count without a body', async () => {
    const r = await nbi(fake, `/devices/${qs({ projection: '_id', skip: 1, limit: 2 })}`);
    expect(r.headers.get('total')).toBe('4');
    expect((r.json as Json[]).map((d) => d._id)).toEqual([SEED_IDS.zte, SEED_IDS.huawei]);
    const head = await raw(fake, 'HEAD', `/devices/${qs({ query: { '_deviceId._Manufacturer': 'ZTE' } })}`);
    expect([head.status, head.headers.total, head.headers['content-type'], head.text]).toEqual([200, '1', 'application/json', '']);
    expect(head.headers['genieacs-version']).toBe('1.2.16');
  });

  it('sorts by metadata as is and by parameters through ._value, in either direction', async () => {
    expect(await ids(fake, {}, { sort: { _lastInform: -1 } })).toEqual([SEED_IDS.tplink, SEED_IDS.huawei, SEED_IDS.zte, SEED_IDS.offline]);
    expect(await ids(fake, {}, { sort: { '_deviceId._SerialNumber': 1 } })).toEqual([SEED_IDS.tplink, SEED_IDS.huawei, SEED_IDS.offline, SEED_IDS.zte]);
    // InternetGatewayDevice.DeviceInfo.UpTime becomes ...UpTime._value; the TR-181 device has none and sorts first.
    expect(await ids(fake, {}, { sort: { 'InternetGatewayDevice.DeviceInfo.UpTime': 1 } })).toEqual([SEED_IDS.tplink, SEED_IDS.huawei, SEED_IDS.zte, SEED_IDS.offline]);
    expect(await ids(fake, {}, { sort: { 'InternetGatewayDevice.DeviceInfo.UpTime': -1 }, limit: 1 })).toEqual([SEED_IDS.offline]);
  });

  it('lists other collections without query rewriting', async () => {
    expect(await list(fake, 'tasks', { query: { device: 'none' } })).toEqual([]);
    expect(await list(fake, 'virtual_parameters')).toEqual([]);
    expect(await list(fake, 'presets')).toEqual([]);
  });
});

describe('projection', () => {
  it('returns selected paths nested, in document order, with _id always included', async () => {
    const doc = await getDevice(fake, SEED_IDS.tplink, 'Device.WiFi.SSID.3.SSID,_lastInform, Device.WiFi.SSID.1.SSID');
    expect(Object.keys(doc)).toEqual(['_id', '_lastInform', 'Device']);
    expect(Object.keys(leaf(doc, 'Device.WiFi') as Json)).toEqual(['SSID']);
    expect(Object.keys(leaf(doc, 'Device.WiFi.SSID') as Json)).toEqual(['1', '3']);
    expect(leaf(doc, 'Device.WiFi.SSID.3.SSID')).toEqual({ _object: false, _timestamp: expect.stringMatching(ISO), _type: 'xsd:string', _value: 'GigaFibre_3C10_5G', _writable: true });
    expect(leaf(doc, 'Device.WiFi.SSID.1')).toEqual({ SSID: expect.objectContaining({ _value: 'GigaFibre_3C10' }) });
  });

  it('takes path prefixes: a subtree comes whole and overlapping entries collapse', async () => {
    const doc = await getDevice(fake, SEED_IDS.zte, 'InternetGatewayDevice.LANDevice.1.Hosts,InternetGatewayDevice.LANDevice.1.Hosts.Host.1.HostName');
    const hosts = leaf(doc, 'InternetGatewayDevice.LANDevice.1.Hosts') as Json;
    expect(Object.keys(hosts).filter((k) => !k.startsWith('_'))).toEqual(['Host', 'HostNumberOfEntries']);
    expect(Object.keys(hosts.Host as Json).filter((k) => !k.startsWith('_'))).toEqual(['1', '2', '3', '4']);
    expect(leaf(doc, 'InternetGatewayDevice.LANDevice.1.Hosts.Host.2.MACAddress._value')).toBe('84:A9:3E:71:0C:5D');
    expect(leaf(doc, 'InternetGatewayDevice.DeviceInfo')).toBeUndefined();
  });

  it('leaves out what a document does not have: only _id, or an empty sub-document on the way', async () => {
    const docs = await list(fake, 'devices', { projection: 'Device.Optical' });
    expect(docs.map((d) => Object.keys(d))).toEqual([['_id', 'Device'], ['_id'], ['_id'], ['_id']]);
    const doc = await getDevice(fake, SEED_IDS.tplink, 'Device.NoSuchObject.X');
    expect(doc).toEqual({ _id: SEED_IDS.tplink, Device: {} });
  });
});

describe('device documents', () => {
  it('carry the metadata fields with ISO dates', async () => {
    const doc = await getDevice(fake, SEED_IDS.huawei, '_id,_deviceId,_lastInform,_lastBoot,_lastBootstrap,_registered,_tags');
    expect(doc).toEqual({
      _id: '00259E-HG8245H-48575443%2D9A4B7C2E',
      _deviceId: { _Manufacturer: 'Huawei Technologies Co., Ltd', _OUI: '00259E', _ProductClass: 'HG8245H', _SerialNumber: '48575443-9A4B7C2E' },
      _lastInform: new Date(NOW.getTime() - 65_000).toISOString(),
      _lastBoot: expect.stringMatching(ISO),
      _lastBootstrap: expect.stringMatching(ISO),
      _registered: '2022-06-27T18:20:05.000Z',
      _tags: ['business'],
    });
    const offline = await getDevice(fake, SEED_IDS.offline, '_tags');
    expect(offline).toEqual({ _id: SEED_IDS.offline });
  });

  it('nest parameters: object nodes with _object/_writable/_timestamp, instances as keys, typed leaf values', async () => {
    const doc = await getDevice(fake, SEED_IDS.tplink);
    expect(leaf(doc, 'Device.Hosts')).toMatchObject({ _object: true, _writable: false, _timestamp: expect.stringMatching(ISO) });
    expect(leaf(doc, 'Device.Hosts.Host.5')).toMatchObject({ _object: true, _writable: true });
    expect(leaf(doc, 'Device.WiFi.Radio.2.Channel')).toMatchObject({ _type: 'xsd:unsignedInt', _value: 44, _writable: true });
    expect(leaf(doc, 'Device.WiFi.SSID.2.Enable')).toMatchObject({ _type: 'xsd:boolean', _value: false });
    expect(leaf(doc, 'Device.WiFi.AccessPoint.1.AssociatedDevice.1.SignalStrength')).toMatchObject({ _type: 'xsd:int', _value: -48 });
    expect(leaf(doc, 'Device.Optical.Interface.1.X_TP_GPON_Config.RXPower._value')).toBe(158);
    expect(leaf(doc, 'Device.WiFi.DataElements.Network.Device.2.MultiAPDevice.Backhaul.LinkType._value')).toBe('Wi-Fi');
    const zte = await getDevice(fake, SEED_IDS.zte, 'InternetGatewayDevice.WANDevice.1');
    expect(leaf(zte, 'InternetGatewayDevice.WANDevice.1.X_ZTE-COM_WANPONInterfaceConfig.RXPower._value')).toBe('-28.69');
  });

  it('match what fake.devices() reports', async () => {
    expect(await list(fake, 'devices')).toEqual(fake.devices());
  });
});

describe('device ids', () => {
  it('escape every character outside [A-Za-z0-9_] as uppercase %XX of its UTF-8 bytes', () => {
    expect(deviceIdOf({ oui: '00236a', productClass: '96318REF', serialNumber: 'SR360NA0A4-0003196' })).toBe('00236a-96318REF-SR360NA0A4%2D0003196');
    expect(deviceIdOf({ oui: 'C0B101', productClass: 'ZXHN H199A', serialNumber: 'ZTEYH86LCN10105' })).toBe('C0B101-ZXHN%20H199A-ZTEYH86LCN10105');
    expect(deviceIdOf({ oui: '202BC1', serialNumber: 'BM632w.000000' })).toBe('202BC1-BM632w%2E000000');
    expect(escapeIdPart('é/_')).toBe('%C3%A9%2F_');
    expect(SEED_IDS.offline).toBe('00D0F6-G%2D240W%2DC-ALCLB3C4D5E6');
  });

  it('must be percent-encoded again in URL paths: a single-encoded id names another device', async () => {
    expect(seg(SEED_IDS.huawei)).toBe('00259E-HG8245H-48575443%252D9A4B7C2E');
    const single = await nbi(fake, `/devices/${SEED_IDS.huawei}/tasks`, { method: 'POST', body: { name: 'reboot' } });
    expect([single.status, single.text]).toEqual([404, 'No such device']);
    const tagged = await nbi(fake, `/devices/${SEED_IDS.huawei}/tags/x`, { method: 'POST' });
    expect(tagged.status).toBe(404);
    const ok = await nbi(fake, `/devices/${seg(SEED_IDS.huawei)}/tags/x`, { method: 'POST' });
    expect(ok.status).toBe(200);
    expect((await getDevice(fake, SEED_IDS.huawei, '_tags'))._tags).toEqual(['business', 'x']);
    await nbi(fake, `/devices/${seg(SEED_IDS.huawei)}/tags/x`, { method: 'DELETE' });
  });

  it('are used raw (single %2D) inside query JSON', async () => {
    expect(await ids(fake, { _id: SEED_IDS.huawei })).toEqual([SEED_IDS.huawei]);
    expect(await ids(fake, { _id: '00259E-HG8245H-48575443-9A4B7C2E' })).toEqual([]);
  });
});

describe('Basic auth at a reverse proxy', () => {
  let guarded: FakeGenieAcs;
  beforeAll(async () => {
    guarded = await startFakeGenieAcs({ devices: seedDevices(), basicAuth: { username: 'nbi', password: 's3cret' } });
  });
  afterAll(() => guarded.close());
  const basic = (u: string, p: string): Record<string, string> => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });

  it('answers 401 with WWW-Authenticate (and no GenieACS header) without the right login', async () => {
    for (const headers of [{}, basic('nbi', 'wrong'), { authorization: 'Bearer s3cret' }]) {
      const r = await nbi(guarded, '/devices/', { headers });
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Basic realm="/);
      expect(r.headers.get('genieacs-version')).toBeNull();
      expect(r.text).toContain('401 Authorization Required');
    }
  });

  it('passes requests with the right login through to the NBI', async () => {
    const r = await nbi(guarded, `/devices/${qs({ projection: '_id' })}`, { headers: basic('nbi', 's3cret') });
    expect([r.status, r.headers.get('total'), r.headers.get('genieacs-version')]).toEqual([200, '4', '1.2.16']);
    const task = await nbi(guarded, `/devices/${seg(SEED_IDS.zte)}/tasks`, { method: 'POST', body: { name: 'reboot' }, headers: basic('nbi', 's3cret') });
    expect(task.status).toBe(202);
  });
});
