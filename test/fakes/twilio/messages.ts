// The Message resource (reference §5.1): create-time validation in Twilio's order, the numbers
// that fail (Twilio's documented test-credential "magic numbers" plus rules a test adds), and the
// resource JSON exactly as Twilio returns it (snake_case, counts as strings, RFC 2822 dates).
import { randomBytes } from 'node:crypto';
import { messageError, TwilioError } from './errors.ts';

export const API_VERSION = '2010-04-01';
const E164 = /^\+[1-9]\d{1,14}$/;
const SENDER = /^(\+[1-9]\d{1,14}|\d{3,8}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11})$/;
/** Characters of the GSM 03.38 basic set (and extension table): others make the body UCS-2. */
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;

/** Twilio's test-credential magic numbers: To → error code. */
export const MAGIC_TO: Record<string, number> = {
  '+15005550001': 21211,
  '+15005550002': 21612,
  '+15005550003': 21408,
  '+15005550004': 21610,
  '+15005550009': 21614,
};
/** From → error code; +15005550006 is the valid test sender. */
export const MAGIC_FROM: Record<string, number> = {
  '+15005550001': 21212,
  '+15005550007': 21606,
  '+15005550008': 21611,
};
export const VALID_TEST_FROM = '+15005550006';

export type MessageResource = Record<string, string | number | null | Record<string, string>>;

export interface StoredMessage {
  resource: MessageResource;
  /** The form fields as received (a repeated field as a list). */
  form: Record<string, string | string[]>;
  /** Who authenticated: the Account SID or an API key SID. */
  authUser: string;
  statusCallback?: string;
  at: number;
}

export const newSid = (prefix: string) => prefix + randomBytes(16).toString('hex');

/** "Tue, 26 Jul 2016 12:50:07 +0000" */
export const rfc2822 = (d: Date) => d.toUTCString().replace(/GMT$/, '+0000');

/** Segments as Twilio counts them: GSM-7 160 / 153 per part, UCS-2 70 / 67. */
export function segmentsOf(body: string): number {
  const [single, part] = GSM7.test(body) ? [160, 153] : [70, 67];
  const length = [...body].length;
  return length <= single ? 1 : Math.ceil(length / part);
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export interface NumberRules {
  to: Map<string, number>;
  from: Map<string, number>;
}

/** Checks a create request as Twilio does and builds the stored message, or throws the TwilioError. */
export function createMessage(accountSid: string, form: Record<string, string | string[]>, rules: NumberRules, now: Date): MessageResource {
  const to = first(form.To)?.trim() ?? '';
  const from = first(form.From)?.trim() || undefined;
  const service = first(form.MessagingServiceSid)?.trim() || undefined;
  const body = first(form.Body) ?? '';
  const media = form.MediaUrl === undefined ? [] : ([] as string[]).concat(form.MediaUrl);
  if (!to) throw new TwilioError(21604, "A 'To' phone number is required.");
  if (!from && !service) throw new TwilioError(21603, "A 'From' phone number is required.");
  if (!body && !media.length && !first(form.ContentSid)) throw new TwilioError(21602, 'Message body is required.');
  if ([...body].length > 1600) throw new TwilioError(21617, 'The concatenated message body exceeds the 1600 character limit.');
  if (service && !/^MG[0-9a-f]{32}$/i.test(service)) throw new TwilioError(21701, `The Messaging Service Sid ${service} is invalid.`);
  if (from && !SENDER.test(from)) throw messageError(21212, to, from);
  const fromCode = from ? (rules.from.get(from) ?? MAGIC_FROM[from]) : undefined;
  if (fromCode) throw messageError(fromCode, to, from);
  if (!E164.test(to.replace(/^whatsapp:/, ''))) throw messageError(21211, to, from);
  const toCode = rules.to.get(to) ?? MAGIC_TO[to];
  if (toCode) throw messageError(toCode, to, from);

  const sid = newSid('SM');
  const date = rfc2822(now);
  const uri = `/${API_VERSION}/Accounts/${accountSid}/Messages/${sid}.json`;
  return {
    account_sid: accountSid,
    api_version: API_VERSION,
    body,
    date_created: date,
    date_sent: null,
    date_updated: date,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: service && !from ? null : (from ?? null),
    messaging_service_sid: service ?? null,
    // With a Messaging Service the sender is picked later: no segments counted yet.
    num_media: String(media.length),
    num_segments: service ? '0' : String(segmentsOf(body)),
    price: null,
    price_unit: 'USD',
    sid,
    status: service ? 'accepted' : 'queued',
    subresource_uris: { media: `/${API_VERSION}/Accounts/${accountSid}/Messages/${sid}/Media.json` },
    to,
    uri,
  };
}
