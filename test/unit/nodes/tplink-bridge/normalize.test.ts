// The bridge's normalisation of the firmware's string-valued objects, on captured-style values.
import { describe, expect, it } from 'vitest';
import * as N from '../../../../nodes/tplink-bridge/normalize.ts';

describe('TP-Link bridge normalisation', () => {
  it('converts 0.1 µW to dBm: 10·log10(v·0.0001), rounded to 0.01; no power is null', () => {
    expect(N.tenthMicrowattToDbm('10000')).toBe(0); // 1 mW
    expect(N.tenthMicrowattToDbm('126')).toBe(-19);
    expect(N.tenthMicrowattToDbm('14')).toBe(-28.54);
    expect(N.tenthMicrowattToDbm(17783)).toBe(2.5);
    expect(N.tenthMicrowattToDbm('1')).toBe(-40);
    for (const none of ['0', '', undefined, null, 'n/a', '-5']) expect(N.tenthMicrowattToDbm(none)).toBeNull();
    expect(N.optical({ RXPower: '14', TXPower: '16982', status: 'Up' })).toEqual({ rxPowerDbm: -28.54, txPowerDbm: 2.3, rxPowerRaw: 14, txPowerRaw: 16982, status: 'Up' });
    expect(N.optical({})).toEqual({ rxPowerDbm: null, txPowerDbm: null });
  });

  it('device info: model, firmware, serial, uptime as a number', () => {
    expect(N.deviceInfo({ modelName: 'XX230v', softwareVersion: '1.2.1 Build 20231108', hardwareVersion: 'XX230v v1.0', serialNumber: '2237A1B004712', manufacturer: 'TP-Link', upTime: '263523' })).toEqual({
      model: 'XX230v',
      firmware: '1.2.1 Build 20231108',
      hardwareVersion: 'XX230v v1.0',
      serialNumber: '2237A1B004712',
      manufacturer: 'TP-Link',
      uptimeSeconds: 263523,
    });
    expect(N.deviceInfo([{ modelName: ' EX511 ', upTime: '' }])).toEqual({ model: 'EX511' });
  });

  it('Wi-Fi: one entry per SSID; the radio fills channel/bandwidth and must be on too; no passphrase', () => {
    const ssids = [
      { band: '2.4GHz', SSID: 'Home', enable: '1', channel: '', operatingChannelBandwidth: '', clients: '3', keyPassphrase: 'secret' },
      { band: '5GHz', SSID: 'Home-5G', enable: '1', channel: '', clients: '0', keyPassphrase: 'secret' },
      { band: '5G', SSID: 'Off', enable: '0', channel: '36' },
    ];
    const radios = [
      { band: '2.4GHz', enable: '1', channel: '6', operatingChannelBandwidth: '20MHz', autoChannelEnable: '1', operatingStandards: 'b,g,n,ax' },
      { band: '5GHz', enable: '0', channel: '44', operatingChannelBandwidth: '80MHz', autoChannelEnable: '0' },
    ];
    const wifi = N.wifi(ssids, radios, [{ guestEnable: '1' }, { guestEnable: '0' }]);
    expect(wifi[0]).toEqual({ band: '2.4GHz', ssid: 'Home', channel: 6, enabled: true, clients: 3, bandwidth: '20MHz', autoChannel: true, standards: 'b,g,n,ax', guestEnabled: true });
    expect(wifi[1]).toMatchObject({ band: '5GHz', ssid: 'Home-5G', channel: 44, enabled: false, clients: 0, bandwidth: '80MHz' });
    expect(wifi[2]).toMatchObject({ band: '5GHz', ssid: 'Off', channel: 36, enabled: false });
    expect(JSON.stringify(wifi)).not.toContain('secret');
  });

  it('hosts: MACs with colons, connection type in words, active as a boolean', () => {
    const hosts = N.hosts([
      { physAddress: 'd4-5d-64-3a-10-7f', IPAddress: '192.168.1.100', hostName: 'PC', X_TP_LanConnType: '0', active: '1' },
      { physAddress: 'F4-A3-86-2D-41-B5', IPAddress: '192.168.1.101', hostName: '', X_TP_LanConnType: '4', active: '0' },
      { physAddress: 'AA:BB:CC:DD:EE:01', X_TP_LanConnType: '9' },
      { physAddress: '', hostName: 'no mac' },
    ]);
    expect(hosts).toEqual([
      { mac: 'D4:5D:64:3A:10:7F', ip: '192.168.1.100', hostname: 'PC', interface: 'wired', active: true },
      { mac: 'F4:A3:86:2D:41:B5', ip: '192.168.1.101', interface: '5GHz guest', active: false },
      { mac: 'AA:BB:CC:DD:EE:01', interface: '9', active: false },
    ]);
  });

  it('mesh: backhaul in the Device Diagnostic\'s words, signal only for Wi-Fi backhaul', () => {
    expect(
      N.mesh([
        { mac: 'A8:42:A1:22:33:01', name: 'Office', ip: '192.168.1.2', backhaul: 'wired', signalDbm: '', active: '1', model: 'Deco X20' },
        { mac: 'a8-42-a1-22-33-02', name: 'Basement', backhaul: '2.4G', signalDbm: '-84', active: '0' },
        { mac: 'A8:42:A1:22:33:03', backhaul: '5G', signalDbm: '' },
      ]),
    ).toEqual([
      { mac: 'A8:42:A1:22:33:01', name: 'Office', ip: '192.168.1.2', backhaul: 'ethernet', backhaulLink: 'wired', active: true, model: 'Deco X20' },
      { mac: 'A8:42:A1:22:33:02', name: 'Basement', backhaul: 'wifi', backhaulLink: '2.4G', signalDbm: -84, active: false },
      { mac: 'A8:42:A1:22:33:03', backhaul: 'wifi', backhaulLink: '5G' },
    ]);
  });

  it('WAN: the internet WAN is the first enabled entry, even when a later one is connected', () => {
    const all = N.wans([
      { name: 'pppoe_0_1_d', enable: '1', connType: 'pppoe', connStatusV4: 'Disconnected', connIPv4Address: '0.0.0.0', dnsServers: '' },
      { name: 'ipoe_0_2_d', enable: '1', connType: 'dhcp', connStatusV4: 'Connected', connIPv4Address: '10.20.30.40', connIPv4Gateway: '10.20.0.1', dnsServers: '10.0.0.53, 10.0.0.54' },
    ]);
    expect(N.mainWan(all)).toEqual({ status: 'Disconnected', ip: '0.0.0.0', type: 'pppoe', name: 'pppoe_0_1_d', enabled: true });
    expect(all[1].dnsServers).toEqual(['10.0.0.53', '10.0.0.54']);
    expect(N.mainWan(N.wans([{ name: 'off', enable: '0', connStatusV4: 'Disconnected' }, { name: 'on', enable: '1' }]))).toMatchObject({ name: 'on', status: 'unknown' });
    expect(N.mainWan([])).toBeUndefined();
  });
});
