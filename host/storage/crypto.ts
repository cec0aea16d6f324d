// Encryption at rest for credential secrets, and the key that drives it.
//
// Format (version 1): `gf1:<iv>:<tag>:<ciphertext>`, each part base64url. AES-256-GCM with a random
// 12-byte IV per message and the 16-byte auth tag, so any change to the stored text is detected.
// The `gf1` prefix names the format so a later scheme can be added without guessing.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FORMAT = 'gf1';

/** Plain text sealed into `meta.key_check` so a database refuses a key other than its own. */
export const KEY_CHECK = 'gigaflow-encryption-key-check';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

function checkKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new Error(`Encryption key must be ${KEY_BYTES} bytes, got ${Buffer.isBuffer(key) ? key.length : typeof key}`);
  }
}

export function encrypt(plain: string, key: Buffer): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${FORMAT}:${iv.toString('base64url')}:${tag.toString('base64url')}:${body.toString('base64url')}`;
}

/** Throws when the text is not in a known format, or was made with another key, or was altered. */
export function decrypt(stored: string, key: Buffer): string {
  checkKey(key);
  const parts = typeof stored === 'string' ? stored.split(':') : [];
  if (parts.length !== 4 || parts[0] !== FORMAT) {
    throw new Error(`Encrypted data is not in a known format (expected "${FORMAT}:…")`);
  }
  const iv = Buffer.from(parts[1], 'base64url');
  const tag = Buffer.from(parts[2], 'base64url');
  const body = Buffer.from(parts[3], 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('Encrypted data is malformed (bad IV or tag length)');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('Could not decrypt data: the encryption key does not match, or the data was altered');
  }
}

// Fixed, public salt: a passphrase must give the same key on every machine that holds it
// (moving the data dir, or running several hosts on one database), so no per-install salt.
const PASSPHRASE_SALT = 'gigaflow/encryption-key/v1';
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/**
 * Turns key text into 32 key bytes:
 * - 64 hex characters: the bytes they spell;
 * - 44 characters of base64 (or base64url) with `=` padding that decode to 32 bytes: those bytes;
 * - anything else is a passphrase: scrypt(passphrase, fixed salt, N=2^15, r=8, p=1) -> 32 bytes.
 *   scrypt (not a bare SHA-256) so a short passphrase is expensive to guess from a stolen database.
 */
export function parseKeyMaterial(text: string): Buffer {
  const value = text.trim();
  if (value === '') throw new Error('Encryption key is empty');
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
  }
  return scryptSync(value, PASSPHRASE_SALT, KEY_BYTES, SCRYPT);
}

export const KEY_FILE_NAME = 'encryption.key';

export interface LoadKeyOptions {
  /** GIGAFLOW_ENCRYPTION_KEY, if set; wins over the key file. */
  envKey?: string;
  dataDir: string;
  /** Where to say that the key file is group-readable; defaults to console.warn. */
  warn?: (message: string) => void;
}

/**
 * The credential encryption key.
 * - `envKey` set (non-empty): parsed with `parseKeyMaterial`; the key file is neither read nor written.
 * - else `<dataDir>/encryption.key`: read and parsed the same way. If missing it is created (exclusively,
 *   mode 0600, dataDir created with mode 0700) holding 32 random bytes as 64 hex characters.
 * Key file permissions (POSIX only): if others may read or write it, or its group may write it, this
 * throws and the host refuses to start (fix with `chmod 600`); if only its group may read it, it warns.
 */
export function loadEncryptionKey(opts: LoadKeyOptions): Buffer {
  if (opts.envKey !== undefined && opts.envKey.trim() !== '') return parseKeyMaterial(opts.envKey);
  const warn = opts.warn ?? ((m: string) => console.warn(m));
  const file = join(opts.dataDir, KEY_FILE_NAME);
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  let created = false;
  try {
    writeFileSync(file, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600); // the umask may have narrowed it; make it exact
    created = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if (!created && process.platform !== 'win32') {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o026) {
      throw new Error(
        `Encryption key file ${file} has mode ${mode.toString(8).padStart(3, '0')}: others can read it or group/others can write it. ` +
          `Run \`chmod 600 ${file}\` (or set GIGAFLOW_ENCRYPTION_KEY) and start again.`,
      );
    }
    if (mode & 0o040) warn(`Encryption key file ${file} is readable by its group (mode ${mode.toString(8).padStart(3, '0')}); consider \`chmod 600\`.`);
  }
  const text = readFileSync(file, 'utf8');
  if (text.trim() === '') throw new Error(`Encryption key file ${file} is empty; restore it from a backup or remove it only if no credentials were ever saved`);
  return parseKeyMaterial(text);
}
