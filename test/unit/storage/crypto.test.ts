import { createHash, randomBytes, scryptSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { decrypt, encrypt, loadEncryptionKey, parseKeyMaterial } from '../../../host/storage/crypto.ts';

const root = mkdtempSync(join(tmpdir(), 'gf-crypto-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, `d${++n}`, 'data');

describe('encrypt / decrypt', () => {
  const key = randomBytes(32);

  it('round-trips text, including unicode and the empty string', () => {
    for (const text of ['', 'hello', '{"password":"p@ss"}', 'ünïcødé ✓ 𝄞', 'x'.repeat(100_000)]) expect(decrypt(encrypt(text, key), key)).toBe(text);
  });

  it('uses the versioned format with a fresh 12-byte IV and a 16-byte tag each time', () => {
    const a = encrypt('same', key);
    const b = encrypt('same', key);
    expect(a).not.toBe(b);
    const [version, iv, tag, body] = a.split(':');
    expect(version).toBe('gf1');
    expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(Buffer.from(body, 'base64url')).toHaveLength(4);
    expect(a.includes('same')).toBe(false);
  });

  it('rejects a wrong key, altered ciphertext, altered tag and unknown formats', () => {
    const sealed = encrypt('secret value', key);
    expect(() => decrypt(sealed, randomBytes(32))).toThrow(/does not match|altered/);
    const [v, iv, tag, body] = sealed.split(':');
    const flip = (s: string): string => {
      const buf = Buffer.from(s, 'base64url');
      buf[0] ^= 1;
      return buf.toString('base64url');
    };
    expect(() => decrypt([v, iv, tag, flip(body)].join(':'), key)).toThrow();
    expect(() => decrypt([v, iv, flip(tag), body].join(':'), key)).toThrow();
    expect(() => decrypt([v, flip(iv), tag, body].join(':'), key)).toThrow();
    expect(() => decrypt(`gf2:${iv}:${tag}:${body}`, key)).toThrow(/format/);
    expect(() => decrypt('plain text', key)).toThrow(/format/);
  });

  it('requires a 32-byte key', () => {
    expect(() => encrypt('x', randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('parseKeyMaterial', () => {
  it('uses 64 hex characters and 44-character base64 as the key bytes', () => {
    const bytes = randomBytes(32);
    expect(parseKeyMaterial(bytes.toString('hex'))).toEqual(bytes);
    expect(parseKeyMaterial(bytes.toString('base64'))).toEqual(bytes);
    expect(parseKeyMaterial(`${bytes.toString('base64url')}=`)).toEqual(bytes);
    expect(parseKeyMaterial(`  ${bytes.toString('hex')}\n`)).toEqual(bytes);
  });

  it('derives any other text with scrypt, deterministically', () => {
    const k = parseKeyMaterial('correct horse battery staple');
    expect(k).toHaveLength(32);
    expect(parseKeyMaterial('correct horse battery staple')).toEqual(k);
    expect(parseKeyMaterial('correct horse battery staplE')).not.toEqual(k);
    expect(k).toEqual(scryptSync('correct horse battery staple', 'gigaflow/encryption-key/v1', 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }));
    expect(k).not.toEqual(createHash('sha256').update('correct horse battery staple').digest());
    expect(() => parseKeyMaterial('   ')).toThrow(/empty/);
  });
});

describe('loadEncryptionKey', () => {
  it('prefers the environment value and then never touches the key file', () => {
    const dataDir = freshDir();
    const bytes = randomBytes(32);
    expect(loadEncryptionKey({ envKey: bytes.toString('hex'), dataDir })).toEqual(bytes);
    expect(() => statSync(join(dataDir, 'encryption.key'))).toThrow();
  });

  it('generates <dataDir>/encryption.key with mode 0600 once and reuses it', () => {
    const dataDir = freshDir();
    const first = loadEncryptionKey({ dataDir });
    const file = join(dataDir, 'encryption.key');
    expect(first).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.toString('hex'));
    expect(loadEncryptionKey({ dataDir })).toEqual(first);
    expect(loadEncryptionKey({ dataDir, envKey: '' })).toEqual(first);
    expect(loadEncryptionKey({ dataDir: freshDir() })).not.toEqual(first);
  });

  it('refuses a key file others can read, warns about a group-readable one', () => {
    const dataDir = freshDir();
    const key = loadEncryptionKey({ dataDir });
    const file = join(dataDir, 'encryption.key');
    chmodSync(file, 0o644);
    expect(() => loadEncryptionKey({ dataDir })).toThrow(/chmod 600/);
    chmodSync(file, 0o620);
    expect(() => loadEncryptionKey({ dataDir })).toThrow(/chmod 600/);
    chmodSync(file, 0o640);
    const warn = vi.fn();
    expect(loadEncryptionKey({ dataDir, warn })).toEqual(key);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('readable by its group'));
    chmodSync(file, 0o400);
    const quiet = vi.fn();
    expect(loadEncryptionKey({ dataDir, warn: quiet })).toEqual(key);
    expect(quiet).not.toHaveBeenCalled();
  });

  it('reads a passphrase written into the key file, and refuses an empty one', () => {
    const dataDir = freshDir();
    loadEncryptionKey({ dataDir });
    const file = join(dataDir, 'encryption.key');
    writeFileSync(file, 'my passphrase\n', { mode: 0o600 });
    expect(loadEncryptionKey({ dataDir })).toEqual(parseKeyMaterial('my passphrase'));
    writeFileSync(file, '\n', { mode: 0o600 });
    expect(() => loadEncryptionKey({ dataDir })).toThrow(/empty/);
  });
});
