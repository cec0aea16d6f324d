// The fake TP-Link gateway's own page in real Chromium: the login flow of /js/app.js (plain-JS
// RSA/AES/MD5 from /js/lib.js — crypto.subtle is made to throw, as it is unavailable on a real
// http LAN address), the page API the bridge calls (window.$.act / $.logout) and what travels on
// the wire (encrypted bodies only), the login error messages, the menu, session loss.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage, watchErrors } from '../../e2e/helpers.ts';
import { startFakeModem } from '../../fakes/tplink-modem/index.ts';
import type { FakeModem, FakeModemOptions } from '../../fakes/tplink-modem/index.ts';

interface PageApi {
  act(operation: string, oid: string, data?: Record<string, unknown>): Promise<unknown>;
  logout(): Promise<void>;
}
type Win = Window & { $: PageApi; token?: string };

let browser: Browser;
let context: BrowserContext | undefined;
let modem: FakeModem | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());
afterEach(async () => {
  await context?.close();
  await modem?.close();
});

async function open(opts: FakeModemOptions = {}): Promise<{ page: Page; modem: FakeModem; errors: ReturnType<typeof watchErrors> }> {
  modem = await startFakeModem({ password: 'Fibre#2024', ...opts });
  const opened = await newPage(browser);
  context = opened.context;
  const page = opened.page;
  // The page must not depend on WebCrypto (not available in a real modem's insecure context).
  await context.addInitScript(() => {
    Object.defineProperty(Crypto.prototype, 'subtle', {
      configurable: true,
      get() {
        throw new Error('crypto.subtle is not available on http://192.168.1.1');
      },
    });
  });
  const errors = watchErrors(page);
  await page.goto(modem.url);
  return { page, modem, errors };
}

async function logIn(page: Page, password: string): Promise<void> {
  await page.fill('#pc-login-password', password);
  await page.click('#pc-login-btn');
  await page.waitForFunction(() => typeof (window as unknown as Win).token === 'string');
}

const act = (page: Page, operation: string, oid: string, data?: Record<string, unknown>) =>
  page.evaluate(([o, id, d]) => (window as unknown as Win).$.act(o as string, id as string, d as Record<string, unknown> | undefined), [operation, oid, data] as const);

/** The rejection of an act as {message, code}, or null when it resolved. */
const actError = (page: Page, operation: string, oid: string) =>
  page.evaluate(([o, id]) => (window as unknown as Win).$.act(o, id).then(() => null, (e: Error & { code?: number }) => ({ message: e.message, code: e.code })), [operation, oid] as const);

describe('login through the page and $.act', () => {
  it('logs in by typing the password and clicking; $.act reads DEV2_DEV_INFO; every request on the wire is encrypted', async () => {
    const { page, modem, errors } = await open();
    await expect(page.isVisible('#login-error')).resolves.toBe(false);
    expect(await page.evaluate(() => { try { return typeof crypto.subtle; } catch { return 'throws'; } })).toBe('throws');
    await logIn(page, modem.password);
    await page.waitForSelector('#menu #wireless');
    const info = (await act(page, 'go', 'DEV2_DEV_INFO')) as Record<string, string>;
    expect(info).toMatchObject({ modelName: 'XX230v', manufacturer: 'TP-Link', serialNumber: expect.any(String) });
    expect(Number(info.upTime)).toBeGreaterThan(0);

    const posts = modem.requests.filter((r) => r.path === '/cgi_gdpr?9');
    expect(posts).toHaveLength(2); // login + the act
    const secrets = [modem.password, Buffer.from(modem.password).toString('base64'), 'DEV2_DEV_INFO', '/cgi/login', 'Passwd', 'UserName', 'operation', 'oid'];
    for (const r of posts) {
      expect(r.body).toMatch(/^sign=[0-9a-f]{128,}\r\ndata=[A-Za-z0-9+/]+={0,2}\r\n$/);
      for (const s of secrets) expect(r.body).not.toContain(s);
      expect(r.headers.referer).toMatch(new RegExp(`^${modem.url}/`));
      expect(r.status).toBe(200);
    }
    expect(posts[0].headers.tokenid).toBeUndefined();
    expect(posts[1].headers.tokenid).toMatch(/^[0-9a-f]{30}$/);
    expect(posts[1].headers.cookie).toMatch(/JSESSIONID=/);
    // The server did decrypt what the page sent: the login and the act, in order.
    expect(modem.acts.map((a) => `${a.operation} ${a.oid}`)).toEqual(['cgi /cgi/login', 'go DEV2_DEV_INFO']);
    expect(errors.unexpected([])).toEqual([]);
  });

  it('serialises parallel acts (each signature builds on the last) and rejects errors with the errorcode', async () => {
    const { page, modem } = await open({ profile: 'degraded' });
    await logIn(page, modem.password);
    const all = await page.evaluate(() => {
      const $ = (window as unknown as Win).$;
      return Promise.all([$.act('gl', 'DEV2_ADT_WAN'), $.act('go', 'DEV2_OPTICAL_INTF'), $.act('gl', 'DEV2_MESH_AGENT'), $.act('gl', 'DEV2_WIFI_SSID')]);
    });
    const [wan, optical, mesh, ssids] = all as [Record<string, string>[], Record<string, string>, Record<string, string>[], Record<string, string>[]];
    expect(wan[0].connStatusV4).toBe('Disconnected');
    expect(optical.RXPower).toBe('14');
    expect(mesh.map((m) => m.backhaul)).toEqual(['wired', '2.4G']);
    expect(ssids.map((s) => s.band)).toEqual(['2.4GHz', '5GHz']);
    expect(await actError(page, 'go', 'DEV2_NOPE')).toEqual({ message: 'errorcode 9003: no such object', code: 9003 });
    modem.expireSessions();
    expect(await actError(page, 'go', 'DEV2_DEV_INFO')).toEqual({ message: 'errorcode 4: not logged in or session expired; log in again', code: 4 });
  });

  it('$.logout ends the session; the page is the login page again', async () => {
    const { page, modem } = await open();
    await logIn(page, modem.password);
    expect(modem.sessions()).toBe(1);
    await page.evaluate(() => (window as unknown as Win).$.logout());
    expect(modem.sessions()).toBe(0);
    expect(modem.acts.at(-1)).toMatchObject({ operation: 'cgi', oid: '/cgi/logout' });
    await page.goto(modem.url);
    await page.waitForSelector('#pc-login-btn');
    expect((await actError(page, 'go', 'DEV2_DEV_INFO'))?.code).toBe(4);
  });

  it('uses #pc-login-user when the username is not fixed', async () => {
    const { page, modem } = await open({ username: 'admin', usernameField: true });
    await page.fill('#pc-login-user', 'admin');
    await logIn(page, modem.password);
    expect(((await act(page, 'go', 'DEV2_DEV_INFO')) as Record<string, string>).modelName).toBe('XX230v');
  });
});

describe('login errors shown in #login-error', () => {
  it('wrong password with attempts left, then the lock with its seconds', async () => {
    const { page } = await open({ maxAuthAttempts: 2, lockMs: 90_000 });
    await page.fill('#pc-login-password', 'nope');
    await page.click('#pc-login-btn');
    await expect(page.waitForSelector('#login-error:has-text("Wrong password. 1 attempt(s) left.")')).resolves.toBeTruthy();
    await page.click('#pc-login-btn');
    const locked = await (await page.waitForSelector('#login-error:has-text("Too many failed attempts")')).textContent();
    expect(locked).toMatch(/^Too many failed attempts\. Try again in (89|90) seconds\.$/);
    expect(await page.evaluate(() => typeof (window as unknown as Win).token)).toBe('undefined');
  });

  it('another administrator logged in', async () => {
    const { page, modem } = await open();
    modem.setAnotherAdminLoggedIn(true);
    await page.fill('#pc-login-password', modem.password);
    await page.click('#pc-login-btn');
    await page.waitForSelector('#login-error:has-text("Another administrator is logged in.")');
    expect(modem.sessions()).toBe(0);
  });
});

describe('main page menu', () => {
  it('#wireless shows the SSID form; #save_bs writes it through an encrypted so', async () => {
    const { page, modem, errors } = await open();
    await logIn(page, modem.password);
    await page.click('#wireless');
    await page.waitForSelector('#ssid_bs');
    expect(await page.inputValue('#ssid_bs')).toBe('Fibre-4712');
    await page.fill('#ssid_bs', 'Maison-Lab');
    await page.fill('#wpa2PersonalPwd_bs', 'Another-Key-42');
    await page.click('#save_bs');
    await page.waitForSelector('#save_result:has-text("Saved.")');
    expect(modem.acts.at(-1)).toMatchObject({ operation: 'so', oid: 'DEV2_WIFI_SSID', data: { SSID: 'Maison-Lab', stack: '1,0,0,0,0,0' } });
    expect(((await act(page, 'go', 'DEV2_WIFI_SSID', { stack: '1,0,0,0,0,0' })) as Record<string, string>).SSID).toBe('Maison-Lab');
    for (const r of modem.requests) expect(r.body).not.toContain('Maison-Lab');
    await page.click('#status');
    // The wireless panel also has a table: wait for the status panel's own heading.
    await page.waitForSelector('#content h3:has-text("Device")');
    expect(await page.textContent('#content')).toContain('XX230v');
    expect(errors.unexpected([])).toEqual([]);
  });
});
