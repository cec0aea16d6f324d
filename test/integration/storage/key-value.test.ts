// The node key-value store (migration 3, host/storage/sqlite/key-value.ts) on a real SQLite
// file: values and expiry, atomic updates, namespaces, keyed digests, and what survives a reopen.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scopedKeyValue } from '../../../host/engine/key-value.ts';
import { createSqliteStorage } from '../../../host/storage/sqlite/index.ts';

const root = mkdtempSync(join(tmpdir(), 'gf-kv-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const key = randomBytes(32);
let n = 0;
const open = (path = join(root, `kv-${++n}.db`), encryptionKey = key) => ({ path, storage: createSqliteStorage({ path, encryptionKey }) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('node key-value store', () => {
  it('stores JSON values per namespace; expired entries read as absent; values survive a reopen', async () => {
    const { path, storage } = open();
    const kv = storage.keyValue;
    await kv.set('a', 'k', { n: 1, list: ['x'] });
    await kv.set('b', 'k', 'other namespace');
    await kv.set('a', 'short', true, Date.now() + 50);
    expect(await kv.get('a', 'k')).toEqual({ n: 1, list: ['x'] });
    expect(await kv.get('b', 'k')).toBe('other namespace');
    expect(await kv.get('a', 'short')).toBe(true);
    await sleep(80);
    expect(await kv.get('a', 'short')).toBeUndefined();
    expect(await kv.purgeExpired()).toBe(1);
    expect(await kv.delete('a', 'short')).toBe(false);
    await storage.close();
    const again = createSqliteStorage({ path, encryptionKey: key });
    expect(await again.keyValue.get('a', 'k')).toEqual({ n: 1, list: ['x'] });
    expect(await again.keyValue.delete('a', 'k')).toBe(true);
    expect(await again.keyValue.get('a', 'k')).toBeUndefined();
    await again.close();
  });

  it('update is read-modify-write in one transaction; undefined deletes; the expiry stays unless given', async () => {
    const { storage } = open();
    const kv = scopedKeyValue(storage.keyValue, 'ns');
    await kv.set('counter', 0, { ttlMs: 60_000 });
    await Promise.all(Array.from({ length: 20 }, () => kv.update<number>('counter', (c) => (c ?? 0) + 1)));
    expect(await kv.get('counter')).toBe(20);
    expect(await kv.update<number>('counter', () => undefined)).toBeUndefined();
    expect(await kv.get('counter')).toBeUndefined();
    await kv.set('ttl', 'x', { ttlMs: 40 });
    await kv.update<string>('ttl', (v) => `${v}y`);
    expect(await kv.get('ttl')).toBe('xy');
    await sleep(60);
    expect(await kv.get('ttl')).toBeUndefined();
    await expect(kv.update('bad', () => Promise.resolve(1) as never)).rejects.toThrow();
    await storage.close();
  });

  it('digests differ per namespace and per encryption key, and never equal a plain hash', async () => {
    const one = open();
    const other = open(undefined, randomBytes(32));
    const d = one.storage.keyValue.digest('ns', 'otp_x\n123456');
    expect(d).toMatch(/^[0-9a-f]{64}$/);
    expect(one.storage.keyValue.digest('ns', 'otp_x\n123456')).toBe(d);
    expect(one.storage.keyValue.digest('ns2', 'otp_x\n123456')).not.toBe(d);
    expect(other.storage.keyValue.digest('ns', 'otp_x\n123456')).not.toBe(d);
    await one.storage.close();
    await other.storage.close();
  });

  it('refuses oversized values and undefined', async () => {
    const { storage } = open();
    await expect(storage.keyValue.set('ns', 'big', 'x'.repeat(70_000))).rejects.toThrow(/at most 65536 bytes/);
    await expect(storage.keyValue.set('ns', 'u', undefined)).rejects.toThrow(/undefined/);
    await storage.close();
  });
});
