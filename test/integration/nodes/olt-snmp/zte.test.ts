// The OLT SNMP node against fake ZTE OLTs: C300/C320 (.1012 tree, ONU-side power raw·0.002−30,
// 65535 = N/A, 0-based phase state) and C600 (.1082.500 tree, OLT-side RX in 0.001 dBm with
// 65535000 = N/A and −80000 = no signal, 1-based phase state).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOlt } from '../../../fakes/olt/index.ts';
import type { FakeOlt } from '../../../fakes/olt/index.ts';
import { credentialFor, startOltEnv } from './setup.ts';
import type { OltEnv } from './setup.ts';

let env: OltEnv;
beforeAll(async () => {
  env = await startOltEnv();
});
afterAll(async () => {
  await env?.close();
});

describe('OLT SNMP: ZTE C300/C320', () => {
  let olt: FakeOlt;
  let cred: string;
  beforeAll(async () => {
    olt = await startFakeOlt({
      vendor: 'zte-c300',
      onus: [
        { port: '1/2/1', onuId: 1, rxPowerDbm: -21.5, txPowerDbm: 2.3, serial: 'ZTEGC8A1B2C3', name: 'dupont', description: '12 rue Haute', type: 'ZTE-F670L' },
        { port: '1/2/1', onuId: 2, state: 'los' },
        { port: '1/2/1', onuId: 5, raw: { rx: 1000, tx: 40000 } },
        { port: '1/2/1', onuId: 6, state: 'auth-failed' },
        { port: '1/2/1', onuId: 8, raw: { phase: 0 } },
        { port: '1/1/1', onuId: 1, rxPowerDbm: -17.25 },
      ],
      ports: [{ port: '1/2/1', operStatus: 2, inOctets: 2n ** 60n + 5n, outOctets: 42, alias: 'rue Haute' }],
    });
    cred = await env.credential(credentialFor(olt, 'v3'));
  });
  afterAll(async () => {
    await olt?.close();
  });

  it('one ONU: ifIndex 0x10000000|slot<<16|port<<8, ONU-side power in dBm, no OLT-side column (null)', async () => {
    const r = await env.run({ operation: 'onuOptical', vendor: 'zte-c300', ponPort: 'gpon-olt_1/2/1', onuScope: 'one', onuId: 1 }, { credId: cred });
    expect(r.error).toBeUndefined();
    expect(r.json).toEqual([{ source: 'olt-snmp', olt: '127.0.0.1', vendor: 'zte-c300', ponPort: '1/2/1', ifIndex: 268566784, onuId: 1, rxPowerDbm: -21.5, txPowerDbm: 2.3, oltRxPowerDbm: null }]);
    const other = await env.run({ operation: 'onuOptical', vendor: 'zte-c300', ponPort: '1/1/1', onuScope: 'one', onuId: 1 }, { credId: cred });
    expect(other.json[0]).toMatchObject({ ifIndex: 268501248, rxPowerDbm: -17.25 });
  });

  it('all ONUs: 65535 is null, raw words are read as signed 16-bit (1000 → −28, 40000 → −81.072)', async () => {
    const r = await env.run({ operation: 'onuOptical', vendor: 'zte-c300', ponPort: '1/2/1', onuScope: 'all' }, { credId: cred });
    expect(r.json.map((j) => [j.onuId, j.rxPowerDbm, j.txPowerDbm])).toEqual([
      [1, -21.5, 2.3],
      [2, null, null],
      [5, -28, -81.072],
      [6, null, null],
      [8, -21.5, 2.3],
    ]);
  });

  it('status: 0-based phase state as words, last down cause, serial, names and model', async () => {
    const r = await env.run({ operation: 'onuStatus', vendor: 'zte-c300', ponPort: '1/2/1', onuScope: 'all', includeOptical: true }, { credId: cred });
    const byId = Object.fromEntries(r.json.map((j) => [j.onuId, j]));
    expect(byId[1]).toMatchObject({ status: 'online', vendorState: 'working', lastDownCause: null, serialNumber: 'ZTEGC8A1B2C3', name: 'dupont', description: '12 rue Haute', onuType: 'ZTE-F670L', rxPowerDbm: -21.5 });
    expect(byId[2]).toMatchObject({ status: 'los', vendorState: 'los', lastDownCause: 'LOS', rxPowerDbm: null });
    expect(byId[6]).toMatchObject({ status: 'auth-failed', vendorState: 'authFailed' });
    expect(byId[8]).toMatchObject({ status: 'syncing', vendorState: 'logging' });
  });

  it('PON port status: oper status down, alias, a Counter64 above 2^53 as a decimal string', async () => {
    const r = await env.run({ operation: 'portStatus', port: 'gpon-olt_1/2/1' }, { credId: cred });
    expect(r.json).toEqual([
      {
        source: 'olt-snmp',
        olt: '127.0.0.1',
        ifIndex: 268566784,
        name: 'gpon-olt_1/2/1',
        description: 'gpon-olt_1/2/1',
        alias: 'rue Haute',
        adminStatus: 'up',
        operStatus: 'down',
        inOctets: (2n ** 60n + 5n).toString(),
        outOctets: 42,
        vendor: 'zte-c300',
        ponPort: '1/2/1',
      },
    ]);
  });
});

describe('OLT SNMP: ZTE C600', () => {
  let olt: FakeOlt;
  let cred: string;
  beforeAll(async () => {
    olt = await startFakeOlt({
      vendor: 'zte-c600',
      onus: [
        { port: '1/3/1', onuId: 1, rxPowerDbm: -20.1, oltRxPowerDbm: -22.456 },
        { port: '1/3/1', onuId: 2, state: 'offline' },
        { port: '1/3/1', onuId: 3, state: 'los', oltRxPowerDbm: -80 },
        { port: '1/3/1', onuId: 4, state: 'dying-gasp' },
      ],
    });
    cred = await env.credential(credentialFor(olt));
  });
  afterAll(async () => {
    await olt?.close();
  });

  it('ifIndex 0x11010000|slot<<8|port; OLT-side RX in dBm, 65535000 → null, −80000 stays −80 dBm (no signal)', async () => {
    const r = await env.run({ operation: 'onuOptical', vendor: 'zte-c600', ponPort: 'gpon_olt-1/3/1', onuScope: 'all' }, { credId: cred });
    expect(r.error).toBeUndefined();
    expect(r.json[0]).toEqual({ source: 'olt-snmp', olt: '127.0.0.1', vendor: 'zte-c600', ponPort: '1/3/1', ifIndex: 285278977, onuId: 1, rxPowerDbm: -20.1, txPowerDbm: null, oltRxPowerDbm: -22.456 });
    expect(r.json.map((j) => [j.onuId, j.rxPowerDbm, j.oltRxPowerDbm])).toEqual([
      [1, -20.1, -22.456],
      [2, null, null],
      [3, null, -80],
      [4, null, null],
    ]);
  });

  it('status: the C600 phase state counts from 1', async () => {
    const r = await env.run({ operation: 'onuStatus', vendor: 'zte-c600', ponPort: '1/3/1', onuScope: 'all' }, { credId: cred });
    expect(r.json.map((j) => [j.onuId, j.status, j.vendorState])).toEqual([
      [1, 'online', 'working'],
      [2, 'offline', 'offline'],
      [3, 'los', 'los'],
      [4, 'dying-gasp', 'dyingGasp'],
    ]);
    expect(r.json[0]).toMatchObject({ name: 'onu-1', lastDownCause: null });
  });

  it('the port may also be given as rack/shelf/slot/port or as its ifIndex', async () => {
    for (const ponPort of ['1/1/3/1', '285278977']) {
      const r = await env.run({ operation: 'onuOptical', vendor: 'zte-c600', ponPort, onuScope: 'one', onuId: 1 }, { credId: cred });
      expect(r.json[0]).toMatchObject({ ponPort: '1/3/1', ifIndex: 285278977, oltRxPowerDbm: -22.456 });
    }
  });
});
