// API keys: `gf_` + 32 random bytes as base64url. Only the SHA-256 of the key is stored, and a key
// is found by looking up its hash (an index lookup on a value the caller cannot steer, so there is
// no byte-by-byte comparison to time). lastUsedAt is written at most once a minute per key.
import { createHash, randomBytes } from 'node:crypto';
import { ValidationError } from '../../model/errors.ts';
import { newId } from '../ids.ts';
import type { ApiKeyMeta, ApiKeyRepository } from '../storage.ts';
import { type Db, type Row, isUniqueViolation } from './db.ts';

export const API_KEY_PREFIX = 'gf_';
export const PREFIX_CHARS = 10; // `gf_` + 7 characters of the random part
export const LAST_USED_INTERVAL_MS = 60_000;

const META = 'id, name, prefix, created_at, last_used_at';

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function metaFromRow(row: Row): ApiKeyMeta {
  const meta: ApiKeyMeta = { id: String(row.id), name: String(row.name), prefix: String(row.prefix), createdAt: String(row.created_at) };
  if (row.last_used_at !== null) meta.lastUsedAt = String(row.last_used_at);
  return meta;
}

export class SqliteApiKeys implements ApiKeyRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async create(name: string): Promise<{ key: string; meta: ApiKeyMeta }> {
    if (typeof name !== 'string' || name.trim() === '') throw new ValidationError('API key name is required', { field: 'name' });
    const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
    const meta: ApiKeyMeta = { id: newId(), name, prefix: key.slice(0, PREFIX_CHARS), createdAt: new Date().toISOString() };
    try {
      this.#db
        .stmt('INSERT INTO api_keys (id, name, prefix, key_hash, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(meta.id, meta.name, meta.prefix, hashKey(key), meta.createdAt);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ValidationError(`An API key named "${name}" already exists`, { status: 409, field: 'name' });
      throw err;
    }
    return { key, meta };
  }

  async verify(key: string): Promise<ApiKeyMeta | undefined> {
    if (typeof key !== 'string' || !key.startsWith(API_KEY_PREFIX) || key.length > 200) return undefined;
    const row = this.#db.stmt(`SELECT ${META} FROM api_keys WHERE key_hash = ?`).get(hashKey(key));
    if (!row) return undefined;
    const meta = metaFromRow(row);
    const now = Date.now();
    // The row was just read anyway, so throttling costs nothing: write only when a minute has passed.
    if (!meta.lastUsedAt || now - Date.parse(meta.lastUsedAt) >= LAST_USED_INTERVAL_MS) {
      meta.lastUsedAt = new Date(now).toISOString();
      this.#db.stmt('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(meta.lastUsedAt, meta.id);
    }
    return meta;
  }

  async list(): Promise<ApiKeyMeta[]> {
    return this.#db.stmt(`SELECT ${META} FROM api_keys ORDER BY created_at, id`).all().map(metaFromRow);
  }

  /** By id first; otherwise by name. */
  async revoke(idOrName: string): Promise<boolean> {
    const db = this.#db;
    return db.tx(() => {
      const row = db.stmt('SELECT id FROM api_keys WHERE id = ?').get(idOrName) ?? db.stmt('SELECT id FROM api_keys WHERE name = ?').get(idOrName);
      if (!row) return false;
      return Number(db.stmt('DELETE FROM api_keys WHERE id = ?').run(row.id).changes) > 0;
    });
  }
}
