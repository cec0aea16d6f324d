// The one place the bridge talks to a modem: its web UI in a page. Login goes through the UI
// (type the password, click, wait for the token page or the error area); reads go through the
// page's own JS API (`$.act`) with page.evaluate, so the firmware's crypto does the work. Which
// selectors and globals are used comes from the firmware profile.
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { BridgeError } from './errors.ts';
import type { FirmwareProfile } from './profiles/index.ts';

export interface ModemTarget {
  /** scheme://host[:port], no trailing slash. */
  origin: string;
  /** host[:port], for messages. */
  host: string;
  username: string;
  password: string;
}

/** The credential's address ("192.168.1.1", "http://192.168.1.1/", "https://gw:8443") as a target. */
export function modemTarget(address: unknown, username: unknown, password: unknown): ModemTarget {
  const text = String(address ?? '').trim();
  if (!text) throw new BridgeError('bad_request', 'The modem address is empty', { parameter: 'address', description: 'Set "Modem Address", e.g. http://192.168.1.1.' });
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new BridgeError('bad_request', `"${text}" is not a modem address`, { parameter: 'address', description: 'Use a host or URL, e.g. 192.168.1.1 or http://192.168.1.1.' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BridgeError('bad_request', `The modem address must be http:// or https://, not ${url.protocol}`, { parameter: 'address' });
  if (!String(password ?? '')) throw new BridgeError('bad_request', 'The modem password is empty', { parameter: 'password', description: 'Set "Password" in the TP-Link Modem credential.' });
  return { origin: url.origin, host: url.host, username: String(username ?? '').trim() || 'user', password: String(password) };
}

/** Who a session belongs to, without keeping the password: a new password means a new login. */
export const identity = (t: ModemTarget): string => `${t.username}:${createHash('sha256').update(t.password).digest('hex').slice(0, 16)}`;

/** Chromium's net::ERR_* codes that mean "no HTTP answer at all". */
const UNREACHABLE = /net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|CONNECTION_CLOSED|CONNECTION_FAILED|ADDRESS_UNREACHABLE|NAME_NOT_RESOLVED|NAME_RESOLUTION_FAILED|INTERNET_DISCONNECTED|NETWORK_UNREACHABLE|TIMED_OUT|CONNECTION_TIMED_OUT|EMPTY_RESPONSE|SSL_PROTOCOL_ERROR|CERT_[A-Z_]+)/;

function navigationError(err: unknown, t: ModemTarget): Error {
  const message = (err as Error)?.message ?? String(err);
  const net = UNREACHABLE.exec(message);
  if (!net) return err as Error;
  const why = net[1].toLowerCase().replace(/_/g, ' ');
  return new BridgeError('unreachable', `Could not reach the modem at ${t.origin} (${why})`, {
    modem: t.origin,
    description: 'Check "Modem Address" in the TP-Link Modem credential and that the modem answers on that address and port from the machine Gigaflow runs on.',
  });
}

/** Evaluated in the page: a dotted path from window (profile page API names). */
type Probe = { token: string; act: string; error: string; password: string };

/** Opens the login page, logs in through the form and waits for the page API. */
export async function login(page: Page, t: ModemTarget, profile: FirmwareProfile, timeoutMs: number): Promise<void> {
  const { selectors, pageApi } = profile;
  let response;
  try {
    response = await page.goto(`${t.origin}${profile.loginPath}`, { waitUntil: 'load', timeout: timeoutMs });
  } catch (err) {
    throw navigationError(err, t);
  }
  if (response && response.status() >= 400)
    throw unsupported(t, profile, `the login page ${profile.loginPath} answered HTTP ${response.status()}`);
  const probe: Probe = { token: pageApi.token, act: pageApi.act, error: selectors.loginError, password: selectors.password };
  // Already logged in (a session cookie the context kept): the token page is there.
  const state = await page.evaluate(pageState, probe);
  if (state && state.state === 'in') return;
  // After "load" the firmware's scripts have run; a second's grace for a form they build late.
  const field = (await page.$(selectors.password)) ?? (await page.waitForSelector(selectors.password, { timeout: Math.min(1000, timeoutMs) }).catch(() => null));
  if (!field) throw unsupported(t, profile, `the page at ${page.url()} has no login field ${selectors.password}`);
  if (await page.$(selectors.username)) await page.fill(selectors.username, t.username, { timeout: timeoutMs });
  await page.fill(selectors.password, t.password, { timeout: timeoutMs });
  // Empty the error area first, so an old message is not read as this attempt's answer.
  await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (el) el.textContent = '';
  }, selectors.loginError);
  await page.click(selectors.loginButton, { timeout: timeoutMs });
  const handle = await page.waitForFunction(pageState, probe, { timeout: timeoutMs, polling: 50 }).catch((err) => {
    throw navigationError(err, t);
  });
  const result = (await handle.jsonValue()) as { state: string; text?: string };
  await handle.dispose().catch(() => {});
  if (result.state === 'error') throw loginError(result.text ?? '', t, profile);
  if (result.state !== 'in') throw unsupported(t, profile, `after the login the page has no ${pageApi.act} / ${pageApi.token}`);
}

/** In the page: logged in (token + act function), a login error shown, or still waiting. */
function pageState(p: Probe): { state: 'in' | 'error'; text?: string } | false {
  const get = (path: string) => path.split('.').reduce<unknown>((o, k) => (o == null ? undefined : (o as Record<string, unknown>)[k]), window);
  if (typeof get(p.act) === 'function' && typeof get(p.token) === 'string' && get(p.token)) return { state: 'in' };
  const el = document.querySelector(p.error) as HTMLElement | null;
  const text = el?.textContent?.trim();
  if (el && text && getComputedStyle(el).display !== 'none' && getComputedStyle(el).visibility !== 'hidden') return { state: 'error', text };
  return false;
}

function unsupported(t: ModemTarget, profile: FirmwareProfile, what: string): BridgeError {
  return new BridgeError('unsupported_firmware', `The modem at ${t.origin} does not look like a ${profile.label}: ${what}`, {
    modem: t.origin,
    description: 'This firmware\'s web UI is not supported by the bridge (a firmware profile lists the login page and page API it expects). Check that the address is the modem\'s web UI.',
  });
}

function loginError(text: string, t: ModemTarget, profile: FirmwareProfile): BridgeError {
  const shown = text.replace(/\s+/g, ' ').slice(0, 200);
  for (const p of profile.loginErrors) {
    const m = p.pattern.exec(text);
    if (!m) continue;
    const n = p.numberGroup && m[p.numberGroup] !== undefined ? Number(m[p.numberGroup]) : undefined;
    if (p.code === 'wrong_password')
      return new BridgeError('wrong_password', `Wrong password for "${t.username}" on the modem at ${t.origin}${n !== undefined ? ` (${n} attempt${n === 1 ? '' : 's'} left before the login locks)` : ''}`, {
        modem: t.origin,
        attemptsLeft: n,
        description: 'Check "Password" (and "Username") in the TP-Link Modem credential. Each wrong try counts: the modem locks its login after a few.',
      });
    if (p.code === 'locked')
      return new BridgeError('locked', `The modem at ${t.origin} has locked its login after too many wrong passwords${n !== undefined ? `: try again in ${n} s` : ''}`, {
        modem: t.origin,
        retryAfterSeconds: n,
        description: 'Fix the password in the TP-Link Modem credential, then wait for the lock to end (or restart the modem).',
      });
    return anotherAdmin(t);
  }
  return new BridgeError('modem_error', `The modem at ${t.origin} refused the login: ${shown}`, { modem: t.origin, description: 'The modem\'s login page showed this message.' });
}

export function anotherAdmin(t: ModemTarget): BridgeError {
  return new BridgeError('another_admin', `Another administrator is logged in to the modem at ${t.origin}`, {
    modem: t.origin,
    description: 'The modem allows one admin session at a time: log out of its web UI (or wait for that session to time out) and run again.',
  });
}

export interface ActRequest {
  operation: string;
  oid: string;
  data?: Record<string, unknown>;
}

export type ActResult = { ok: true; data: unknown } | { ok: false; errorcode?: number | string; message: string };

/**
 * Runs acts one after the other in the page (one evaluate for the batch: the firmware's running
 * sequence number forbids parallel requests anyway). A missing page API means the page is no
 * longer the logged-in page (the session ended and the UI went back to the login page).
 */
export async function actAll(page: Page, profile: FirmwareProfile, acts: ActRequest[]): Promise<ActResult[] | 'logged_out'> {
  let out;
  try {
    out = await page.evaluate(
      async ({ path, acts }) => {
        const get = (p: string) => p.split('.').reduce<unknown>((o, k) => (o == null ? undefined : (o as Record<string, unknown>)[k]), window);
        const fn = get(path);
        if (typeof fn !== 'function') return 'logged_out' as const;
        const self = get(path.split('.').slice(0, -1).join('.')) ?? window;
        const results = [];
        for (const a of acts) {
          try {
            results.push({ ok: true as const, data: (await fn.call(self, a.operation, a.oid, a.data)) ?? null });
          } catch (e) {
            const err = e as { message?: string; code?: number | string; errorcode?: number | string };
            const message = String(err?.message ?? e);
            const code = err?.code ?? err?.errorcode ?? /errorcode\D{0,3}(-?\d+)/i.exec(message)?.[1];
            results.push({ ok: false as const, message, errorcode: typeof code === 'string' && /^-?\d+$/.test(code) ? Number(code) : code });
          }
        }
        return results;
      },
      { path: profile.pageApi.act, acts },
    );
  } catch (err) {
    // The page navigated away mid-read (the firmware sends an expired session to the login page).
    if (/Execution context was destroyed|navigation/i.test((err as Error).message)) return 'logged_out';
    throw err;
  }
  return out;
}

export const isSessionExpired = (r: ActResult, profile: FirmwareProfile): boolean =>
  !r.ok && (profile.sessionExpired.errorcodes.includes(r.errorcode as number) || profile.sessionExpired.pattern.test(r.message));

export const isAnotherAdmin = (r: ActResult, profile: FirmwareProfile): boolean =>
  !r.ok && !!profile.anotherAdmin && (profile.anotherAdmin.errorcodes.includes(r.errorcode as number) || profile.anotherAdmin.pattern.test(r.message));

/** Logs the page out through the page API; never throws (the session may be gone already). */
export async function logout(page: Page, profile: FirmwareProfile): Promise<void> {
  await page.evaluate((path) => {
    const get = (p: string) => p.split('.').reduce<unknown>((o, k) => (o == null ? undefined : (o as Record<string, unknown>)[k]), window);
    const fn = get(path);
    const self = get(path.split('.').slice(0, -1).join('.')) ?? window;
    return typeof fn === 'function' ? Promise.resolve(fn.call(self)).then(() => undefined, () => undefined) : undefined;
  }, profile.pageApi.logout).catch(() => {});
}
