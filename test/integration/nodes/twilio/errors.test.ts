// Twilio's refusals as node errors (code, Twilio's message, what to do, more_info link), and a
// bulk send with one bad number: under continueOnFail that number becomes an {error} item and the
// others still go out; without it the run fails naming the item.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sms, startTwilioEnv } from './setup.ts';
import type { TwilioEnv } from './setup.ts';

let env: TwilioEnv;
beforeAll(async () => {
  env = await startTwilioEnv();
});
afterAll(() => env?.close());

describe('Twilio: mapped errors', () => {
  it.each([
    // To numbers: Twilio's test-credential magic numbers, as the fake implements them.
    ['+15005550001', undefined, 21211, 'invalid "To" number', "The 'To' number +15005550001 is not a valid phone number.", /E\.164 with its country code/],
    ['+15005550003', undefined, 21408, 'region not enabled for SMS', "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15005550003.", /Geo permissions/],
    ['+15005550004', undefined, 21610, 'recipient unsubscribed (replied STOP)', 'Attempt to send to unsubscribed recipient', /Do not retry: the recipient opted out\. They must text START/],
    ['+15005550009', undefined, 21614, '"To" is not a mobile number', "'To' number is not a valid mobile number", /cannot receive SMS/],
    ['+15005550002', undefined, 21612, 'message cannot be routed', "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number: +15005550006 via SMS.", /sender local to the destination/],
    ['+15145550100', '+15005550007', 21606, '"From" cannot send SMS to this destination', "The 'From' phone number provided (+15005550007) is not a valid message-capable Twilio phone number for this destination.", /SMS-capable phone number of this account/],
  ])('To %s (From %s) → Twilio error %i', async (to, from, code, meaning, twilioMessage, hint) => {
    const { error, record } = await env.run(sms(to, 'Rappel: rendez-vous demain', from ? { from } : {}));
    expect(record.status).toBe('error');
    expect(error?.node).toBe('Twilio');
    expect(error?.message).toBe(`Could not send the SMS to ${to} (item 0): Twilio error ${code} (${meaning}) — ${twilioMessage}`);
    expect(error?.description).toMatch(hint);
    expect(error?.description).toContain(`More: https://www.twilio.com/docs/errors/${code}`);
    expect(error?.httpCode).toBe('400');
  });

  it('a wrong Auth Token → 20003 with what to check', async () => {
    const bad = await env.credential({ accountSid: env.fake.accountSid, authToken: 'not-the-token', apiBaseUrl: env.fake.url });
    const { error } = await env.run(sms('+15145550100'), { credId: bad });
    expect(error?.message).toBe('Could not send the SMS to +15145550100 (item 0): Twilio error 20003 (authentication failed) — Authenticate');
    expect(error?.httpCode).toBe('401');
    expect(error?.description).toMatch(/Check the Account SID and Auth Token/);
    expect(JSON.stringify(error)).not.toContain('not-the-token');
  });

  it('an unreachable Twilio names the problem and the override', async () => {
    const gone = await env.credential({ accountSid: env.fake.accountSid, authToken: env.fake.authToken, apiBaseUrl: 'http://127.0.0.1:9' });
    const { error } = await env.run(sms('+15145550100'), { credId: gone });
    expect(error?.message).toMatch(/^Could not send the SMS to \+15145550100 \(item 0\): Twilio did not answer/);
    expect(error?.description).toMatch(/API Base URL Override/);
  });
});

describe('Twilio: bulk send with one bad number', () => {
  const input = [{ phone: '+15145550111' }, { phone: '+15005550004' }, { phone: '+15145550113' }, { phone: '+15145550114' }];

  it('continueOnFail: the refused number gives an {error} item with the Twilio code; the others are sent', async () => {
    const before = env.fake.messages.length;
    const { json, items, record } = await env.run(sms('={{ $json.phone }}', 'Maintenance ce soir 23h'), { input, node: { onError: 'continueRegularOutput' } });
    expect(record.status).toBe('success');
    expect(env.fake.messages.slice(before).map((m) => m.form.To)).toEqual(['+15145550111', '+15145550113', '+15145550114']);
    expect(json).toHaveLength(4);
    expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
    expect(json[0]).toMatchObject({ to: '+15145550111', status: 'queued' });
    expect(json[1].error).toMatchObject({
      code: 21610,
      moreInfo: 'https://www.twilio.com/docs/errors/21610',
      httpCode: '400',
      message: 'Could not send the SMS to +15005550004 (item 1): Twilio error 21610 (recipient unsubscribed (replied STOP)) — Attempt to send to unsubscribed recipient',
    });
    expect(json[3]).toMatchObject({ to: '+15145550114', status: 'queued' });
  });

  it('continueOnFail also turns an invalid number into an {error} item before sending', async () => {
    const before = env.fake.requests.length;
    const { json } = await env.run(sms('={{ $json.phone }}'), { input: [{ phone: 'n/a' }, { phone: '+15145550115' }], node: { onError: 'continueRegularOutput' } });
    expect(json[0].error).toMatchObject({ message: 'Item 0: "To" is not an E.164 phone number: "n/a"' });
    expect(json[1]).toMatchObject({ to: '+15145550115' });
    expect(env.fake.requests.slice(before).map((r) => r.form.To)).toEqual(['+15145550115']);
  });

  it('without continueOnFail the run fails at the bad number, naming the item; later items are not sent', async () => {
    const before = env.fake.messages.length;
    const { error, record } = await env.run(sms('={{ $json.phone }}', 'Maintenance ce soir 23h'), { input });
    expect(record.status).toBe('error');
    expect(error?.message).toMatch(/^Could not send the SMS to \+15005550004 \(item 1\): Twilio error 21610/);
    expect(env.fake.messages.slice(before).map((m) => m.form.To)).toEqual(['+15145550111']);
  });
});
