// AES-128-CBC with PKCS#7 padding, key and IV as 16 ASCII characters (the client's choice, sent in
// the login signature), data as base64 — the GDPR firmwares' body encryption.
import { createCipheriv, createDecipheriv } from 'node:crypto';

export interface AesKey {
  key: string;
  iv: string;
}

/** Key and IV must be 16 single-byte characters (the firmware reads them as ASCII). */
export function isValidAesKey(k: AesKey): boolean {
  return Buffer.byteLength(k.key, 'latin1') === 16 && Buffer.byteLength(k.iv, 'latin1') === 16 && /^[\x20-\x7e]{16}$/.test(k.key) && /^[\x20-\x7e]{16}$/.test(k.iv);
}

export function aesEncrypt(text: string, k: AesKey): string {
  const cipher = createCipheriv('aes-128-cbc', Buffer.from(k.key, 'latin1'), Buffer.from(k.iv, 'latin1'));
  return Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]).toString('base64');
}

/** The plaintext, or null when the data is not base64 of whole blocks under this key (bad padding). */
export function aesDecrypt(b64: string, k: AesKey): string | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  const raw = Buffer.from(b64, 'base64');
  if (raw.length === 0 || raw.length % 16 !== 0) return null;
  try {
    const decipher = createDecipheriv('aes-128-cbc', Buffer.from(k.key, 'latin1'), Buffer.from(k.iv, 'latin1'));
    const plain = Buffer.concat([decipher.update(raw), decipher.final()]);
    const text = plain.toString('utf8');
    // Wrong keys sometimes unpad "successfully"; garbage is not valid UTF-8 text then.
    return Buffer.from(text, 'utf8').equals(plain) ? text : null;
  } catch {
    return null;
  }
}
