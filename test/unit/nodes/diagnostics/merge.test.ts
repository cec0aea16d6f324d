// Combining sources: hosts and mesh nodes deduped by MAC with the bridge preferred, Wi-Fi kept per
// source (bridge first), OLT items turned into downstream/upstream readings.
import { describe, expect, it } from 'vitest';
import type { BridgeItem, OltItem } from '../../../../nodes/diagnostics/classify.ts';
import { extractDocument } from '../../../../nodes/diagnostics/extract/index.ts';
import { bridgeView, mergeByMac, mergeSources, normalizeConnectionType, oltReadings } from '../../../../nodes/diagnostics/merge.ts';
import { DEFAULT_THRESHOLDS } from '../../../../nodes/diagnostics/thresholds.ts';
import type { Warning } from '../../../../nodes/diagnostics/types.ts';
import { XX230V, xx230vDocument } from '../../../fixtures/genieacs/tplink-xx230v.ts';

const olt = (o: Partial<OltItem> = {}): OltItem => ({
  source: 'olt-snmp',
  olt: '10.20.0.2',
  vendor: 'huawei',
  ponPort: '0/1/0',
  ifIndex: 4194312192,
  onuId: 3,
  rxPowerDbm: -19.42,
  txPowerDbm: 2.31,
  oltRxPowerDbm: -22.15,
  ...o,
});

const bridge = (o: Partial<BridgeItem> = {}): BridgeItem => ({
  source: 'tplink-bridge',
  model: 'XX230v',
  firmware: '0.6.0 3.0.0 v6066.0',
  wifi: [
    { band: '2.4G', ssid: 'Gigafibre-4471', channel: 1, enabled: true, clients: 4 },
    { band: '5G', ssid: 'Gigafibre-4471-5G', channel: 36, enabled: true, clients: 1 },
  ],
  hosts: [
    { mac: XX230V.phone.toLowerCase().replace(/:/g, '-'), ip: '192.168.1.150', hostname: 'Galaxy-S23', interface: 'wifi-2.4g', active: true },
    { mac: 'DE:AD:BE:EF:00:01', ip: '192.168.1.151', hostname: 'visitor', interface: 'wifi-5g', active: true },
  ],
  mesh: [{ mac: XX230V.decoWifi, name: 'Deco Sala', backhaul: '5GHz Wi-Fi', signalDbm: -55 }],
  wan: { status: 'Connected', ip: '100.72.14.201', type: 'PPPoE' },
  optical: { rxPowerDbm: -19.2, txPowerDbm: 2.8 },
  ...o,
});

describe('mergeByMac', () => {
  it('keeps the first list’s values and fills what it lacks from later lists', () => {
    const merged = mergeByMac(
      [{ mac: 'A', ip: '1', source: 'tplink-bridge' }],
      [
        { mac: 'A', ip: '2', hostname: 'h', source: 'genieacs' },
        { mac: 'B', ip: '3', source: 'genieacs' },
      ] as { mac: string; ip: string; hostname?: string; source: string }[],
    );
    expect(merged).toEqual([
      { mac: 'A', ip: '1', hostname: 'h', source: 'tplink-bridge' },
      { mac: 'B', ip: '3', source: 'genieacs' },
    ]);
  });
});

describe('OLT readings', () => {
  it('makes a downstream reading (ONU receive + ONU transmit) and an upstream one (OLT receive)', () => {
    const w: Warning[] = [];
    expect(oltReadings(olt(), w)).toEqual([
      { source: 'olt-snmp', direction: 'downstream', rxPowerDbm: -19.42, txPowerDbm: 2.31, ponPort: '0/1/0', onuId: 3, olt: '10.20.0.2' },
      { source: 'olt-snmp', direction: 'upstream', rxPowerDbm: -22.15, ponPort: '0/1/0', onuId: 3, olt: '10.20.0.2' },
    ]);
    expect(w).toEqual([]);
  });

  it('keeps null readings as null (ONU offline) and leaves out directions the item does not carry', () => {
    const w: Warning[] = [];
    const { oltRxPowerDbm: _, ...noUpstream } = olt({ rxPowerDbm: null, txPowerDbm: null });
    expect(oltReadings(noUpstream, w)).toEqual([{ source: 'olt-snmp', direction: 'downstream', rxPowerDbm: null, txPowerDbm: null, ponPort: '0/1/0', onuId: 3, olt: '10.20.0.2' }]);
  });

  it('turns an implausible OLT value into null with a warning naming the OLT and ONU', () => {
    const w: Warning[] = [];
    const [down] = oltReadings(olt({ rxPowerDbm: -80 }), w);
    expect(down!.rxPowerDbm).toBeNull();
    expect(w[0]).toMatchObject({ code: 'implausible_value', source: 'olt-snmp' });
    expect(w[0]!.message).toContain('OLT 10.20.0.2 ONU 0/1/0:3 rxPowerDbm = -80');
  });
});

describe('bridge items', () => {
  it('normalises bands, MACs, backhaul words and the WAN type', () => {
    const v = bridgeView(bridge(), []);
    expect(v.wifi.map((x) => [x.band, x.ssid, x.clients, x.source])).toEqual([
      ['2.4GHz', 'Gigafibre-4471', 4, 'tplink-bridge'],
      ['5GHz', 'Gigafibre-4471-5G', 1, 'tplink-bridge'],
    ]);
    expect(v.hosts[0]!.mac).toBe(XX230V.phone);
    expect(v.mesh).toEqual([{ mac: XX230V.decoWifi, name: 'Deco Sala', backhaul: 'wifi', signalDbm: -55, source: 'tplink-bridge' }]);
    expect(v.interfaces).toEqual([{ name: 'WAN', type: 'wan', status: 'Connected', ipAddress: '100.72.14.201', connectionType: 'pppoe', source: 'tplink-bridge' }]);
    expect(v.optical).toEqual([{ source: 'tplink-bridge', direction: 'downstream', rxPowerDbm: -19.2, txPowerDbm: 2.8 }]);
  });

  it('understands the usual WAN type words', () => {
    expect(['PPPoE', 'Dynamic IP', 'DHCP', 'Static IP', 'L2TP'].map(normalizeConnectionType)).toEqual(['pppoe', 'dhcp', 'dhcp', 'static', undefined]);
  });
});

describe('mergeSources', () => {
  const modem = extractDocument(xx230vDocument());

  it('prefers the bridge for hosts and mesh (by MAC) and lists its Wi-Fi first, keeping GenieACS’ marked by source', () => {
    const m = mergeSources({ modem, olt: [], bridges: [bridge()] }, DEFAULT_THRESHOLDS, []);
    expect(m.wifi.map((w) => `${w.source}:${w.ssid}`)).toEqual([
      'tplink-bridge:Gigafibre-4471',
      'tplink-bridge:Gigafibre-4471-5G',
      'genieacs:Gigafibre-4471',
      'genieacs:Gigafibre-4471-Guest',
      'genieacs:Gigafibre-4471-5G',
      'genieacs:Gigafibre-4471-5G-Guest',
    ]);
    const phone = m.hosts.filter((h) => h.mac === XX230V.phone);
    expect(phone).toEqual([{ mac: XX230V.phone, ip: '192.168.1.150', hostname: 'Galaxy-S23', interface: 'wifi-2.4g', active: true, source: 'tplink-bridge' }]);
    expect(m.hosts.map((h) => h.mac)).toEqual([XX230V.phone, 'DE:AD:BE:EF:00:01', XX230V.laptop, '00:1A:79:5C:3D:02', XX230V.decoWifi]);
    expect(m.mesh).toEqual([
      { mac: XX230V.decoWifi, name: 'Deco Sala', ip: '192.168.1.115', backhaul: 'wifi', signalDbm: -55, active: true, source: 'tplink-bridge' },
      { mac: XX230V.decoWired, name: 'Deco X20', ip: '192.168.1.116', backhaul: 'ethernet', active: false, source: 'genieacs' },
    ]);
    expect(m.interfaces.at(-1)).toMatchObject({ source: 'tplink-bridge', type: 'wan' });
  });

  it('orders optical readings OLT, GenieACS, bridge, and grades each by its receive power', () => {
    const m = mergeSources({ modem, olt: [olt({ rxPowerDbm: -27.9, oltRxPowerDbm: -30.6 })], bridges: [bridge()] }, DEFAULT_THRESHOLDS, []);
    expect(m.opticalStatus.map((o) => [o.source, o.direction, o.rxPowerDbm, o.level])).toEqual([
      ['olt-snmp', 'downstream', -27.9, 'warning'],
      ['olt-snmp', 'upstream', -30.6, 'critical'],
      ['genieacs', 'downstream', -19.1, 'ok'],
      ['tplink-bridge', 'downstream', -19.2, 'ok'],
    ]);
  });

  it('keeps one reading per OLT, port, ONU and direction, the later item winning', () => {
    const m = mergeSources({ olt: [olt(), olt({ rxPowerDbm: -20.01 }), olt({ onuId: 4 })], bridges: [] }, DEFAULT_THRESHOLDS, []);
    expect(m.opticalStatus.map((o) => `${o.onuId}/${o.direction}:${o.rxPowerDbm}`)).toEqual(['3/downstream:-20.01', '3/upstream:-22.15', '4/downstream:-19.42', '4/upstream:-22.15']);
  });

  it('works with no GenieACS document at all', () => {
    const m = mergeSources({ olt: [olt()], bridges: [] }, DEFAULT_THRESHOLDS, []);
    expect(m).toMatchObject({ interfaces: [], wifi: [], mesh: [], hosts: [] });
    expect(m.opticalStatus).toHaveLength(2);
  });
});
