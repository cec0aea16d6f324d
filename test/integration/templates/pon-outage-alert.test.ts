// templates/pon-outage-alert.json as production runs it: the template FILE created over the REST
// API, credentials "OLT Central", "ERPNext" and "Twilio" pointing at the fakes (a Huawei OLT SNMP
// agent, a Frappe site, the Twilio API), activated, and fired by the host's own scheduler — the
// host runs on a manual clock, so each 5-minute tick is one step of the test. The Issue in ERPNext
// is the outage's state; SMS bodies and recipients are read back from the fake Twilio.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../host/config.ts';
import { createHost } from '../../../host/host.ts';
import type { Host } from '../../../host/host.ts';
import { createLogger } from '../../../host/logger.ts';
import type { ExecutionRecord } from '../../../host/model/index.ts';
import { startFakeFrappe } from '../../fakes/frappe/index.ts';
import type { FakeFrappe } from '../../fakes/frappe/index.ts';
import { startFakeOlt } from '../../fakes/olt/index.ts';
import type { FakeOlt } from '../../fakes/olt/index.ts';
import { startFakeTwilio, VALID_TEST_FROM } from '../../fakes/twilio/index.ts';
import type { FakeTwilio } from '../../fakes/twilio/index.ts';
import { ManualClock } from '../../helpers/schedule-clock.ts';
import { closedUdpPort } from '../../helpers/ports.ts';

const TEMPLATE = JSON.parse(readFileSync(new URL('../../../templates/pon-outage-alert.json', import.meta.url), 'utf8'));
const TICK_MS = 5 * 60_000;
const OLT_NAME = 'OLT Central'; // the template's Settings: Service Location.olt_name of this OLT
const PORT = '0/1/0';
const OTHER_PORT = '0/2/0';
const IF_UP = 1;
const IF_DOWN = 2;

/** Ten subscribers on PORT (one with two locations), and people who must never get a text. */
const SUBSCRIBERS = Array.from({ length: 10 }, (_, i) => ({ name: `Abonné ${i + 1}`, mobile: `+1 418 555 01${String(i + 10)}`, onuId: i + 1 }));
/** Twilio's magic test number for a recipient who replied STOP (error 21610). */
const UNSUBSCRIBED = '+15005550004';
const E164 = (mobile: string) => mobile.replace(/\s/g, '');

function seed() {
  const customers: Record<string, unknown>[] = SUBSCRIBERS.map((s) => ({ customer_name: s.name, mobile_no: s.mobile }));
  customers.push(
    { customer_name: 'Sans Mobile' }, // on the port, no number
    { customer_name: 'Désabonné', mobile_no: UNSUBSCRIBED }, // on the port, replied STOP: Twilio refuses
    { customer_name: 'Compte Fermé', mobile_no: '+1 418 555 0201', disabled: 1 }, // on the port, disabled
    { customer_name: 'Ancien Abonné', mobile_no: '+1 418 555 0202' }, // location on the port, disconnected
    { customer_name: 'Voisin Port 2', mobile_no: '+1 418 555 0203' }, // other port
    { customer_name: 'Autre OLT', mobile_no: '+1 418 555 0204' }, // same port name, other OLT
  );
  const location = (customer: string, extra: Record<string, unknown> = {}) => ({ customer, address_line: `${customer} street`, city: 'Québec', olt_name: OLT_NAME, pon_port: PORT, status: 'Active', ...extra });
  return {
    Customer: customers,
    'Service Location': [
      ...SUBSCRIBERS.map((s) => location(s.name, { onu_id: s.onuId })),
      location(SUBSCRIBERS[0]!.name, { address_line: 'second home' }),
      location('Sans Mobile'),
      location('Désabonné'),
      location('Compte Fermé'),
      location('Ancien Abonné', { status: 'Disconnected' }),
      location('Voisin Port 2', { pon_port: OTHER_PORT }),
      location('Autre OLT', { olt_name: 'OLT Nord' }),
    ],
  };
}

let host: Host;
let dataDir: string;
let apiKey: string;
let url: string;
let clock: ManualClock;
let olt: FakeOlt;
let frappe: FakeFrappe;
let twilio: FakeTwilio;
let workflowId: string;
let oltCredentialId: string;

async function api(path: string, method = 'GET', body?: unknown): Promise<{ id: string }> {
  const res = await fetch(`${url}${path}`, { method, headers: { 'x-api-key': apiKey, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string };
}

/** One 5-minute slot passes: the scheduler fires the workflow; resolves with that run, finished. */
async function tick(): Promise<ExecutionRecord> {
  const before = (await host.storage.executions.list({ workflowId, limit: 200 })).data.length;
  clock.advance(TICK_MS);
  await host.scheduler.idle();
  const { data } = await host.storage.executions.list({ workflowId, limit: 200 });
  expect(data).toHaveLength(before + 1);
  const record = (await host.storage.executions.get(data[0]!.id))!;
  expect(record.mode).toBe('trigger');
  return record;
}

const outageIssues = () => frappe.docs('Issue').filter((d) => String(d.subject).startsWith('PON outage:'));
const textsSince = (n: number) => twilio.messages.slice(n).map((m) => ({ to: String(m.form.To), body: String(m.form.Body) }));
const everyoneOnPort = () => SUBSCRIBERS.map((s) => E164(s.mobile)).sort();

function setPortOnus(state: 'online' | 'los', count = SUBSCRIBERS.length) {
  for (const s of SUBSCRIBERS.slice(0, count)) olt.setOnu(PORT, s.onuId, { state });
}

beforeAll(async () => {
  olt = await startFakeOlt({
    vendor: 'huawei',
    onus: [...SUBSCRIBERS.map((s) => ({ port: PORT, onuId: s.onuId, state: 'online' as const })), { port: OTHER_PORT, onuId: 1, state: 'online' as const }],
  });
  frappe = await startFakeFrappe({ seed: seed() });
  twilio = await startFakeTwilio();
  // The host exactly as `npm start` builds it, but its scheduler runs on the test's clock.
  clock = new ManualClock('2026-06-01T09:58:00Z');
  dataDir = mkdtempSync(join(tmpdir(), 'gigaflow-pon-'));
  // The fakes listen on 127.0.0.1, which the SSRF guard refuses unless allowed.
  const config = loadConfig({ GIGAFLOW_DATA_DIR: dataDir, GIGAFLOW_PORT: '0', GIGAFLOW_HOST: '127.0.0.1', GIGAFLOW_HTTP_ALLOW_PRIVATE: 'true', GIGAFLOW_VAR_TWILIO_FROM: VALID_TEST_FROM });
  host = await createHost(config, { logger: createLogger('silent'), schedulerClock: clock });
  url = `http://127.0.0.1:${await host.listen()}`;
  apiKey = (await host.storage.apiKeys.create('pon-outage-test')).key;

  oltCredentialId = (await api('/api/v1/credentials', 'POST', { name: 'OLT Central', type: 'gigafibreOltSnmp', data: { host: '127.0.0.1', port: olt.port, version: 'v2c', community: olt.community, timeoutMs: 1000, retries: 0 } })).id;
  await api('/api/v1/credentials', 'POST', { name: 'ERPNext', type: 'gigafibreErpNextApi', data: { baseUrl: frappe.url, apiKey: frappe.apiKey, apiSecret: frappe.apiSecret } });
  await api('/api/v1/credentials', 'POST', { name: 'Twilio', type: 'gigafibreTwilioApi', data: { accountSid: twilio.accountSid, authToken: twilio.authToken, apiBaseUrl: twilio.url } });
  workflowId = (await api('/api/v1/workflows', 'POST', TEMPLATE)).id;
  await api(`/api/v1/workflows/${workflowId}/activate`, 'POST');
  // Line the clock up with the 10:00 slot, so every test step below is exactly one tick.
  clock.advance(60_000);
  await host.scheduler.idle();
}, 60_000);

afterAll(async () => {
  await host?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await Promise.all([olt?.close(), frappe?.close(), twilio?.close()]);
});

describe('template pon-outage-alert: schedule → OLT SNMP → outage rule → ERPNext Issue → Twilio SMS', () => {
  it('is the template file, fired by the scheduler every 5 minutes', () => {
    expect(workflowId).toBe('tpl-pon-outage-alert');
    expect(host.scheduler.planned()).toEqual([{ workflowId, node: 'Every 5 Minutes', at: '2026-06-01T10:00:00.000Z' }]);
  });

  it('tick 1, all healthy: no Issue, no SMS', async () => {
    const run = await tick();
    expect(run.status).toBe('success');
    expect(run.runData['Port Health']![0]!.data!.main[0]!.map((i) => i.json)).toEqual([
      expect.objectContaining({ olt: OLT_NAME, ponPort: PORT, operStatus: 'up', onusTotal: 10, onusOffline: 0, openIssue: null }),
      expect.objectContaining({ olt: OLT_NAME, ponPort: OTHER_PORT, operStatus: 'up', onusTotal: 1, onusOffline: 0, openIssue: null }),
    ]);
    expect(outageIssues()).toEqual([]);
    expect(twilio.messages).toEqual([]);
  });

  it('7 ONUs offline is below the threshold of 8: still nothing', async () => {
    setPortOnus('los', 7);
    const run = await tick();
    expect(run.status).toBe('success');
    expect(run.runData['Port Health']![0]!.data!.main[0]![0]!.json).toMatchObject({ onusOffline: 7, offlineOnuIds: [1, 2, 3, 4, 5, 6, 7] });
    expect(outageIssues()).toEqual([]);
    expect(twilio.messages).toEqual([]);
  });

  it('tick 2, port down: one Urgent Issue for the port, one paced SMS per affected customer', async () => {
    olt.setPort(PORT, { operStatus: IF_DOWN });
    setPortOnus('los');
    const run = await tick();
    expect(run.status).toBe('success');

    const issues = outageIssues();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ subject: `PON outage: ${OLT_NAME} ${PORT}`, status: 'Open', priority: 'Urgent', issue_type: 'Outage' });
    expect(String(issues[0]!.description)).toContain('oper down; 10 of 10 ONUs offline (alert at 8)');

    // Each active, enabled customer with a number on this port once; nobody else.
    const texts = textsSince(0);
    expect(texts.map((m) => m.to).sort()).toEqual(everyoneOnPort());
    for (const m of texts) expect(m.body).toBe(`Gigafibre: we detected a service outage in your area (ticket ${issues[0]!.name}). Our technicians are on it; we will text you when service is back.`);
    expect(twilio.messages.every((m) => m.form.From === VALID_TEST_FROM)).toBe(true);
    // The number Twilio refuses is one error item; everyone else was still texted.
    const results = run.runData['Text Customers']![0]!.data!.main[0]!.map((i) => i.json);
    expect(results).toHaveLength(SUBSCRIBERS.length + 1);
    expect(results.filter((r) => r.error)).toEqual([{ error: expect.objectContaining({ message: expect.stringContaining(`Could not send the SMS to ${UNSUBSCRIBED}`), code: 21610 }) }]);
    // Rate limited at the template's 5 messages per second: 11 attempts take at least 10/5 s.
    expect(run.runData['Text Customers']![0]!.executionTime).toBeGreaterThanOrEqual(2000);
  });

  it('tick 3, still down (it flapped up and down between ticks): no new Issue, no new SMS', async () => {
    olt.setPort(PORT, { operStatus: IF_UP });
    olt.setPort(PORT, { operStatus: IF_DOWN });
    const sent = twilio.messages.length;
    const run = await tick();
    expect(run.status).toBe('success');
    expect(run.runData['Port Health']![0]!.data!.main[0]![0]!.json).toMatchObject({ operStatus: 'down', openIssue: outageIssues()[0]!.name });
    expect(outageIssues()).toHaveLength(1);
    expect(outageIssues()[0]).toMatchObject({ status: 'Open' });
    expect(twilio.messages).toHaveLength(sent);
  });

  it('OLT unreachable: the run fails naming the OLT; no SMS, and the open Issue is neither duplicated nor resolved', async () => {
    await api(`/api/v1/credentials/${oltCredentialId}`, 'PATCH', { data: { port: await closedUdpPort() } });
    const sent = twilio.messages.length;
    try {
      const run = await tick();
      expect(run.status).toBe('error');
      expect(run.lastNodeExecuted).toBe('PON Ports');
      expect(run.error?.message).toMatch(/^The OLT at 127\.0\.0\.1:\d+ did not answer within 1000 ms/);
      expect(Object.keys(run.runData)).not.toContain('Open Outage Issue');
    } finally {
      await api(`/api/v1/credentials/${oltCredentialId}`, 'PATCH', { data: { port: olt.port } });
    }
    expect(outageIssues()).toHaveLength(1);
    expect(outageIssues()[0]).toMatchObject({ status: 'Open' });
    expect(twilio.messages).toHaveLength(sent);
  });

  it('tick 4, recovered: the Issue is resolved and the same customers get the recovery SMS', async () => {
    olt.setPort(PORT, { operStatus: IF_UP });
    setPortOnus('online');
    const sent = twilio.messages.length;
    const run = await tick();
    expect(run.status).toBe('success');
    const [issue] = outageIssues();
    expect(outageIssues()).toHaveLength(1);
    expect(issue).toMatchObject({ status: 'Resolved' });
    const texts = textsSince(sent);
    expect(texts.map((m) => m.to).sort()).toEqual(everyoneOnPort());
    for (const m of texts) expect(m.body).toBe(`Gigafibre: service is restored in your area (ticket ${issue!.name}). If your connection is still down, restart your modem; if that does not help, call us.`);
  });

  it('tick 5, healthy again: nothing more; a new outage later opens a new Issue', async () => {
    const sent = twilio.messages.length;
    expect((await tick()).status).toBe('success');
    expect(outageIssues()).toHaveLength(1);
    expect(twilio.messages).toHaveLength(sent);

    // 8 of 10 ONUs drop with the port still up: the threshold alone makes it an outage.
    setPortOnus('los', 8);
    expect((await tick()).status).toBe('success');
    const issues = outageIssues();
    expect(issues.map((i) => i.status)).toEqual(expect.arrayContaining(['Resolved', 'Open']));
    expect(issues).toHaveLength(2);
    expect(String(issues.find((i) => i.status === 'Open')!.description)).toContain('oper up; 8 of 10 ONUs offline');
    expect(textsSince(sent)).toHaveLength(SUBSCRIBERS.length);
  });

  it('a second port goes down while the first is still out: one more Issue, texts only to that port\'s customers', async () => {
    const sent = twilio.messages.length;
    olt.setPort(OTHER_PORT, { operStatus: IF_DOWN });
    expect((await tick()).status).toBe('success');
    const open = outageIssues().filter((i) => i.status === 'Open');
    expect(open.map((i) => i.subject).sort()).toEqual([`PON outage: ${OLT_NAME} ${PORT}`, `PON outage: ${OLT_NAME} ${OTHER_PORT}`]);
    expect(outageIssues()).toHaveLength(3);
    expect(textsSince(sent).map((m) => m.to)).toEqual(['+14185550203']);
  });
});
