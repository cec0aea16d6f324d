// The node key-value store (helpers.keyValue) against one implementation: values and expiry,
// atomic updates, namespaces, keyed digests, and what survives a reopen.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scopedKeyValue } from '../../../../host/engine/key-value.ts';
import type { Storage } from '../../../../host/storage/storage.ts';
import { sleep } from './helpers.ts';

/** Opens a storage; `place` names the database (file, schema) to open again, a new one when absent. */
export type OpenStorage = (encryptionKey: Buffer, place?: string) => Promise<{ storage: Storage; place: string }>;

export function keyValueContract(label: string, open: OpenStorage): void {
  const key = randomBytes(32);
  describe(`node key-value store: ${label}`, () => {
    it('stores JSON values per namespace; expired entries read as absent; values survive a reopen', async () => {
      const { place, storage } = await open(key);
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
      const again = (await open(key, place)).storage;
      expect(await again.keyValue.get('a', 'k')).toEqual({ n: 1, list: ['x'] });
      expect(await again.keyValue.delete('a', 'k')).toBe(true);
      expect(await again.keyValue.get('a', 'k')).toBeUndefined();
      await again.close();
    });

    it('update is read-modify-write in one transaction; undefined deletes; the expiry stays unless given', async () => {
      const { storage } = await open(key);
      const kv = scopedKeyValue(storage.keyValue, 'ns');
      await kv.set('counter', 0, { ttlMs: 60_000 });
      await Promise.all(Array.from({ length: 20 }, () => kv.update<number>('counter', (c) => (c ?? 0) + 1)));
      expect(await kv.get('counter')).toBe(20);
      // A key that does not exist yet: concurrent first updates still apply one after the other.
      await Promise.all(Array.from({ length: 10 }, () => kv.update<number>('fresh', (c) => (c ?? 0) + 1)));
      expect(await kv.get('fresh')).toBe(10);
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
      const one = await open(key);
      const other = await open(randomBytes(32));
      const d = one.storage.keyValue.digest('ns', 'otp_x\n123456');
      expect(d).toMatch(/^[0-9a-f]{64}$/);
      expect(one.storage.keyValue.digest('ns', 'otp_x\n123456')).toBe(d);
      expect(one.storage.keyValue.digest('ns2', 'otp_x\n123456')).not.toBe(d);
      expect(other.storage.keyValue.digest('ns', 'otp_x\n123456')).not.toBe(d);
      await one.storage.close();
      await other.storage.close();
    });

    it('refuses oversized values and undefined', async () => {
      const { storage } = await open(key);
      await expect(storage.keyValue.set('ns', 'big', 'x'.repeat(70_000))).rejects.toThrow(/at most 65536 bytes/);
      await expect(storage.keyValue.set('ns', 'u', undefined)).rejects.toThrow(/undefined/);
      await storage.close();
    });
  });
}
