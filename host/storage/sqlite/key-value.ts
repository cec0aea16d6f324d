// The node key-value store (helpers.keyValue): small JSON values per (namespace, key) with an
// optional expiry, shared by every execution and kept across restarts. Expired rows read as
// absent and are purged lazily. Digests are keyed with a secret derived from the encryption key,
// so a copy of the database alone cannot be used to guess what was hashed (e.g. OTP codes).
import { createHmac } from 'node:crypto';
import { ValidationError } from '../../model/errors.ts';
import type { KeyValueRepository } from '../storage.ts';
import type { Db } from './db.ts';

export const MAX_KEY_LENGTH = 512;
export const MAX_VALUE_BYTES = 64 * 1024;
const PURGE_EVERY_MS = 60_000;

export function checkKey(namespace: string, key: string): void {
  if (!namespace || !key) throw new ValidationError('A key-value entry needs a namespace and a key');
  if (key.length > MAX_KEY_LENGTH) throw new ValidationError(`Key-value keys are at most ${MAX_KEY_LENGTH} characters`);
}

export function encode(value: unknown): string {
  if (value === undefined) throw new ValidationError('Cannot store undefined in the key-value store (delete the key instead)');
  const text = JSON.stringify(value);
  if (Buffer.byteLength(text) > MAX_VALUE_BYTES) throw new ValidationError(`Key-value values are at most ${MAX_VALUE_BYTES} bytes of JSON`);
  return text;
}

export class SqliteKeyValue implements KeyValueRepository {
  readonly #db: Db;
  readonly #digestRoot: Buffer;
  readonly #digestKeys = new Map<string, Buffer>();
  #lastPurge = 0;

  constructor(db: Db, encryptionKey: Buffer) {
    this.#db = db;
    this.#digestRoot = createHmac('sha256', encryptionKey).update('gigaflow node key-value digest').digest();
  }

  #read(namespace: string, key: string, now: number): { value: unknown; expiresAt: number | null } | undefined {
    const row = this.#db.stmt('SELECT value, expires_at FROM node_kv WHERE namespace = ? AND key = ?').get(namespace, key);
    if (!row) return undefined;
    const expiresAt = row.expires_at === null ? null : Number(row.expires_at);
    if (expiresAt !== null && expiresAt <= now) return undefined;
    return { value: JSON.parse(String(row.value)), expiresAt };
  }

  #write(namespace: string, key: string, text: string, expiresAt: number | null): void {
    this.#db
      .stmt(
        `INSERT INTO node_kv (namespace, key, value, expires_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
      )
      .run(namespace, key, text, expiresAt, new Date().toISOString());
  }

  #maybePurge(now: number): void {
    if (now - this.#lastPurge < PURGE_EVERY_MS) return;
    this.#lastPurge = now;
    this.#db.stmt('DELETE FROM node_kv WHERE expires_at IS NOT NULL AND expires_at <= ?').run(now);
  }

  async get(namespace: string, key: string): Promise<unknown> {
    checkKey(namespace, key);
    return this.#read(namespace, key, Date.now())?.value;
  }

  async set(namespace: string, key: string, value: unknown, expiresAt?: number): Promise<void> {
    checkKey(namespace, key);
    const text = encode(value);
    const now = Date.now();
    this.#maybePurge(now);
    this.#write(namespace, key, text, expiresAt ?? null);
  }

  async delete(namespace: string, key: string): Promise<boolean> {
    checkKey(namespace, key);
    const now = Date.now();
    const live = this.#read(namespace, key, now) !== undefined;
    this.#db.stmt('DELETE FROM node_kv WHERE namespace = ? AND key = ?').run(namespace, key);
    return live;
  }

  async update<T>(namespace: string, key: string, change: (current: T | undefined) => T | undefined, expiresAt?: number): Promise<T | undefined> {
    checkKey(namespace, key);
    const now = Date.now();
    this.#maybePurge(now);
    // One write transaction: read, change and write cannot interleave with another update,
    // in this process or another one on the same file.
    return this.#db.tx(() => {
      const current = this.#read(namespace, key, now);
      const next = change(current?.value as T | undefined);
      if (next === undefined) {
        this.#db.stmt('DELETE FROM node_kv WHERE namespace = ? AND key = ?').run(namespace, key);
        return undefined;
      }
      this.#write(namespace, key, encode(next), expiresAt ?? current?.expiresAt ?? null);
      return next;
    });
  }

  digest(namespace: string, text: string): string {
    let key = this.#digestKeys.get(namespace);
    if (!key) {
      key = createHmac('sha256', this.#digestRoot).update(namespace).digest();
      this.#digestKeys.set(namespace, key);
    }
    return createHmac('sha256', key).update(text).digest('hex');
  }

  async purgeExpired(now: number = Date.now()): Promise<number> {
    return Number(this.#db.stmt('DELETE FROM node_kv WHERE expires_at IS NOT NULL AND expires_at <= ?').run(now).changes);
  }
}
