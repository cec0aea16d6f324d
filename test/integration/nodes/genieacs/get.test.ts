// Get Device by id (as stored, or built from OUI / product class / serial), by serial number and
// by MAC address in its common spellings, through real workflow runs against the fake NBI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HG8245H, SEED_IDS, seedDevices, G240WC } from '../../../fakes/genieacs/index.ts';
import { startAcsEnv } from './setup.ts';
import type { AcsEnv } from './setup.ts';

// A TR-181 router that reports its Ethernet MAC in lower case.
const LOWER_MAC_ROUTER = {
  oui: '50C7BF',
  productClass: 'Archer C6',
  serialNumber: '22B8-0001',
  manufacturer: 'TP-Link',
  lastInform: new Date(),
  tags: ['50c7bf0a1b2c'],
  params: { 'Device.DeviceInfo.SerialNumber': ['22B8-0001', 'xsd:string'] as const, 'Device.Ethernet.Interface.1.MACAddress': ['50:c7:bf:0a:1b:2b', 'xsd:string'] as const },
};

let env: AcsEnv;
let routerId: string;
beforeAll(async () => {
  env = await startAcsEnv({ devices: seedDevices() });
  routerId = env.acs.addDevice(LOWER_MAC_ROUTER);
});
afterAll(() => env?.close());

const get = (params: Record<string, unknown>) => env.run({ operation: 'getDevice', ...params });
const lastQuery = () => JSON.parse(env.acs.requests.filter((q) => q.path === '/devices/').at(-1)!.query.query);

describe('GenieACS Get Device by id', () => {
  it('uses a typed id as given: the %2D of a "-" in the serial stays, inside the query JSON', async () => {
    expect(SEED_IDS.huawei).toBe('00259E-HG8245H-48575443%2D9A4B7C2E');
    const r = await get({ deviceId: SEED_IDS.huawei });
    expect(r.record.status).toBe('success');
    expect(r.json).toEqual([env.acs.device(SEED_IDS.huawei)]);
    expect(lastQuery()).toEqual({ _id: SEED_IDS.huawei });
  });

  it('builds the id from OUI, product class and serial number with GenieACS\'s escaping', async () => {
    const r = await get({ deviceIdMode: 'parts', idOui: HG8245H.oui, idProductClass: HG8245H.productClass, idSerialNumber: HG8245H.serialNumber });
    expect(r.json.map((d) => d._id)).toEqual([SEED_IDS.huawei]);
    const nokia = await get({ deviceIdMode: 'parts', idOui: G240WC.oui, idProductClass: G240WC.productClass, idSerialNumber: G240WC.serialNumber, projection: '_id' });
    expect(nokia.json).toEqual([{ _id: '00D0F6-G%2D240W%2DC-ALCLB3C4D5E6' }]);
  });

  it('an unknown id names the id and how ids are escaped', async () => {
    const r = await get({ deviceId: '00259E-HG8245H-48575443-9A4B7C2E' });
    expect(r.error?.message).toBe('No device with id "00259E-HG8245H-48575443-9A4B7C2E" in GenieACS');
    expect(r.error?.description).toContain('%2D');
  });
});

describe('GenieACS Get Device by serial number', () => {
  it('matches _deviceId._SerialNumber exactly', async () => {
    const r = await get({ lookupBy: 'serialNumber', serialNumber: '48575443-9A4B7C2E', projection: '_deviceId' });
    expect(r.json).toEqual([{ _id: SEED_IDS.huawei, _deviceId: env.acs.device(SEED_IDS.huawei)!._deviceId }]);
    expect(lastQuery()).toEqual({ '_deviceId._SerialNumber': '48575443-9A4B7C2E' });
    const none = await get({ lookupBy: 'serialNumber', serialNumber: 'ztegc88d3e2a' });
    expect(none.error?.message).toBe('No device with serial number "ztegc88d3e2a" in GenieACS');
  });
});

describe('GenieACS Get Device by MAC address', () => {
  it('refuses a serial GenieACS would read as a pattern, and more than one device for one serial', async () => {
    const before = env.acs.requests.length;
    for (const serialNumber of ['*', '/.*/', 'ZTEG*']) {
      const r = await get({ lookupBy: 'serialNumber', serialNumber });
      expect(r.record.status).toBe('error');
      expect(r.error).toMatchObject({ message: `"${serialNumber}" is not a serial number`, parameter: 'serialNumber' });
    }
    expect(env.acs.requests.length).toBe(before);
    const twin = env.acs.addDevice({ ...LOWER_MAC_ROUTER, oui: '50C7C0', tags: [] });
    try {
      const r = await get({ lookupBy: 'serialNumber', serialNumber: LOWER_MAC_ROUTER.serialNumber });
      expect(r.record.status).toBe('error');
      expect(r.error?.message).toBe(`2 devices have serial number "${LOWER_MAC_ROUTER.serialNumber}" in GenieACS`);
    } finally {
      await fetch(`${env.acs.url}/devices/${encodeURIComponent(twin)}`, { method: 'DELETE' });
    }
  });

  it('finds a TR-098 device by its WAN MAC in any spelling (PPP on connection device 1, IP on 2)', async () => {
    for (const typed of ['cc:1a:fa:8d:3e:2b', 'CC-1A-FA-8D-3E-2B', 'cc1afa8d3e2b', 'cc1a.fa8d.3e2b', 'CC:1A:FA:8D:3E:2D']) {
      const r = await get({ lookupBy: 'mac', macAddress: typed, projection: '_id' });
      expect([typed, r.json]).toEqual([typed, [{ _id: SEED_IDS.zte }]]);
    }
    const huawei = await get({ lookupBy: 'mac', macAddress: 'e0247f3a91c7', projection: '_id' });
    expect(huawei.json).toEqual([{ _id: SEED_IDS.huawei }]);
  });

  it('finds a TR-181 device that reports its MAC in lower case', async () => {
    const r = await get({ lookupBy: 'mac', macAddress: '50:C7:BF:0A:1B:2B', projection: '_id' });
    expect(r.json).toEqual([{ _id: routerId }]);
    const sent = lastQuery() as { $or: Record<string, { $in: string[] }>[] };
    expect(sent.$or.find((c) => 'Device.Ethernet.Interface.1.MACAddress' in c)).toEqual({ 'Device.Ethernet.Interface.1.MACAddress': { $in: ['50:C7:BF:0A:1B:2B', '50:c7:bf:0a:1b:2b'] } });
  });

  it('searches tags only when asked, and other paths when given', async () => {
    const untagged = await get({ lookupBy: 'mac', macAddress: '50:C7:BF:0A:1B:2C' });
    expect(untagged.error?.message).toBe('No device with MAC address 50:C7:BF:0A:1B:2C in GenieACS');
    expect(untagged.error?.description).toContain('MAC Parameter Paths');
    const tagged = await get({ lookupBy: 'mac', macAddress: '50:C7:BF:0A:1B:2C', macOptions: { matchTags: true }, projection: '_id' });
    expect(tagged.json).toEqual([{ _id: routerId }]);
    const bssid = await get({ lookupBy: 'mac', macAddress: 'E8:48:B8:5A:3C:11', macOptions: { macPaths: 'Device.WiFi.SSID.1.BSSID\nDevice.WiFi.SSID.3.BSSID' }, projection: '_id' });
    expect(bssid.json).toEqual([{ _id: SEED_IDS.tplink }]);
  });

  it('refuses what is not a MAC address', async () => {
    const r = await get({ lookupBy: 'mac', macAddress: 'CC:1A:FA:8D:3E' });
    expect(r.error).toMatchObject({ parameter: 'macAddress', message: '"CC:1A:FA:8D:3E" is not a MAC address' });
  });
});
