// What the fake TP-Link gateway refuses (integration-apis.md §4.1 B/C, §4.3): replayed sequence
// numbers, forged signatures, unencrypted bodies, a missing Referer (403), a missing or wrong
// TokenID, wrong passwords (counters, then a lock), the single-admin rule, "another admin logged
// in", session expiry, and the slow switch. Every request goes over real HTTP.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeModem } from '../../fakes/tplink-modem/index.ts';
import type { FakeModem, FakeModemOptions } from '../../fakes/tplink-modem/index.ts';
import { GdprClient, aesEnc, http, md5, rsaSign, varOf } from './tplink-modem-client.ts';

let modem: FakeModem | undefined;
afterEach(() => modem?.close());
async function start(opts: FakeModemOptions = {}): Promise<{ modem: FakeModem; client: GdprClient }> {
  modem = await startFakeModem({ password: 'S3cret!pw', ...opts });
  return { modem, client: new GdprClient(modem.url, modem.username, modem.password) };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('anti-replay and signatures', () => {
  it('refuses a replayed body and a signature whose s does not move past the last accepted one', async () => {
    const { client } = await start();
    await client.authorize();
    const body = client.actBody('go', 'DEV2_DEV_INFO');
    expect((await client.post(body)).ret).toBeNull(); // accepted (encrypted answer)
    const replay = await client.post(body);
    expect(replay.status).toBe(200);
    expect(replay.text).toBe('$.ret=71234;\n');
    // Same s again with a different body, and an s one short of seq + len(data): both refused.
    const lastS = client.seq;
    expect((await client.act('gl', 'DEV2_ADT_WAN', {}, { s: lastS, keepSeq: true })).ret).toBe(71234);
    const body2 = client.actBody('go', 'DEV2_DEV_INFO', {}, { keepSeq: true });
    const len = /data=([^\r]+)/.exec(body2)![1].length;
    expect((await client.act('go', 'DEV2_DEV_INFO', {}, { s: lastS + len - 1, keepSeq: true })).ret).toBe(71234);
    // The regular running seq still works after the refusals.
    expect((await client.act('go', 'DEV2_DEV_INFO')).json?.success).toBe(true);
  });

  it('refuses a replayed login: a key fetch issues a seq for one login only', async () => {
    const { modem, client } = await start();
    await client.fetchKey();
    const body = client.loginBody();
    expect((await client.post(body, { cookie: null, token: null })).ret).toBeNull();
    expect(modem.sessions()).toBe(1);
    expect((await client.post(body, { cookie: null, token: null })).text).toBe('$.ret=71234;\n');
  });

  it('refuses forged signatures: random chunks, a wrong h, another RSA key, a non-hex or short sign', async () => {
    const { client } = await start();
    await client.authorize();
    const good = client.actBody('go', 'DEV2_DEV_INFO', {}, { keepSeq: true });
    const data = /data=([^\r]+)/.exec(good)![1];
    const other = await startFakeModem(); // a different per-start key
    const otherKey = await new GdprClient(other.url, 'user', 'x').fetchKey();
    await other.close();
    const s = client.seq + data.length;
    const forged = [
      randomBytes(64).toString('hex').replace(/^./, '0'),
      rsaSign(`h=${md5('user' + 'guess')}&s=${s}`, client.rsa!.nn, client.rsa!.ee),
      rsaSign(`h=${md5(client.username + client.password)}&s=${s}`, otherKey.key!.nn, otherKey.key!.ee),
      'zz' + good.slice(7, 133),
      good.slice(5, 69),
      'f'.repeat(128), // not below the modulus
    ];
    for (const sign of forged) expect((await client.post(`sign=${sign}\r\ndata=${data}\r\n`)).text, sign).toBe('$.ret=71234;\n');
    expect((await client.act('go', 'DEV2_DEV_INFO')).json?.success).toBe(true);
  });

  it('refuses unencrypted bodies: raw JSON, form fields, plain base64 JSON, data under another AES key', async () => {
    const { client } = await start();
    await client.authorize();
    const json = JSON.stringify({ data: { stack: '0,0,0,0,0,0', pstack: '0,0,0,0,0,0' }, operation: 'go', oid: 'DEV2_DEV_INFO' });
    const s = (len: number) => rsaSign(`h=${md5(client.username + client.password)}&s=${client.seq + len}`, client.rsa!.nn, client.rsa!.ee);
    const plainB64 = Buffer.from(json).toString('base64');
    const otherAes = aesEnc(json, '1234567890123456', '6543210987654321');
    const bodies = [json, `operation=go&oid=DEV2_DEV_INFO`, `sign=${s(plainB64.length)}\r\ndata=${plainB64}\r\n`, `sign=${s(otherAes.length)}\r\ndata=${otherAes}\r\n`, ''];
    for (const body of bodies) expect((await client.post(body)).text, body.slice(0, 40)).toBe('$.ret=71234;\n');
    expect((await client.act('go', 'DEV2_DEV_INFO')).json?.success).toBe(true);
  });
});

describe('Referer and TokenID', () => {
  it('answers 403 without a Referer (or with another host\'s) on the key fetch, login and acts', async () => {
    const { client } = await start();
    expect((await client.fetchKey(null)).status).toBe(403);
    expect((await client.fetchKey('http://evil.example/')).status).toBe(403);
    await client.fetchKey();
    expect((await client.post(client.loginBody(), { referer: null })).status).toBe(403);
    await client.authorize();
    const noRef = await client.act('go', 'DEV2_DEV_INFO', {}, { referer: null, keepSeq: true });
    expect(noRef.status).toBe(403);
    expect(noRef.text).toContain('403 Forbidden');
    expect((await client.act('go', 'DEV2_DEV_INFO')).json?.success).toBe(true);
  });

  it('answers 403 to a missing or wrong TokenID, and the TokenID of an ended session is stale', async () => {
    const { client } = await start();
    await client.authorize();
    for (const token of [null, 'f'.repeat(30), client.token!.toUpperCase()]) {
      const a = await client.act('go', 'DEV2_DEV_INFO', {}, { token, keepSeq: true });
      expect(a.status).toBe(403);
      expect(a.text).toBe('403 Forbidden: TokenID\n');
    }
    expect((await client.act('go', 'DEV2_DEV_INFO')).json?.success).toBe(true);
    const oldToken = client.token;
    await client.authorize(); // a new session: new cookie and token
    expect(client.token).not.toBe(oldToken);
    expect((await client.act('go', 'DEV2_DEV_INFO', {}, { token: oldToken, keepSeq: true })).status).toBe(403);
  });
});

describe('passwords, sessions, switches', () => {
  it('counts wrong passwords (currAuthTimes), locks after maxAuthAttempts (currForbidTime), unlocks after lockMs', async () => {
    const { modem, client } = await start({ maxAuthAttempts: 3, lockMs: 1500 });
    for (const n of [1, 2]) {
      const l = await client.login('wrong-' + n);
      expect(l.ret).toBe(71233);
      expect(l.plain).toBe(`var currAuthTimes=${n};\nvar currForbidTime=0;\nvar maxAuthTimes=3;\n$.ret=71233;\n`);
    }
    const third = await client.login('wrong-3');
    expect(varOf(third.plain, 'currAuthTimes')).toBe(3);
    expect(varOf(third.plain, 'currForbidTime')).toBe(2); // 1.5 s, rounded up
    const locked = await client.login(); // right password, still locked
    expect(locked.ret).toBe(71233);
    expect(varOf(locked.plain, 'currForbidTime')).toBeGreaterThan(0);
    expect(modem.sessions()).toBe(0);
    expect(modem.authState()).toMatchObject({ failedAttempts: 3 });
    expect((await client.login('x', 'admin')).ret).toBe(71233); // a wrong user counts too
    await sleep(1600);
    expect((await client.login()).ret).toBe(0);
    expect(modem.authState()).toEqual({ failedAttempts: 0, lockedForMs: 0 });
  });

  it('keeps one admin session: a new login evicts the previous one; "another admin" refuses logins with 71235', async () => {
    const { modem, client } = await start();
    await client.authorize();
    const second = new GdprClient(modem.url, modem.username, modem.password);
    await second.authorize();
    expect(modem.sessions()).toBe(1);
    expect((await client.act('go', 'DEV2_DEV_INFO')).text).toBe('$.ret=4;\n');
    expect((await second.act('go', 'DEV2_DEV_INFO')).json?.success).toBe(true);
    modem.setAnotherAdminLoggedIn(true);
    const refused = await client.login();
    expect(refused.plain).toBe('$.ret=71235;\n');
    expect(refused.headers['set-cookie']).toBeUndefined();
    expect((await second.act('go', 'DEV2_DEV_INFO')).json?.success).toBe(true);
    modem.setAnotherAdminLoggedIn(false);
    expect((await client.login()).ret).toBe(0);
  });

  it('expires an idle session after sessionTtlMs (activity renews it) and on expireSessions()', async () => {
    const { modem, client } = await start({ sessionTtlMs: 700 });
    await client.authorize();
    for (let i = 0; i < 3; i++) {
      await sleep(400); // more than half the TTL each time: only renewal keeps it alive
      expect((await client.act('go', 'DEV2_DEV_INFO')).json?.success).toBe(true);
    }
    await sleep(800);
    expect((await client.act('go', 'DEV2_DEV_INFO')).ret).toBe(4);
    expect((await client.home()).token).toBeNull();
    await client.authorize();
    modem.expireSessions();
    expect(modem.sessions()).toBe(0);
    expect((await client.act('go', 'DEV2_DEV_INFO')).ret).toBe(4);
  });

  it('delays every answer while slow', async () => {
    const { modem } = await start({ slowMs: 300 });
    expect((await http(`${modem.url}/`)).ms).toBeGreaterThanOrEqual(290);
    modem.setSlow(0);
    expect((await http(`${modem.url}/`)).ms).toBeLessThan(200);
  });
});
