// The fake Twilio held to the reference (/work/shared/reference/integration-apis.md §5): the
// message resource and error envelopes on the wire, Basic auth, the 429 mode, what the official
// twilio library makes of its answers (through the library's own RequestClient, origin
// rewritten — §5.5), and webhook signatures against the library's getExpectedTwilioSignature
// and validateRequest.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAGIC_FROM, MAGIC_TO, startFakeTwilio, twilioSignature, VALID_TEST_FROM } from '../../fakes/twilio/index.ts';
import type { FakeTwilio, SignedParams } from '../../fakes/twilio/index.ts';

let fake: FakeTwilio;
beforeAll(async () => {
  fake = await startFakeTwilio();
});
afterAll(() => fake?.close());

const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
const messagesUrl = () => `${fake.url}/2010-04-01/Accounts/${fake.accountSid}/Messages.json`;

async function create(form: Record<string, string>, auth = basic(fake.accountSid, fake.authToken)) {
  const res = await fetch(messagesUrl(), { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

const RFC2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

/** The library's documented seam: its own RequestClient, with the origin of every URL rewritten to the fake. */
type LibraryRequest<T> = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0] & { data?: T };
class FakeOriginClient extends twilio.RequestClient {
  override request<T>(opts: LibraryRequest<T>) {
    return super.request<T>({ ...opts, uri: opts.uri.replace('https://api.twilio.com', fake.url) });
  }
}
const library = (user = fake.accountSid, secret = fake.authToken, accountSid?: string) => twilio(user, secret, { httpClient: new FakeOriginClient(), ...(accountSid ? { accountSid } : {}) });

describe('fake Twilio: message resource (§5.1)', () => {
  it('creates a message: 201 with the resource exactly as Twilio shapes it', async () => {
    const { status, headers, json } = await create({ To: '+15145550100', From: VALID_TEST_FROM, Body: 'Technician on the way', StatusCallback: 'https://example.test/cb' });
    expect(status).toBe(201);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(json).sort()).toEqual(
      ['account_sid', 'api_version', 'body', 'date_created', 'date_sent', 'date_updated', 'direction', 'error_code', 'error_message', 'from', 'messaging_service_sid', 'num_media', 'num_segments', 'price', 'price_unit', 'sid', 'status', 'subresource_uris', 'to', 'uri'].sort(),
    );
    expect(json).toMatchObject({ account_sid: fake.accountSid, api_version: '2010-04-01', to: '+15145550100', from: VALID_TEST_FROM, body: 'Technician on the way', status: 'queued', direction: 'outbound-api', num_segments: '1', num_media: '0', error_code: null, date_sent: null, messaging_service_sid: null });
    expect(json.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(json.date_created).toMatch(RFC2822);
    expect(json.uri).toBe(`/2010-04-01/Accounts/${fake.accountSid}/Messages/${json.sid}.json`);
    expect(fake.messages.at(-1)).toMatchObject({ statusCallback: 'https://example.test/cb', authUser: fake.accountSid });
  });

  it('with a Messaging Service the message is accepted, with no sender or segments yet', async () => {
    const { status, json } = await create({ To: '+15145550100', MessagingServiceSid: `MG${'a'.repeat(32)}`, Body: 'hello' });
    expect(status).toBe(201);
    expect(json).toMatchObject({ status: 'accepted', from: null, messaging_service_sid: `MG${'a'.repeat(32)}`, num_segments: '0' });
  });

  it('counts segments as GSM-7 (160/153) or UCS-2 (70/67)', async () => {
    expect((await create({ To: '+15145550100', From: VALID_TEST_FROM, Body: 'a'.repeat(161) })).json.num_segments).toBe('2');
    expect((await create({ To: '+15145550100', From: VALID_TEST_FROM, Body: 'é'.repeat(70) })).json.num_segments).toBe('1');
    expect((await create({ To: '+15145550100', From: VALID_TEST_FROM, Body: 'ŝ'.repeat(71) })).json.num_segments).toBe('2');
  });

  it('the library reads the resource: dates become Date objects, SIDs and counts come through', async () => {
    const m = await library().messages.create({ to: '+15145550101', from: VALID_TEST_FROM, body: 'via library' });
    expect(m.sid).toMatch(/^SM/);
    expect(m.status).toBe('queued');
    expect(m.numSegments).toBe('1');
    expect(m.dateCreated).toBeInstanceOf(Date);
    expect(m.dateSent).toBeNull();
    const sent = fake.requests.at(-1)!;
    expect(sent.headers['user-agent']).toMatch(/^twilio-node\/6\./);
    expect(sent.form).toEqual({ To: '+15145550101', From: VALID_TEST_FROM, Body: 'via library' });
  });

  it('GET Accounts/{Sid}.json gives the account; the library fetches it', async () => {
    const account = await library().api.v2010.accounts(fake.accountSid).fetch();
    expect(account).toMatchObject({ sid: fake.accountSid, friendlyName: 'Gigafibre Ops', status: 'active', type: 'Full' });
  });
});

describe('fake Twilio: auth and errors (§5.2)', () => {
  it('wrong Auth Token → 401 with the error envelope, code 20003', async () => {
    const { status, json, headers } = await create({ To: '+15145550100', From: VALID_TEST_FROM, Body: 'x' }, basic(fake.accountSid, 'wrong'));
    expect(status).toBe(401);
    expect(json).toEqual({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
    expect(headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('API key SID + secret authenticate for the key\'s account, and only for it', async () => {
    expect((await create({ To: '+15145550100', From: VALID_TEST_FROM, Body: 'x' }, basic(fake.apiKeySid, fake.apiKeySecret))).status).toBe(201);
    expect(fake.messages.at(-1)!.authUser).toBe(fake.apiKeySid);
    expect((await create({ To: '+15145550100', From: VALID_TEST_FROM, Body: 'x' }, basic(fake.apiKeySid, 'nope'))).status).toBe(401);
    const other = await fetch(`${fake.url}/2010-04-01/Accounts/AC${'0'.repeat(32)}/Messages.json`, { method: 'POST', headers: { Authorization: basic(fake.apiKeySid, fake.apiKeySecret) } });
    expect(other.status).toBe(401);
  });

  it('the library with an API key (accountSid option) sends as the key', async () => {
    await library(fake.apiKeySid, fake.apiKeySecret, fake.accountSid).messages.create({ to: '+15145550102', from: VALID_TEST_FROM, body: 'k' });
    expect(fake.messages.at(-1)!.authUser).toBe(fake.apiKeySid);
  });

  it.each([
    ['+15005550001', 21211, /'To' number \+15005550001 is not a valid phone number/],
    ['+15005550002', 21612, /not currently reachable/],
    ['+15005550003', 21408, /Permission to send an SMS has not been enabled for the region/],
    ['+15005550004', 21610, /unsubscribed recipient/],
    ['+15005550009', 21614, /not a valid mobile number/],
    ['5145550100', 21211, /not a valid phone number/],
  ])('To %s → 400, code %i', async (to, code, message) => {
    expect(MAGIC_TO[to] ?? 21211).toBe(code);
    const { status, json } = await create({ To: to, From: VALID_TEST_FROM, Body: 'x' });
    expect(status).toBe(400);
    expect(json).toMatchObject({ code, status: 400, more_info: `https://www.twilio.com/docs/errors/${code}` });
    expect(json.message).toMatch(message);
  });

  it.each([
    ['+15005550001', 21212],
    ['+15005550007', 21606],
    ['+15005550008', 21611],
  ])('From %s → code %i', async (from, code) => {
    expect(MAGIC_FROM[from]).toBe(code);
    expect((await create({ To: '+15145550100', From: from, Body: 'x' })).json.code).toBe(code);
  });

  it('missing To / From / Body → 21604 / 21603 / 21602; added rules apply too', async () => {
    expect((await create({ From: VALID_TEST_FROM, Body: 'x' })).json.code).toBe(21604);
    expect((await create({ To: '+15145550100', Body: 'x' })).json.code).toBe(21603);
    expect((await create({ To: '+15145550100', From: VALID_TEST_FROM })).json.code).toBe(21602);
    fake.failTo('+15145550199', 21608);
    expect((await create({ To: '+15145550199', From: VALID_TEST_FROM, Body: 'x' })).json.code).toBe(21608);
  });

  it('the library raises RestException with status, code, message and moreInfo', async () => {
    const err = (await library()
      .messages.create({ to: '+15005550004', from: VALID_TEST_FROM, body: 'x' })
      .catch((e: unknown) => e)) as twilio.RestException;
    expect(err).toBeInstanceOf(twilio.RestException);
    expect(err).toMatchObject({ status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient', moreInfo: 'https://www.twilio.com/docs/errors/21610' });
  });

  it('rate-limit mode: 429, code 20429, Retry-After, then normal again', async () => {
    fake.rateLimit(1, 2);
    const limited = await create({ To: '+15145550100', From: VALID_TEST_FROM, Body: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.json).toMatchObject({ code: 20429, status: 429 });
    expect((await create({ To: '+15145550100', From: VALID_TEST_FROM, Body: 'x' })).status).toBe(201);
  });

  it('unknown paths → 404 with code 20404', async () => {
    const res = await fetch(`${fake.url}/2010-04-01/Accounts/${fake.accountSid}/Calls.json`, { headers: { Authorization: basic(fake.accountSid, fake.authToken) } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 20404, status: 404 });
  });
});

describe('fake Twilio: webhook signatures (§5.3, §5.4)', () => {
  const cases: [string, string, SignedParams][] = [
    ['plain form', 'https://sms.example.com/webhook/twilio', { From: '+15145550100', To: '+15145550199', Body: 'Hello', MessageSid: `SM${'1'.repeat(32)}` }],
    ['query string in the URL', 'https://sms.example.com/webhook/twilio?tenant=qc&x=1', { Body: 'a b&c=d', NumMedia: '0' }],
    ['unicode and case-sensitive order', 'https://sms.example.com/hook', { body: 'lower', Body: 'Été ✓', a: '1', B: '2' }],
    ['repeated parameter, duplicate values', 'https://sms.example.com/hook', { MediaUrl: ['https://m/2', 'https://m/1', 'https://m/2'], To: '+1' }],
    ['no parameters', 'https://sms.example.com/hook', {}],
  ];

  it.each(cases)('%s: the fake signs as the library expects', (_name, url, params) => {
    expect(twilioSignature('token-123', url, params)).toBe(twilio.getExpectedTwilioSignature('token-123', url, params));
  });

  it('inbound SMS and status callbacks arrive form-encoded with a signature validateRequest accepts', async () => {
    const seen: { headers: Record<string, string | string[] | undefined>; body: string; url: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen.push({ headers: req.headers, body, url: req.url ?? '' });
        res.writeHead(200, { 'Content-Type': 'text/xml' }).end('<Response/>');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/sms?site=1`;
    try {
      const inbound = await fake.inboundSms(url, { from: '+15145550100', to: '+15145550199', body: 'STATUS?', media: [{ url: 'https://media.example/1', contentType: 'image/jpeg' }] });
      expect(inbound.status).toBe(200);
      const got = seen.at(-1)!;
      expect(got.headers['content-type']).toBe('application/x-www-form-urlencoded');
      const params = Object.fromEntries(new URLSearchParams(got.body));
      expect(params).toMatchObject({ From: '+15145550100', To: '+15145550199', Body: 'STATUS?', SmsStatus: 'received', NumMedia: '1', MediaUrl0: 'https://media.example/1', MediaContentType0: 'image/jpeg', AccountSid: fake.accountSid, ApiVersion: '2010-04-01' });
      expect(params.MessageSid).toMatch(/^SM[0-9a-f]{32}$/);
      expect(params.SmsSid).toBe(params.MessageSid);
      expect(twilio.validateRequest(fake.authToken, String(got.headers['x-twilio-signature']), url, params)).toBe(true);
      expect(twilio.validateRequest('other-token', String(got.headers['x-twilio-signature']), url, params)).toBe(false);

      const sent = await create({ To: '+15145550100', From: VALID_TEST_FROM, Body: 'x', StatusCallback: url });
      await fake.deliverStatus(String(sent.json.sid), 'undelivered', { errorCode: 30003 });
      const status = Object.fromEntries(new URLSearchParams(seen.at(-1)!.body));
      expect(status).toMatchObject({ MessageSid: sent.json.sid, MessageStatus: 'undelivered', SmsStatus: 'undelivered', ErrorCode: '30003', To: '+15145550100', From: VALID_TEST_FROM, AccountSid: fake.accountSid });
      expect(twilio.validateRequest(fake.authToken, String(seen.at(-1)!.headers['x-twilio-signature']), url, status)).toBe(true);
      await fake.deliverStatus(String(sent.json.sid), 'delivered');
      expect(Object.fromEntries(new URLSearchParams(seen.at(-1)!.body)).ErrorCode).toBeUndefined();

      await fake.inboundSms(url, { from: '+1', to: '+2', body: 'x' }, { signature: false });
      expect(seen.at(-1)!.headers['x-twilio-signature']).toBeUndefined();
    } finally {
      receiver.closeAllConnections();
      await new Promise((r) => receiver.close(r));
    }
  });
});
