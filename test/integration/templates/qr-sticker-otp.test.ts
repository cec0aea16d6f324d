// The QR sticker on the modem, end to end through the real host: the template file
// (templates/qr-sticker-otp.json) imported and activated as `gigaflow import --activate` does,
// credentials created over the REST API under the template's names, the fake Frappe site and the
// fake Twilio behind them. A phone opens `GET /webhook/q/<mac>` → ERPNext finds the owner → Twilio
// texts a code → the answer says where to POST it (the Wait node's resume URL) → the code is
// checked → a 15-minute HS256 token for the diagnostic portal, or a clear refusal.
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importWorkflows } from '../../../host/cli/commands/import.ts';
import { seedFieldService, startFakeFrappe } from '../../fakes/frappe/index.ts';
import type { FakeFrappe } from '../../fakes/frappe/index.ts';
import { startFakeTwilio, VALID_TEST_FROM } from '../../fakes/twilio/index.ts';
import type { FakeTwilio } from '../../fakes/twilio/index.ts';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';

const TEMPLATE = fileURLToPath(new URL('../../../templates/qr-sticker-otp.json', import.meta.url));
const SECRET = 'portal-secret-for-tests-0123456789abcdef';
/** The sticker's modem: a customer, her service location and the ONT with this MAC. */
const MAC = 'A4:2B:B0:12:34:56';
const MOBILE = '+18195550164';

interface Challenge {
  status: string;
  message: string;
  phone: string;
  challengeId: string;
  expiresAt: string;
  attemptsLeft: number;
  mac: string;
  submit: { method: string; url: string };
}

let t: TestHost;
let frappe: FakeFrappe;
let twilio: FakeTwilio;
let workflowId: string;
let erpNextCredentialId: string;

function seed() {
  const data = seedFieldService();
  data.Customer.push(
    { customer_name: 'Camille Roy', customer_type: 'Individual', customer_group: 'Residential', territory: 'Québec', mobile_no: '+1 819 555 0164' },
    { customer_name: 'Numéro Invalide', customer_type: 'Individual', customer_group: 'Residential', territory: 'Québec', mobile_no: '+1 500 555 0001' },
  );
  data['Service Location'].push(
    { name: 'SL-00101', customer: 'Camille Roy', address_line: '77 Rue King Ouest', city: 'Sherbrooke', postal_code: 'J1H 1P5', olt_name: 'OLT-SHE-01', pon_port: '0/1/4', onu_id: 9, status: 'Active' },
    { name: 'SL-00102', customer: 'Numéro Invalide', address_line: '1 Rue du Test', city: 'Sherbrooke', postal_code: 'J1H 1P6', status: 'Active' },
  );
  data['Service Equipment'].push(
    { name: 'SE-00101', serial_no: 'ZTEGC8A42B01', mac_address: MAC, equipment_type: 'ONT', model: 'ZTE F670L', service_location: 'SL-00101', status: 'Installed' },
    // The clinic's location has no mobile number on file; Numéro Invalide's is a number Twilio refuses.
    { name: 'SE-00102', serial_no: 'ZTEGC8A42B02', mac_address: 'A4:2B:B0:12:34:57', equipment_type: 'ONT', model: 'ZTE F670L', service_location: 'SL-00004', status: 'Installed' },
    { name: 'SE-00103', serial_no: 'ZTEGC8A42B03', mac_address: 'A4:2B:B0:12:34:58', equipment_type: 'ONT', model: 'ZTE F670L', service_location: 'SL-00102', status: 'Installed' },
  );
  return data;
}

async function apiJson(path: string, method: string, body?: unknown): Promise<{ id: string }> {
  const res = await t.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string };
}

/** What the phone does after scanning: open the sticker's URL. */
async function scan(mac: string): Promise<{ status: number; body: Challenge & { error?: string } }> {
  const res = await fetch(`${t.url}/webhook/q/${encodeURIComponent(mac)}`);
  return { status: res.status, body: (await res.json()) as Challenge & { error?: string } };
}

/** What the page does with the typed code: POST it to the URL the scan answered with. */
async function submit(challenge: Challenge, code: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = `${t.url}${new URL(challenge.submit.url).pathname}`;
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The code, read from the SMS the fake Twilio received for this number (the last one). */
function codeSentTo(to: string): string {
  const sms = twilio.messages.filter((m) => m.resource.to === to).at(-1);
  const code = /\b(\d{6})\b/.exec(String(sms?.resource.body ?? ''))?.[1];
  if (!code) throw new Error(`No code in the SMS to ${to}: ${sms?.resource.body}`);
  return code;
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

function verifyToken(token: string): Record<string, unknown> {
  const [header, payload, signature] = token.split('.');
  expect(createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url')).toBe(signature);
  expect(JSON.parse(Buffer.from(header!, 'base64url').toString('utf8'))).toEqual({ alg: 'HS256', typ: 'JWT' });
  return JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function executionOf(challenge: Challenge) {
  return t.host.storage.executions.get(new URL(challenge.submit.url).pathname.split('/').at(-1)!);
}

beforeAll(async () => {
  frappe = await startFakeFrappe({ seed: seed() });
  twilio = await startFakeTwilio();
  t = await startTestHost({ GIGAFLOW_VAR_PORTAL_TOKEN_SECRET: SECRET, GIGAFLOW_VAR_TWILIO_FROM: VALID_TEST_FROM });
  erpNextCredentialId = (await apiJson('/api/v1/credentials', 'POST', { name: 'ERPNext', type: 'gigafibreErpNextApi', data: { baseUrl: frappe.url, apiKey: frappe.apiKey, apiSecret: frappe.apiSecret } })).id;
  await apiJson('/api/v1/credentials', 'POST', { name: 'Twilio', type: 'gigafibreTwilioApi', data: { authType: 'authToken', accountSid: twilio.accountSid, authToken: twilio.authToken, apiBaseUrl: twilio.url } });
  const [wf] = await importWorkflows(t.host, TEMPLATE, { activate: true });
  workflowId = wf!.id;
});

afterAll(async () => {
  await t?.close();
  await frappe?.close();
  await twilio?.close();
});

describe('QR sticker → SMS code → diagnostic portal token', () => {
  it('imports under its fixed id and texts a code to the owner of the scanned modem', async () => {
    expect(workflowId).toBe('tpl-qr-sticker-otp');
    const sentBefore = twilio.messages.length;
    const { status, body } = await scan('a4-2b-b0-12-34-56'); // any common spelling of the MAC
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'code_sent', phone: '•••••••0164', attemptsLeft: 3, mac: MAC, submit: { method: 'POST' } });
    expect(body.message).toContain('ending in 0164');
    expect(body.challengeId).toMatch(/^otp_/);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(240_000);
    expect(body.submit.url).toMatch(/\/webhook-waiting\/[\w-]+$/);

    // Side effects: ERPNext was asked for the equipment by its stored MAC; one SMS to the customer's mobile.
    const lookups = frappe.requests.filter((r) => r.path === '/api/resource/Service Equipment');
    expect(lookups.map((r) => JSON.parse(r.query.filters!))).toEqual([[['mac_address', '=', MAC]]]);
    expect(frappe.requests.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/resource/Service Location/SL-00101', '/api/resource/Customer/Camille Roy']));
    expect(twilio.messages.length).toBe(sentBefore + 1);
    const sms = twilio.messages.at(-1)!;
    expect(sms.resource.to).toBe(MOBILE);
    expect(sms.resource.from).toBe(VALID_TEST_FROM);
    const code = codeSentTo(MOBILE);
    expect(JSON.stringify(body)).not.toContain(code);
    expect(JSON.stringify(body)).not.toContain('Camille');

    const started = Date.now();
    const verified = await submit(body, code);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ status: 'verified', tokenType: 'Bearer', expiresIn: 900 });
    const claims = verifyToken(String(verified.body.token));
    expect(claims).toMatchObject({ aud: 'diagnostic-portal', customer: 'Camille Roy', equipment: 'SE-00101', mac: MAC });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
    expect(Math.abs(Number(claims.iat) * 1000 - started)).toBeLessThan(5000);
    expect(verified.body.expiresAt).toBe(new Date(Number(claims.exp) * 1000).toISOString());

    // The code is spent and the execution is over: the URL answers no more.
    expect((await submit(body, code)).status).toBe(404);
    expect((await executionOf(body))?.status).toBe('success');
  });

  it('a wrong code says how many attempts are left and waits again in the same execution', async () => {
    const { body } = await scan(MAC);
    const code = codeSentTo(MOBILE);
    const first = await submit(body, wrong(code));
    expect(first).toEqual({ status: 401, body: { error: 'wrong_code', message: 'That code is not right. 2 attempts left.', attemptsLeft: 2 } });
    // Not six digits: refused without using an attempt.
    const typo = await submit(body, '12ab');
    expect(typo).toEqual({ status: 400, body: { error: 'invalid_code', message: 'Enter the 6 digits of the code we sent by SMS.', attemptsLeft: 2 } });
    const right = await submit(body, ` ${code} `);
    expect(right.status).toBe(200);
    expect(verifyToken(String(right.body.token))).toMatchObject({ customer: 'Camille Roy', mac: MAC });
    const execution = await executionOf(body);
    expect(execution?.status).toBe('success');
    expect(execution?.runData['Wait for Code']).toHaveLength(3);
  });

  it('three wrong codes: 403 too many attempts, and the right code no longer opens the portal', async () => {
    const { body } = await scan(MAC);
    const code = codeSentTo(MOBILE);
    expect((await submit(body, wrong(code))).body).toMatchObject({ error: 'wrong_code', attemptsLeft: 2 });
    expect((await submit(body, wrong(code))).body).toMatchObject({ error: 'wrong_code', message: 'That code is not right. 1 attempt left.', attemptsLeft: 1 });
    const third = await submit(body, wrong(code));
    expect(third.status).toBe(403);
    expect(third.body).toMatchObject({ error: 'too_many_attempts', attemptsLeft: 0 });
    expect(String(third.body.message)).toContain('Scan the QR code');
    const late = await submit(body, code);
    expect(late.status).toBe(404);
    expect(late.body.token).toBeUndefined();
  });

  it('an expired code: 410 with a clear message', async () => {
    const { body } = await scan(MAC);
    const code = codeSentTo(MOBILE);
    // Six minutes later (the code lives five): only the host's clock moves, the Wait's limit (10 min) has not passed.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 6 * 60_000, shouldAdvanceTime: true });
    try {
      const late = await submit(body, code);
      expect(late).toEqual({ status: 410, body: { error: 'code_expired', message: 'This code has expired. Scan the QR code on the modem again to get a new one.' } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('unknown MAC, or equipment not installed at a customer: 404 with a friendly message, no SMS', async () => {
    const sent = twilio.messages.length;
    for (const mac of ['00:11:22:33:44:55', 'E0:19:54:77:88:99' /* SE-00006, in stock */]) {
      const { status, body } = await scan(mac);
      expect(status).toBe(404);
      expect(body).toMatchObject({ error: 'unknown_modem' });
      expect(body.message).toContain('could not find this modem');
    }
    expect(twilio.messages.length).toBe(sent);
  });

  it('malformed MAC: 400 before ERPNext is asked', async () => {
    const asked = frappe.requests.length;
    const { status, body } = await scan('not-a-mac');
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_mac' });
    expect(body.message).toContain('Scan the QR code on the modem again');
    expect(frappe.requests.length).toBe(asked);
  });

  it('ERPNext refuses the lookup (wrong API secret): 502, not a 404 that would blame the modem', async () => {
    await apiJson(`/api/v1/credentials/${erpNextCredentialId}`, 'PATCH', { data: { apiSecret: 'not-the-secret' } });
    try {
      const { status, body } = await scan(MAC);
      expect(status).toBe(502);
      expect(body).toMatchObject({ error: 'lookup_failed', message: 'We cannot check this modem right now. Please try again in a few minutes.' });
    } finally {
      await apiJson(`/api/v1/credentials/${erpNextCredentialId}`, 'PATCH', { data: { apiSecret: frappe.apiSecret } });
    }
    expect((await scan(MAC)).status).toBe(200);
  });

  it('no mobile number on file: 422; a number Twilio refuses: 502; nothing verifiable is left', async () => {
    const noMobile = await scan('A4:2B:B0:12:34:57');
    expect(noMobile.status).toBe(422);
    expect(noMobile.body).toMatchObject({ error: 'no_mobile' });
    const refused = await scan('A4:2B:B0:12:34:58');
    expect(refused.status).toBe(502);
    expect(refused.body).toMatchObject({ error: 'sms_failed' });
    expect(twilio.messages.some((m) => m.resource.to === '+15005550001')).toBe(false);
  });
});
