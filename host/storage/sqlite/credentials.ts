// Credentials: name/type in clear, secrets as one AES-256-GCM encrypted JSON text (crypto.ts).
// list() order: name (case-insensitive), then type, then id.
import type { IDataObject } from '../../model/index.ts';
import { NotFoundError, ValidationError } from '../../model/errors.ts';
import { KEY_CHECK, decrypt, encrypt } from '../crypto.ts';
import { newId } from '../ids.ts';
import type { CredentialInput, CredentialMeta, CredentialRepository } from '../storage.ts';
import { type Db, type Row, isPlainObject, isUniqueViolation } from './db.ts';

const META = 'id, name, type, created_at, updated_at';

function metaFromRow(row: Row): CredentialMeta {
  return { id: String(row.id), name: String(row.name), type: String(row.type), createdAt: String(row.created_at), updatedAt: String(row.updated_at) };
}

export function checkText(value: unknown, field: 'name' | 'type'): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError(`Credential ${field} is required`, { field });
  return value;
}

export function checkData(value: unknown): IDataObject {
  if (!isPlainObject(value)) throw new ValidationError('Credential data must be an object', { field: 'data' });
  return value as IDataObject;
}

export function conflict(type: string, name: string): ValidationError {
  return new ValidationError(`A credential of type "${type}" named "${name}" already exists`, { status: 409, field: 'name' });
}

/** Credential data encrypted at rest (host/storage/crypto.ts), for both databases. */
export function sealCredentialData(data: IDataObject, key: Buffer): string {
  return encrypt(JSON.stringify(data), key);
}

export function openCredentialData(sealed: unknown, id: string, key: Buffer): IDataObject {
  try {
    return JSON.parse(decrypt(String(sealed), key)) as IDataObject;
  } catch (err) {
    throw new Error(`Credential ${id}: ${(err as Error).message}`, { cause: err });
  }
}

/** What a rotation does to one stored credential row: open with the old key, seal with the new one. */
export function resealForRotation(row: Record<string, unknown>, oldKey: Buffer, newKey: Buffer): string {
  let data: IDataObject;
  try {
    data = JSON.parse(decrypt(String(row.data), oldKey)) as IDataObject;
  } catch (err) {
    throw new Error(
      `Credential ${String(row.id)} "${String(row.name)}" (${String(row.type)}) cannot be decrypted with the current key: ${(err as Error).message}. ` +
        'Nothing was re-encrypted; fix or delete that credential and run the rotation again.',
      { cause: err },
    );
  }
  return sealCredentialData(data, newKey);
}

/** The database's key check (meta.key_check) for the new key. */
export function keyCheckFor(newKey: Buffer): string {
  return encrypt(KEY_CHECK, newKey);
}

export class SqliteCredentials implements CredentialRepository {
  readonly #db: Db;
  readonly #key: Buffer;

  constructor(db: Db, key: Buffer) {
    this.#db = db;
    this.#key = key;
  }

  #seal(data: IDataObject): string {
    return sealCredentialData(data, this.#key);
  }

  #open(sealed: unknown, id: string): IDataObject {
    return openCredentialData(sealed, id, this.#key);
  }

  async create(input: CredentialInput): Promise<CredentialMeta> {
    if (!isPlainObject(input)) throw new ValidationError('Credential must be an object', { field: 'credential' });
    const name = checkText(input.name, 'name');
    const type = checkText(input.type, 'type');
    const data = checkData(input.data ?? {});
    const now = new Date().toISOString();
    const meta: CredentialMeta = { id: newId(), name, type, createdAt: now, updatedAt: now };
    try {
      this.#db
        .stmt('INSERT INTO credentials (id, name, type, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(meta.id, name, type, this.#seal(data), now, now);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(type, name);
      throw err;
    }
    return meta;
  }

  async update(id: string, input: Partial<CredentialInput>): Promise<CredentialMeta> {
    if (!isPlainObject(input)) throw new ValidationError('Credential must be an object', { field: 'credential' });
    const name = input.name === undefined ? undefined : checkText(input.name, 'name');
    const type = input.type === undefined ? undefined : checkText(input.type, 'type');
    const patch = input.data === undefined ? undefined : checkData(input.data);
    return this.#db.tx(() => {
      const row = this.#db.stmt(`SELECT ${META}, data FROM credentials WHERE id = ?`).get(id);
      if (!row) throw new NotFoundError(`Credential ${id} not found`);
      const meta = metaFromRow(row);
      meta.name = name ?? meta.name;
      meta.type = type ?? meta.type;
      meta.updatedAt = new Date().toISOString();
      const data = patch === undefined ? String(row.data) : this.#seal({ ...this.#open(row.data, id), ...patch });
      try {
        this.#db.stmt('UPDATE credentials SET name = ?, type = ?, data = ?, updated_at = ? WHERE id = ?').run(meta.name, meta.type, data, meta.updatedAt, id);
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(meta.type, meta.name);
        throw err;
      }
      return meta;
    });
  }

  async get(id: string): Promise<CredentialMeta | undefined> {
    const row = this.#db.stmt(`SELECT ${META} FROM credentials WHERE id = ?`).get(id);
    return row ? metaFromRow(row) : undefined;
  }

  async findByName(type: string, name: string): Promise<CredentialMeta | undefined> {
    const row = this.#db.stmt(`SELECT ${META} FROM credentials WHERE type = ? AND name = ?`).get(type, name);
    return row ? metaFromRow(row) : undefined;
  }

  async list(filter: { type?: string } = {}): Promise<CredentialMeta[]> {
    const order = 'ORDER BY gf_lower(name), type, id';
    const rows =
      filter.type === undefined
        ? this.#db.stmt(`SELECT ${META} FROM credentials ${order}`).all()
        : this.#db.stmt(`SELECT ${META} FROM credentials WHERE type = ? ${order}`).all(filter.type);
    return rows.map(metaFromRow);
  }

  async delete(id: string): Promise<boolean> {
    return Number(this.#db.stmt('DELETE FROM credentials WHERE id = ?').run(id).changes) > 0;
  }

  async getDecrypted(id: string): Promise<(CredentialMeta & { data: IDataObject }) | undefined> {
    const row = this.#db.stmt(`SELECT ${META}, data FROM credentials WHERE id = ?`).get(id);
    return row ? { ...metaFromRow(row), data: this.#open(row.data, id) } : undefined;
  }

  async reencryptAll(newKey: Buffer): Promise<number> {
    // Everything is resealed in memory first, then written, all inside one BEGIN IMMEDIATE: a row
    // that fails to open throws before any UPDATE and the transaction rolls back.
    return this.#db.tx(() => {
      const rows = this.#db.stmt('SELECT id, name, type, data FROM credentials ORDER BY id').all();
      const resealed = rows.map((row) => [String(row.id), resealForRotation(row, this.#key, newKey)] as const);
      const update = this.#db.stmt('UPDATE credentials SET data = ? WHERE id = ?');
      for (const [id, data] of resealed) update.run(data, id);
      this.#db.stmt("UPDATE meta SET value = ? WHERE key = 'key_check'").run(keyCheckFor(newKey));
      return resealed.length;
    });
  }
}
