// Credentials on PostgreSQL: name/type in clear, secrets as one AES-256-GCM encrypted JSON text
// (crypto.ts), exactly as in sqlite/credentials.ts. list() order: name (case-insensitive), type, id.
import type { IDataObject } from '../../model/index.ts';
import { NotFoundError, ValidationError } from '../../model/errors.ts';
import { newId } from '../ids.ts';
import { isPlainObject } from '../sqlite/db.ts';
import { checkData, checkText, conflict, keyCheckFor, openCredentialData, resealForRotation, sealCredentialData } from '../sqlite/credentials.ts';
import type { CredentialInput, CredentialMeta, CredentialRepository } from '../storage.ts';
import { type PgDb, type Row, iso, isUniqueViolation } from './db.ts';

const META = 'id, name, type, created_at, updated_at';

function metaFromRow(row: Row): CredentialMeta {
  return { id: String(row.id), name: String(row.name), type: String(row.type), createdAt: iso(row.created_at), updatedAt: iso(row.updated_at) };
}

export class PgCredentials implements CredentialRepository {
  readonly #db: PgDb;
  readonly #key: Buffer;

  constructor(db: PgDb, key: Buffer) {
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
      await this.#db.query('INSERT INTO credentials (id, name, name_lower, type, data, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)', [
        meta.id,
        name,
        name.toLowerCase(),
        type,
        this.#seal(data),
        now,
      ]);
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
    let meta: CredentialMeta | undefined;
    try {
      return await this.#db.tx(async (q) => {
        // Locked so two processes merging secrets into the same credential do not lose one merge.
        const row = (await q.query(`SELECT ${META}, data FROM credentials WHERE id = $1 FOR UPDATE`, [id])).rows[0];
        if (!row) throw new NotFoundError(`Credential ${id} not found`);
        meta = metaFromRow(row);
        meta.name = name ?? meta.name;
        meta.type = type ?? meta.type;
        meta.updatedAt = new Date().toISOString();
        const data = patch === undefined ? String(row.data) : this.#seal({ ...this.#open(row.data, id), ...patch });
        await q.query('UPDATE credentials SET name = $1, name_lower = $2, type = $3, data = $4, updated_at = $5 WHERE id = $6', [
          meta.name,
          meta.name.toLowerCase(),
          meta.type,
          data,
          meta.updatedAt,
          id,
        ]);
        return meta;
      });
    } catch (err) {
      if (isUniqueViolation(err) && meta) throw conflict(meta.type, meta.name);
      throw err;
    }
  }

  async get(id: string): Promise<CredentialMeta | undefined> {
    const row = await this.#db.one(`SELECT ${META} FROM credentials WHERE id = $1`, [id]);
    return row ? metaFromRow(row) : undefined;
  }

  async findByName(type: string, name: string): Promise<CredentialMeta | undefined> {
    const row = await this.#db.one(`SELECT ${META} FROM credentials WHERE type = $1 AND name = $2`, [type, name]);
    return row ? metaFromRow(row) : undefined;
  }

  async list(filter: { type?: string } = {}): Promise<CredentialMeta[]> {
    const order = 'ORDER BY name_lower, type, id';
    const result =
      filter.type === undefined
        ? await this.#db.query(`SELECT ${META} FROM credentials ${order}`)
        : await this.#db.query(`SELECT ${META} FROM credentials WHERE type = $1 ${order}`, [filter.type]);
    return result.rows.map(metaFromRow);
  }

  async delete(id: string): Promise<boolean> {
    return ((await this.#db.query('DELETE FROM credentials WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async getDecrypted(id: string): Promise<(CredentialMeta & { data: IDataObject }) | undefined> {
    const row = await this.#db.one(`SELECT ${META}, data FROM credentials WHERE id = $1`, [id]);
    return row ? { ...metaFromRow(row), data: this.#open(row.data, id) } : undefined;
  }

  async reencryptAll(newKey: Buffer): Promise<number> {
    return this.#db.tx(async (q) => {
      // Blocks credential writes by other processes until commit, so none is sealed with the old key
      // between the read and the commit (reads go on; a host should still be stopped first).
      await q.query('LOCK TABLE credentials IN SHARE ROW EXCLUSIVE MODE');
      const rows = (await q.query('SELECT id, name, type, data FROM credentials ORDER BY id')).rows;
      const resealed = rows.map((row) => [String(row.id), resealForRotation(row, this.#key, newKey)] as const);
      for (const [id, data] of resealed) await q.query('UPDATE credentials SET data = $1 WHERE id = $2', [data, id]);
      await q.query("UPDATE meta SET value = $1 WHERE key = 'key_check'", [keyCheckFor(newKey)]);
      return resealed.length;
    });
  }
}
