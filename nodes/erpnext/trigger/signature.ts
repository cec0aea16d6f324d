// Frappe's webhook signature: X-Frappe-Webhook-Signature = base64(HMAC-SHA256(secret, body)),
// over the exact bytes sent; compared in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-frappe-webhook-signature';

export const frappeSignature = (secret: string, body: Buffer | string) => createHmac('sha256', secret).update(body).digest('base64');

export function validSignature(secret: string, body: Buffer, header: string): boolean {
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(header.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
