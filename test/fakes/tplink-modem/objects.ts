// What the gateway reports, per profile. Values are strings, as the EX/XX firmwares send them
// (tplinkrouterc6u's fixtures: "enable":"1", "X_TP_LanConnType":"0"). List objects carry `stack`
// (the instance path, "1,0,0,0,0,0"). Derived values (upTime, per-band client counts) are filled
// in by acts.ts when read.
export type Entry = Record<string, string>;
export type ObjectStore = Record<string, Entry | Entry[]>;
export type Profile = 'healthy' | 'degraded';

export const ZERO_STACK = '0,0,0,0,0,0';
const st = (i: number) => `${i},0,0,0,0,0`;

/** 0.1 µW units of X_TP_GPON_Config: dBm = 10·log10(v · 0.0001). */
export function tenthMicrowatts(dbm: number): number {
  return Math.round(10 ** (dbm / 10) * 10_000);
}

function optical(rxDbm: number, txDbm: number): Entry {
  const rx = tenthMicrowatts(rxDbm);
  const tx = tenthMicrowatts(txDbm);
  const dbm = (v: number) => Math.round(10 * Math.log10(v * 0.0001) * 1000);
  return {
    name: 'optical0',
    enable: '1',
    status: 'Up',
    RXPower: String(rx),
    TXPower: String(tx),
    opticalSignalLevel: String(dbm(rx)),
    transmitOpticalLevel: String(dbm(tx)),
  };
}

function host(i: number, conn: string, mac: string, ip: string, name: string, active = '1'): Entry {
  return { stack: st(i), active, X_TP_LanConnType: conn, physAddress: mac, IPAddress: ip, hostName: name, leaseTimeRemaining: conn === '0' && i === 1 ? '0' : '71820' };
}

const HOSTS_HEALTHY: Entry[] = [
  host(1, '0', 'D4-5D-64-3A-10-7F', '192.168.1.100', 'DESKTOP-7QK2M1'),
  host(2, '3', 'F4-A3-86-2D-41-B5', '192.168.1.101', 'Galaxy-S23'),
  host(3, '3', '3C-06-30-8E-22-19', '192.168.1.102', 'iPhone-Marie'),
  host(4, '1', '48-D6-D5-71-0C-E2', '192.168.1.103', 'Chromecast'),
  host(5, '1', '9C-7B-EF-12-88-30', '192.168.1.104', 'HPLaserJet'),
  host(6, '2', '7A-11-52-C0-9D-04', '192.168.1.150', 'guest-phone'),
  host(7, '0', '00-1B-21-AA-40-96', '192.168.1.105', 'old-laptop', '0'),
];

const HOSTS_DEGRADED: Entry[] = [
  host(1, '0', 'D4-5D-64-3A-10-7F', '192.168.1.100', 'DESKTOP-7QK2M1'),
  host(2, '1', 'F4-A3-86-2D-41-B5', '192.168.1.101', 'Galaxy-S23'),
  host(3, '3', '3C-06-30-8E-22-19', '192.168.1.102', 'iPhone-Marie', '0'),
];

function wan(i: number, name: string, connType: string, up: boolean, ip: string, gw: string, dns: string, mac: string): Entry {
  return {
    stack: st(i),
    name,
    enable: '1',
    connType,
    connStatusV4: up ? 'Connected' : 'Disconnected',
    connIPv4Address: up ? ip : '0.0.0.0',
    connIPv4Gateway: up ? gw : '0.0.0.0',
    connIPv4SubnetMask: up ? (connType === 'pppoe' ? '255.255.255.255' : '255.255.255.0') : '0.0.0.0',
    dnsServers: up ? dns : '',
    MACAddr: mac,
  };
}

function mesh(i: number, mac: string, name: string, ip: string, backhaul: string, signalDbm: string): Entry {
  return { stack: st(i), mac, name, ip, backhaul, signalDbm, active: '1', model: 'Deco X20' };
}

export function buildProfile(profile: Profile): ObjectStore {
  const degraded = profile === 'degraded';
  return {
    DEV2_DEV_INFO: {
      modelName: 'XX230v',
      description: 'AX1800 Dual-Band Wi-Fi 6 GPON Router',
      manufacturer: 'TP-Link',
      manufacturerOUI: 'A842A1',
      hardwareVersion: 'XX230v v1.0 00000000',
      softwareVersion: '1.2.1 Build 20231108 Rel.52718n',
      serialNumber: '2237A1B004712',
      upTime: '0',
    },
    DEV2_ADT_WAN: [
      wan(1, 'pppoe_0_1_d', 'pppoe', !degraded, '100.64.12.34', '100.64.0.1', '1.1.1.1,8.8.8.8', 'A8-42-A1-12-34-57'),
      wan(2, 'ipoe_0_2_d', 'dhcp', true, '10.20.30.40', '10.20.0.1', '10.0.0.53', 'A8-42-A1-12-34-58'),
    ],
    DEV2_ADT_LAN: [{ stack: st(1), MACAddress: 'A8-42-A1-12-34-56', IPAddress: '192.168.1.1', IPSubnetMask: '255.255.255.0', DHCPv4Enable: '1' }],
    DEV2_ADT_WIFI_COMMON: [
      { stack: st(1), primaryEnable: '1', guestEnable: '1' },
      { stack: st(2), primaryEnable: '1', guestEnable: '0' },
    ],
    DEV2_WIFI_RADIO: [
      { stack: st(1), band: '2.4GHz', enable: '1', channel: degraded ? '11' : '6', autoChannelEnable: '1', operatingChannelBandwidth: '20MHz', operatingStandards: 'b,g,n,ax', clients: '0' },
      { stack: st(2), band: '5GHz', enable: '1', channel: '44', autoChannelEnable: '1', operatingChannelBandwidth: '80MHz', operatingStandards: 'a,n,ac,ax', clients: '0' },
    ],
    DEV2_WIFI_SSID: [
      { stack: st(1), band: '2.4GHz', SSID: 'Fibre-4712', enable: '1', channel: '', operatingChannelBandwidth: '', clients: '0', keyPassphrase: 'k7Qm-29xp-Lw4r' },
      { stack: st(2), band: '5GHz', SSID: 'Fibre-4712-5G', enable: '1', channel: '', operatingChannelBandwidth: '', clients: '0', keyPassphrase: 'k7Qm-29xp-Lw4r' },
    ],
    DEV2_HOST_ENTRY: (degraded ? HOSTS_DEGRADED : HOSTS_HEALTHY).map((h) => ({ ...h })),
    DEV2_MESH_AGENT: degraded
      ? [mesh(1, 'A8:42:A1:22:33:01', 'Deco Office', '192.168.1.2', 'wired', ''), mesh(2, 'A8:42:A1:22:33:02', 'Deco Basement', '192.168.1.3', '2.4G', '-84')]
      : [mesh(1, 'A8:42:A1:22:33:01', 'Deco Office', '192.168.1.2', 'wired', ''), mesh(2, 'A8:42:A1:22:33:02', 'Deco Basement', '192.168.1.3', '5G', '-58')],
    DEV2_OPTICAL_INTF: degraded ? optical(-28.5, 2.3) : optical(-19.0, 2.5),
    DEV2_MEM_STATUS: { total: '192780', free: degraded ? '21400' : '78400' },
    DEV2_PROC_STATUS: { CPUUsage: degraded ? '91' : '12' },
  };
}

/** Objects that only accept `op` (actions, not data). */
export const ACTIONS = new Set(['ACT_REBOOT']);
