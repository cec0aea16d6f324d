// The SSRF guard of the HTTP Request node on real hosts: a fake service on 127.0.0.1 stands for an
// internal service. With GIGAFLOW_HTTP_ALLOW_PRIVATE=false the HTTP Request node must not reach it
// (IP literal, name resolving to loopback, IPv4-mapped IPv6, redirect hop); allowed by the setting
// or the allow list it must. The guard is per process, so each suite starts its own host.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../host/engine/outbound-guard.ts';
import { hostHarness } from '../../host/kit/testing.ts';
import { startFakeTraccar } from '../fakes/traccar/index.ts';
import { startTestHost } from '../helpers/host.ts';
import type { TestHost } from '../helpers/host.ts';

let fake: Server;
let port = 0;
const seen: string[] = [];

beforeAll(async () => {
  fake = createServer((req, res) => {
    seen.push(req.url ?? '');
    if (req.url?.startsWith('/to-metadata')) return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    if (req.url?.startsWith('/to-other-loopback')) return void res.writeHead(302, { location: `http://127.0.0.2:${port}/internal` }).end();
    if (req.url?.startsWith('/to-self')) return void res.writeHead(302, { location: '/internal' }).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"secret":"internal"}');
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  port = (fake.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => fake.close(() => r())));

function workflowCalling(url: string) {
  return {
    name: 'SSRF probe',
    nodes: [
      { id: 'a', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 'b', name: 'Fetch Internal', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [200, 0], parameters: { url, options: {} } },
    ],
    connections: { Start: { main: [[{ node: 'Fetch Internal', type: 'main', index: 0 }]] } },
  };
}

async function run(t: TestHost, url: string): Promise<{ status: string; error: string; json: unknown }> {
  const res = await t.api('/api/v1/workflows/run', { method: 'POST', body: JSON.stringify({ workflow: workflowCalling(url), input: [{}] }) });
  expect(res.status).toBe(200);
  const body = await res.json();
  const task = body.runData?.['Fetch Internal']?.[0];
  return { status: body.status, error: task?.error?.message ?? '', json: task?.data?.main?.[0]?.[0]?.json };
}

describe('address classification', () => {
  it('refuses every non-public range and keeps public addresses', () => {
    const refused = [
      '127.0.0.1', '127.9.9.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
      '100.127.255.255', '0.0.0.0', '0.1.2.3', '224.0.0.1', '255.255.255.255', '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', '::ffff:127.0.0.1',
      '::ffff:7f00:1', '::ffff:a9fe:a9fe', '[::1]', 'not-an-ip',
    ];
    const allowed = ['93.184.216.34', '8.8.8.8', '100.128.0.1', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'];
    expect(refused.filter((a) => !isPrivateAddress(a))).toEqual([]);
    expect(allowed.filter((a) => isPrivateAddress(a))).toEqual([]);
  });
});

describe('with GIGAFLOW_HTTP_ALLOW_PRIVATE=false', () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost({ GIGAFLOW_HTTP_ALLOW_PRIVATE: 'false' });
  });
  afterAll(() => t.close());

  it.each([
    ['an IP literal', () => `http://127.0.0.1:${port}/internal`, '127.0.0.1'],
    ['a name resolving to loopback (checked at connect time)', () => `http://localhost:${port}/internal`, 'localhost'],
    ['an IPv4-mapped IPv6 literal', () => `http://[::ffff:127.0.0.1]:${port}/internal`, '::ffff:7f00:1'],
    ['the metadata address', () => 'http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
  ])('refuses %s, naming the node, host and setting, without reaching it', async (_label, url, host) => {
    const before = seen.length;
    const out = await run(t, url());
    expect(out.status).toBe('error');
    expect(out.error).toContain('Fetch Internal');
    expect(out.error).toContain(host);
    expect(out.error).toContain('GIGAFLOW_HTTP_ALLOW_PRIVATE');
    expect(seen.length).toBe(before);
  });

  it("leaves integration nodes alone: they call the service address of their credential (Traccar on the LAN)", async () => {
    const traccar = await startFakeTraccar();
    try {
      const harness = hostHarness({ base: t.url, apiKey: t.apiKey });
      const out = await harness.runNode({
        type: 'n8n-nodes-gigafibre.traccar',
        parameters: { resource: 'device', operation: 'getMany' },
        credentials: { gigafibreTraccarApi: { baseUrl: traccar.url, authType: 'token', token: traccar.token } },
      });
      expect(out.status, out.error?.message).toBe('success');
      expect(out.json.length).toBeGreaterThan(0);
    } finally {
      await traccar.close();
    }
  });
});

describe('with an allow list', () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost({ GIGAFLOW_HTTP_ALLOW_PRIVATE: 'false', GIGAFLOW_HTTP_ALLOW_LIST: '127.0.0.1/32' });
  });
  afterAll(() => t.close());

  it('reaches an allowed address, also by a name resolving to it', async () => {
    expect(await run(t, `http://127.0.0.1:${port}/internal`)).toMatchObject({ status: 'success', json: { secret: 'internal' } });
    expect(await run(t, `http://localhost:${port}/internal`)).toMatchObject({ status: 'success', json: { secret: 'internal' } });
  });

  it('follows a redirect within the allowed range', async () => {
    expect(await run(t, `http://127.0.0.1:${port}/to-self`)).toMatchObject({ status: 'success', json: { secret: 'internal' } });
  });

  it.each([
    ['the metadata address', '/to-metadata', '169.254.169.254'],
    ['another loopback address', '/to-other-loopback', '127.0.0.2'],
  ])('re-checks a redirect hop to %s', async (_label, path, host) => {
    const before = seen.length;
    const out = await run(t, `http://127.0.0.1:${port}${path}`);
    expect(out.status).toBe('error');
    expect(out.error).toContain(host);
    expect(out.error).toContain('GIGAFLOW_HTTP_ALLOW_LIST');
    expect(seen.slice(before)).toEqual([path]);
  });
});

describe('with GIGAFLOW_HTTP_ALLOW_PRIVATE=true (what test hosts use)', () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost({ GIGAFLOW_HTTP_ALLOW_PRIVATE: 'true' });
  });
  afterAll(() => t.close());

  it('reaches loopback services', async () => {
    expect(await run(t, `http://localhost:${port}/internal`)).toMatchObject({ status: 'success', json: { secret: 'internal' } });
  });
});
