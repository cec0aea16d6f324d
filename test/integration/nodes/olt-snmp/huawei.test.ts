// The OLT SNMP node against a fake Huawei MA5800 (net-snmp agent): optical power in dBm from
// 0.01 dBm and (v−10000)/100, the 0x7FFFFFFF sentinel as null, run status + last down cause.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOlt } from '../../../fakes/olt/index.ts';
import type { FakeOlt } from '../../../fakes/olt/index.ts';
import { credentialFor, startOltEnv } from './setup.ts';
import type { OltEnv } from './setup.ts';

let env: OltEnv;
let olt: FakeOlt;
let v2: string;
let v3: string;

beforeAll(async () => {
  olt = await startFakeOlt({
    vendor: 'huawei',
    onus: [
      { port: '0/1/0', onuId: 0, rxPowerDbm: -21.5, txPowerDbm: 2.31, oltRxPowerDbm: -23.07, temperatureC: 41, voltageV: 3.28, biasCurrentMa: 14, serial: 'HWTC1A2B3C4D', description: 'Dupont, 12 rue Haute' },
      { port: '0/1/0', onuId: 3, state: 'los', serial: 'HWTCDEADBEEF' },
      { port: '0/1/0', onuId: 7, rxPowerDbm: -28.12, txPowerDbm: null, oltRxPowerDbm: -30.5 },
      { port: '0/1/0', onuId: 9, state: 'dying-gasp' },
      { port: '0/2/5', onuId: 0, rxPowerDbm: -19.04 },
    ],
  });
  env = await startOltEnv();
  v2 = await env.credential(credentialFor(olt));
  v3 = await env.credential(credentialFor(olt, 'v3'));
});
afterAll(async () => {
  await env?.close();
  await olt?.close();
});

const optical = { operation: 'onuOptical', vendor: 'huawei', ponPort: '0/1/0' };

describe('OLT SNMP: Huawei', () => {
  it('reads one ONU\'s optical power in dBm with the shared item shape (v2c)', async () => {
    const r = await env.run({ ...optical, onuScope: 'one', onuId: 0 }, { credId: v2 });
    expect(r.error).toBeUndefined();
    expect(r.json).toEqual([
      {
        source: 'olt-snmp',
        olt: '127.0.0.1',
        vendor: 'huawei',
        ponPort: '0/1/0',
        ifIndex: 4194312192,
        onuId: 0,
        rxPowerDbm: -21.5,
        txPowerDbm: 2.31,
        oltRxPowerDbm: -23.07,
        temperatureC: 41,
        voltageV: 3.28,
        biasCurrentMa: 14,
      },
    ]);
    expect(r.items[0].pairedItem).toEqual({ item: 0 });
    // One ONU is one GET, not a walk.
    expect(olt.requests.at(-1)).toBe('GetRequest');
  });

  it('the same over SNMPv3 authPriv (SHA/AES), with the port given as an interface name', async () => {
    const r = await env.run({ ...optical, ponPort: 'GPON 0/2/5', onuScope: 'one', onuId: 0 }, { credId: v3 });
    expect(r.error).toBeUndefined();
    expect(r.json[0]).toMatchObject({ ponPort: '0/2/5', ifIndex: olt.ifIndexOf('0/2/5'), onuId: 0, rxPowerDbm: -19.04 });
  });

  it('all ONUs on a port: one item each, ONU id order; offline readings (0x7FFFFFFF) are null', async () => {
    const r = await env.run({ ...optical, onuScope: 'all', options: {} }, { credId: v2 });
    expect(r.json.map((j) => j.onuId)).toEqual([0, 3, 7, 9]);
    const byId = Object.fromEntries(r.json.map((j) => [j.onuId, j]));
    expect(byId[3]).toMatchObject({ rxPowerDbm: null, txPowerDbm: null, oltRxPowerDbm: null, temperatureC: null, voltageV: null, biasCurrentMa: null });
    expect(byId[7]).toMatchObject({ rxPowerDbm: -28.12, txPowerDbm: null, oltRxPowerDbm: -30.5 });
    expect(r.json.every((j) => j.ponPort === '0/1/0' && j.vendor === 'huawei')).toBe(true);
    expect(olt.requests).toContain('GetBulkRequest');
  });

  it('ONU status: run status and last down cause as words, serial decoded (4 ASCII + 4 hex)', async () => {
    const r = await env.run({ operation: 'onuStatus', vendor: 'huawei', ponPort: '0/1/0', onuScope: 'all' }, { credId: v2 });
    const byId = Object.fromEntries(r.json.map((j) => [j.onuId, j]));
    expect(byId[0]).toMatchObject({ status: 'online', vendorState: 'up', lastDownCause: null, serialNumber: 'HWTC1A2B3C4D', description: 'Dupont, 12 rue Haute' });
    expect(byId[3]).toMatchObject({ status: 'los', vendorState: 'down', lastDownCause: 'LOS', serialNumber: 'HWTCDEADBEEF' });
    expect(byId[9]).toMatchObject({ status: 'dying-gasp', lastDownCause: 'dying-gasp' });
    // Status items carry no optical keys unless asked.
    expect(byId[0]).not.toHaveProperty('rxPowerDbm');
  });

  it('sees changes on the OLT, and Include Status adds the status to optical items', async () => {
    olt.setOnu('0/1/0', 7, { state: 'offline', rxPowerDbm: null, oltRxPowerDbm: null, lastDownCause: 9 });
    const r = await env.run({ ...optical, onuScope: 'one', onuId: 7, includeStatus: true }, { credId: v2 });
    expect(r.json[0]).toMatchObject({ onuId: 7, rxPowerDbm: null, oltRxPowerDbm: null, status: 'offline', lastDownCause: 'reset ONT' });
    olt.setOnu('0/1/0', 7, { raw: { rx: -2733 } });
    const again = await env.run({ ...optical, onuScope: 'one', onuId: 7 }, { credId: v2 });
    expect(again.json[0].rxPowerDbm).toBe(-27.33);
  });

  it('one run per input item, each paired with its item', async () => {
    const r = await env.run(
      { ...optical, ponPort: '={{ $json.port }}', onuScope: 'one', onuId: '={{ $json.onu }}' },
      { credId: v2, input: [{ port: '0/1/0', onu: 0 }, { port: '0/2/5', onu: 0 }] },
    );
    expect(r.json.map((j) => [j.ponPort, j.rxPowerDbm])).toEqual([
      ['0/1/0', -21.5],
      ['0/2/5', -19.04],
    ]);
    expect(r.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('PON port status from IF-MIB, by name pattern; the uplink is left out', async () => {
    const r = await env.run({ operation: 'portStatus', port: 'gpon*' }, { credId: v2 });
    expect(r.json.map((j) => j.name)).toEqual(['GPON 0/1/0', 'GPON 0/2/5']);
    expect(r.json[0]).toMatchObject({ source: 'olt-snmp', ifIndex: 4194312192, vendor: 'huawei', ponPort: '0/1/0', adminStatus: 'up', operStatus: 'up' });
    const one = await env.run({ operation: 'portStatus', port: '0/2/5' }, { credId: v2 });
    expect(one.json.map((j) => j.ponPort)).toEqual(['0/2/5']);
  });
});
