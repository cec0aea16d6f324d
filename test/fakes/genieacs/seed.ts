// A small fleet for startFakeGenieAcs({ devices: seedDevices() }) (see README.md for the
// representation choices): a healthy TP-Link XX230v (TR-181, mesh), a ZTE F660 with a weak PON
// signal (TR-098), a Huawei HG8245H whose serial holds a "-" (id with %2D) and an offline Nokia
// G-240W-C whose product class holds "-" too. Times are relative to `now`.
import { deviceIdOf } from './device-id.ts';
import type { FakeDevice, ParamMap, ParamSpec, ParamValue } from './devices.ts';

const s = (v: ParamValue, writable = false): ParamSpec => [v, 'xsd:string', writable];
const u = (v: number, writable = false): ParamSpec => [v, 'xsd:unsignedInt', writable];
const i = (v: number, writable = false): ParamSpec => [v, 'xsd:int', writable];
const b = (v: boolean, writable = false): ParamSpec => [v, 'xsd:boolean', writable];

/** Prefixes every key of `params` with `prefix.`. */
const under = (prefix: string, params: ParamMap): ParamMap => Object.fromEntries(Object.entries(params).map(([k, v]) => [`${prefix}.${k}`, v]));

const ago = (now: Date, seconds: number): Date => new Date(now.getTime() - seconds * 1000);

export const XX230V = { oui: 'E848B8', productClass: 'XX230v', serialNumber: '2236130003847' };
export const F660 = { oui: 'CC1AFA', productClass: 'F660', serialNumber: 'ZTEGC88D3E2A' };
export const HG8245H = { oui: '00259E', productClass: 'HG8245H', serialNumber: '48575443-9A4B7C2E' };
export const G240WC = { oui: '00D0F6', productClass: 'G-240W-C', serialNumber: 'ALCLB3C4D5E6' };

/** The seeded devices' GenieACS ids (raw, single-escaped: use deviceIdPathSegment in URLs). */
export const SEED_IDS = {
  tplink: deviceIdOf(XX230V),
  zte: deviceIdOf(F660),
  huawei: deviceIdOf(HG8245H),
  offline: deviceIdOf(G240WC),
} as const;

function tr181Host(mac: string, ip: string, name: string, layer1: string, active = true): ParamMap {
  return { PhysAddress: s(mac), IPAddress: s(ip), HostName: s(name), Active: b(active), Layer1Interface: s(layer1), AddressSource: s('DHCP') };
}

function tr098Host(mac: string, ip: string, name: string, iface: string, active = true): ParamMap {
  const wifi = iface.includes('WLANConfiguration');
  return { MACAddress: s(mac), IPAddress: s(ip), HostName: s(name), Active: b(active), InterfaceType: s(wifi ? '802.11' : 'Ethernet'), Layer2Interface: s(iface), AddressSource: s('DHCP') };
}

function tplinkXX230v(now: Date): FakeDevice {
  const uptime = 734512;
  const wifi: ParamMap = {
    RadioNumberOfEntries: u(2),
    ...under('Radio.1', { Enable: b(true, true), Status: s('Up'), OperatingFrequencyBand: s('2.4GHz'), Channel: u(6, true), AutoChannelEnable: b(true, true), OperatingChannelBandwidth: s('20MHz', true), OperatingStandards: s('b,g,n,ax', true) }),
    ...under('Radio.2', { Enable: b(true, true), Status: s('Up'), OperatingFrequencyBand: s('5GHz'), Channel: u(44, true), AutoChannelEnable: b(true, true), OperatingChannelBandwidth: s('80MHz', true), OperatingStandards: s('a,n,ac,ax', true) }),
    SSIDNumberOfEntries: u(4),
    ...under('SSID.1', { Enable: b(true, true), Status: s('Up'), SSID: s('GigaFibre_3C10', true), BSSID: s('E8:48:B8:5A:3C:11'), LowerLayers: s('Device.WiFi.Radio.1') }),
    ...under('SSID.2', { Enable: b(false, true), Status: s('Down'), SSID: s('GigaFibre_Convidados', true), BSSID: s('E8:48:B8:5A:3C:12'), LowerLayers: s('Device.WiFi.Radio.1') }),
    ...under('SSID.3', { Enable: b(true, true), Status: s('Up'), SSID: s('GigaFibre_3C10_5G', true), BSSID: s('E8:48:B8:5A:3C:13'), LowerLayers: s('Device.WiFi.Radio.2') }),
    ...under('SSID.4', { Enable: b(false, true), Status: s('Down'), SSID: s('GigaFibre_Convidados_5G', true), BSSID: s('E8:48:B8:5A:3C:14'), LowerLayers: s('Device.WiFi.Radio.2') }),
    AccessPointNumberOfEntries: u(4),
    ...under('AccessPoint.1', {
      Enable: b(true, true), SSIDReference: s('Device.WiFi.SSID.1'), 'Security.ModeEnabled': s('WPA2-Personal', true), 'Security.KeyPassphrase': s('fibra-4821-casa', true), AssociatedDeviceNumberOfEntries: u(2),
      ...under('AssociatedDevice.1', { MACAddress: s('A4:C3:F0:85:1D:3E'), SignalStrength: i(-48), Active: b(true), LastDataDownlinkRate: u(144400) }),
      ...under('AssociatedDevice.2', { MACAddress: s('F0:18:98:6B:21:C4'), SignalStrength: i(-63), Active: b(true), LastDataDownlinkRate: u(72200) }),
    }),
    ...under('AccessPoint.2', { Enable: b(false, true), SSIDReference: s('Device.WiFi.SSID.2'), 'Security.ModeEnabled': s('WPA2-Personal', true), 'Security.KeyPassphrase': s('convidados-2024', true), AssociatedDeviceNumberOfEntries: u(0) }),
    ...under('AccessPoint.3', {
      Enable: b(true, true), SSIDReference: s('Device.WiFi.SSID.3'), 'Security.ModeEnabled': s('WPA2-Personal', true), 'Security.KeyPassphrase': s('fibra-4821-casa', true), AssociatedDeviceNumberOfEntries: u(2),
      ...under('AssociatedDevice.1', { MACAddress: s('3C:22:FB:9A:0E:71'), SignalStrength: i(-55), Active: b(true), LastDataDownlinkRate: u(866700) }),
      ...under('AssociatedDevice.2', { MACAddress: s('E8:48:B8:7E:21:40'), SignalStrength: i(-61), Active: b(true), LastDataDownlinkRate: u(1201000) }),
    }),
    ...under('AccessPoint.4', { Enable: b(false, true), SSIDReference: s('Device.WiFi.SSID.4'), 'Security.ModeEnabled': s('WPA2-Personal', true), 'Security.KeyPassphrase': s('convidados-2024', true), AssociatedDeviceNumberOfEntries: u(0) }),
    // EasyMesh as TR-181 2.15 models it: the controller lists every agent; name and IP of an
    // agent come from the Device.Hosts entry with the same MAC.
    ...under('DataElements.Network', {
      ID: s('gigafibre-mesh-3C10'), ControllerID: s('E8:48:B8:5A:3C:10'), DeviceNumberOfEntries: u(3),
      ...under('Device.1', { ID: s('E8:48:B8:5A:3C:10'), Manufacturer: s('TP-Link'), ManufacturerModel: s('XX230v'), SerialNumber: s('2236130003847'), SoftwareVersion: s('1.1.4 Build 20230727 rel.58461(5553)'), 'MultiAPDevice.Backhaul.LinkType': s('None') }),
      ...under('Device.2', {
        ID: s('E8:48:B8:7E:21:40'), Manufacturer: s('TP-Link'), ManufacturerModel: s('Deco X20'), SerialNumber: s('2239081001634'), SoftwareVersion: s('1.3.2 Build 20230530 rel.61232'),
        ...under('MultiAPDevice.Backhaul', { LinkType: s('Wi-Fi'), BackhaulMACAddress: s('E8:48:B8:5A:3C:13'), BackhaulDeviceID: s('E8:48:B8:5A:3C:10'), MACAddress: s('E8:48:B8:7E:21:43'), 'Stats.SignalStrength': i(-61) }),
      }),
      ...under('Device.3', {
        ID: s('E8:48:B8:7E:55:A0'), Manufacturer: s('TP-Link'), ManufacturerModel: s('Deco X20'), SerialNumber: s('2239081002211'), SoftwareVersion: s('1.3.2 Build 20230530 rel.61232'),
        ...under('MultiAPDevice.Backhaul', { LinkType: s('Ethernet'), BackhaulMACAddress: s('E8:48:B8:5A:3C:10'), BackhaulDeviceID: s('E8:48:B8:5A:3C:10'), MACAddress: s('E8:48:B8:7E:55:A0') }),
      }),
    }),
  };
  return {
    ...XX230V,
    manufacturer: 'TP-Link',
    lastInform: ago(now, 42),
    lastBoot: ago(now, uptime),
    registered: new Date('2024-03-18T14:02:11.000Z'),
    tags: ['mesh'],
    params: {
      ...under('Device.DeviceInfo', { Manufacturer: s('TP-Link'), ManufacturerOUI: s('E848B8'), ModelName: s('XX230v'), ProductClass: s('XX230v'), SerialNumber: s('2236130003847'), HardwareVersion: s('XX230v v1.0'), SoftwareVersion: s('1.1.4 Build 20230727 rel.58461(5553)'), UpTime: u(uptime) }),
      ...under('Device.ManagementServer', { URL: s('https://acs.gigafibre.example:7547/', true), ConnectionRequestURL: s('http://100.64.18.77:7547/tr069'), PeriodicInformEnable: b(true, true), PeriodicInformInterval: u(300, true) }),
      // RX/TX power in 0.1 µW (dBm = 10·log10(value·0.0001)): 158 → -18.0 dBm, 19498 → +2.9 dBm.
      ...under('Device.Optical.Interface.1', { Enable: b(true), Status: s('Up'), Name: s('PON'), 'X_TP_GPON_Config.RXPower': u(158), 'X_TP_GPON_Config.TXPower': u(19498) }),
      ...under('Device.Ethernet.VLANTermination.1', { Enable: b(true), VLANID: u(10), LowerLayers: s('Device.Optical.Interface.1') }),
      ...under('Device.PPP.Interface.1', { Enable: b(true, true), Status: s('Up'), ConnectionStatus: s('Connected'), Name: s('ppp0'), Username: s('cliente4821@gigafibre', true), LowerLayers: s('Device.Ethernet.VLANTermination.1'), 'IPCP.LocalIPAddress': s('100.64.18.77'), 'IPCP.RemoteIPAddress': s('100.64.0.1'), 'IPCP.DNSServers': s('8.8.8.8,1.1.1.1') }),
      ...under('Device.IP.Interface.1', { Enable: b(true), Status: s('Up'), Name: s('br0'), 'IPv4Address.1.IPAddress': s('192.168.0.1', true), 'IPv4Address.1.SubnetMask': s('255.255.255.0', true), 'IPv4Address.1.AddressingType': s('Static') }),
      ...under('Device.IP.Interface.2', { Enable: b(true), Status: s('Up'), Name: s('ppp0'), LowerLayers: s('Device.PPP.Interface.1'), 'IPv4Address.1.IPAddress': s('100.64.18.77'), 'IPv4Address.1.SubnetMask': s('255.255.255.255'), 'IPv4Address.1.AddressingType': s('IPCP') }),
      ...under('Device.WiFi', wifi),
      'Device.Hosts.HostNumberOfEntries': u(7),
      ...under('Device.Hosts.Host.1', tr181Host('A4:C3:F0:85:1D:3E', '192.168.0.101', 'Galaxy-S23', 'Device.WiFi.SSID.1')),
      ...under('Device.Hosts.Host.2', tr181Host('F0:18:98:6B:21:C4', '192.168.0.102', 'iPad-de-Ana', 'Device.WiFi.SSID.1')),
      ...under('Device.Hosts.Host.3', tr181Host('3C:22:FB:9A:0E:71', '192.168.0.103', 'MacBook-Air', 'Device.WiFi.SSID.3')),
      ...under('Device.Hosts.Host.4', tr181Host('00:1D:C9:44:E1:07', '192.168.0.20', 'smart-tv-sala', 'Device.Ethernet.Interface.2')),
      ...under('Device.Hosts.Host.5', tr181Host('E8:48:B8:7E:21:40', '192.168.0.2', 'Deco-X20-Sala', 'Device.WiFi.SSID.3')),
      ...under('Device.Hosts.Host.6', tr181Host('E8:48:B8:7E:55:A0', '192.168.0.3', 'Deco-X20-Quarto', 'Device.Ethernet.Interface.3')),
      ...under('Device.Hosts.Host.7', tr181Host('B8:27:EB:12:9C:0D', '192.168.0.150', 'raspberrypi', 'Device.Ethernet.Interface.4', false)),
    },
  };
}

const IGD = 'InternetGatewayDevice';

function zteF660(now: Date): FakeDevice {
  const uptime = 1209600;
  const wlan = `${IGD}.LANDevice.1.WLANConfiguration`;
  return {
    ...F660,
    manufacturer: 'ZTE',
    lastInform: ago(now, 118),
    lastBoot: ago(now, uptime),
    registered: new Date('2023-11-02T09:41:37.000Z'),
    tags: ['pon-0-2-1', 'weak-signal'],
    params: {
      ...under(`${IGD}.DeviceInfo`, { Manufacturer: s('ZTE'), ManufacturerOUI: s('CC1AFA'), ModelName: s('F660'), ProductClass: s('F660'), SerialNumber: s('ZTEGC88D3E2A'), HardwareVersion: s('V6.0'), SoftwareVersion: s('V6.0.10P3N12'), UpTime: u(uptime) }),
      ...under(`${IGD}.ManagementServer`, { URL: s('https://acs.gigafibre.example:7547/', true), ConnectionRequestURL: s('http://10.20.31.44:58000/tr069'), PeriodicInformEnable: b(true, true), PeriodicInformInterval: u(300, true) }),
      // dBm, as text: below the -27 dBm warning threshold.
      ...under(`${IGD}.WANDevice.1.X_ZTE-COM_WANPONInterfaceConfig`, { Status: s('Up'), RXPower: s('-28.69'), TXPower: s('2.35') }),
      ...under(`${IGD}.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1`, { Enable: b(true, true), Name: s('INTERNET_R_VID_10'), ConnectionType: s('IP_Routed'), ConnectionStatus: s('Connected'), Username: s('cliente7715@gigafibre', true), ExternalIPAddress: s('100.64.33.17'), RemoteIPAddress: s('100.64.0.1'), DNSServers: s('8.8.8.8,8.8.4.4'), MACAddress: s('CC:1A:FA:8D:3E:2B'), Uptime: u(86211) }),
      ...under(`${IGD}.WANDevice.1.WANConnectionDevice.2.WANIPConnection.1`, { Enable: b(true), Name: s('TR069_R_VID_20'), ConnectionType: s('IP_Routed'), AddressingType: s('DHCP'), ConnectionStatus: s('Connected'), ExternalIPAddress: s('10.20.31.44'), MACAddress: s('CC:1A:FA:8D:3E:2D') }),
      ...under(`${IGD}.LANDevice.1.LANHostConfigManagement.IPInterface.1`, { IPInterfaceIPAddress: s('192.168.1.1', true), IPInterfaceSubnetMask: s('255.255.255.0', true) }),
      ...under(`${wlan}.1`, {
        Enable: b(true, true), Status: s('Up'), SSID: s('Familia_Souza', true), BSSID: s('CC:1A:FA:8D:3E:2C'), Channel: u(11, true), AutoChannelEnable: b(false, true), Standard: s('b,g,n'), BeaconType: s('WPAand11i', true), KeyPassphrase: s('souza2019', true), TotalAssociations: u(2),
        ...under('AssociatedDevice.1', { AssociatedDeviceMACAddress: s('5C:E0:C5:1B:22:90'), AssociatedDeviceIPAddress: s('192.168.1.3'), AssociatedDeviceAuthenticationState: b(true) }),
        ...under('AssociatedDevice.2', { AssociatedDeviceMACAddress: s('84:A9:3E:71:0C:5D'), AssociatedDeviceIPAddress: s('192.168.1.4'), AssociatedDeviceAuthenticationState: b(true) }),
      }),
      ...under(`${wlan}.5`, {
        Enable: b(true, true), Status: s('Up'), SSID: s('Familia_Souza_5G', true), BSSID: s('CC:1A:FA:8D:3E:30'), Channel: u(149, true), AutoChannelEnable: b(true, true), Standard: s('a,n,ac'), BeaconType: s('WPAand11i', true), KeyPassphrase: s('souza2019', true), TotalAssociations: u(1),
        ...under('AssociatedDevice.1', { AssociatedDeviceMACAddress: s('DC:A6:32:0F:4B:19'), AssociatedDeviceIPAddress: s('192.168.1.5'), AssociatedDeviceAuthenticationState: b(true) }),
      }),
      [`${IGD}.LANDevice.1.Hosts.HostNumberOfEntries`]: u(4),
      ...under(`${IGD}.LANDevice.1.Hosts.Host.1`, tr098Host('5C:E0:C5:1B:22:90', '192.168.1.3', 'android-4f1c2b', `${wlan}.1`)),
      ...under(`${IGD}.LANDevice.1.Hosts.Host.2`, tr098Host('84:A9:3E:71:0C:5D', '192.168.1.4', 'Notebook-Souza', `${wlan}.1`)),
      ...under(`${IGD}.LANDevice.1.Hosts.Host.3`, tr098Host('DC:A6:32:0F:4B:19', '192.168.1.5', 'TV-Quarto', `${wlan}.5`)),
      ...under(`${IGD}.LANDevice.1.Hosts.Host.4`, tr098Host('00:E0:4C:68:01:A2', '192.168.1.10', 'desktop-pc', `${IGD}.LANDevice.1.LANEthernetInterfaceConfig.1`)),
    },
  };
}

function huaweiHG8245H(now: Date): FakeDevice {
  const uptime = 259200;
  const wlan = `${IGD}.LANDevice.1.WLANConfiguration.1`;
  return {
    ...HG8245H,
    manufacturer: 'Huawei Technologies Co., Ltd',
    lastInform: ago(now, 65),
    lastBoot: ago(now, uptime),
    registered: new Date('2022-06-27T18:20:05.000Z'),
    tags: ['business'],
    params: {
      ...under(`${IGD}.DeviceInfo`, { Manufacturer: s('Huawei Technologies Co., Ltd'), ManufacturerOUI: s('00259E'), ModelName: s('HG8245H'), ProductClass: s('HG8245H'), SerialNumber: s('48575443-9A4B7C2E'), HardwareVersion: s('2A3.A'), SoftwareVersion: s('V3R017C10S127'), UpTime: u(uptime) }),
      ...under(`${IGD}.ManagementServer`, { URL: s('https://acs.gigafibre.example:7547/', true), ConnectionRequestURL: s('http://10.20.40.9:7547/'), PeriodicInformEnable: b(true, true), PeriodicInformInterval: u(600, true) }),
      // Huawei's vendor object, spelled "Interafce" as the firmware spells it; dBm as text.
      ...under(`${IGD}.WANDevice.1.X_GponInterafceConfig`, { Status: s('Up'), RXPower: s('-21.55'), TXPower: s('2.13') }),
      ...under(`${IGD}.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1`, { Enable: b(true, true), Name: s('2_INTERNET_R_VID_10'), ConnectionType: s('IP_Routed'), AddressingType: s('DHCP'), ConnectionStatus: s('Connected'), ExternalIPAddress: s('177.54.12.203'), DefaultGateway: s('177.54.12.1'), DNSServers: s('177.54.0.10,177.54.0.11'), MACAddress: s('E0:24:7F:3A:91:C7') }),
      ...under(wlan, {
        Enable: b(true, true), Status: s('Up'), SSID: s('Clinica_Vet_WiFi', true), BSSID: s('E0:24:7F:3A:91:C8'), Channel: u(1, true), AutoChannelEnable: b(true, true), Standard: s('b,g,n'), BeaconType: s('WPAand11i', true), 'PreSharedKey.1.PreSharedKey': s('', true), TotalAssociations: u(1),
        ...under('AssociatedDevice.1', { AssociatedDeviceMACAddress: s('70:5A:0F:C1:88:02'), AssociatedDeviceIPAddress: s('192.168.100.3') }),
      }),
      [`${IGD}.LANDevice.1.Hosts.HostNumberOfEntries`]: u(2),
      ...under(`${IGD}.LANDevice.1.Hosts.Host.1`, tr098Host('70:5A:0F:C1:88:02', '192.168.100.3', 'RECEPCAO-PC', wlan)),
      ...under(`${IGD}.LANDevice.1.Hosts.Host.2`, tr098Host('00:11:32:A7:5E:90', '192.168.100.2', 'NAS-Clinica', `${IGD}.LANDevice.1.LANEthernetInterfaceConfig.1`)),
    },
  };
}

function nokiaOffline(now: Date): FakeDevice {
  return {
    ...G240WC,
    manufacturer: 'ALCL',
    lastInform: ago(now, 3 * 86400 + 5400),
    lastBoot: ago(now, 20 * 86400),
    registered: new Date('2024-09-09T11:15:48.000Z'),
    mode: 'offline',
    params: {
      ...under(`${IGD}.DeviceInfo`, { Manufacturer: s('ALCL'), ManufacturerOUI: s('00D0F6'), ModelName: s('G-240W-C'), ProductClass: s('G-240W-C'), SerialNumber: s('ALCLB3C4D5E6'), SoftwareVersion: s('3FE46606AFGB89'), UpTime: u(1468800) }),
      ...under(`${IGD}.ManagementServer`, { ConnectionRequestURL: s('http://10.20.52.131:30005/'), PeriodicInformInterval: u(300, true) }),
      ...under(`${IGD}.X_ALU_COM.OntOpticalParam`, { RxPower: s('-19.20'), TxPower: s('2.41') }),
      ...under(`${IGD}.LANDevice.1.WLANConfiguration.1`, { Enable: b(true, true), SSID: s('NOKIA-D5E6', true), Channel: u(6, true) }),
    },
  };
}

export function seedDevices(opts: { now?: Date } = {}): FakeDevice[] {
  const now = opts.now ?? new Date();
  return [tplinkXX230v(now), zteF660(now), huaweiHG8245H(now), nokiaOffline(now)];
}
