// X-Twilio-Signature as Twilio computes it (reference §5.4), written from the documented
// algorithm rather than borrowed from the twilio library, so the conformance suite can hold
// the two against each other: the full URL, then each POST parameter sorted by name as
// name + value (a repeated parameter: each distinct value, sorted), HMAC-SHA1 with the Auth
// Token, base64.
import { createHmac } from 'node:crypto';

export type SignedParams = Record<string, string | string[]>;

export function twilioSignature(authToken: string, url: string, params: SignedParams = {}): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    const values = Array.isArray(value) ? [...new Set(value)].sort() : [value];
    for (const v of values) data += name + v;
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** The form body Twilio posts: every value of every parameter, repeated keys for lists. */
export function formBody(params: SignedParams): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  return form.toString();
}
