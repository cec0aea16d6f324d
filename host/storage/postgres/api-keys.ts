// API keys on PostgreSQL; same scheme as sqlite/api-keys.ts (only the SHA-256 of a key is stored,
// lastUsedAt written at most once a minute per key).
import { randomBytes } from 'node:crypto';
import { ValidationError } from '../../model/errors.ts';
import { newId } from '../ids.ts';
import { API_KEY_PREFIX, LAST_USED_INTERVAL_MS, PREFIX_CHARS, hashKey } from '../sqlite/api-keys.ts';
import type { ApiKeyMeta, ApiKeyRepository } from '../storage.ts';
import { type PgDb, type Row, iso, isUniqueViolation } from './db.ts';

const META = 'id, name, prefix, created_at, last_used_at';

function metaFromRow(row: Row): ApiKeyMeta {
  const meta: ApiKeyMeta = { id: String(row.id), name: String(row.name), prefix: String(row.prefix), createdAt: iso(row.created_at) };
  if (row.last_used_at !== null) meta.lastUsedAt = iso(row.last_used_at);
  return meta;
}

export class PgApiKeys implements ApiKeyRepository {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  async create(name: string): Promise<{ key: string; meta: ApiKeyMeta }> {
    if (typeof name !== 'string' || name.trim() === '') throw new ValidationError('API key name is required', { field: 'name' });
    const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
    const meta: ApiKeyMeta = { id: newId(), name, prefix: key.slice(0, PREFIX_CHARS), createdAt: new Date().toISOString() };
    try {
      await this.#db.query('INSERT INTO api_keys (id, name, prefix, key_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [meta.id, meta.name, meta.prefix, hashKey(key), meta.createdAt]);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ValidationError(`An API key named "${name}" already exists`, { status: 409, field: 'name' });
      throw err;
    }
    return { key, meta };
  }

  async verify(key: string): Promise<ApiKeyMeta | undefined> {
    if (typeof key !== 'string' || !key.startsWith(API_KEY_PREFIX) || key.length > 200) return undefined;
    const row = await this.#db.one(`SELECT ${META} FROM api_keys WHERE key_hash = $1`, [hashKey(key)]);
    if (!row) return undefined;
    const meta = metaFromRow(row);
    const now = Date.now();
    if (!meta.lastUsedAt || now - Date.parse(meta.lastUsedAt) >= LAST_USED_INTERVAL_MS) {
      meta.lastUsedAt = new Date(now).toISOString();
      await this.#db.query('UPDATE api_keys SET last_used_at = $1 WHERE id = $2', [meta.lastUsedAt, meta.id]);
    }
    return meta;
  }

  async list(): Promise<ApiKeyMeta[]> {
    return (await this.#db.query(`SELECT ${META} FROM api_keys ORDER BY created_at, id`)).rows.map(metaFromRow);
  }

  /** By id first; otherwise by name. */
  async revoke(idOrName: string): Promise<boolean> {
    const byId = await this.#db.query('DELETE FROM api_keys WHERE id = $1', [idOrName]);
    if (byId.rowCount) return true;
    return ((await this.#db.query('DELETE FROM api_keys WHERE name = $1', [idOrName])).rowCount ?? 0) > 0;
  }
}
