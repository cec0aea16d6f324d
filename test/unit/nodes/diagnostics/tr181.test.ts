// TR-181 documents → ModemView: a TP-Link XX230v (vendor optics in 0.1 µW, MultiAP mesh, PPPoE)
// and a standard-objects ONT (dBm/1000 optics, DHCP WAN, Data Elements mesh, 6 GHz).
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../../../nodes/diagnostics/extract/index.ts';
import { extractTr181 } from '../../../../nodes/diagnostics/extract/tr181.ts';
import { nbiDocument, s, u } from '../../../fixtures/genieacs/document.ts';
import { EASYMESH_ONT, easyMeshOntDocument, easyMeshOntParams } from '../../../fixtures/genieacs/tr181-easymesh-ont.ts';
import { XX230V, xx230vDocument, xx230vParams } from '../../../fixtures/genieacs/tplink-xx230v.ts';

const doc = (params: ReturnType<typeof xx230vParams>) =>
  nbiDocument({ oui: '105A95', productClass: 'XX230v', serialNumber: XX230V.serialNumber, manufacturer: 'TP-Link', lastInform: '2025-06-01T12:00:00.000Z', params });

describe('TP-Link XX230v (TR-181 with X_TP_ extensions)', () => {
  const view = extractDocument(xx230vDocument());

  it('reads DeviceInfo', () => {
    expect(view.dataModel).toBe('TR-181');
    expect(view.info).toEqual({
      serialNumber: XX230V.serialNumber,
      manufacturer: 'TP-Link',
      oui: '105A95',
      productClass: 'XX230v',
      model: 'XX230v',
      firmware: '0.6.0 3.0.0 v6066.0 Build 220630 Rel.56119n',
      uptimeSeconds: 532104,
    });
  });

  it('finds the PPPoE WAN through IP.Interface → PPP.Interface → VLAN → Ethernet.Link → Optical, and the LAN bridge', () => {
    const wan = view.interfaces.filter((i) => i.type === 'wan');
    expect(wan).toEqual([
      { name: 'ppp0', type: 'wan', status: 'Connected', ipAddress: '100.72.14.201', macAddress: XX230V.wanMac, connectionType: 'pppoe', username: 'cliente4471@gigafibre', source: 'genieacs' },
    ]);
    expect(view.interfaces.find((i) => i.name === 'br0')).toEqual({ name: 'br0', type: 'lan', status: 'Up', ipAddress: '192.168.1.1', macAddress: '10:5A:95:3E:71:C8', source: 'genieacs' });
    expect(view.interfaces.filter((i) => i.type === 'pon')).toEqual([{ name: 'pon0', type: 'pon', status: 'Up', source: 'genieacs' }]);
    expect(view.interfaces.filter((i) => i.type === 'lan' && i.name.startsWith('eth')).map((i) => [i.name, i.status])).toEqual([['eth0', 'Up'], ['eth1', 'Down']]);
    expect(view.interfaces.filter((i) => i.type === 'wifi').map((i) => [i.name, i.status])).toEqual([['wl0', 'Up'], ['wl0.1', 'Down'], ['wl1', 'Up'], ['wl1.1', 'Down']]);
  });

  it('reads each SSID with its radio (LowerLayers) and its AccessPoint client count', () => {
    expect(view.wifi).toEqual([
      { band: '2.4GHz', ssid: 'Gigafibre-4471', enabled: true, channel: 6, bandwidth: '20MHz', clients: 3, source: 'genieacs' },
      { band: '2.4GHz', ssid: 'Gigafibre-4471-Guest', enabled: false, channel: 6, bandwidth: '20MHz', clients: 0, source: 'genieacs' },
      { band: '5GHz', ssid: 'Gigafibre-4471-5G', enabled: true, channel: 44, bandwidth: '80MHz', clients: 2, source: 'genieacs' },
      { band: '5GHz', ssid: 'Gigafibre-4471-5G-Guest', enabled: false, channel: 44, bandwidth: '80MHz', clients: 0, source: 'genieacs' },
    ]);
  });

  it('counts clients from the MultiAP tree (by BSSID) when AccessPoint has none', () => {
    const params = xx230vParams();
    delete params['Device.WiFi.AccessPoint.1.AssociatedDeviceNumberOfEntries'];
    const wifi = extractTr181(doc(params)).wifi;
    expect(wifi[0]).toMatchObject({ ssid: 'Gigafibre-4471', clients: 3 });
  });

  it('converts X_TP_GPON_Config RXPower/TXPower from 0.1 µW to dBm', () => {
    expect(view.optical).toEqual([{ source: 'genieacs', direction: 'downstream', rxPowerDbm: -19.1, txPowerDbm: 2.9 }]);
    expect(view.warnings).toEqual([]);
    expect(extractTr181(doc(xx230vParams({ rxPower: 17 }))).optical[0]!.rxPowerDbm).toBe(-27.7);
  });

  it('prefers X_TP_GPON_Config over the standard OpticalSignalLevel when both are there', () => {
    const params = { ...xx230vParams(), 'Device.Optical.Interface.1.OpticalSignalLevel': [0, 'xsd:int'] as const };
    expect(extractTr181(doc(params)).optical[0]!.rxPowerDbm).toBe(-19.1);
  });

  it('reports a zero RXPower (no light, or not measured) as unknown with a warning', () => {
    const view0 = extractTr181(doc(xx230vParams({ rxPower: 0 })));
    expect(view0.optical[0]).toMatchObject({ rxPowerDbm: null, txPowerDbm: 2.9 });
    expect(view0.warnings).toEqual([
      expect.objectContaining({ code: 'implausible_value', source: 'genieacs', message: expect.stringContaining('Device.Optical.Interface.1.X_TP_GPON_Config.RXPower = 0') }),
    ]);
  });

  it('lists mesh agents from MultiAP.APDevice without the controller, RCPI converted to dBm, names from the host table', () => {
    expect(view.mesh).toEqual([
      { mac: XX230V.decoWifi, name: 'Deco-X20-Sala', ip: '192.168.1.115', backhaul: 'wifi', signalDbm: -49, active: true, source: 'genieacs' },
      { mac: XX230V.decoWired, name: 'Deco X20', ip: '192.168.1.116', backhaul: 'ethernet', active: false, source: 'genieacs' },
    ]);
  });

  it('reads hosts by PhysAddress, upper-cases MACs and keeps one entry per MAC (the active one first)', () => {
    expect(view.hosts.map((h) => h.mac)).toEqual([XX230V.laptop, XX230V.phone, '00:1A:79:5C:3D:02', XX230V.decoWifi]);
    expect(view.hosts.find((h) => h.mac === XX230V.phone)).toEqual({
      mac: XX230V.phone,
      ip: '192.168.1.101',
      hostname: 'Galaxy-S23',
      interface: 'Device.WiFi.SSID.1',
      active: true,
      source: 'genieacs',
    });
  });
});

describe('standard TR-181 ONT (Optical dBm/1000, DHCP WAN, Data Elements)', () => {
  const view = extractDocument(easyMeshOntDocument());
  const onlyParams = (params: Record<string, unknown>) =>
    extractTr181(nbiDocument({ oui: 'F8084F', productClass: 'FAST5670', serialNumber: 'LK22310057', manufacturer: 'Sagemcom', lastInform: '2025-06-01T12:00:00.000Z', params: params as never }));

  it('reads OpticalSignalLevel / TransmitOpticalLevel in thousandths of a dBm', () => {
    expect(view.optical).toEqual([{ source: 'genieacs', direction: 'downstream', rxPowerDbm: -18.74, txPowerDbm: 2.15 }]);
    expect(onlyParams(easyMeshOntParams({ signalLevel: -31_200 })).optical[0]!.rxPowerDbm).toBe(-31.2);
  });

  it('treats an IP.Interface with a DHCPv4.Client as a DHCP WAN and skips the loopback', () => {
    expect(view.interfaces.filter((i) => i.type === 'wan')).toEqual([
      { name: 'wan', type: 'wan', status: 'Up', ipAddress: '100.64.23.9', macAddress: 'F8:08:4F:11:22:31', connectionType: 'dhcp', source: 'genieacs' },
    ]);
    expect(view.interfaces.some((i) => i.name === 'lo' || i.ipAddress === '127.0.0.1')).toBe(false);
    expect(view.interfaces.find((i) => i.name === 'br-lan')).toMatchObject({ type: 'lan', ipAddress: '192.168.0.1' });
  });

  it('classifies an IP.Interface by name and address when its stack says nothing', () => {
    const params = {
      'Device.IP.Interface.1.Name': s('wan0'),
      'Device.IP.Interface.1.Status': s('Up'),
      'Device.IP.Interface.1.IPv4Address.1.IPAddress': s('192.168.100.2'),
      'Device.IP.Interface.2.Name': s('LAN'),
      'Device.IP.Interface.2.IPv4Address.1.IPAddress': s('10.0.0.1'),
      'Device.IP.Interface.3.Status': s('Up'),
      'Device.IP.Interface.3.IPv4Address.1.IPAddress': s('187.10.2.3'),
      'Device.IP.Interface.3.IPv4Address.1.AddressingType': s('Static'),
    };
    expect(onlyParams(params).interfaces.map((i) => [i.name, i.type, i.connectionType])).toEqual([
      ['wan0', 'wan', undefined],
      ['LAN', 'lan', undefined],
      ['Device.IP.Interface.3', 'wan', 'static'],
    ]);
  });

  it('matches AccessPoints by SSIDReference, counts AssociatedDevice entries, prefers the current bandwidth, knows 6 GHz', () => {
    expect(view.wifi).toEqual([
      { band: '2.4GHz', ssid: 'Casa-Lima', enabled: true, channel: 1, bandwidth: '20MHz', clients: 4, source: 'genieacs' },
      { band: '5GHz', ssid: 'Casa-Lima', enabled: true, channel: 100, bandwidth: '80MHz', clients: 2, source: 'genieacs' },
      { band: '6GHz', ssid: 'Casa-Lima-6E', enabled: true, channel: 37, bandwidth: '160MHz', clients: 0, source: 'genieacs' },
    ]);
  });

  it('infers the band from the channel when the radio does not say', () => {
    const params = {
      'Device.WiFi.Radio.1.Channel': u(149),
      'Device.WiFi.SSID.1.SSID': s('x'),
      'Device.WiFi.SSID.1.Enable': [true, 'xsd:boolean'],
      'Device.WiFi.SSID.1.LowerLayers': s('Device.WiFi.Radio.1'),
      'Device.WiFi.SSID.2.SSID': s('y'),
      'Device.WiFi.SSID.2.LowerLayers': s('WiFi.Radio.9'),
    };
    expect(onlyParams(params).wifi.map((w) => [w.ssid, w.band, w.enabled])).toEqual([
      ['x', '5GHz', true],
      ['y', 'unknown', false],
    ]);
  });

  it('lists EasyMesh satellites from Data Elements, leaving out the ControllerID', () => {
    expect(view.mesh).toEqual([
      { mac: EASYMESH_ONT.satelliteWifi, name: 'Wifi 6E Extender', backhaul: 'wifi', signalDbm: -61, source: 'genieacs' },
      { mac: EASYMESH_ONT.satelliteWired, name: 'extender-quarto', ip: '192.168.0.40', backhaul: 'ethernet', source: 'genieacs' },
    ]);
  });

  it('skips the root node of Data Elements when there is no ControllerID (no backhaul, no parent)', () => {
    const params = {
      'Device.WiFi.DataElements.Network.Device.1.ID': s('F8:08:4F:11:22:30'),
      'Device.WiFi.DataElements.Network.Device.2.ID': s('f8-08-4f-aa-10-01'),
      'Device.WiFi.DataElements.Network.Device.2.MultiAPDevice.Backhaul.LinkType': s('Wi-Fi'),
      'Device.WiFi.DataElements.Network.Device.2.MultiAPDevice.Backhaul.Stats.SignalStrength': u(255),
    };
    expect(onlyParams(params).mesh).toEqual([{ mac: 'F8:08:4F:AA:10:01', backhaul: 'wifi', source: 'genieacs' }]);
  });

  it('reads nothing from parameters that were never fetched (no _value)', () => {
    const d = easyMeshOntDocument() as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
    const radio1 = d.Device!.WiFi!.Radio as Record<string, Record<string, unknown>>;
    radio1['1']!.Channel = { _object: false, _writable: true, _timestamp: '2025-06-01T12:00:00.000Z' };
    expect(extractDocument(d).wifi[0]).toEqual({ band: '2.4GHz', ssid: 'Casa-Lima', enabled: true, bandwidth: '20MHz', clients: 4, source: 'genieacs' });
  });
});
