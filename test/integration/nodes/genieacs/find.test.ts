// Find Devices through real workflow runs against the fake NBI: query-builder rows, raw JSON,
// projection, sort/skip/limit, and Return All paging that stops on the `total` header.
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_IDS, seedDevices } from '../../../fakes/genieacs/index.ts';
import type { FakeDevice } from '../../../fakes/genieacs/index.ts';
import { startAcsEnv } from './setup.ts';
import type { AcsEnv } from './setup.ts';

const BULK = 9;
const bulkDevice = (n: number): FakeDevice => ({
  oui: 'A0B1C2',
  productClass: 'BULK-ONT',
  serialNumber: `BULK${String(n).padStart(4, '0')}`,
  manufacturer: 'Bulk',
  lastInform: new Date(Date.now() - n * 60_000),
  tags: ['bulk', ...(n % 2 ? ['odd'] : [])],
  params: { 'InternetGatewayDevice.DeviceInfo.SoftwareVersion': [`V${n}`, 'xsd:string'], 'InternetGatewayDevice.DeviceInfo.UpTime': [n * 100, 'xsd:unsignedInt'] },
});

let env: AcsEnv;
beforeAll(async () => {
  env = await startAcsEnv({ devices: [...seedDevices(), ...Array.from({ length: BULK }, (_, n) => bulkDevice(n + 1))] });
});
afterAll(() => env?.close());

const find = async (params: IDataObject) => {
  const r = await env.run({ operation: 'findDevices', ...params });
  if (r.record.status !== 'success') throw new Error(`run failed: ${JSON.stringify(r.error)}`);
  return r;
};
const ids = (json: IDataObject[]) => json.map((d) => d._id as string);
const lastList = () => env.acs.requests.filter((q) => q.path === '/devices/').at(-1)!;

describe('GenieACS Find Devices: conditions', () => {
  it('ANDs rows; the NBI matches parameter values (._value) and metadata', async () => {
    const r = await find({
      conditions: {
        condition: [
          { path: '_tags', operator: '$eq', value: 'bulk' },
          { path: 'InternetGatewayDevice.DeviceInfo.UpTime', operator: '$gte', value: '500' },
          { path: '_tags', operator: '$ne', value: 'odd' },
        ],
      },
      returnAll: true,
    });
    expect(ids(r.json).sort()).toEqual(['A0B1C2-BULK%2DONT-BULK0006', 'A0B1C2-BULK%2DONT-BULK0008']);
    expect(JSON.parse(lastList().query.query)).toEqual({
      $and: [{ _tags: 'bulk' }, { 'InternetGatewayDevice.DeviceInfo.UpTime': { $gte: 500 } }, { _tags: { $ne: 'odd' } }],
    });
  });

  it('$in, $regex, $exists, $lt on dates', async () => {
    const byIn = await find({ conditions: { condition: [{ path: '_deviceId._SerialNumber', operator: '$in', value: 'ZTEGC88D3E2A, ALCLB3C4D5E6' }] }, returnAll: true });
    expect(ids(byIn.json).sort()).toEqual([SEED_IDS.offline, SEED_IDS.zte].sort());
    const byRegex = await find({ conditions: { condition: [{ path: 'InternetGatewayDevice.DeviceInfo.ModelName', operator: '$regex', value: '^HG82' }] }, returnAll: true });
    expect(ids(byRegex.json)).toEqual([SEED_IDS.huawei]);
    const tr181 = await find({ conditions: { condition: [{ path: 'Device.DeviceInfo.SerialNumber', operator: '$exists', value: 'true' }] }, returnAll: true });
    expect(ids(tr181.json)).toEqual([SEED_IDS.tplink]);
    const stale = await find({ conditions: { condition: [{ path: '_lastInform', operator: '$lt', value: new Date(Date.now() - 86_400_000).toISOString() }] }, returnAll: true });
    expect(ids(stale.json)).toEqual([SEED_IDS.offline]);
  });

  it('takes a raw JSON query, and names the parameter when it is broken', async () => {
    const r = await find({ queryMode: 'json', queryJson: '{"$or": [{"_tags": "business"}, {"_tags": "mesh"}]}', returnAll: true });
    expect(ids(r.json).sort()).toEqual([SEED_IDS.huawei, SEED_IDS.tplink].sort());
    const broken = await env.run({ operation: 'findDevices', queryMode: 'json', queryJson: '{"_tags": ' });
    expect(broken.error).toMatchObject({ parameter: 'queryJson', message: 'The query is not valid JSON' });
  });

  it('outputs the NBI device document as it is; a projection keeps it small', async () => {
    const full = await find({ conditions: { condition: [{ path: '_id', value: SEED_IDS.zte }] } });
    expect(full.json).toEqual([env.acs.device(SEED_IDS.zte)]);
    const slim = await find({ conditions: { condition: [{ path: '_id', value: SEED_IDS.zte }] }, projection: '_deviceId, InternetGatewayDevice.DeviceInfo.SoftwareVersion' });
    expect(lastList().query.projection).toBe('_deviceId,InternetGatewayDevice.DeviceInfo.SoftwareVersion');
    expect(Object.keys(slim.json[0]).sort()).toEqual(['InternetGatewayDevice', '_deviceId', '_id']);
    expect(slim.json[0]).toMatchObject({ InternetGatewayDevice: { DeviceInfo: { SoftwareVersion: { _value: 'V6.0.10P3N12', _type: 'xsd:string' } } } });
  });

  it('sort, skip and limit', async () => {
    const r = await find({ conditions: { condition: [{ path: '_tags', value: 'bulk' }] }, limit: 3, findOptions: { sort: '{"InternetGatewayDevice.DeviceInfo.UpTime": -1}', skip: 1 }, projection: '_id' });
    expect(ids(r.json)).toEqual(['A0B1C2-BULK%2DONT-BULK0008', 'A0B1C2-BULK%2DONT-BULK0007', 'A0B1C2-BULK%2DONT-BULK0006']);
    expect(lastList().query).toMatchObject({ skip: '1', limit: '3', sort: '{"InternetGatewayDevice.DeviceInfo.UpTime":-1}' });
    const bad = await env.run({ operation: 'findDevices', findOptions: { sort: '{"_lastInform": "down"}' } });
    expect(bad.error).toMatchObject({ parameter: 'findOptions.sort', message: 'Sort "_lastInform" must be 1 (ascending) or -1 (descending), not "down"' });
  });
});

describe('GenieACS Find Devices: Return All', () => {
  const pagesOf = (before: number) => env.acs.requests.slice(before).filter((q) => q.path === '/devices/').map((q) => [q.query.skip ?? '0', q.query.limit, q.query.sort]);

  it('pages with skip/limit sorted by _id until the total header is reached', async () => {
    const before = env.acs.requests.length;
    const r = await find({ returnAll: true, projection: '_id', findOptions: { pageSize: 4 } });
    const total = env.acs.devices().length;
    expect(total).toBe(4 + BULK);
    expect(r.json).toHaveLength(total);
    expect(new Set(ids(r.json)).size).toBe(total);
    expect(ids(r.json)).toEqual([...ids(r.json)].sort());
    expect(pagesOf(before)).toEqual([
      ['0', '4', '{"_id":1}'],
      ['4', '4', '{"_id":1}'],
      ['8', '4', '{"_id":1}'],
      ['12', '4', '{"_id":1}'],
    ]);
  });

  it('a full last page costs no extra read (the total says it was the last); the user sort keeps _id as tie-breaker', async () => {
    const before = env.acs.requests.length;
    const r = await find({ conditions: { condition: [{ path: '_tags', value: 'odd' }] }, returnAll: true, projection: '_id', findOptions: { pageSize: 5, sort: '{"_lastInform": 1}' } });
    expect(r.json).toHaveLength(5);
    expect(pagesOf(before)).toEqual([['0', '5', '{"_lastInform":1,"_id":1}']]);
    // Oldest inform first: BULK0009 informed 9 minutes ago.
    expect(ids(r.json)[0]).toBe('A0B1C2-BULK%2DONT-BULK0009');
  });

  it('one item per device, each paired with its input item', async () => {
    const r = await find({ conditions: { condition: [{ path: '_tags', value: 'odd' }] }, returnAll: true, projection: '_id', findOptions: { pageSize: 2 } });
    expect(r.items).toHaveLength(5);
    expect(r.items.every((i) => JSON.stringify(i.pairedItem) === '{"item":0}')).toBe(true);
  });
});
