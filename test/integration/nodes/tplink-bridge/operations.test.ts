// Every operation of the TP-Link Bridge node in real workflow runs, in real Chromium, against the
// fake XX230v (its own page crypto, single admin session, running sequence numbers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeModem } from '../../../fakes/tplink-modem/index.ts';
import { logins, startBridgeEnv } from './setup.ts';
import type { BridgeEnv } from './setup.ts';

let env: BridgeEnv;
let fake: FakeModem;
let credId: string;

beforeAll(async () => {
  env = await startBridgeEnv();
  ({ fake, credId } = await env.modem());
});
afterAll(() => env?.close());

const run = (parameters: Record<string, unknown>) => env.run(credId, parameters as never);

describe('TP-Link Bridge operations', () => {
  it('reads the whole normalised item in one login (full diagnostic read)', async () => {
    const before = logins(fake);
    const { json, error } = await run({ operation: 'fullDiagnostic' });
    expect(error).toBeUndefined();
    expect(json).toHaveLength(1);
    const item = json[0];
    expect(item).toMatchObject({
      source: 'tplink-bridge',
      modem: fake.url,
      model: 'XX230v',
      firmware: '1.2.1 Build 20231108 Rel.52718n',
      serialNumber: '2237A1B004712',
      manufacturer: 'TP-Link',
      wan: { status: 'Connected', ip: '100.64.12.34', type: 'pppoe' },
      optical: { rxPowerDbm: -19, txPowerDbm: 2.5 },
    });
    expect(item.uptimeSeconds).toBeGreaterThan(3 * 86_400);
    expect(item.wifi).toEqual([
      expect.objectContaining({ band: '2.4GHz', ssid: 'Fibre-4712', channel: 6, enabled: true, bandwidth: '20MHz' }),
      expect.objectContaining({ band: '5GHz', ssid: 'Fibre-4712-5G', channel: 44, enabled: true, bandwidth: '80MHz' }),
    ]);
    expect(item.hosts).toHaveLength(7);
    expect(item.hosts).toContainEqual({ mac: 'D4:5D:64:3A:10:7F', ip: '192.168.1.100', hostname: 'DESKTOP-7QK2M1', interface: 'wired', active: true });
    expect(item.hosts).toContainEqual(expect.objectContaining({ mac: '00:1B:21:AA:40:96', active: false }));
    expect(item.mesh).toEqual([
      expect.objectContaining({ mac: 'A8:42:A1:22:33:01', name: 'Deco Office', backhaul: 'ethernet' }),
      expect.objectContaining({ mac: 'A8:42:A1:22:33:02', name: 'Deco Basement', ip: '192.168.1.3', backhaul: 'wifi', signalDbm: -58 }),
    ]);
    expect((item.mesh as object[])[0]).not.toHaveProperty('signalDbm');
    // The Wi-Fi key the firmware sends with the SSIDs is not passed on.
    expect(JSON.stringify(item)).not.toContain('k7Qm-29xp-Lw4r');
    expect(logins(fake) - before).toBe(1);
  });

  it('reuses the logged-in page for the next reads (no new login)', async () => {
    const before = logins(fake);
    await run({ operation: 'deviceInfo' });
    await run({ operation: 'deviceInfo' });
    expect(logins(fake)).toBe(before);
    expect(fake.sessions()).toBe(1);
  });

  it('device info, Wi-Fi, hosts, WAN, optical and mesh each give their part of the item', async () => {
    const info = (await run({ operation: 'deviceInfo' })).json[0];
    expect(info).toMatchObject({ source: 'tplink-bridge', model: 'XX230v', hardwareVersion: 'XX230v v1.0 00000000' });
    expect(info).not.toHaveProperty('wifi');

    const wifi = (await run({ operation: 'wifi' })).json[0];
    expect(wifi.wifi).toHaveLength(2);
    // clients: stations on the band (2 active 2.4 GHz hosts + the guest one, 2 on 5 GHz)
    const clients = Object.fromEntries((wifi.wifi as { band: string; clients: number }[]).map((w) => [w.band, w.clients]));
    expect(clients['5GHz']).toBe(2);
    expect(clients['2.4GHz']).toBeGreaterThanOrEqual(2);

    const hosts = (await run({ operation: 'hosts' })).json[0];
    expect((hosts.hosts as { interface: string }[]).map((h) => h.interface)).toEqual(['wired', '5GHz', '5GHz', '2.4GHz', '2.4GHz', '2.4GHz guest', 'wired']);

    const wan = (await run({ operation: 'wan' })).json[0];
    expect(wan.wan).toEqual({ status: 'Connected', ip: '100.64.12.34', type: 'pppoe', name: 'pppoe_0_1_d', enabled: true, gateway: '100.64.0.1', dnsServers: ['1.1.1.1', '8.8.8.8'] });
    expect(wan.wans).toHaveLength(2);

    const optical = (await run({ operation: 'optical' })).json[0];
    expect(optical.optical).toMatchObject({ rxPowerDbm: -19, txPowerDbm: 2.5, status: 'Up' });

    const mesh = (await run({ operation: 'mesh' })).json[0];
    expect((mesh.mesh as unknown[]).length).toBe(2);
  });

  it('reads the degraded profile as it is: weak light, internet WAN down, poor mesh signal', async () => {
    fake.setProfile('degraded');
    try {
      const item = (await run({ operation: 'fullDiagnostic' })).json[0];
      expect(item.optical).toMatchObject({ rxPowerDbm: -28.54, rxPowerRaw: 14 });
      expect(item.wan).toMatchObject({ status: 'Disconnected', ip: '0.0.0.0', type: 'pppoe' });
      expect(item.mesh).toContainEqual(expect.objectContaining({ name: 'Deco Basement', backhaul: 'wifi', backhaulLink: '2.4G', signalDbm: -84 }));
      expect(item.hosts).toHaveLength(3);
    } finally {
      fake.setProfile('healthy');
    }
  });

  it('reads any object by id (go and gl), as the modem sends it', async () => {
    const one = (await run({ operation: 'raw', oid: 'DEV2_MEM_STATUS', act: 'go' })).json[0];
    expect(one).toMatchObject({ source: 'tplink-bridge', oid: 'DEV2_MEM_STATUS', operation: 'go', data: { total: '192780', free: '78400' } });
    const list = (await run({ operation: 'raw', oid: 'DEV2_ADT_LAN', act: 'gl' })).json[0];
    expect(list.data).toEqual([expect.objectContaining({ IPAddress: '192.168.1.1', MACAddress: 'A8-42-A1-12-34-56' })]);
    const entry = (await run({ operation: 'raw', oid: 'DEV2_ADT_WAN', act: 'go', attributes: '{"stack":"2,0,0,0,0,0"}' })).json[0];
    expect(entry.data).toMatchObject({ name: 'ipoe_0_2_d' });
  });

  it('says which object the modem does not have, and refuses a write act or a bad id before touching the modem', async () => {
    const missing = await run({ operation: 'raw', oid: 'DEV2_NO_SUCH', act: 'go' });
    expect(missing.error).toMatchObject({ httpCode: 'not_supported', message: expect.stringContaining('has no object DEV2_NO_SUCH (errorcode 9003)') });
    const acts = fake.acts.length;
    const write = await run({ operation: 'raw', oid: 'DEV2_ADT_WAN', act: 'so' });
    expect(write.error).toMatchObject({ message: 'Read operation "so" is not one of go, gl, gs', parameter: 'act' });
    const bad = await run({ operation: 'raw', oid: 'DEV2 DEV;INFO' });
    expect(bad.error).toMatchObject({ parameter: 'oid' });
    expect(fake.acts.length).toBe(acts);
  });

  it('refuses to reboot without the confirm option, and reboots with it', async () => {
    const refused = await run({ operation: 'reboot' });
    expect(refused.error).toMatchObject({ message: 'Reboot refused: the confirm option is not set', parameter: 'confirm' });
    expect(fake.rebootCount()).toBe(0);

    const done = await run({ operation: 'reboot', confirmReboot: true });
    expect(done.error).toBeUndefined();
    expect(done.json[0]).toMatchObject({ source: 'tplink-bridge', rebooted: true });
    expect(fake.rebootCount()).toBe(1);
    // The modem dropped the session while restarting; the next read logs in again.
    const before = logins(fake);
    expect((await run({ operation: 'deviceInfo' })).json[0].uptimeSeconds).toBeLessThan(60);
    expect(logins(fake)).toBe(before + 1);
  });
});
