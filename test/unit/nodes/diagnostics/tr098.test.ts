// TR-098 documents → ModemView: a ZTE F670L (X_ZTE-COM_WANPONInterfaceConfig in dBm, PPPoE + DHCP
// WAN connections, WLANConfiguration 1/2/5) and the generic GponInterfaceConfig.
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../../../nodes/diagnostics/extract/index.ts';
import { extractTr098 } from '../../../../nodes/diagnostics/extract/tr098.ts';
import { nbiDocument, s, u } from '../../../fixtures/genieacs/document.ts';
import type { ParamMap } from '../../../fixtures/genieacs/document.ts';
import { F670L, f670lDocument, f670lParams } from '../../../fixtures/genieacs/zte-f670l.ts';

const tr098 = (params: ParamMap) =>
  extractTr098(nbiDocument({ oui: 'C0B101', productClass: 'F670L', serialNumber: F670L.serialNumber, manufacturer: 'ZTE', lastInform: '2025-06-01T12:00:00.000Z', params }));

describe('ZTE F670L (TR-098)', () => {
  const view = extractDocument(f670lDocument());

  it('reads DeviceInfo', () => {
    expect(view.dataModel).toBe('TR-098');
    expect(view.info).toEqual({ serialNumber: F670L.serialNumber, manufacturer: 'ZTE', oui: 'C0B101', productClass: 'F670L', model: 'F670L', firmware: 'V9.0.10P1N12A', uptimeSeconds: 1209613 });
  });

  it('reads WANPPPConnection and WANIPConnection with status, address, MAC, type and PPP user', () => {
    expect(view.interfaces.filter((i) => i.type === 'wan')).toEqual([
      { name: 'INTERNET_R_VID_10', type: 'wan', status: 'Connected', ipAddress: '177.37.150.22', macAddress: F670L.pppMac, connectionType: 'pppoe', username: 'joao.silva@gigafibre', source: 'genieacs' },
      { name: 'VOIP_R_VID_20', type: 'wan', status: 'Connected', ipAddress: '10.45.3.17', macAddress: 'C0:B1:01:5E:22:11', connectionType: 'dhcp', source: 'genieacs' },
    ]);
  });

  it('lists the PON, the LAN ports with their link state, the LAN IP and the WLANs as interfaces', () => {
    expect(view.interfaces.find((i) => i.type === 'pon')).toEqual({ name: 'InternetGatewayDevice.WANDevice.1.X_ZTE-COM_WANPONInterfaceConfig', type: 'pon', status: 'unknown', source: 'genieacs' });
    expect(view.interfaces.filter((i) => i.name.startsWith('LAN')).map((i) => `${i.name}:${i.status}`)).toEqual(['LAN1:Up', 'LAN2:NoLink', 'LAN3:NoLink', 'LAN4:Up']);
    expect(view.interfaces.find((i) => i.name.endsWith('IPInterface.1'))).toMatchObject({ type: 'lan', status: 'Enabled', ipAddress: '192.168.1.1' });
    expect(view.interfaces.filter((i) => i.type === 'wifi').map((i) => i.status)).toEqual(['Up', 'Disabled', 'Up']);
  });

  it('reads WLANConfiguration: band from the channel, clients from TotalAssociations or the AssociatedDevice table', () => {
    expect(view.wifi).toEqual([
      { band: '2.4GHz', ssid: 'SILVA_2G', enabled: true, channel: 11, clients: 2, source: 'genieacs' },
      { band: '2.4GHz', ssid: 'SILVA_GUEST', enabled: false, channel: 11, clients: 0, source: 'genieacs' },
      { band: '5GHz', ssid: 'SILVA_5G', enabled: true, channel: 149, clients: 1, source: 'genieacs' },
    ]);
  });

  it('takes the band from OperatingFrequencyBand, else the channel, else Standard', () => {
    const w = 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.';
    const bands = tr098({
      [`${w}1.SSID`]: s('a'),
      [`${w}1.OperatingFrequencyBand`]: s('5GHz'),
      [`${w}1.Channel`]: u(0),
      [`${w}2.SSID`]: s('b'),
      [`${w}2.Channel`]: u(0),
      [`${w}2.Standard`]: s('a,n,ac'),
      [`${w}3.SSID`]: s('c'),
      [`${w}3.Standard`]: s('n'),
      [`${w}4.SSID`]: s('d'),
      [`${w}4.Channel`]: u(1),
      [`${w}4.Standard`]: s('a'),
    }).wifi.map((x) => [x.ssid, x.band, x.channel]);
    expect(bands).toEqual([
      ['a', '5GHz', undefined],
      ['b', '5GHz', undefined],
      ['c', 'unknown', undefined],
      ['d', '2.4GHz', 1],
    ]);
  });

  it('reads hosts by MACAddress with InterfaceType, upper-casing MACs', () => {
    expect(view.hosts).toEqual([
      { mac: F670L.tablet, ip: '192.168.1.3', hostname: 'Tab-Ana', interface: '802.11', active: true, source: 'genieacs' },
      { mac: F670L.printer, ip: '192.168.1.9', hostname: 'EPSON-L3250', interface: 'Ethernet', active: false, source: 'genieacs' },
      { mac: 'F4:0F:24:3A:88:C1', ip: '192.168.1.12', hostname: 'MacBook-Joao', interface: '802.11', active: true, source: 'genieacs' },
    ]);
  });

  it('reads X_ZTE-COM_WANPONInterfaceConfig RXPower/TXPower as dBm', () => {
    expect(view.optical).toEqual([{ source: 'genieacs', direction: 'downstream', rxPowerDbm: -21.35, txPowerDbm: 2.41 }]);
    expect(tr098(f670lParams({ rxPower: '-29.8' })).optical[0]!.rxPowerDbm).toBe(-29.8);
  });

  it('turns a ZTE value in the wrong unit into null plus a warning', () => {
    const v = tr098(f670lParams({ rxPower: '-2135' }));
    expect(v.optical[0]).toEqual({ source: 'genieacs', direction: 'downstream', rxPowerDbm: null, txPowerDbm: 2.41 });
    expect(v.warnings).toHaveLength(1);
    expect(v.warnings[0]!.message).toContain('InternetGatewayDevice.WANDevice.1.X_ZTE-COM_WANPONInterfaceConfig.RXPower = -2135 (dBm)');
  });
});

describe('generic TR-098 GponInterfaceConfig', () => {
  it('reads RXPower/TXPower in dBm and lists the PON with its Status', () => {
    const v = tr098({
      'InternetGatewayDevice.WANDevice.1.GponInterfaceConfig.Status': s('Up'),
      'InternetGatewayDevice.WANDevice.1.GponInterfaceConfig.RXPower': s('-24.6'),
      'InternetGatewayDevice.WANDevice.1.GponInterfaceConfig.TXPower': s('1.9'),
    });
    expect(v.optical).toEqual([{ source: 'genieacs', direction: 'downstream', rxPowerDbm: -24.6, txPowerDbm: 1.9 }]);
    expect(v.interfaces).toEqual([{ name: 'InternetGatewayDevice.WANDevice.1.GponInterfaceConfig', type: 'pon', status: 'Up', source: 'genieacs' }]);
  });

  it('gives an RX-only reading without txPowerDbm, and nothing for a document without PON objects', () => {
    expect(tr098({ 'InternetGatewayDevice.WANDevice.1.GponInterfaceConfig.RXPower': s('-19') }).optical).toEqual([
      { source: 'genieacs', direction: 'downstream', rxPowerDbm: -19 },
    ]);
    expect(tr098({ 'InternetGatewayDevice.DeviceInfo.SerialNumber': s('X') }).optical).toEqual([]);
  });
});

describe('other vendors’ PON objects', () => {
  it('reads Huawei/Intelbras X_GponInterafceConfig (the firmware’s spelling) in dBm', () => {
    const v = tr098({
      'InternetGatewayDevice.WANDevice.1.X_GponInterafceConfig.Status': s('Up'),
      'InternetGatewayDevice.WANDevice.1.X_GponInterafceConfig.RXPower': s('-21.55'),
      'InternetGatewayDevice.WANDevice.1.X_GponInterafceConfig.TXPower': s('2.13'),
    });
    expect(v.optical).toEqual([{ source: 'genieacs', direction: 'downstream', rxPowerDbm: -21.55, txPowerDbm: 2.13 }]);
    expect(v.interfaces[0]).toMatchObject({ name: 'InternetGatewayDevice.WANDevice.1.X_GponInterafceConfig', type: 'pon', status: 'Up' });
  });

  it('reads Nokia X_ALU_COM.OntOpticalParam RxPower/TxPower in dBm', () => {
    const v = tr098({
      'InternetGatewayDevice.X_ALU_COM.OntOpticalParam.RxPower': s('-19.20'),
      'InternetGatewayDevice.X_ALU_COM.OntOpticalParam.TxPower': s('2.41'),
    });
    expect(v.optical).toEqual([{ source: 'genieacs', direction: 'downstream', rxPowerDbm: -19.2, txPowerDbm: 2.41 }]);
    expect(v.interfaces).toEqual([{ name: 'InternetGatewayDevice.X_ALU_COM.OntOpticalParam', type: 'pon', status: 'unknown', source: 'genieacs' }]);
  });
});
