// Twilio Send SMS through real workflow runs against the fake Twilio: what reaches Twilio (form
// fields, Basic auth with the Auth Token or an API key), the item that comes back, E.164 checks
// before sending, and the credential test (methods.credentialTest through the same client).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRED_TYPE, FROM, sms, startTwilioEnv } from './setup.ts';
import type { TwilioEnv } from './setup.ts';

let env: TwilioEnv;
beforeAll(async () => {
  env = await startTwilioEnv();
});
afterAll(() => env?.close());

const sentSince = (n: number) => env.fake.messages.slice(n);

describe('Twilio: Send SMS', () => {
  it('sends one SMS per item and returns the message resource', async () => {
    const before = env.fake.messages.length;
    const { json, error } = await env.run(sms('+15145550100', 'Technician Marc arrives 10:00-12:00', { options: { statusCallback: 'https://flows.example.test/webhook/sms-status' } }));
    expect(error).toBeUndefined();
    const [sent] = sentSince(before);
    expect(sent.form).toEqual({ To: '+15145550100', From: FROM, Body: 'Technician Marc arrives 10:00-12:00', StatusCallback: 'https://flows.example.test/webhook/sms-status' });
    expect(sent.authUser).toBe(env.fake.accountSid);
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ sid: sent.resource.sid, status: 'queued', to: '+15145550100', from: FROM, numSegments: '1', direction: 'outbound-api', accountSid: env.fake.accountSid, errorCode: null, dateSent: null });
    expect(new Date(String(json[0].dateCreated)).toString()).not.toBe('Invalid Date');
    const request = env.fake.requests.filter((r) => r.method === 'POST').at(-1)!;
    expect(request.headers['user-agent']).toMatch(/^twilio-node\/6\.2\.0/);
    expect(request.path).toBe(`/2010-04-01/Accounts/${env.fake.accountSid}/Messages.json`);
  });

  it('reads To and Message per item from expressions; numbers typed with spaces and dashes are normalised', async () => {
    const before = env.fake.messages.length;
    const { json } = await env.run(sms('={{ $json.phone }}', '=Bonjour {{ $json.name }}, votre technicien arrive.'), {
      input: [
        { phone: '+1 (514) 555-0101', name: 'Aline' },
        { phone: '+1 438 555 0102', name: 'Benoît' },
      ],
    });
    expect(sentSince(before).map((m) => [m.form.To, m.form.Body])).toEqual([
      ['+15145550101', 'Bonjour Aline, votre technicien arrive.'],
      ['+14385550102', 'Bonjour Benoît, votre technicien arrive.'],
    ]);
    expect(json.map((j) => j.to)).toEqual(['+15145550101', '+14385550102']);
  });

  it('sends through a Messaging Service (accepted, no From)', async () => {
    const before = env.fake.messages.length;
    const service = `MG${'b'.repeat(32)}`;
    const { json } = await env.run({ operation: 'sendSms', to: '+15145550103', sendFrom: 'messagingService', messagingServiceSid: service, message: 'Outage cleared' });
    expect(sentSince(before)[0].form).toEqual({ To: '+15145550103', MessagingServiceSid: service, Body: 'Outage cleared' });
    expect(json[0]).toMatchObject({ status: 'accepted', messagingServiceSid: service, from: null });
  });

  it('authenticates with an API key (SID + secret) for the credential\'s account', async () => {
    const keyCred = await env.credential({ authType: 'apiKey', accountSid: env.fake.accountSid, apiKeySid: env.fake.apiKeySid, apiKeySecret: env.fake.apiKeySecret, apiBaseUrl: env.fake.url });
    const before = env.fake.messages.length;
    const { error } = await env.run(sms('+15145550104'), { credId: keyCred });
    expect(error).toBeUndefined();
    expect(sentSince(before)[0].authUser).toBe(env.fake.apiKeySid);
  });

  it('refuses a To that is not E.164 before sending, naming the item and the field', async () => {
    const before = env.fake.requests.length;
    const { error } = await env.run(sms('={{ $json.phone }}'), { input: [{ phone: '+15145550105' }, { phone: '514-555-0106' }] });
    expect(error?.message).toBe('Item 1: "To" is not an E.164 phone number: "514-555-0106"');
    expect(error?.description).toMatch(/\+ and the country code/);
    // Item 0 went out, item 1 never reached Twilio.
    expect(env.fake.requests.slice(before).map((r) => r.form.To)).toEqual(['+15145550105']);
  });

  it('checks From and the Messaging Service SID too', async () => {
    expect((await env.run(sms('+15145550107', 'x', { from: '+1 800 CALL NOW!' }))).error?.message).toMatch(/^Item 0: "From" is not an E.164 phone number, a short code or an alphanumeric sender ID/);
    expect((await env.run({ operation: 'sendSms', to: '+15145550107', sendFrom: 'messagingService', messagingServiceSid: 'MG123', message: 'x' })).error?.message).toBe(
      'Item 0: "Messaging Service SID" is not a Messaging Service SID: "MG123"',
    );
    expect((await env.run(sms('+15145550107', '   '))).error?.message).toBe('Item 0: "Message" is empty');
    expect((await env.run(sms('+15145550107', 'x'.repeat(1601)))).error?.message).toMatch(/1601 characters; Twilio takes at most 1600/);
  });

  it('an alphanumeric sender ID is accepted as From', async () => {
    const before = env.fake.messages.length;
    await env.run(sms('+447700900123', 'Votre code', { from: 'Gigafibre' }));
    expect(sentSince(before)[0].form.From).toBe('Gigafibre');
  });
});

describe('Twilio credential test (methods.credentialTest)', () => {
  const test = async (data: Record<string, unknown>) => {
    const res = await env.t.api('/api/v1/credentials/test', { method: 'POST', body: JSON.stringify({ type: CRED_TYPE, data }) });
    expect(res.status).toBe(200);
    return (await res.json()) as { status: string; message: string };
  };

  it('OK: fetches the account through the library', async () => {
    const before = env.fake.requests.length;
    const result = await test({ accountSid: env.fake.accountSid, authToken: env.fake.authToken, apiBaseUrl: env.fake.url });
    expect(result).toEqual({ status: 'OK', message: 'Connected to Twilio account "Gigafibre Ops" (Full, active)' });
    expect(env.fake.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([`GET /2010-04-01/Accounts/${env.fake.accountSid}.json`]);
  });

  it('OK with an API key', async () => {
    const result = await test({ authType: 'apiKey', accountSid: env.fake.accountSid, apiKeySid: env.fake.apiKeySid, apiKeySecret: env.fake.apiKeySecret, apiBaseUrl: env.fake.url });
    expect(result.status).toBe('OK');
  });

  it('Error: a wrong token says what to check, without the token', async () => {
    const result = await test({ accountSid: env.fake.accountSid, authToken: 'wrong-token-value', apiBaseUrl: env.fake.url });
    expect(result.status).toBe('Error');
    expect(result.message).toMatch(/Twilio error 20003 \(authentication failed\)/);
    expect(result.message).toMatch(/Check the Account SID and Auth Token/);
    expect(result.message).not.toContain('wrong-token-value');
  });

  it('Error: malformed fields are reported before any request', async () => {
    const before = env.fake.requests.length;
    expect((await test({ accountSid: 'ACnothex', authToken: 'x', apiBaseUrl: env.fake.url })).message).toMatch(/Account SID \(AC followed by 32 hex digits\)/);
    expect((await test({ accountSid: env.fake.accountSid, authToken: 'x', apiBaseUrl: 'ftp://fake' })).message).toMatch(/must be an origin/);
    expect(env.fake.requests.length).toBe(before);
  });
});
