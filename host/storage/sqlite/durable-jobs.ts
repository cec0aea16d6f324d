// The durable job queue's rows (migration 4). Claiming is one transaction: due jobs flip from
// pending to running and count their attempt together, so a job is never handed out twice.
import type { IDataObject } from '../../model/index.ts';
import type { DurableJob, DurableJobFilter, DurableJobInput, DurableJobRepository } from '../storage.ts';
import { DURABLE_JOB_INSERT_COLUMNS, durableJobFromRow, durableJobInsert } from '../rows.ts';
import { type Db, type Row, sqliteColumns, str } from './db.ts';

const COLUMNS = `id, kind, status, node_type, type_version, workflow_id, node, execution_id, attempts, max_attempts,
  retry_delay_ms, max_retry_delay_ms, next_attempt_at, created_at, updated_at, finished_at, credentials, last_error, payload, result`;


const jobFromRow = (row: Row): DurableJob => durableJobFromRow(row, sqliteColumns);


export class SqliteDurableJobs implements DurableJobRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async create(input: DurableJobInput): Promise<DurableJob> {
    const { id, values } = durableJobInsert(input);
    this.#db.stmt(`INSERT INTO durable_jobs (${DURABLE_JOB_INSERT_COLUMNS}) VALUES (${values.map(() => '?').join(', ')})`).run(...values);
    return (await this.get(id))!;
  }

  async get(id: string, opts: { withData?: boolean } = {}): Promise<DurableJob | undefined> {
    const row = this.#db.stmt(`SELECT ${COLUMNS}${opts.withData ? ', data' : ''} FROM durable_jobs WHERE id = ?`).get(id);
    return row ? jobFromRow(row) : undefined;
  }

  async list(filter: DurableJobFilter = {}): Promise<DurableJob[]> {
    const rows = this.#db
      .stmt(
        `SELECT ${COLUMNS} FROM durable_jobs
         WHERE (:status IS NULL OR status = :status) AND (:kind IS NULL OR kind = :kind) AND (:workflow IS NULL OR workflow_id = :workflow)
         ORDER BY id DESC LIMIT :limit`,
      )
      .all({ status: filter.status ?? null, kind: filter.kind ?? null, workflow: filter.workflowId ?? null, limit: Math.min(1000, Math.max(1, filter.limit ?? 100)) });
    return rows.map(jobFromRow);
  }

  async claimDue(now: string, limit: number): Promise<DurableJob[]> {
    if (limit <= 0) return [];
    const db = this.#db;
    return db.tx(() => {
      const rows = db
        .stmt(`SELECT ${COLUMNS}, data FROM durable_jobs WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`)
        .all(now, limit);
      const claim = db.stmt("UPDATE durable_jobs SET status = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ?");
      const stamp = new Date().toISOString();
      return rows.map((row) => {
        claim.run(stamp, String(row.id));
        const job = jobFromRow(row);
        return { ...job, status: 'running' as const, attempts: job.attempts + 1, updatedAt: stamp };
      });
    });
  }

  async nextDueAt(): Promise<string | undefined> {
    const row = this.#db.stmt("SELECT MIN(next_attempt_at) AS at FROM durable_jobs WHERE status = 'pending'").get();
    return str(row?.at);
  }

  async retryLater(id: string, nextAttemptAt: string, error: string): Promise<void> {
    this.#db
      .stmt("UPDATE durable_jobs SET status = 'pending', next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ? AND status = 'running'")
      .run(new Date(nextAttemptAt).toISOString(), error, new Date().toISOString(), id);
  }

  async release(id: string): Promise<void> {
    this.#db
      .stmt("UPDATE durable_jobs SET status = 'pending', attempts = MAX(attempts - 1, 0), updated_at = ? WHERE id = ? AND status = 'running'")
      .run(new Date().toISOString(), id);
  }

  async complete(id: string, result: IDataObject): Promise<void> {
    const now = new Date().toISOString();
    this.#db
      .stmt("UPDATE durable_jobs SET status = 'done', result = ?, data = NULL, last_error = NULL, updated_at = ?, finished_at = ? WHERE id = ?")
      .run(JSON.stringify(result ?? {}), now, now, id);
  }

  async fail(id: string, error: string): Promise<void> {
    const now = new Date().toISOString();
    this.#db.stmt("UPDATE durable_jobs SET status = 'failed', last_error = ?, updated_at = ?, finished_at = ? WHERE id = ?").run(error, now, now, id);
  }

  async requeueRunning(): Promise<number> {
    const result = this.#db.stmt("UPDATE durable_jobs SET status = 'pending', updated_at = ? WHERE status = 'running'").run(new Date().toISOString());
    return Number(result.changes);
  }

  async deleteFinished(before: string): Promise<number> {
    const result = this.#db.stmt("DELETE FROM durable_jobs WHERE status IN ('done', 'failed') AND finished_at < ?").run(new Date(before).toISOString());
    return Number(result.changes);
  }
}
