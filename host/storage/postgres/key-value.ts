// The node key-value store on PostgreSQL; same semantics as sqlite/key-value.ts. update() is a
// read-modify-write under a transaction-level advisory lock on (namespace, key), so concurrent
// updates — from this process or another one — apply one after the other even while the key does
// not exist yet (a row lock would have nothing to lock then).
import { createHmac } from 'node:crypto';
import { checkKey, encode } from '../sqlite/key-value.ts';
import type { KeyValueRepository } from '../storage.ts';
import type { PgDb, Queryable } from './db.ts';

const PURGE_EVERY_MS = 60_000;

export class PgKeyValue implements KeyValueRepository {
  readonly #db: PgDb;
  readonly #digestRoot: Buffer;
  readonly #digestKeys = new Map<string, Buffer>();
  #lastPurge = 0;

  constructor(db: PgDb, encryptionKey: Buffer) {
    this.#db = db;
    this.#digestRoot = createHmac('sha256', encryptionKey).update('gigaflow node key-value digest').digest();
  }

  async #read(q: Queryable, namespace: string, key: string, now: number): Promise<{ value: unknown; expiresAt: number | null } | undefined> {
    const row = (await q.query('SELECT value, expires_at FROM node_kv WHERE namespace = $1 AND key = $2', [namespace, key])).rows[0];
    if (!row) return undefined;
    const expiresAt = row.expires_at === null ? null : Number(row.expires_at);
    if (expiresAt !== null && expiresAt <= now) return undefined;
    return { value: JSON.parse(String(row.value)), expiresAt };
  }

  async #write(q: Queryable, namespace: string, key: string, text: string, expiresAt: number | null): Promise<void> {
    await q.query(
      `INSERT INTO node_kv (namespace, key, value, expires_at, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
      [namespace, key, text, expiresAt, new Date().toISOString()],
    );
  }

  async #maybePurge(now: number): Promise<void> {
    if (now - this.#lastPurge < PURGE_EVERY_MS) return;
    this.#lastPurge = now;
    await this.purgeExpired(now);
  }

  async get(namespace: string, key: string): Promise<unknown> {
    checkKey(namespace, key);
    return (await this.#read(this.#db, namespace, key, Date.now()))?.value;
  }

  async set(namespace: string, key: string, value: unknown, expiresAt?: number): Promise<void> {
    checkKey(namespace, key);
    const text = encode(value);
    const now = Date.now();
    await this.#maybePurge(now);
    await this.#write(this.#db, namespace, key, text, expiresAt ?? null);
  }

  async delete(namespace: string, key: string): Promise<boolean> {
    checkKey(namespace, key);
    const now = Date.now();
    const row = (await this.#db.query('DELETE FROM node_kv WHERE namespace = $1 AND key = $2 RETURNING expires_at', [namespace, key])).rows[0];
    return row !== undefined && (row.expires_at === null || Number(row.expires_at) > now);
  }

  async update<T>(namespace: string, key: string, change: (current: T | undefined) => T | undefined, expiresAt?: number): Promise<T | undefined> {
    checkKey(namespace, key);
    const now = Date.now();
    await this.#maybePurge(now);
    return this.#db.tx(async (q) => {
      await q.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`gigaflow node_kv\n${namespace}\n${key}`]);
      const current = await this.#read(q, namespace, key, now);
      const next = change(current?.value as T | undefined);
      if ((next as unknown) instanceof Promise) throw new Error('keyValue.update: the change function must be synchronous');
      if (next === undefined) {
        await q.query('DELETE FROM node_kv WHERE namespace = $1 AND key = $2', [namespace, key]);
        return undefined;
      }
      await this.#write(q, namespace, key, encode(next), expiresAt ?? current?.expiresAt ?? null);
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
    return (await this.#db.query('DELETE FROM node_kv WHERE expires_at IS NOT NULL AND expires_at <= $1', [now])).rowCount ?? 0;
  }
}
