// The CSR's "Diagnostiquer" button end to end, through the real host: credentials and the workflow
// (test/fixtures/workflows/device-diagnostic-flow.json, n8n format, credentials by name) created
// over the REST API, then `GET /webhook/diagnostic-test?serial=…&pon=…&onu=…` →
// GenieACS "Get Device" (by serial) → in parallel GenieACS "Refresh Values" (getParameterValues
// with a connection request) and OLT SNMP "ONU Optical Power" (both On Error: continue) → Merge
// (append, 3 inputs) → Device Diagnostic → Respond to Webhook. The fake GenieACS NBI and a fake
// Huawei OLT (net-snmp agent) stand in for the network; the PON port and ONU id come from the
// query, as the CSR app knows them from the subscriber's record.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceIdPathSegment, F660, G240WC, SEED_IDS, seedDevices, startFakeGenieAcs, XX230V } from '../../../fakes/genieacs/index.ts';
import type { FakeGenieAcs } from '../../../fakes/genieacs/index.ts';
import { startFakeOlt } from '../../../fakes/olt/index.ts';
import type { FakeOlt } from '../../../fakes/olt/index.ts';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';
import { validate } from '../../../helpers/json-schema.ts';
import { schema } from './flow.ts';
import { closedUdpPort } from '../../../helpers/ports.ts';

interface Warning { code: string; message: string; source?: string }
interface Optical { source: string; direction: string; rxPowerDbm: number | null; txPowerDbm?: number | null; level: string; ponPort?: string; onuId?: number; olt?: string }
interface Diagnostic {
  device: Record<string, unknown> | null;
  interfaces: Record<string, unknown>[];
  wifi: { band: string; ssid: string; enabled: boolean; clients: number; source: string }[];
  mesh: unknown[];
  opticalStatus: Optical[];
  hosts: unknown[];
  warnings: Warning[];
}

const FLOW = JSON.parse(readFileSync(new URL('../../../fixtures/workflows/device-diagnostic-flow.json', import.meta.url), 'utf8'));
const TP_RX = 'Device.Optical.Interface.1.X_TP_GPON_Config.RXPower';
const ZTE_RX = 'InternetGatewayDevice.WANDevice.1.X_ZTE-COM_WANPONInterfaceConfig.RXPower';
/** Where each subscriber's ONU sits on the OLT. */
const ONU = { healthy: 3, weak: 7, offline: 12 };

let t: TestHost;
let acs: FakeGenieAcs;
let olt: FakeOlt;
let workflowId: string;
let oltCredentialId: string;

async function apiJson(path: string, method: string, body?: unknown): Promise<{ id: string }> {
  const res = await t.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string };
}

/** What the CSR's button does: one GET to the webhook. */
async function diagnose(serial: string, onu: number) {
  const res = await fetch(`${t.url}/webhook/diagnostic-test?serial=${encodeURIComponent(serial)}&pon=0/1/0&onu=${onu}`);
  const text = await res.text();
  const body = (res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text) as Diagnostic;
  return { status: res.status, body, schemaErrors: validate(schema, body) };
}

/** Task POSTs the fake NBI received for one device. */
const taskPosts = (id: string) => acs.requests.filter((r) => r.method === 'POST' && r.path === `/devices/${deviceIdPathSegment(id)}/tasks`);
const pendingTasks = (id: string) => acs.tasks().filter((task) => task.device === id);
const codesBySource = (d: Diagnostic) => d.warnings.map((w) => `${w.code}:${w.source}`);

beforeAll(async () => {
  acs = await startFakeGenieAcs({ devices: seedDevices(), deviceOnlineThresholdMs: 500 });
  olt = await startFakeOlt({
    vendor: 'huawei',
    onus: [
      { port: '0/1/0', onuId: ONU.healthy, rxPowerDbm: -19.42, txPowerDbm: 2.31, oltRxPowerDbm: -22.15 },
      { port: '0/1/0', onuId: ONU.weak, rxPowerDbm: -28.2, txPowerDbm: 2.05, oltRxPowerDbm: -26.5 },
      { port: '0/1/0', onuId: ONU.offline, state: 'dying-gasp' },
    ],
  });
  t = await startTestHost();
  await apiJson('/api/v1/credentials', 'POST', { name: 'GenieACS NBI', type: 'gigafibreGenieAcsApi', data: { baseUrl: acs.url, authType: 'none' } });
  oltCredentialId = (await apiJson('/api/v1/credentials', 'POST', { name: 'OLT Central', type: 'gigafibreOltSnmp', data: { host: '127.0.0.1', port: olt.port, version: 'v2c', community: olt.community, timeoutMs: 2000, retries: 0 } })).id;
  workflowId = (await apiJson('/api/v1/workflows', 'POST', FLOW)).id;
  await apiJson(`/api/v1/workflows/${workflowId}/activate`, 'POST');
});

afterAll(async () => {
  await t?.close();
  await acs?.close();
  await olt?.close();
});

describe('CSR device diagnostic: webhook → GenieACS + OLT SNMP → Merge → Device Diagnostic → Respond', () => {
  it('healthy modem: fresh GenieACS values, OLT readings, the whole modem view, no warnings', async () => {
    // The CPE's own value moved since its last inform (158 → 120 × 0.1 µW = -19.21 dBm): only the refresh sees it.
    acs.setLiveValue(SEED_IDS.tplink, TP_RX, 120, 'xsd:unsignedInt');
    const r = await diagnose(XX230V.serialNumber, ONU.healthy);
    expect(r.status).toBe(200);
    expect(r.schemaErrors).toEqual([]);
    expect(r.body.warnings).toEqual([]);
    expect(r.body.opticalStatus).toEqual([
      { source: 'olt-snmp', direction: 'downstream', rxPowerDbm: -19.42, txPowerDbm: 2.31, level: 'ok', ponPort: '0/1/0', onuId: ONU.healthy, olt: '127.0.0.1' },
      { source: 'olt-snmp', direction: 'upstream', rxPowerDbm: -22.15, level: 'ok', ponPort: '0/1/0', onuId: ONU.healthy, olt: '127.0.0.1' },
      { source: 'genieacs', direction: 'downstream', rxPowerDbm: -19.21, txPowerDbm: 2.9, level: 'ok' },
    ]);

    // Side effects: one getParameterValues with a connection request; done, so GenieACS deleted it and stored the value.
    const posts = taskPosts(SEED_IDS.tplink);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.query).toMatchObject({ connection_request: '', timeout: '3000' });
    expect(JSON.parse(posts[0]!.body)).toMatchObject({ name: 'getParameterValues', parameterNames: expect.arrayContaining(['Device.DeviceInfo.UpTime', TP_RX]) });
    expect(pendingTasks(SEED_IDS.tplink)).toEqual([]);
    expect(acs.device(SEED_IDS.tplink)).toMatchObject({ Device: { Optical: { Interface: { '1': { X_TP_GPON_Config: { RXPower: { _value: 120 } } } } } } });
    expect(olt.requests).toContain('GetRequest');

    // The modem view comes from the device document read before the refresh, plus the refreshed values.
    expect(r.body.device).toMatchObject({ id: SEED_IDS.tplink, serialNumber: XX230V.serialNumber, manufacturer: 'TP-Link', model: 'XX230v', firmware: '1.1.4 Build 20230727 rel.58461(5553)', online: true, dataModel: 'TR-181' });
    expect(r.body.interfaces).toContainEqual(expect.objectContaining({ type: 'wan', status: 'Connected', connectionType: 'pppoe', ipAddress: '100.64.18.77', username: 'cliente4821@gigafibre' }));
    expect(r.body.interfaces).toContainEqual(expect.objectContaining({ type: 'pon', name: 'PON', status: 'Up' }));
    expect(r.body.wifi.map((w) => [w.ssid, w.band, w.enabled, w.clients])).toEqual([
      ['GigaFibre_3C10', '2.4GHz', true, 2],
      ['GigaFibre_Convidados', '2.4GHz', false, 0],
      ['GigaFibre_3C10_5G', '5GHz', true, 2],
      ['GigaFibre_Convidados_5G', '5GHz', false, 0],
    ]);
    expect(r.body.mesh).toHaveLength(2);
    expect(r.body.hosts).toHaveLength(7);
  });

  it('weak-signal modem: below -27 dBm is a warning, below -30 dBm critical, from the OLT and the refreshed CPE value', async () => {
    acs.setLiveValue(SEED_IDS.zte, ZTE_RX, '-28.31');
    const weak = await diagnose(F660.serialNumber, ONU.weak);
    expect(weak.status).toBe(200);
    expect(weak.schemaErrors).toEqual([]);
    expect(weak.body.opticalStatus.map((o) => [o.source, o.direction, o.rxPowerDbm, o.level])).toEqual([
      ['olt-snmp', 'downstream', -28.2, 'warning'],
      ['olt-snmp', 'upstream', -26.5, 'ok'],
      ['genieacs', 'downstream', -28.31, 'warning'],
    ]);
    expect(codesBySource(weak.body)).toEqual(['weak_optical_power:olt-snmp', 'weak_optical_power:genieacs']);

    // The fibre gets worse: both ends and the CPE now read below the critical threshold or close to it.
    olt.setOnu('0/1/0', ONU.weak, { rxPowerDbm: -31.4, oltRxPowerDbm: -29.1 });
    acs.setLiveValue(SEED_IDS.zte, ZTE_RX, '-31.37');
    const critical = await diagnose(F660.serialNumber, ONU.weak);
    expect(critical.status).toBe(200);
    expect(critical.body.opticalStatus.map((o) => o.level)).toEqual(['critical', 'warning', 'critical']);
    expect(codesBySource(critical.body)).toEqual(['critical_optical_power:olt-snmp', 'critical_optical_power:genieacs', 'weak_optical_power:olt-snmp']);
    expect(critical.body.warnings[0]!.message).toContain('-31.4 dBm');
    expect(taskPosts(SEED_IDS.zte)).toHaveLength(2);
    expect(pendingTasks(SEED_IDS.zte)).toEqual([]);

    expect(critical.body.device).toMatchObject({ id: SEED_IDS.zte, model: 'F660', online: true, dataModel: 'TR-098' });
    expect(critical.body.interfaces).toContainEqual(expect.objectContaining({ type: 'wan', connectionType: 'pppoe', status: 'Connected', username: 'cliente7715@gigafibre' }));
    expect(critical.body.wifi.map((w) => [w.ssid, w.band, w.clients])).toEqual([
      ['Familia_Souza', '2.4GHz', 2],
      ['Familia_Souza_5G', '5GHz', 1],
    ]);
  });

  it('OLT unreachable: HTTP 200 with the GenieACS data and a source_failed warning, never a 500', async () => {
    const port = await closedUdpPort();
    await apiJson(`/api/v1/credentials/${oltCredentialId}`, 'PATCH', { data: { port, timeoutMs: 300, retries: 0 } });
    try {
      const started = Date.now();
      const r = await diagnose(XX230V.serialNumber, ONU.healthy);
      expect(r.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(r.schemaErrors).toEqual([]);
      expect(r.body.warnings).toEqual([{ code: 'source_failed', source: 'olt-snmp', message: expect.stringContaining(`127.0.0.1:${port} did not answer within 300 ms`) }]);
      expect(r.body.opticalStatus.map((o) => [o.source, o.level])).toEqual([['genieacs', 'ok']]);

      const executions = (await (await t.api(`/api/v1/executions?workflowId=${workflowId}&limit=1`)).json()) as { data: { status: string }[] };
      expect(executions.data[0]!.status).toBe('success');

      expect(r.body.device).toMatchObject({ id: SEED_IDS.tplink, model: 'XX230v', online: true });
      expect(r.body.wifi).toHaveLength(4);
      expect(r.body.interfaces).toContainEqual(expect.objectContaining({ type: 'wan', connectionType: 'pppoe' }));
    } finally {
      await apiJson(`/api/v1/credentials/${oltCredentialId}`, 'PATCH', { data: { port: olt.port, timeoutMs: 2000 } });
    }
  });

  it('offline device: HTTP 200 with device_offline and task_queued; the task waits in GenieACS for the next inform', async () => {
    const r = await diagnose(G240WC.serialNumber, ONU.offline);
    expect(r.status).toBe(200);
    expect(r.schemaErrors).toEqual([]);
    expect(r.body.warnings.map((w) => w.code)).toEqual(['device_offline', 'task_queued']);
    expect(r.body.warnings[1]!.message).toContain('Device is offline');
    // The ONU is down too (dying gasp): the OLT has no reading; GenieACS still has the last one it stored.
    expect(r.body.opticalStatus.map((o) => [o.source, o.direction, o.rxPowerDbm, o.level])).toEqual([
      ['olt-snmp', 'downstream', null, 'unknown'],
      ['olt-snmp', 'upstream', null, 'unknown'],
      ['genieacs', 'downstream', -19.2, 'ok'],
    ]);
    expect(r.body.device).toMatchObject({ id: SEED_IDS.offline, model: 'G-240W-C', online: false, dataModel: 'TR-098' });
    expect(r.body.wifi).toEqual([{ band: '2.4GHz', ssid: 'NOKIA-D5E6', enabled: true, channel: 6, clients: 0, source: 'genieacs' }]);

    const pending = pendingTasks(SEED_IDS.offline);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ name: 'getParameterValues', parameterNames: expect.arrayContaining(['InternetGatewayDevice.X_ALU_COM.OntOpticalParam.RxPower']) });
  });
});
