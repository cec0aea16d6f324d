// What the TP-Link Bridge node says when a modem cannot be read: wrong password (with attempts
// left), locked login, another admin, unreachable, a page that is not the firmware's, too slow —
// each within the operation timeout — and the session expiring between two reads.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, logins, startBridgeEnv } from './setup.ts';
import type { BridgeEnv } from './setup.ts';

let env: BridgeEnv;
let other: Server;

beforeAll(async () => {
  env = await startBridgeEnv();
  other = createServer((_req, res) => res.end('<html><head><title>Router</title></head><body><h1>Welcome</h1></body></html>'));
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
});
afterAll(async () => {
  await env?.close();
  other?.closeAllConnections();
  if (other?.listening) await new Promise((r) => other.close(r));
});

describe('TP-Link Bridge errors', () => {
  it('wrong password: says so, with the attempts left', async () => {
    const { fake, credId } = await env.modem({ credentialPassword: 'not-it' });
    const { error } = await env.run(credId, { operation: 'deviceInfo' });
    expect(error).toMatchObject({
      name: 'NodeApiError',
      httpCode: 'wrong_password',
      message: `Wrong password for "user" on the modem at ${fake.url} (4 attempts left before the login locks)`,
      description: expect.stringContaining('Check "Password"'),
    });
    expect(JSON.stringify(error)).not.toContain('not-it');
    expect(fake.sessions()).toBe(0);
  });

  it('a kept session is not reused for another credential of the same modem', async () => {
    const { fake, credId } = await env.modem();
    expect((await env.run(credId, { operation: 'deviceInfo' })).error).toBeUndefined();
    const wrong = await env.credential({ address: fake.url, username: 'user', password: 'guess' });
    expect((await env.run(wrong, { operation: 'deviceInfo' })).error).toMatchObject({ httpCode: 'wrong_password' });
    expect((await env.run(credId, { operation: 'deviceInfo' })).error).toBeUndefined();
  });

  it('too many wrong passwords: the login is locked, with the seconds to wait', async () => {
    const { fake, credId } = await env.modem({ credentialPassword: 'not-it', maxAuthAttempts: 2, lockMs: 90_000 });
    expect((await env.run(credId, { operation: 'deviceInfo' })).error?.message).toContain('(1 attempt left');
    const second = await env.run(credId, { operation: 'deviceInfo' });
    const third = await env.run(credId, { operation: 'deviceInfo' });
    for (const { error } of [second, third]) {
      expect(error).toMatchObject({ httpCode: 'locked', message: expect.stringMatching(new RegExp(`^The modem at ${fake.url} has locked its login after too many wrong passwords: try again in (89|90) s$`)) });
    }
    // The right password does not help while locked.
    const right = await env.credential({ address: fake.url, username: 'user', password: fake.password });
    expect((await env.run(right, { operation: 'deviceInfo' })).error).toMatchObject({ httpCode: 'locked' });
  });

  it('another administrator logged in', async () => {
    const { fake, credId } = await env.modem();
    fake.setAnotherAdminLoggedIn(true);
    const { error } = await env.run(credId, { operation: 'wifi' });
    expect(error).toMatchObject({ httpCode: 'another_admin', message: `Another administrator is logged in to the modem at ${fake.url}`, description: expect.stringContaining('one admin session') });
    fake.setAnotherAdminLoggedIn(false);
    expect((await env.run(credId, { operation: 'wifi' })).error).toBeUndefined();
  });

  it('unreachable modem (nothing listens on the port)', async () => {
    const port = await closedPort();
    const credId = await env.credential({ address: `127.0.0.1:${port}`, password: 'x' });
    const started = Date.now();
    const { error } = await env.run(credId, { operation: 'deviceInfo' });
    expect(error).toMatchObject({ httpCode: 'unreachable', message: `Could not reach the modem at http://127.0.0.1:${port} (connection refused)`, description: expect.stringContaining('Modem Address') });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a page that is not the firmware\'s login page: firmware not supported', async () => {
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const credId = await env.credential({ address: url, password: 'x' });
    const { error } = await env.run(credId, { operation: 'deviceInfo' });
    expect(error).toMatchObject({ httpCode: 'unsupported_firmware', message: `The modem at ${url} does not look like a TP-Link XX230v (EX/XX series, GDPR JSON): the page at ${url}/ has no login field #pc-login-password` });
  });

  it('a modem slower than the timeout: fails within the timeout, saying what it waited for', async () => {
    const { fake, credId } = await env.modem({ slowMs: 5000 });
    const started = Date.now();
    const { error } = await env.run(credId, { operation: 'deviceInfo', options: { timeoutMs: 1500 } });
    const took = Date.now() - started;
    expect(error).toMatchObject({ httpCode: 'timeout', message: `The modem at ${fake.url} did not finish "Device Info" within 1.5 s (while logging in)` });
    expect(took).toBeLessThan(4000);
    // The pool is free again: a fast modem answers right away.
    fake.setSlow(0);
    expect((await env.run(credId, { operation: 'deviceInfo' })).json[0]).toMatchObject({ model: 'XX230v' });
  });

  it('logs in again when the modem ended the session between two reads', async () => {
    const { fake, credId } = await env.modem();
    expect((await env.run(credId, { operation: 'hosts' })).error).toBeUndefined();
    const before = logins(fake);
    fake.expireSessions();
    expect(fake.sessions()).toBe(0);
    const { json, error } = await env.run(credId, { operation: 'hosts' });
    expect(error).toBeUndefined();
    expect(json[0].hosts).toHaveLength(7);
    expect(logins(fake)).toBe(before + 1);
    expect(fake.sessions()).toBe(1);
  });

  it('with On Error: Continue, a failed read is an error item naming the source', async () => {
    const port = await closedPort();
    const credId = await env.credential({ address: `http://127.0.0.1:${port}`, password: 'x' });
    const { json, error } = await env.run(credId, { operation: 'fullDiagnostic' }, { node: { onError: 'continueRegularOutput' } });
    expect(error).toBeUndefined();
    expect(json).toEqual([{ source: 'tplink-bridge', error: expect.objectContaining({ httpCode: 'unreachable', message: expect.stringContaining('Could not reach the modem') }) }]);
  });
});
