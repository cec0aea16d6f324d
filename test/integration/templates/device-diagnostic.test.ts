// templates/device-diagnostic.json as production runs it: the template FILE imported over the REST
// API, credentials created with the template's names ("GenieACS", "OLT Central", "TP-Link Modems")
// pointing at the fakes (GenieACS NBI, a Huawei OLT SNMP agent, a TP-Link XX230v web UI driven by
// real Chromium), activated, and called like the CSR app calls it: GET /webhook/diagnostic?serial=…
// &pon=…&onu=…, or POST with the same fields as JSON. Every bad input gets a JSON answer.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgePool } from '../../../nodes/tplink-bridge/browser-pool.ts';
import { deviceIdPathSegment, F660, G240WC, SEED_IDS, seedDevices, startFakeGenieAcs, XX230V } from '../../fakes/genieacs/index.ts';
import type { FakeGenieAcs } from '../../fakes/genieacs/index.ts';
import { startFakeOlt } from '../../fakes/olt/index.ts';
import type { FakeOlt } from '../../fakes/olt/index.ts';
import { startFakeModem } from '../../fakes/tplink-modem/index.ts';
import type { FakeModem } from '../../fakes/tplink-modem/index.ts';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';
import { validate } from '../../helpers/json-schema.ts';
import { closedUdpPort } from '../../helpers/ports.ts';

interface Warning { code: string; message: string; source?: string }
interface Diagnostic {
  device: Record<string, unknown> | null;
  interfaces: Record<string, unknown>[];
  wifi: { band: string; ssid: string; source: string }[];
  mesh: { mac: string; source: string }[];
  opticalStatus: { source: string; direction: string; rxPowerDbm: number | null; level: string }[];
  hosts: unknown[];
  warnings: Warning[];
  error?: { code: string; message: string; serial?: string };
}

const TEMPLATE = JSON.parse(readFileSync(new URL('../../../templates/device-diagnostic.json', import.meta.url), 'utf8'));
const schema = JSON.parse(readFileSync(new URL('../../../nodes/diagnostics/diagnostic.schema.json', import.meta.url), 'utf8'));
const ONU = { healthy: 3, offline: 12 };

let t: TestHost;
let acs: FakeGenieAcs;
let olt: FakeOlt;
let modem: FakeModem;
let workflowId: string;
const credentialIds: Record<string, string> = {};

async function apiJson(path: string, method: string, body?: unknown): Promise<{ id: string }> {
  const res = await t.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string };
}

async function answer(res: Response) {
  const text = await res.text();
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: res.status, body: JSON.parse(text) as Diagnostic };
}

/** The CSR's "Diagnostiquer" button: one GET. */
const diagnoseGet = async (query: Record<string, string | number>) =>
  answer(await fetch(`${t.url}/webhook/diagnostic?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`));
const diagnosePost = async (body: unknown) =>
  answer(await fetch(`${t.url}/webhook/diagnostic`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));

let setupRequests = 0;
const taskPosts = (id: string) => acs.requests.slice(setupRequests).filter((r) => r.method === 'POST' && r.path === `/devices/${deviceIdPathSegment(id)}/tasks`);
const codes = (d: Diagnostic) => d.warnings.map((w) => `${w.code}:${w.source ?? ''}`);
const bridgeReads = () => modem.acts.filter((a) => a.oid !== undefined && a.ok).length;

async function closedTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * What a real XX230v reports, on loopback: its management IP in ConnectionRequestURL (the CWMP
 * port 7547, not the web UI's) and its web UI port in UserInterface.RemoteAccess. A getParameterValues
 * task over GenieACS's API brings the values into the device document, as an inform would.
 */
async function pointDeviceAt(webUiPort: number, managementIp = '127.0.0.1'): Promise<void> {
  const names = ['Device.ManagementServer.ConnectionRequestURL', 'Device.UserInterface.RemoteAccess.Port', 'Device.UserInterface.RemoteAccess.Protocol'];
  acs.setLiveValue(SEED_IDS.tplink, names[0]!, `http://${managementIp}:7547/tr069`);
  acs.setLiveValue(SEED_IDS.tplink, names[1]!, webUiPort, 'xsd:unsignedInt');
  acs.setLiveValue(SEED_IDS.tplink, names[2]!, 'HTTP');
  const res = await fetch(`${acs.url}/devices/${deviceIdPathSegment(SEED_IDS.tplink)}/tasks?connection_request`, { method: 'POST', body: JSON.stringify({ name: 'getParameterValues', parameterNames: names }) });
  expect(res.status).toBe(200);
  const doc = (await (await fetch(`${acs.url}/devices?query=${encodeURIComponent(JSON.stringify({ _id: SEED_IDS.tplink }))}`)).json()) as Record<string, any>[];
  expect(doc[0]?.Device?.UserInterface?.RemoteAccess?.Port?._value).toBe(webUiPort);
}

async function lastExecutionStatus(): Promise<string> {
  const list = (await (await t.api(`/api/v1/executions?workflowId=${workflowId}&limit=1`)).json()) as { data: { status: string }[] };
  return list.data[0]!.status;
}

beforeAll(async () => {
  if (!existsSync('/usr/bin/chromium')) throw new Error('/usr/bin/chromium is missing: apt-get install -y chromium');
  acs = await startFakeGenieAcs({ devices: seedDevices(), deviceOnlineThresholdMs: 500 });
  olt = await startFakeOlt({
    vendor: 'huawei',
    onus: [
      { port: '0/1/0', onuId: ONU.healthy, rxPowerDbm: -19.42, txPowerDbm: 2.31, oltRxPowerDbm: -22.15 },
      { port: '0/1/0', onuId: ONU.offline, state: 'dying-gasp' },
    ],
  });
  modem = await startFakeModem({ password: 'Gf-modem-7731', profile: 'healthy' });
  t = await startTestHost();
  credentialIds.genieacs = (await apiJson('/api/v1/credentials', 'POST', { name: 'GenieACS', type: 'gigafibreGenieAcsApi', data: { baseUrl: acs.url, authType: 'none' } })).id;
  credentialIds.olt = (await apiJson('/api/v1/credentials', 'POST', { name: 'OLT Central', type: 'gigafibreOltSnmp', data: { host: '127.0.0.1', port: olt.port, version: 'v2c', community: olt.community, timeoutMs: 2000, retries: 0 } })).id;
  // The credential's own address is NOT the modem: the template must take the subscriber's modem
  // from the device document (GenieACS's management IP). The fake modem listens on 127.0.0.1.
  credentialIds.tplink = (await apiJson('/api/v1/credentials', 'POST', {
    name: 'TP-Link Modems',
    type: 'gigafibreTplinkModem',
    data: { address: `http://127.0.0.1:${await closedTcpPort()}`, username: 'user', password: modem.password, allowedNetworks: '100.64.0.0/10, 127.0.0.1' },
  })).id;
  await pointDeviceAt(Number(new URL(modem.url).port));
  setupRequests = acs.requests.length;
  workflowId = (await apiJson('/api/v1/workflows', 'POST', TEMPLATE)).id;
  await apiJson(`/api/v1/workflows/${workflowId}/activate`, 'POST');
}, 60_000);

afterAll(async () => {
  await bridgePool().close();
  await t?.close();
  await Promise.all([acs?.close(), olt?.close(), modem?.close()]);
});

describe('template device-diagnostic: webhook → GenieACS + OLT SNMP (+ TP-Link bridge for XX230v) → Device Diagnostic', () => {
  it('XX230v by GET: GenieACS refresh, OLT readings and the bridge full read in one answer', async () => {
    const before = bridgeReads();
    const r = await diagnoseGet({ serial: XX230V.serialNumber, pon: '0/1/0', onu: ONU.healthy });
    expect(r.status).toBe(200);
    expect(validate(schema, r.body)).toEqual([]);
    expect(r.body.device).toMatchObject({ id: SEED_IDS.tplink, serialNumber: XX230V.serialNumber, model: 'XX230v', online: true });
    expect(r.body.opticalStatus.map((o) => [o.source, o.direction, o.rxPowerDbm])).toEqual([
      ['olt-snmp', 'downstream', -19.42],
      ['olt-snmp', 'upstream', -22.15],
      ['genieacs', 'downstream', expect.any(Number)],
      ['tplink-bridge', 'downstream', -19],
    ]);
    // The bridge's live read is in the view: its Wi-Fi networks first, its mesh and hosts preferred.
    expect(r.body.wifi.slice(0, 2).map((w) => [w.ssid, w.source])).toEqual([['Fibre-4712', 'tplink-bridge'], ['Fibre-4712-5G', 'tplink-bridge']]);
    expect(r.body.wifi.map((w) => w.source)).toContain('genieacs');
    expect(r.body.interfaces.length).toBeGreaterThan(0);
    expect(r.body.mesh).toContainEqual(expect.objectContaining({ mac: 'A8:42:A1:22:33:02', source: 'tplink-bridge' }));
    expect(r.body.warnings.filter((w) => w.code === 'source_failed')).toEqual([]);

    // Side effects: one getParameterValues task with a connection request, one OLT GET, the modem read.
    expect(taskPosts(SEED_IDS.tplink)).toHaveLength(1);
    expect(JSON.parse(taskPosts(SEED_IDS.tplink)[0]!.body)).toMatchObject({ name: 'getParameterValues' });
    expect(olt.requests).toContain('GetRequest');
    expect(bridgeReads()).toBeGreaterThan(before);
  }, 60_000);

  it('other models by POST (JSON body): no bridge read, GenieACS and OLT only', async () => {
    const before = bridgeReads();
    const r = await diagnosePost({ serial: F660.serialNumber, pon: '0/1/0', onu: ONU.healthy });
    expect(r.status).toBe(200);
    expect(validate(schema, r.body)).toEqual([]);
    expect(r.body.device).toMatchObject({ id: SEED_IDS.zte, model: 'F660' });
    expect(r.body.opticalStatus.map((o) => o.source)).toEqual(['olt-snmp', 'olt-snmp', 'genieacs']);
    expect(r.body.wifi.every((w) => w.source === 'genieacs')).toBe(true);
    expect(bridgeReads()).toBe(before);
    expect(taskPosts(SEED_IDS.zte)).toHaveLength(1);
  }, 30_000);

  it('unknown serial: 404 with a JSON answer naming the serial, nothing else queried', async () => {
    const tasksBefore = acs.requests.filter((r) => r.method === 'POST').length;
    const r = await diagnoseGet({ serial: 'NOPE-000123', pon: '0/1/0', onu: 3 });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: { code: 'unknown_serial', serial: 'NOPE-000123', message: 'No device with serial number "NOPE-000123" in GenieACS' } });
    expect(acs.requests.filter((r) => r.method === 'POST').length).toBe(tasksBefore);
  });

  it('GenieACS unreachable: 502 with a JSON answer saying the lookup failed, not a 404', async () => {
    await apiJson(`/api/v1/credentials/${credentialIds.genieacs}`, 'PATCH', { data: { baseUrl: 'http://127.0.0.1:9' } });
    try {
      const r = await diagnoseGet({ serial: XX230V.serialNumber, pon: '0/1/0', onu: 3 });
      expect(r.status).toBe(502);
      expect(r.body.error).toMatchObject({ code: 'genieacs_failed', serial: XX230V.serialNumber, message: expect.stringContaining('Could not look the device up in GenieACS: Could not reach GenieACS') });
    } finally {
      await apiJson(`/api/v1/credentials/${credentialIds.genieacs}`, 'PATCH', { data: { baseUrl: acs.url } });
    }
  });

  it('missing or malformed serial (a wildcard would match the whole fleet): 400 by GET and by POST, GenieACS never asked', async () => {
    const before = acs.requests.length;
    const malformed = [await diagnoseGet({ serial: '*' }), await diagnoseGet({ serial: '/.*/' }), await diagnosePost({ serial: 'ZTEG*', onu: 3 })];
    for (const r of [await diagnoseGet({ pon: '0/1/0' }), await diagnoseGet({ serial: '  ' }), await diagnosePost({ onu: 3 }), ...malformed]) {
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'missing_serial', message: expect.stringContaining('serial') });
    }
    expect(acs.requests.length).toBe(before);
  });

  it('device offline: 200 with device_offline and the queued task as warnings', async () => {
    const r = await diagnoseGet({ serial: G240WC.serialNumber, pon: '0/1/0', onu: ONU.offline });
    expect(r.status).toBe(200);
    expect(validate(schema, r.body)).toEqual([]);
    expect(r.body.device).toMatchObject({ id: SEED_IDS.offline, online: false });
    expect(r.body.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['device_offline', 'task_queued']));
    expect(r.body.warnings[0]!.code).toBe('device_offline');
    expect(acs.tasks().filter((task) => task.device === SEED_IDS.offline)).toHaveLength(1);
  }, 30_000);

  it('OLT unreachable: 200 with the GenieACS and bridge data plus a source_failed warning', async () => {
    const port = await closedUdpPort();
    await apiJson(`/api/v1/credentials/${credentialIds.olt}`, 'PATCH', { data: { port, timeoutMs: 300, retries: 0 } });
    try {
      const r = await diagnoseGet({ serial: XX230V.serialNumber, pon: '0/1/0', onu: ONU.healthy });
      expect(r.status).toBe(200);
      expect(validate(schema, r.body)).toEqual([]);
      expect(codes(r.body)).toContain('source_failed:olt-snmp');
      expect(r.body.warnings.find((w) => w.source === 'olt-snmp')!.message).toContain('did not answer within 300 ms');
      expect(r.body.opticalStatus.map((o) => o.source)).toEqual(['genieacs', 'tplink-bridge']);
      expect(r.body.device).toMatchObject({ id: SEED_IDS.tplink });
      expect(await lastExecutionStatus()).toBe('success');
    } finally {
      await apiJson(`/api/v1/credentials/${credentialIds.olt}`, 'PATCH', { data: { port: olt.port, timeoutMs: 2000 } });
    }
  }, 30_000);

  it('no PON port / ONU id given: 200 with the other sources and a warning for the OLT', async () => {
    const r = await diagnoseGet({ serial: F660.serialNumber });
    expect(r.status).toBe(200);
    expect(r.body.device).toMatchObject({ id: SEED_IDS.zte });
    expect(r.body.warnings).toContainEqual({ code: 'source_failed', source: 'olt-snmp', message: expect.stringContaining('is not a PON port') });
    expect(r.body.opticalStatus.map((o) => o.source)).toEqual(['genieacs']);
  }, 30_000);

  it('modem web UI unreachable: 200 with GenieACS and OLT data, the bridge named in a warning', async () => {
    await pointDeviceAt(await closedTcpPort());
    try {
      const r = await diagnoseGet({ serial: XX230V.serialNumber, pon: '0/1/0', onu: ONU.healthy });
      expect(r.status).toBe(200);
      expect(validate(schema, r.body)).toEqual([]);
      expect(codes(r.body)).toContain('source_failed:tplink-bridge');
      expect(r.body.opticalStatus.map((o) => o.source)).toEqual(['olt-snmp', 'olt-snmp', 'genieacs']);
    } finally {
      await pointDeviceAt(Number(new URL(modem.url).port));
    }
  }, 60_000);

  it('a management IP outside the credential\'s Allowed Networks: the password is not sent, the bridge named in a warning', async () => {
    await pointDeviceAt(Number(new URL(modem.url).port), '203.0.113.50');
    const before = modem.requests.length;
    try {
      const r = await diagnoseGet({ serial: XX230V.serialNumber, pon: '0/1/0', onu: ONU.healthy });
      expect(r.status).toBe(200);
      expect(r.body.warnings).toContainEqual(expect.objectContaining({ code: 'source_failed', source: 'tplink-bridge', message: expect.stringContaining('"http://203.0.113.50:') }));
      expect(r.body.warnings.find((w) => w.source === 'tplink-bridge')?.message).toContain('outside the allowed networks (100.64.0.0/10, 127.0.0.1)');
      expect(modem.requests.length).toBe(before);
    } finally {
      await pointDeviceAt(Number(new URL(modem.url).port));
    }
  }, 60_000);
});
