// Twilio's error codes turned into node errors a user can act on: the code, Twilio's own message,
// what to do about it, and the more_info link. The 30xxx codes arrive later, in status callbacks
// (Twilio Trigger describes them with the same table).
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from '../../host/model/errors.ts';

export interface TwilioCodeInfo {
  meaning: string;
  hint: string;
}

export const TWILIO_ERRORS: Record<number, TwilioCodeInfo> = {
  20003: { meaning: 'authentication failed', hint: 'Check the Account SID and Auth Token (or the API Key SID and secret) in the Twilio credential; an API key only works with the account it belongs to.' },
  20404: { meaning: 'not found', hint: 'Check the Account SID in the credential, and the SID of what the request names.' },
  20429: { meaning: 'too many requests', hint: 'Lower "Messages per Second" in the node options, or send fewer messages at once.' },
  21211: { meaning: 'invalid "To" number', hint: 'Write the number in E.164 with its country code, e.g. +15145550100, and check that it exists.' },
  21212: { meaning: 'invalid "From" number', hint: 'Use a phone number of this Twilio account in E.164, a short code, or an alphanumeric sender ID.' },
  21408: { meaning: 'region not enabled for SMS', hint: 'Allow the destination country in the Twilio Console → Messaging → Settings → Geo permissions.' },
  21602: { meaning: 'message body required', hint: 'Set "Message" (the body) for this item.' },
  21603: { meaning: '"From" required', hint: 'Set "From" or use a Messaging Service.' },
  21604: { meaning: '"To" required', hint: 'Set "To" for this item.' },
  21606: { meaning: '"From" cannot send SMS to this destination', hint: 'Use an SMS-capable phone number of this account (Console → Phone Numbers), or send through a Messaging Service.' },
  21608: { meaning: 'unverified number on a trial account', hint: 'Verify the recipient in the Console (Verified Caller IDs) or upgrade the account.' },
  21610: { meaning: 'recipient unsubscribed (replied STOP)', hint: 'Do not retry: the recipient opted out. They must text START to the sender to receive messages again.' },
  21611: { meaning: 'sender queue full', hint: 'The sender has too many queued messages; lower "Messages per Second" or add senders to a Messaging Service.' },
  21612: { meaning: 'message cannot be routed', hint: 'Twilio cannot reach this number from this sender: use a sender local to the destination country, or a Messaging Service.' },
  21614: { meaning: '"To" is not a mobile number', hint: 'The number cannot receive SMS (a landline?). Use another contact number.' },
  21617: { meaning: 'message body too long', hint: 'Keep the message under 1,600 characters.' },
  21635: { meaning: '"To" is a landline', hint: 'Landlines cannot receive SMS. Use a mobile number.' },
  30003: { meaning: 'unreachable handset', hint: 'The phone is off or out of coverage; send again later.' },
  30005: { meaning: 'unknown destination', hint: 'The number does not exist or is out of service; update the contact.' },
  30006: { meaning: 'landline or unreachable carrier', hint: 'The number cannot receive SMS (a landline?). Use a mobile number.' },
  30007: { meaning: 'filtered by the carrier', hint: 'The carrier blocked the message as unwanted: register the sender (A2P 10DLC / toll-free verification) and review the content.' },
  30008: { meaning: 'unknown delivery error', hint: 'Send again; if it keeps failing, contact Twilio support with the message SID.' },
};

export const moreInfoUrl = (code: number) => `https://www.twilio.com/docs/errors/${code}`;

/** What a Twilio code means, for error items and status callbacks. */
export function describeCode(code: number | undefined, message?: string): IDataObject | undefined {
  if (!code) return undefined;
  const info = TWILIO_ERRORS[code];
  return { code, message: message ?? info?.meaning ?? `Twilio error ${code}`, ...(info ? { meaning: info.meaning, hint: info.hint } : {}), moreInfo: moreInfoUrl(code) };
}

/** A NodeApiError carrying Twilio's code and link, so error items can show them as fields. */
export class TwilioApiError extends NodeApiError {
  code?: number;
  moreInfo?: string;
  constructor(node: string, message: string, opts: { httpCode?: number | string; description?: string; responseBody?: unknown; code?: number; moreInfo?: string }) {
    super(node, message, opts);
    this.code = opts.code;
    this.moreInfo = opts.moreInfo;
  }
}

/** What the failed call was about, for the message. */
export interface TwilioSubject {
  /** e.g. 'send the SMS to +15145550100'. */
  action: string;
  itemIndex?: number;
  /** How many times the request was sent (429 retries). */
  tries?: number;
}

/** Twilio's exception (legacy RestException or RFC 9457 TwilioServiceException), duck-typed. */
interface LibraryException {
  status: number;
  code?: number;
  message?: string;
  moreInfo?: string;
  detail?: string;
}

const isLibraryException = (err: unknown): err is LibraryException =>
  err instanceof Error && typeof (err as { status?: unknown }).status === 'number' && ('moreInfo' in err || 'code' in err || 'detail' in err);

/** The node error for anything the twilio library threw. Cancellation passes through unchanged. */
export function twilioError(node: string, err: unknown, s: TwilioSubject): unknown {
  const where = s.itemIndex === undefined ? '' : ` (item ${s.itemIndex})`;
  if (err instanceof NodeApiError && !(err instanceof TwilioApiError)) {
    // The host's HTTP client: no answer at all.
    if (err.httpCode === 'ECANCELED') return err;
    return new NodeApiError(node, `Could not ${s.action}${where}: Twilio did not answer (${err.message})`, {
      httpCode: err.httpCode,
      description: 'Check that Gigaflow can reach api.twilio.com (or the credential\'s API Base URL Override, if set).',
    });
  }
  if (!isLibraryException(err)) return err;
  const code = typeof err.code === 'number' ? err.code : undefined;
  const info = code ? TWILIO_ERRORS[code] : undefined;
  const said = err.detail || err.message || info?.meaning || `HTTP ${err.status}`;
  const moreInfo = err.moreInfo || (code ? moreInfoUrl(code) : undefined);
  const retried = err.status === 429 && s.tries && s.tries > 1 ? ` Gave up after ${s.tries} tries.` : '';
  const hint = info?.hint ?? (err.status === 401 ? TWILIO_ERRORS[20003].hint : err.status >= 500 ? 'Twilio had a problem; try again later.' : '');
  return new TwilioApiError(node, `Could not ${s.action}${where}: Twilio error ${code ?? err.status}${info ? ` (${info.meaning})` : ''} — ${said}`, {
    httpCode: err.status,
    code,
    moreInfo,
    description: [hint, retried.trim(), moreInfo ? `More: ${moreInfo}` : ''].filter(Boolean).join(' '),
    responseBody: { code, message: err.message, more_info: moreInfo, status: err.status },
  });
}
