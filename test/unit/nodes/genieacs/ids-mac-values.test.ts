// Device id escaping, MAC spellings and the MAC query, flattening device values, xsd typing,
// and the task status / timeout rules.
import { describe, expect, it } from 'vitest';
import { buildDeviceId, escapeIdPart, looksLikeStoredId, pathSegment } from '../../../../nodes/genieacs/device-id.ts';
import { normalizeMac } from '../../../../host/model/mac.ts';
import { DEFAULT_MAC_PATHS, macQuery } from '../../../../nodes/genieacs/mac.ts';
import { taskRequestTimeout, taskStatus } from '../../../../nodes/genieacs/tasks.ts';
import { coerceValue, flattenValues, inferXsdType, storedType } from '../../../../nodes/genieacs/values.ts';

const fail = (message: string): never => {
  throw new Error(message);
};

describe('device ids', () => {
  it('escapes every character outside [A-Za-z0-9_] of a part as %XX (upper-case hex of UTF-8)', () => {
    expect(escapeIdPart('SR552NA084-0003269')).toBe('SR552NA084%2D0003269');
    expect(escapeIdPart('ZXHN H199A')).toBe('ZXHN%20H199A');
    expect(escapeIdPart('a_b.c/é')).toBe('a_b%2Ec%2F%C3%A9');
    // GenieACS does not pad: a tab is "%9", not "%09".
    expect(escapeIdPart('a\tb')).toBe('a%9b');
  });
  it('builds OUI-ProductClass-Serial, or OUI-Serial without a product class', () => {
    expect(buildDeviceId({ oui: '00236a', productClass: '96318REF', serialNumber: 'SR360NA0A4-0003196' })).toBe('00236a-96318REF-SR360NA0A4%2D0003196');
    expect(buildDeviceId({ oui: 'C0B101', productClass: 'ZXHN H199A', serialNumber: 'ZTEYH86LCN10105' })).toBe('C0B101-ZXHN%20H199A-ZTEYH86LCN10105');
    expect(buildDeviceId({ oui: '202BC1', productClass: ' ', serialNumber: '000000' })).toBe('202BC1-000000');
  });
  it('encodes a stored id once more for URL paths (% → %25)', () => {
    expect(pathSegment('00236a-SR552n-SR552NA084%2D0003269')).toBe('00236a-SR552n-SR552NA084%252D0003269');
    expect(pathSegment('202BC1-BM632w-000000')).toBe('202BC1-BM632w-000000');
    expect(pathSegment('my tag!')).toBe('my%20tag%21');
    expect(decodeURIComponent(pathSegment('C0B101-ZXHN%20H199A-X'))).toBe('C0B101-ZXHN%20H199A-X');
  });
  it('tells stored ids from unescaped ones', () => {
    expect(looksLikeStoredId('00236a-SR552n-SR552NA084%2D0003269')).toBe(true);
    expect(looksLikeStoredId('C0B101-ZXHN H199A-ZTEYH86LCN10105')).toBe(false);
    expect(looksLikeStoredId('abc%2')).toBe(false);
  });
});

describe('MAC addresses', () => {
  it('normalises common spellings to upper case with colons', () => {
    for (const typed of ['aa:bb:cc:0d:ee:ff', 'AA-BB-CC-0D-EE-FF', 'aabbcc0deeff', 'aabb.cc0d.eeff', ' AA BB CC 0D EE FF '])
      expect(normalizeMac(typed)).toBe('AA:BB:CC:0D:EE:FF');
    expect(normalizeMac('aa:bb:cc:dd:ee')).toBeUndefined();
    expect(normalizeMac('gg:bb:cc:dd:ee:ff')).toBeUndefined();
    expect(normalizeMac(undefined)).toBeUndefined();
  });
  it('searches every MAC path in upper and lower case, and the tags only when asked', () => {
    const q = macQuery('AA:BB:CC:0D:EE:FF') as { $or: Record<string, { $in: string[] }>[] };
    expect(q.$or.map((c) => Object.keys(c)[0])).toEqual(DEFAULT_MAC_PATHS);
    expect(DEFAULT_MAC_PATHS).toEqual(
      expect.arrayContaining(['InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.MACAddress', 'Device.Ethernet.Interface.1.MACAddress']),
    );
    for (const c of q.$or) expect(Object.values(c)[0]).toEqual({ $in: ['AA:BB:CC:0D:EE:FF', 'aa:bb:cc:0d:ee:ff'] });
    expect(macQuery('AA:BB:CC:0D:EE:FF', ['X.MAC'], { tags: true })).toEqual({
      $or: [{ 'X.MAC': { $in: ['AA:BB:CC:0D:EE:FF', 'aa:bb:cc:0d:ee:ff'] } }, { _tags: { $in: ['AA:BB:CC:0D:EE:FF', 'aa:bb:cc:0d:ee:ff', 'AABBCC0DEEFF', 'aabbcc0deeff'] } }],
    });
  });
});

const doc = {
  _id: 'x',
  _deviceId: { _SerialNumber: 'S' },
  InternetGatewayDevice: {
    _object: true,
    DeviceInfo: {
      _object: true,
      SoftwareVersion: { _value: 'V5R020', _type: 'xsd:string', _writable: false },
      UpTime: { _value: 3600, _type: 'xsd:unsignedInt', _writable: false },
      ProvisioningCode: { _writable: true },
    },
    LANDevice: { '1': { WLANConfiguration: { '1': { Enable: { _value: true, _type: 'xsd:boolean' }, SSID: { _value: 'Home', _type: 'xsd:string' } } } } },
  },
};

describe('flattenValues', () => {
  it('gives asked parameters, objects as their leaves, and null for what the device lacks', () => {
    expect(flattenValues(doc, ['InternetGatewayDevice.DeviceInfo.UpTime', 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.', 'Device.Nope'])).toEqual({
      'InternetGatewayDevice.DeviceInfo.UpTime': 3600,
      'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Enable': true,
      'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID': 'Home',
      'Device.Nope': null,
    });
  });
  it('flattens the whole document without paths; a never-fetched parameter is null', () => {
    expect(flattenValues(doc)).toEqual({
      'InternetGatewayDevice.DeviceInfo.SoftwareVersion': 'V5R020',
      'InternetGatewayDevice.DeviceInfo.UpTime': 3600,
      'InternetGatewayDevice.DeviceInfo.ProvisioningCode': null,
      'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Enable': true,
      'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID': 'Home',
    });
    expect(flattenValues(undefined, ['a'])).toEqual({});
  });
  it('reads the type GenieACS has on record', () => {
    expect(storedType(doc, 'InternetGatewayDevice.DeviceInfo.UpTime')).toBe('xsd:unsignedInt');
    expect(storedType(doc, 'InternetGatewayDevice.DeviceInfo.ProvisioningCode')).toBeUndefined();
  });
});

describe('xsd typing', () => {
  it('infers boolean, unsignedInt, int, dateTime, string', () => {
    const cases: [unknown, string][] = [
      [true, 'xsd:boolean'],
      ['FALSE', 'xsd:boolean'],
      ['300', 'xsd:unsignedInt'],
      [0, 'xsd:unsignedInt'],
      ['-5', 'xsd:int'],
      [-5, 'xsd:int'],
      ['2026-03-01T08:00:00Z', 'xsd:dateTime'],
      ['2026-03-01T08:00:00.5+01:00', 'xsd:dateTime'],
      ['0042', 'xsd:string'],
      ['4294967296', 'xsd:string'],
      [1.5, 'xsd:string'],
      ['My Wi-Fi', 'xsd:string'],
      ['', 'xsd:string'],
    ];
    for (const [value, type] of cases) expect([value, inferXsdType(value)]).toEqual([value, type]);
  });
  it('converts values to the JS type of their xsd type', () => {
    expect(coerceValue('true', 'xsd:boolean', 'r', fail)).toBe(true);
    expect(coerceValue('0', 'xsd:boolean', 'r', fail)).toBe(false);
    expect(coerceValue('300', 'xsd:unsignedInt', 'r', fail)).toBe(300);
    expect(coerceValue(' -7 ', 'xsd:int', 'r', fail)).toBe(-7);
    expect(coerceValue('12345678', 'xsd:string', 'r', fail)).toBe('12345678');
    expect(coerceValue(42, 'xsd:string', 'r', fail)).toBe('42');
    expect(coerceValue('2026-03-01T08:00:00Z', 'xsd:dateTime', 'r', fail)).toBe('2026-03-01T08:00:00Z');
  });
  it('refuses values that do not fit the type, naming the row', () => {
    expect(() => coerceValue('yes', 'xsd:boolean', 'Value 1 (X)', fail)).toThrow('Value 1 (X): "yes" is not a boolean');
    expect(() => coerceValue('-1', 'xsd:unsignedInt', 'r', fail)).toThrow('"-1" is not a valid xsd:unsignedInt');
    expect(() => coerceValue('1.5', 'xsd:int', 'r', fail)).toThrow('is not a valid xsd:int');
    expect(() => coerceValue('tomorrow', 'xsd:dateTime', 'r', fail)).toThrow('is not an xsd:dateTime');
  });
});

describe('task status and timeout', () => {
  it('reads 200 and the 202 reason phrases', () => {
    expect(taskStatus(200, 'OK', true)).toBe('done');
    expect(taskStatus(202, 'Task queued but not processed', true)).toBe('queued');
    expect(taskStatus(202, 'Task faulted', true)).toBe('faulted');
    expect(taskStatus(202, 'Device is offline', true)).toBe('connection_request_failed');
    expect(taskStatus(202, 'Accepted', false)).toBe('queued');
  });
  it('waits task timeout + 120 s (at least the credential timeout), capped by Max Wait', () => {
    expect(taskRequestTimeout({ connectionRequest: true, maxWaitMs: 300_000 }, 30_000)).toBe(124_000);
    expect(taskRequestTimeout({ connectionRequest: true, timeoutMs: 10_000, maxWaitMs: 300_000 }, 30_000)).toBe(130_000);
    expect(taskRequestTimeout({ connectionRequest: true, timeoutMs: 10_000, maxWaitMs: 300_000 }, 200_000)).toBe(200_000);
    expect(taskRequestTimeout({ connectionRequest: true, timeoutMs: 500_000, maxWaitMs: 300_000 }, 30_000)).toBe(300_000);
    expect(taskRequestTimeout({ connectionRequest: false, maxWaitMs: 300_000 }, 30_000)).toBe(30_000);
  });
});
