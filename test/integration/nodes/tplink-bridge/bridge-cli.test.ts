// `gigaflow bridge`: the stand-alone modem bridge as a subprocess, called over HTTP like a client
// would — reads by POST and by GET with the credential in headers, reboot only with confirm, the
// API key, the loopback rule, and no password in its log.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeModem } from '../../../fakes/tplink-modem/index.ts';
import type { FakeModem } from '../../../fakes/tplink-modem/index.ts';

const root = new URL('../../../..', import.meta.url).pathname;
const PASSWORD = 'Cli-Secret-4471';
const API_KEY = 'bridge-test-key-0123456789';

interface Bridge {
  proc: ChildProcess;
  url: string;
  log: () => string;
  stop(): Promise<number | null>;
}

/** Starts `gigaflow bridge --port 0 …` and waits for its "bridge ready" line (JSON on stderr). */
function startBridge(args: string[], env: Record<string, string> = {}): Promise<Bridge> {
  const proc = spawn(process.execPath, [join(root, 'host/cli/bin.ts'), 'bridge', '--port', '0', ...args], { cwd: root, env: { ...process.env, GIGAFLOW_LOG_LEVEL: 'info', ...env } });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bridge did not start: ${out}`)), 15_000);
    const check = () => {
      const ready = /"url":"([^"]+)"[^\n]*"msg":"bridge ready"/.exec(out);
      if (!ready) return;
      clearTimeout(timer);
      proc.stderr!.off('data', check);
      resolve({
        proc,
        url: ready[1],
        log: () => out,
        stop: () => {
          proc.kill('SIGTERM');
          return exited;
        },
      });
    };
    proc.stderr!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`bridge exited with ${code}: ${out}`));
    });
  });
}

let fake: FakeModem;
let bridge: Bridge;

beforeAll(async () => {
  fake = await startFakeModem({ password: PASSWORD });
  bridge = await startBridge([], { GIGAFLOW_BRIDGE_API_KEY: '' });
});
afterAll(async () => {
  await bridge?.stop();
  await fake?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${bridge.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('gigaflow bridge (REST)', () => {
  it('serves health, the operations and a full diagnostic read by POST', async () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${bridge.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', browser: { running: false, maxConcurrency: 4 } });
    const ops = await (await fetch(`${bridge.url}/v1/operations`)).json();
    expect(ops.operations.map((o: { name: string }) => o.name)).toEqual(['fullDiagnostic', 'deviceInfo', 'wifi', 'hosts', 'wan', 'optical', 'mesh', 'raw', 'reboot']);

    const res = await post('/v1/modems/read', { address: fake.url, username: 'user', password: PASSWORD, operation: 'fullDiagnostic' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ source: 'tplink-bridge', model: 'XX230v', wan: { status: 'Connected' }, optical: { rxPowerDbm: -19 } });
    expect((await (await fetch(`${bridge.url}/healthz`)).json()).browser).toMatchObject({ running: true, modems: 1 });
  });

  it('reads by GET with the credential in headers (raw object too)', async () => {
    const headers = { 'x-modem-username': 'user', 'x-modem-password': PASSWORD };
    const wifi = await fetch(`${bridge.url}/v1/modems/${encodeURIComponent(fake.url)}/wifi`, { headers });
    expect(wifi.status).toBe(200);
    expect((await wifi.json()).wifi).toHaveLength(2);
    const raw = await fetch(`${bridge.url}/v1/modems/${encodeURIComponent(fake.url.replace('http://', ''))}/raw?oid=DEV2_PROC_STATUS&act=go`, { headers });
    expect(await raw.json()).toMatchObject({ oid: 'DEV2_PROC_STATUS', data: { CPUUsage: '12' } });
  });

  it('answers errors as JSON with a status that fits', async () => {
    const wrong = await post('/v1/modems/read', { address: fake.url, password: 'nope', operation: 'deviceInfo' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: expect.objectContaining({ code: 'wrong_password', attemptsLeft: 4, modem: fake.url }) });
    const unknown = await post('/v1/modems/read', { address: fake.url, password: PASSWORD, operation: 'teleport' });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toMatchObject({ code: 'bad_request', parameter: 'operation' });
    expect((await post('/v1/modems/read', { address: fake.url, password: PASSWORD, operation: 'reboot', confirm: true })).status).toBe(400);
    expect((await fetch(`${bridge.url}/v1/modems/x/reboot`)).status).toBe(405);
    expect((await fetch(`${bridge.url}/v1/nothing`)).status).toBe(404);
  });

  it('reboots only with "confirm": true', async () => {
    const refused = await post('/v1/modems/reboot', { address: fake.url, password: PASSWORD });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toMatchObject({ code: 'bad_request', message: 'Reboot refused: the confirm option is not set' });
    expect(fake.rebootCount()).toBe(0);
    const done = await post('/v1/modems/reboot', { address: fake.url, password: PASSWORD, confirm: true });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ rebooted: true });
    expect(fake.rebootCount()).toBe(1);
  });

  it('never writes a password to its log', () => {
    expect(bridge.log()).toContain('"msg":"request"');
    expect(bridge.log()).not.toContain(PASSWORD);
    expect(bridge.log()).not.toContain('nope');
  });

  it('with GIGAFLOW_BRIDGE_API_KEY, /v1 needs the key; beyond loopback the key is required', async () => {
    const refused = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const p = spawn(process.execPath, [join(root, 'host/cli/bin.ts'), 'bridge', '--port', '0', '--host', '0.0.0.0'], { cwd: root, env: { ...process.env, GIGAFLOW_BRIDGE_API_KEY: '' } });
      let out = '';
      p.stderr.on('data', (d) => (out += d));
      p.once('exit', (code) => resolve({ code, out }));
    });
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('Refusing to listen on 0.0.0.0 without an API key');
    const open = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const p = spawn(process.execPath, [join(root, 'host/cli/bin.ts'), 'bridge', '--port', '0', '--host', '0.0.0.0'], { cwd: root, env: { ...process.env, GIGAFLOW_BRIDGE_API_KEY: API_KEY, GIGAFLOW_BRIDGE_ALLOWED_NETWORKS: '' } });
      let out = '';
      p.stderr.on('data', (d) => (out += d));
      p.once('exit', (code) => resolve({ code, out }));
    });
    expect(open.code).toBe(2);
    expect(open.out).toContain('Refusing to listen on 0.0.0.0 without allowed networks');

    const keyed = await startBridge([], { GIGAFLOW_BRIDGE_API_KEY: API_KEY });
    try {
      expect((await fetch(`${keyed.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${keyed.url}/v1/operations`)).status).toBe(401);
      expect((await fetch(`${keyed.url}/v1/operations`, { headers: { 'x-api-key': 'wrong' } })).status).toBe(401);
      expect((await fetch(`${keyed.url}/v1/operations`, { headers: { 'x-api-key': API_KEY } })).status).toBe(200);
      expect((await fetch(`${keyed.url}/v1/operations`, { headers: { authorization: `Bearer ${API_KEY}` } })).status).toBe(200);
      expect(keyed.log()).not.toContain(API_KEY);
    } finally {
      expect(await keyed.stop()).toBe(0);
    }
  });
});
