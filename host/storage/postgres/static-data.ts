// Per-workflow static data on PostgreSQL: one JSON object per workflow id, written by upsert so two
// processes saving it at once cannot collide (the last write wins, as with SQLite).
import type { IDataObject } from '../../model/index.ts';
import { ValidationError } from '../../model/errors.ts';
import { isPlainObject } from '../sqlite/db.ts';
import type { StaticDataRepository } from '../storage.ts';
import { type PgDb, type Queryable, fromJson } from './db.ts';

export async function readStaticData(q: Queryable, workflowId: string): Promise<IDataObject | undefined> {
  return fromJson<IDataObject>((await q.query('SELECT data FROM workflow_static_data WHERE workflow_id = $1', [workflowId])).rows[0]?.data);
}

export async function writeStaticData(q: Queryable, workflowId: string, data: IDataObject): Promise<void> {
  await q.query(
    `INSERT INTO workflow_static_data (workflow_id, data, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (workflow_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
    [workflowId, JSON.stringify(data), new Date().toISOString()],
  );
}

export async function deleteStaticData(q: Queryable, workflowId: string): Promise<void> {
  await q.query('DELETE FROM workflow_static_data WHERE workflow_id = $1', [workflowId]);
}

export class PgStaticData implements StaticDataRepository {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  /** {} when nothing was stored. */
  async get(workflowId: string): Promise<IDataObject> {
    return (await readStaticData(this.#db, workflowId)) ?? {};
  }

  async set(workflowId: string, data: IDataObject): Promise<void> {
    if (!isPlainObject(data)) throw new ValidationError('Static data must be a JSON object', { field: 'staticData' });
    await writeStaticData(this.#db, workflowId, data);
  }
}
