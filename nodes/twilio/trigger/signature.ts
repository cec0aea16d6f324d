// X-Twilio-Signature: HMAC-SHA1 keyed with the Auth Token over the URL Twilio called plus every
// POST parameter (sorted), base64. Checked with the library's validateRequest over the form
// fields exactly as received (the raw body, not a parser's idea of nested keys).
import twilio from 'twilio';

export const SIGNATURE_HEADER = 'x-twilio-signature';

export type FormParams = Record<string, string | string[]>;

/** The form fields of the raw body; a repeated field becomes a list, as Twilio signs it. */
export function formParams(raw: Buffer | undefined): FormParams {
  const out: FormParams = {};
  for (const [key, value] of new URLSearchParams((raw ?? Buffer.alloc(0)).toString('utf8'))) {
    const seen = out[key];
    if (seen === undefined) out[key] = value;
    else out[key] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

/** The URL Twilio signed: the override (or the node's public webhook URL) plus the call's query string. */
export function signedUrl(base: string, originalUrl: string): string {
  const q = originalUrl.indexOf('?');
  if (q === -1 || base.includes('?')) return base;
  return `${base}${originalUrl.slice(q)}`;
}

export function validSignature(authToken: string, header: string, url: string, params: FormParams): boolean {
  return twilio.validateRequest(authToken, header, url, params);
}
