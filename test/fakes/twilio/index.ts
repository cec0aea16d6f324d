// A fake Twilio Programmable Messaging API over real HTTP (node:http on 127.0.0.1, port 0),
// following /work/shared/reference/integration-apis.md §5: message creation with Twilio's
// validation and error envelope, the account resource, Basic auth (Auth Token or API key),
// a 429 mode, and signed webhooks (inbound SMS, status callbacks) sent to a URL. See README.md.
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { API_VERSION, newSid, segmentsOf, VALID_TEST_FROM } from './messages.ts';
import type { MessageResource, StoredMessage } from './messages.ts';
import { createTwilioServer } from './server.ts';
import type { RecordedRequest, ServerState } from './server.ts';
import { formBody, twilioSignature } from './signature.ts';
import type { SignedParams } from './signature.ts';

export type { RecordedRequest } from './server.ts';
export type { MessageResource, StoredMessage } from './messages.ts';
export { MAGIC_FROM, MAGIC_TO, VALID_TEST_FROM } from './messages.ts';
export { formBody, twilioSignature } from './signature.ts';
export type { SignedParams } from './signature.ts';

export interface FakeTwilioOptions {
  accountSid?: string;
  authToken?: string;
  friendlyName?: string;
  now?: () => Date;
}

export interface CallbackOptions {
  /** The URL to sign when it differs from the one posted to (Twilio's view through a proxy). */
  signedUrl?: string;
  /** Sign with this token instead of the account's (a forged or stale signature). */
  authToken?: string;
  /** false: send no X-Twilio-Signature; a string: send that value. */
  signature?: false | string;
}

export interface CallbackResult {
  status: number;
  contentType: string;
  body: string;
  params: SignedParams;
  signature?: string;
}

export interface FakeTwilio {
  /** Origin to use as the credential's "API Base URL Override". */
  url: string;
  accountSid: string;
  authToken: string;
  apiKeySid: string;
  apiKeySecret: string;
  /** Messages created, in order. */
  messages: StoredMessage[];
  requests: RecordedRequest[];
  /** Makes message creation to `to` fail with a Twilio code (on top of the magic numbers). */
  failTo(to: string, code: number): void;
  failFrom(from: string, code: number): void;
  /** The next `count` message creations answer 429 (code 20429) with Retry-After. */
  rateLimit(count: number, retryAfterSeconds?: number): void;
  /** Posts a signed inbound-SMS webhook to `url`, as Twilio does for a message to one of the account's numbers. */
  inboundSms(url: string, fields: { from: string; to: string; body: string; media?: { url: string; contentType: string }[]; extra?: SignedParams }, opts?: CallbackOptions): Promise<CallbackResult>;
  /** Moves a created message to `status` and posts the signed status callback to its StatusCallback (or `opts.url`). */
  deliverStatus(messageSid: string, status: string, opts?: CallbackOptions & { errorCode?: number; url?: string }): Promise<CallbackResult>;
  /** Posts any signed form to `url`. */
  postSigned(url: string, params: SignedParams, opts?: CallbackOptions): Promise<CallbackResult>;
  close(): Promise<void>;
}

const hex = (n: number) => randomBytes(n).toString('hex');

export async function startFakeTwilio(opts: FakeTwilioOptions = {}): Promise<FakeTwilio> {
  const accountSid = opts.accountSid ?? `AC${hex(16)}`;
  const authToken = opts.authToken ?? hex(16);
  const apiKeySid = `SK${hex(16)}`;
  const apiKeySecret = randomBytes(24).toString('base64url');
  const state: ServerState = {
    account: { sid: accountSid, authToken, friendlyName: opts.friendlyName ?? 'Gigafibre Ops', createdAt: new Date('2024-03-01T12:00:00Z') },
    apiKeys: new Map([[apiKeySid, apiKeySecret]]),
    messages: [],
    requests: [],
    rules: { to: new Map(), from: new Map() },
    rateLimit: { remaining: 0, retryAfterSeconds: 1 },
    now: opts.now ?? (() => new Date()),
  };
  const server = createTwilioServer(state);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  async function postSigned(url: string, params: SignedParams, o: CallbackOptions = {}): Promise<CallbackResult> {
    const signature = o.signature === false ? undefined : (o.signature ?? twilioSignature(o.authToken ?? authToken, o.signedUrl ?? url, params));
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'TwilioProxy/1.1', 'I-Twilio-Idempotency-Token': hex(16) };
    if (signature !== undefined) headers['X-Twilio-Signature'] = signature;
    const res = await fetch(url, { method: 'POST', headers, body: formBody(params) });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text(), params, signature };
  }

  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    apiKeySid,
    apiKeySecret,
    messages: state.messages,
    requests: state.requests,
    failTo: (to, code) => void state.rules.to.set(to, code),
    failFrom: (from, code) => void state.rules.from.set(from, code),
    rateLimit(count, retryAfterSeconds = 1) {
      state.rateLimit = { remaining: count, retryAfterSeconds };
    },
    postSigned,
    inboundSms(url, fields, o) {
      const sid = newSid('SM');
      const media = fields.media ?? [];
      const params: SignedParams = {
        ToCountry: 'CA',
        ToState: 'QC',
        SmsMessageSid: sid,
        NumMedia: String(media.length),
        ToCity: 'MONTREAL',
        FromZip: '',
        SmsSid: sid,
        FromState: 'QC',
        SmsStatus: 'received',
        FromCity: 'LAVAL',
        Body: fields.body,
        FromCountry: 'CA',
        To: fields.to,
        ToZip: '',
        NumSegments: String(segmentsOf(fields.body)),
        MessageSid: sid,
        AccountSid: accountSid,
        From: fields.from,
        ApiVersion: API_VERSION,
        ...Object.fromEntries(media.flatMap((m, n) => [[`MediaUrl${n}`, m.url], [`MediaContentType${n}`, m.contentType]])),
        ...fields.extra,
      };
      return postSigned(url, params, o);
    },
    async deliverStatus(messageSid, status, o = {}) {
      const message = state.messages.find((m) => m.resource.sid === messageSid);
      if (!message) throw new Error(`fake twilio: no message ${messageSid}`);
      const url = o.url ?? message.statusCallback;
      if (!url) throw new Error(`fake twilio: message ${messageSid} has no StatusCallback`);
      const r: MessageResource = message.resource;
      r.status = status;
      if (o.errorCode) r.error_code = o.errorCode;
      const params: SignedParams = {
        AccountSid: accountSid,
        ApiVersion: API_VERSION,
        From: String(r.from ?? VALID_TEST_FROM),
        MessageSid: messageSid,
        MessageStatus: status,
        SmsSid: messageSid,
        SmsStatus: status,
        To: String(r.to),
        ...(r.messaging_service_sid ? { MessagingServiceSid: String(r.messaging_service_sid) } : {}),
        ...(o.errorCode && (status === 'failed' || status === 'undelivered') ? { ErrorCode: String(o.errorCode) } : {}),
      };
      return postSigned(url, params, o);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
