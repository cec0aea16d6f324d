// Per-workflow static data (n8n's $getWorkflowStaticData): one JSON object per workflow id.
import type { IDataObject } from '../../model/index.ts';
import { ValidationError } from '../../model/errors.ts';
import type { StaticDataRepository } from '../storage.ts';
import { type Db, fromJson, isPlainObject } from './db.ts';

export function readStaticData(db: Db, workflowId: string): IDataObject | undefined {
  return fromJson<IDataObject>(db.stmt('SELECT data FROM workflow_static_data WHERE workflow_id = ?').get(workflowId)?.data);
}

export function writeStaticData(db: Db, workflowId: string, data: IDataObject): void {
  db.stmt(
    `INSERT INTO workflow_static_data (workflow_id, data, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (workflow_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
  ).run(workflowId, JSON.stringify(data), new Date().toISOString());
}

export function deleteStaticData(db: Db, workflowId: string): void {
  db.stmt('DELETE FROM workflow_static_data WHERE workflow_id = ?').run(workflowId);
}

export class SqliteStaticData implements StaticDataRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** {} when nothing was stored. */
  async get(workflowId: string): Promise<IDataObject> {
    return readStaticData(this.#db, workflowId) ?? {};
  }

  async set(workflowId: string, data: IDataObject): Promise<void> {
    if (!isPlainObject(data)) throw new ValidationError('Static data must be a JSON object', { field: 'staticData' });
    writeStaticData(this.#db, workflowId, data);
  }
}
