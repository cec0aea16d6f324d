// Vendor profiles: PON port ↔ ifIndex for each layout, raw → dBm scales and sentinels, status words.
import { describe, expect, it } from 'vitest';
import { PROFILES, parsePonPort, ponPortOf } from '../../../../nodes/olt-snmp/profiles/index.ts';
import { HUAWEI_INVALID, huawei, huaweiPortIfIndex, huaweiPortName } from '../../../../nodes/olt-snmp/profiles/huawei.ts';
import { zteC300, zteC300PortIfIndex, zteC300PortName } from '../../../../nodes/olt-snmp/profiles/zte-c300.ts';
import { ZTE_C600_OLT_RX_NA, zteC600, zteC600OltRxDbm, zteC600PortIfIndex, zteC600PortName } from '../../../../nodes/olt-snmp/profiles/zte-c600.ts';
import { ZTE_ONU_NA, zteOnuDbm } from '../../../../nodes/olt-snmp/profiles/zte-common.ts';

describe('ifIndex encoding', () => {
  it('Huawei: 4194304000 + slot·8192 + port·256 (0/1/0 → 4194312192), and back', () => {
    expect(huaweiPortIfIndex(0, 1, 0)).toBe(4194312192);
    expect(huaweiPortIfIndex(0, 1, 0)).toBe(0xfa000000 + (1 << 13));
    expect(huaweiPortIfIndex(0, 17, 15)).toBe(4194304000 + 17 * 8192 + 15 * 256);
    expect(huaweiPortName(4194312192)).toBe('0/1/0');
    for (let slot = 0; slot < 64; slot += 7) for (let port = 0; port < 32; port += 5) expect(huaweiPortName(huaweiPortIfIndex(0, slot, port))).toBe(`0/${slot}/${port}`);
    expect(huaweiPortName(4194312192 + 1)).toBeNull();
    expect(huaweiPortName(1)).toBeNull();
    expect(() => huaweiPortIfIndex(1, 1, 0)).toThrow(/frame must be 0/);
    expect(() => huaweiPortIfIndex(0, 1, 32)).toThrow(/port must be 0–31/);
  });

  it('ZTE C300/C320: 0x10000000 | slot<<16 | port<<8 (1/1/1 → 268501248, 1/2/1 → 268566784), and back', () => {
    expect(zteC300PortIfIndex(1, 1)).toBe(268501248);
    expect(zteC300PortIfIndex(2, 1)).toBe(268566784);
    expect(zteC300PortName(268566784)).toBe('1/2/1');
    expect(zteC300PortName(268566784 + 1)).toBeNull();
    expect(zteC300PortName(4194312192)).toBeNull();
  });

  it('ZTE C600: type 1, rack, shelf, slot, port (1/3/1 → 0x11010301), and back', () => {
    expect(zteC600PortIfIndex(1, 1, 3, 1)).toBe(0x11010301);
    expect(zteC600PortIfIndex(1, 1, 3, 1)).toBe(285278208 + 3 * 256 + 1);
    expect(zteC600PortName(0x11010301)).toBe('1/3/1');
    expect(zteC600PortName(zteC600PortIfIndex(2, 1, 4, 16))).toBe('2/1/4/16');
    expect(zteC600PortName(268566784)).toBeNull(); // a C300 index (rack 0)
  });

  it('the layouts do not overlap, so port status can name PON ports without a vendor', () => {
    expect(ponPortOf(4194312192)).toEqual({ vendor: 'huawei', ponPort: '0/1/0' });
    expect(ponPortOf(268566784)).toEqual({ vendor: 'zte-c300', ponPort: '1/2/1' });
    expect(ponPortOf(0x11010301)).toEqual({ vendor: 'zte-c600', ponPort: '1/3/1' });
    expect(ponPortOf(2)).toBeNull();
  });

  it('parses what users type: names with interface prefixes, short forms, the ifIndex itself', () => {
    expect(parsePonPort(huawei, 'GPON 0/1/0')).toEqual({ name: '0/1/0', ifIndex: 4194312192 });
    expect(parsePonPort(huawei, '1/0')).toEqual({ name: '0/1/0', ifIndex: 4194312192 });
    expect(parsePonPort(huawei, ' 4194312192 ')).toEqual({ name: '0/1/0', ifIndex: 4194312192 });
    expect(parsePonPort(zteC300, 'gpon-olt_1/2/1')).toEqual({ name: '1/2/1', ifIndex: 268566784 });
    expect(parsePonPort(zteC300, 'gpon_1/2/1')).toEqual({ name: '1/2/1', ifIndex: 268566784 });
    expect(parsePonPort(zteC600, 'gpon_olt-1/3/1')).toEqual({ name: '1/3/1', ifIndex: 0x11010301 });
    expect(parsePonPort(zteC600, '1/1/3/1')).toEqual({ name: '1/3/1', ifIndex: 0x11010301 });
    expect(() => parsePonPort(zteC300, '2/2/1')).toThrow(/shelf must be 1–1/);
    expect(() => parsePonPort(huawei, '268566784')).toThrow('268566784 is not a Huawei MA5600T/MA5800 PON port ifIndex');
    expect(() => parsePonPort(huawei, 'eth0')).toThrow(/is not a PON port/);
  });
});

describe('scales', () => {
  const hw = huawei.optical;
  it('Huawei: ONT RX/TX in 0.01 dBm, OLT RX as (v − 10000)/100, 0x7FFFFFFF → null', () => {
    expect(hw.rxPowerDbm!.scale(-2150)).toBe(-21.5);
    expect(hw.txPowerDbm!.scale(231)).toBe(2.31);
    expect(hw.oltRxPowerDbm!.scale(7850)).toBe(-21.5);
    expect(hw.oltRxPowerDbm!.scale(10000)).toBe(0);
    expect(hw.voltageV!.scale(3300)).toBe(3.3);
    expect(hw.temperatureC!.scale(45)).toBe(45);
    for (const column of Object.values(hw)) expect(column!.scale(HUAWEI_INVALID)).toBeNull();
  });

  it('ZTE ONU side: signed16(raw)·0.002 − 30, 65535 → null', () => {
    expect(zteOnuDbm(0)).toBe(-30);
    expect(zteOnuDbm(1000)).toBe(-28);
    expect(zteOnuDbm(4250)).toBe(-21.5);
    expect(zteOnuDbm(16150)).toBe(2.3);
    expect(zteOnuDbm(40000)).toBe(-81.072); // 40000 − 65536 = −25536
    expect(zteOnuDbm(ZTE_ONU_NA)).toBeNull();
    expect(zteOnuDbm(-1)).toBeNull(); // 65535 sent as a signed Integer
  });

  it('ZTE C600 OLT side: 0.001 dBm, 65535000 → null, −80000 stays −80 dBm (no signal)', () => {
    expect(zteC600OltRxDbm(-22456)).toBe(-22.456);
    expect(zteC600OltRxDbm(ZTE_C600_OLT_RX_NA)).toBeNull();
    expect(zteC600OltRxDbm(-80000)).toBe(-80);
  });
});

describe('status words', () => {
  it('Huawei: run status, with the last down cause telling LOS and dying gasp from offline', () => {
    expect(huawei.statusWord(1, -1)).toBe('online');
    expect(huawei.statusWord(2, 1)).toBe('los');
    expect(huawei.statusWord(2, 2)).toBe('los');
    expect(huawei.statusWord(2, 13)).toBe('dying-gasp');
    expect(huawei.statusWord(2, 9)).toBe('offline');
    expect(huawei.statusWord(-1, null)).toBe('unknown');
    expect(huawei.statusWord(null, null)).toBe('unknown');
    expect(huawei.downCauseText(13)).toBe('dying-gasp');
    expect(huawei.downCauseText(-1)).toBeNull();
    expect(huawei.downCauseText(99)).toBe('cause 99');
  });

  it('ZTE: the phase state is 0-based on the C300 and 1-based on the C600', () => {
    const words = ['syncing', 'los', 'syncing', 'online', 'dying-gasp', 'auth-failed', 'offline'];
    expect([0, 1, 2, 3, 4, 5, 6].map((v) => zteC300.statusWord(v, null))).toEqual(words);
    expect([1, 2, 3, 4, 5, 6, 7].map((v) => zteC600.statusWord(v, null))).toEqual(words);
    expect(zteC300.statusWord(7, null)).toBe('unknown');
    expect(zteC600.statusWord(0, null)).toBe('unknown');
    expect(zteC600.stateName(4)).toBe('working');
    expect(zteC300.downCauseText(' LOS ')).toBe('LOS');
    expect(zteC300.downCauseText('')).toBeNull();
  });

  it('every profile has a state column and the three optical fields are known names', () => {
    for (const p of Object.values(PROFILES)) {
      expect(p.status.state.oid).toMatch(/^1\.3\.6\.1\.4\.1\.(2011|3902)\./);
      expect(Object.keys(p.optical).every((k) => ['rxPowerDbm', 'txPowerDbm', 'oltRxPowerDbm', 'temperatureC', 'voltageV', 'biasCurrentMa'].includes(k))).toBe(true);
    }
  });
});
