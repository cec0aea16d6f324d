// Conformance of the fake TP-Link XX230v with integration-apis.md §4.1 C, driven by an independent
// protocol client (tplink-modem-client.ts): key issuance, the encrypted login, the TokenID page,
// the act operations on every served object, both profiles, logout and reboot. Refusals
// (replay, forgery, Referer, TokenID, passwords, sessions) are in tplink-modem.conformance-security.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeModem } from '../../fakes/tplink-modem/index.ts';
import type { FakeModem } from '../../fakes/tplink-modem/index.ts';
import { GdprClient, aesDec, http, retOf } from './tplink-modem-client.ts';

let modem: FakeModem;
let client: GdprClient;
beforeAll(async () => {
  modem = await startFakeModem({ password: 'Lab-Pass-77' });
});
afterAll(() => modem.close());
beforeEach(() => {
  modem.setProfile('healthy');
  client = new GdprClient(modem.url, modem.username, modem.password);
});

const dbm = (tenthMicrowatt: string) => 10 * Math.log10(Number(tenthMicrowatt) * 0.0001);
type Row = Record<string, string>;
async function read(op: string, oid: string, data: Record<string, unknown> = {}): Promise<unknown> {
  const a = await client.act(op, oid, data);
  expect(a.status).toBe(200);
  expect(a.json?.success, JSON.stringify(a.json)).toBe(true);
  expect(a.json).toMatchObject({ operation: op, oid });
  return a.json?.data;
}

describe('key issuance and login', () => {
  it('publishes a 512-bit key, e and a numeric seq as JS with $.ret=0, a fresh seq per fetch', async () => {
    const a = await client.fetchKey();
    expect(a.status).toBe(200);
    expect(a.text).toMatch(/^var ee="[0-9a-f]{6}";\nvar nn="[0-9a-f]{128}";\nvar seq="\d+";\n\$\.ret=0;\n$/);
    expect(a.key?.ee).toBe('010001');
    expect(BigInt('0x' + a.key!.nn) >> 511n).toBe(1n);
    const b = await client.fetchKey();
    expect(b.key?.nn).toBe(a.key?.nn);
    expect(b.key?.seq).not.toBe(a.key?.seq);
  });

  it('logs in with the encrypted JSON login act: $.ret=0 under the client key, JSESSIONID, then TokenID on GET /', async () => {
    const before = await http(`${modem.url}/`);
    expect(before.text).toContain('id="pc-login-password"');
    expect(before.text).not.toContain('var token=');
    const l = await client.login();
    expect(l.ret).toBe(0);
    expect(l.plain).toBe('$.ret=0;\n');
    expect(l.text).toMatch(/^[A-Za-z0-9+/]+=*$/); // the reply itself is encrypted
    expect(String(l.headers['set-cookie'])).toMatch(/^JSESSIONID=[0-9a-f]{32}; Path=\/; HttpOnly/);
    const home = await client.home();
    expect(home.text).toMatch(/<script type="text\/javascript">var token="[0-9a-f]{30}";<\/script>/);
    expect(home.text).toContain('id="wireless"');
    expect(home.text).not.toContain('pc-login-btn');
    expect(modem.sessions()).toBe(1);
    expect(modem.acts.at(-1)).toMatchObject({ operation: 'cgi', oid: '/cgi/login', data: { Passwd: '***', UserName: Buffer.from('user').toString('base64') } });
  });

  it('serves the login page at /webpages/login.html whatever the session, and 404 elsewhere', async () => {
    await client.authorize();
    const page = await http(`${modem.url}/webpages/login.html`);
    expect(page.text).toContain('id="pc-login-btn"');
    expect(page.text).toContain('id="login-error"');
    expect(page.text).not.toContain('id="pc-login-user"'); // username fixed by default
    expect((await http(`${modem.url}/cgi/nothing`)).status).toBe(404);
  });
});

describe('reading objects', () => {
  beforeEach(() => client.authorize());

  it('go DEV2_DEV_INFO: the XX230v identity with a running upTime; "" attributes select fields', async () => {
    const info = (await read('go', 'DEV2_DEV_INFO')) as Row;
    expect(info).toMatchObject({ modelName: 'XX230v', manufacturer: 'TP-Link' });
    expect(info.hardwareVersion).toMatch(/^XX230v/);
    expect(info.softwareVersion).toMatch(/Build \d{8}/);
    expect(info.serialNumber).toMatch(/^\w{10,}$/);
    expect(Number(info.upTime)).toBeGreaterThan(86_400);
    const some = await read('go', 'DEV2_DEV_INFO', { modelName: '', softwareVersion: '' });
    expect(Object.keys(some as Row).sort()).toEqual(['modelName', 'softwareVersion']);
  });

  it('gl lists: WAN, LAN, Wi-Fi common, radios and SSIDs (client counts from the host table), hosts, mesh', async () => {
    const wan = (await read('gl', 'DEV2_ADT_WAN')) as Row[];
    expect(wan.map((w) => [w.stack, w.connType, w.connStatusV4])).toEqual([['1,0,0,0,0,0', 'pppoe', 'Connected'], ['2,0,0,0,0,0', 'dhcp', 'Connected']]);
    expect(wan[0]).toMatchObject({ enable: '1', connIPv4Address: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/), dnsServers: expect.stringContaining(',') });
    expect(((await read('gl', 'DEV2_ADT_LAN')) as Row[])[0].IPAddress).toBe('192.168.1.1');
    expect(((await read('gl', 'DEV2_ADT_WIFI_COMMON')) as Row[]).map((w) => w.primaryEnable)).toEqual(['1', '1']);
    const hosts = (await read('gl', 'DEV2_HOST_ENTRY')) as Row[];
    expect(hosts.length).toBeGreaterThan(4);
    for (const h of hosts) expect(h.physAddress).toMatch(/^([0-9A-F]{2}-){5}[0-9A-F]{2}$/);
    const active = (c: string) => hosts.filter((h) => h.active === '1' && h.X_TP_LanConnType === c).length;
    const ssids = (await read('gl', 'DEV2_WIFI_SSID')) as Row[];
    const radios = (await read('gl', 'DEV2_WIFI_RADIO')) as Row[];
    expect(ssids.map((s) => [s.band, s.clients])).toEqual([['2.4GHz', String(active('1'))], ['5GHz', String(active('3'))]]);
    expect(ssids.map((s) => s.channel)).toEqual(radios.map((r) => r.channel));
    expect(radios[1].operatingChannelBandwidth).toBe('80MHz');
    const mesh = (await read('gl', 'DEV2_MESH_AGENT')) as Row[];
    expect(mesh.map((m) => [m.backhaul, m.signalDbm])).toEqual([['wired', ''], ['5G', '-58']]);
    expect(mesh[1].mac).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
  });

  it('go on a list takes the entry at stack (the first for 0,0,0,0,0,0); gs is gl; unknown instances and oids fail', async () => {
    expect(((await read('go', 'DEV2_ADT_WAN', { stack: '2,0,0,0,0,0' })) as Row).connType).toBe('dhcp');
    expect(((await read('go', 'DEV2_ADT_WAN')) as Row).stack).toBe('1,0,0,0,0,0');
    expect(await read('gs', 'DEV2_MESH_AGENT')).toEqual(await read('gl', 'DEV2_MESH_AGENT'));
    const missing = await client.act('go', 'DEV2_ADT_WAN', { stack: '9,0,0,0,0,0' });
    expect(missing.json).toEqual({ success: false, errorcode: 9003, operation: 'go', oid: 'DEV2_ADT_WAN' });
    expect((await client.act('go', 'DEV2_NOT_A_THING')).json?.errorcode).toBe(9003);
    expect((await client.act('zap', 'DEV2_DEV_INFO')).json?.errorcode).toBe(9004);
    expect((await client.act('op', 'DEV2_DEV_INFO')).json?.errorcode).toBe(9004);
  });

  it('optical power in 0.1 µW: healthy ≈ -19 dBm; the degraded profile: weak RX, WAN down, poor mesh, fewer hosts', async () => {
    const ok = (await read('go', 'DEV2_OPTICAL_INTF')) as Row;
    expect(dbm(ok.RXPower)).toBeCloseTo(-19, 1);
    expect(dbm(ok.TXPower)).toBeCloseTo(2.5, 1);
    expect(Number(ok.opticalSignalLevel) / 1000).toBeCloseTo(-19, 1);
    const hostsBefore = ((await read('gl', 'DEV2_HOST_ENTRY')) as Row[]).length;
    modem.setProfile('degraded');
    const bad = (await read('go', 'DEV2_OPTICAL_INTF')) as Row;
    expect(bad.RXPower).toBe('14');
    expect(dbm(bad.RXPower)).toBeCloseTo(-28.5, 0);
    const wan = (await read('gl', 'DEV2_ADT_WAN')) as Row[];
    expect(wan[0]).toMatchObject({ connStatusV4: 'Disconnected', connIPv4Address: '0.0.0.0' });
    const mesh = (await read('gl', 'DEV2_MESH_AGENT')) as Row[];
    expect(Number(mesh[1].signalDbm)).toBeLessThan(-80);
    expect(((await read('gl', 'DEV2_HOST_ENTRY')) as Row[]).length).toBeLessThan(hostsBefore);
  });
});

describe('writes, logout and reboot', () => {
  beforeEach(() => client.authorize());

  it('so sets an SSID and its key; unknown attributes are a bad request; add/del manage list instances', async () => {
    expect(await read('so', 'DEV2_WIFI_SSID', { stack: '1,0,0,0,0,0', SSID: 'Lab-24', keyPassphrase: 'n3w-Key-99' })).toEqual({});
    expect(await read('go', 'DEV2_WIFI_SSID', { stack: '1,0,0,0,0,0', SSID: '', keyPassphrase: '' })).toEqual({ SSID: 'Lab-24', keyPassphrase: 'n3w-Key-99', stack: '1,0,0,0,0,0' });
    expect((await client.act('so', 'DEV2_WIFI_SSID', { stack: '1,0,0,0,0,0', bogus: 'x' })).json?.errorcode).toBe(71234);
    expect((await client.act('so', 'DEV2_DEV_INFO', { upTime: '1' })).json?.errorcode).toBe(71234);
    const added = (await read('add', 'DEV2_HOST_ENTRY', { hostName: 'new', active: '1' })) as Row;
    expect(added.stack).toMatch(/^\d+,0,0,0,0,0$/);
    expect(await read('del', 'DEV2_HOST_ENTRY', { stack: added.stack })).toEqual({});
    expect((await client.act('del', 'DEV2_HOST_ENTRY', { stack: added.stack })).json?.errorcode).toBe(9003);
  });

  it('cgi /cgi/logout ends the session: the next act gets $.ret=4 and GET / is the login page again', async () => {
    const out = await client.act('cgi', '/cgi/logout');
    expect(out.json?.success).toBe(true);
    expect(String(out.headers['set-cookie'])).toMatch(/^JSESSIONID=deleted;.*Max-Age=0/);
    expect(modem.sessions()).toBe(0);
    const after = await client.act('go', 'DEV2_DEV_INFO');
    expect(after.ret).toBe(4);
    expect(after.text).toBe('$.ret=4;\n');
    expect((await client.home()).text).toContain('pc-login-btn');
  });

  it('op ACT_REBOOT replies, counts a reboot, drops the session and restarts upTime', async () => {
    const before = modem.rebootCount();
    expect(await read('op', 'ACT_REBOOT')).toEqual({});
    expect(modem.rebootCount()).toBe(before + 1);
    expect(modem.sessions()).toBe(0);
    expect((await client.act('go', 'DEV2_DEV_INFO')).ret).toBe(4);
    await client.authorize();
    expect(Number(((await read('go', 'DEV2_DEV_INFO')) as Row).upTime)).toBeLessThan(5);
  });

  it('answers a tplinkrouterc6u-style request (attrs as "name":"") with the firmware reply shape', async () => {
    const a = await client.act('go', 'DEV2_DEV_INFO', { hardwareVersion: '', modelName: '', softwareVersion: '' });
    const text = aesDec(a.text, client.key, client.iv);
    expect(text).toMatch(/^\{"data":\{"hardwareVersion":"XX230v[^"]*","modelName":"XX230v","softwareVersion":"[^"]+"\},"operation":"go","oid":"DEV2_DEV_INFO","success":true\}$/);
    expect(retOf(text)).toBeNull();
  });
});
