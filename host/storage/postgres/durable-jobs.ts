// The durable job queue's rows on PostgreSQL. Several processes may work the same table, so a
// claimed job carries a lease: lease_owner (this storage's process) and lease_expires_at. Claiming
// is one UPDATE over rows picked with FOR UPDATE SKIP LOCKED, so two processes never take the same
// job. While a process holds jobs it renews their leases (every third of the lease); a job whose
// lease ran out — its process died — is claimable again, its new attempt counted. Only the lease
// owner can send its job back to pending (retryLater/release), and a finished outcome from a
// process that lost its lease does not overwrite the new owner's run.
import { hostname } from 'node:os';
import type { IDataObject } from '../../model/index.ts';
import { randomAlphanumeric } from '../ids.ts';
import type { DurableJob, DurableJobFilter, DurableJobInput, DurableJobRepository } from '../storage.ts';
import { DURABLE_JOB_INSERT_COLUMNS, durableJobFromRow, durableJobInsert } from '../rows.ts';
import { type PgDb, type Row, isoOrUndefined, pgColumns } from './db.ts';

export const DEFAULT_LEASE_MS = 60_000;

const COLUMNS = `id, kind, status, node_type, type_version, workflow_id, node, execution_id, attempts, max_attempts,
  retry_delay_ms, max_retry_delay_ms, next_attempt_at, created_at, updated_at, finished_at, credentials, last_error, payload, result`;

const jobFromRow = (row: Row): DurableJob => durableJobFromRow(row, pgColumns);

export interface PgDurableJobsOptions {
  /** How long a claimed job stays this process's without a renewal. */
  leaseMs?: number;
  /** Names this process in lease_owner; default host:pid:random. */
  owner?: string;
}

export class PgDurableJobs implements DurableJobRepository {
  readonly #db: PgDb;
  readonly #leaseMs: number;
  readonly owner: string;
  /** Jobs this process claimed and has not given back: their leases are renewed. */
  readonly #held = new Set<string>();
  #renewTimer: NodeJS.Timeout | undefined;

  constructor(db: PgDb, opts: PgDurableJobsOptions = {}) {
    this.#db = db;
    this.#leaseMs = Math.max(1000, opts.leaseMs ?? DEFAULT_LEASE_MS);
    this.owner = opts.owner ?? `${hostname()}:${process.pid}:${randomAlphanumeric(6)}`;
  }

  #leaseUntil(): string {
    return new Date(Date.now() + this.#leaseMs).toISOString();
  }

  #hold(ids: string[]): void {
    for (const id of ids) this.#held.add(id);
    if (this.#held.size && !this.#renewTimer) {
      this.#renewTimer = setInterval(() => void this.renewLeases().catch(() => undefined), Math.floor(this.#leaseMs / 3));
      this.#renewTimer.unref();
    }
  }

  #letGo(id: string): void {
    this.#held.delete(id);
    if (!this.#held.size) this.stopRenewing();
  }

  /** Extends the leases of the jobs this process holds; returns how many it still owns. */
  async renewLeases(): Promise<number> {
    if (!this.#held.size || this.#db.closed) return 0;
    const result = await this.#db.query(
      "UPDATE durable_jobs SET lease_expires_at = $1 WHERE id = ANY($2) AND status = 'running' AND lease_owner = $3 RETURNING id",
      [this.#leaseUntil(), [...this.#held], this.owner],
    );
    return result.rowCount ?? 0;
  }

  stopRenewing(): void {
    clearInterval(this.#renewTimer);
    this.#renewTimer = undefined;
  }

  async create(input: DurableJobInput): Promise<DurableJob> {
    const { id, values } = durableJobInsert(input);
    await this.#db.query(`INSERT INTO durable_jobs (${DURABLE_JOB_INSERT_COLUMNS}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})`, values);
    return (await this.get(id))!;
  }

  async get(id: string, opts: { withData?: boolean } = {}): Promise<DurableJob | undefined> {
    const row = await this.#db.one(`SELECT ${COLUMNS}${opts.withData ? ', data' : ''} FROM durable_jobs WHERE id = $1`, [id]);
    return row ? jobFromRow(row) : undefined;
  }

  async list(filter: DurableJobFilter = {}): Promise<DurableJob[]> {
    const rows = await this.#db.query(
      `SELECT ${COLUMNS} FROM durable_jobs
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR workflow_id = $3)
       ORDER BY id DESC LIMIT $4`,
      [filter.status ?? null, filter.kind ?? null, filter.workflowId ?? null, Math.min(1000, Math.max(1, filter.limit ?? 100))],
    );
    return rows.rows.map(jobFromRow);
  }

  /** Pending jobs due at `now`, and running jobs whose lease has run out, become this process's. */
  async claimDue(now: string, limit: number): Promise<DurableJob[]> {
    if (limit <= 0) return [];
    const stamp = new Date().toISOString();
    const result = await this.#db.query(
      `UPDATE durable_jobs SET status = 'running', attempts = attempts + 1, updated_at = $3, lease_owner = $4, lease_expires_at = $5
       WHERE id IN (
         SELECT id FROM durable_jobs
         WHERE (status = 'pending' AND next_attempt_at <= $1) OR (status = 'running' AND lease_expires_at <= $3)
         ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}, data`,
      [new Date(now).toISOString(), limit, stamp, this.owner, this.#leaseUntil()],
    );
    const jobs = result.rows.map(jobFromRow).sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt) || (a.id < b.id ? -1 : 1));
    this.#hold(jobs.map((j) => j.id));
    return jobs;
  }

  /** The earliest pending job's due time, or the earliest lease to run out if that comes first. */
  async nextDueAt(): Promise<string | undefined> {
    const row = await this.#db.one(
      `SELECT LEAST((SELECT MIN(next_attempt_at) FROM durable_jobs WHERE status = 'pending'),
                    (SELECT MIN(lease_expires_at) FROM durable_jobs WHERE status = 'running' AND lease_owner IS DISTINCT FROM $1)) AS at`,
      [this.owner],
    );
    return isoOrUndefined(row?.at);
  }

  async retryLater(id: string, nextAttemptAt: string, error: string): Promise<void> {
    this.#letGo(id);
    await this.#db.query(
      `UPDATE durable_jobs SET status = 'pending', next_attempt_at = $1, last_error = $2, updated_at = $3, lease_owner = NULL, lease_expires_at = NULL
       WHERE id = $4 AND status = 'running' AND lease_owner = $5`,
      [new Date(nextAttemptAt).toISOString(), error, new Date().toISOString(), id, this.owner],
    );
  }

  async release(id: string): Promise<void> {
    this.#letGo(id);
    await this.#db.query(
      `UPDATE durable_jobs SET status = 'pending', attempts = GREATEST(attempts - 1, 0), updated_at = $1, lease_owner = NULL, lease_expires_at = NULL
       WHERE id = $2 AND status = 'running' AND lease_owner = $3`,
      [new Date().toISOString(), id, this.owner],
    );
  }

  async complete(id: string, result: IDataObject): Promise<void> {
    this.#letGo(id);
    const now = new Date().toISOString();
    await this.#db.query(
      `UPDATE durable_jobs SET status = 'done', result = $1, data = NULL, last_error = NULL, updated_at = $2, finished_at = $2, lease_owner = NULL, lease_expires_at = NULL
       WHERE id = $3 AND (lease_owner IS NULL OR lease_owner = $4)`,
      [JSON.stringify(result ?? {}), now, id, this.owner],
    );
  }

  async fail(id: string, error: string): Promise<void> {
    this.#letGo(id);
    const now = new Date().toISOString();
    await this.#db.query(
      `UPDATE durable_jobs SET status = 'failed', last_error = $1, updated_at = $2, finished_at = $2, lease_owner = NULL, lease_expires_at = NULL
       WHERE id = $3 AND (lease_owner IS NULL OR lease_owner = $4)`,
      [error, now, id, this.owner],
    );
  }

  /**
   * Running jobs whose process is gone become pending again: those whose lease ran out, and those
   * this process itself held (a restart of the queue in the same process). Jobs another live
   * process is running keep their lease.
   */
  async requeueRunning(): Promise<number> {
    const result = await this.#db.query(
      `UPDATE durable_jobs SET status = 'pending', updated_at = $1, lease_owner = NULL, lease_expires_at = NULL
       WHERE status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at <= $1 OR lease_owner = $2)`,
      [new Date().toISOString(), this.owner],
    );
    this.#held.clear();
    this.stopRenewing();
    return result.rowCount ?? 0;
  }

  async deleteFinished(before: string): Promise<number> {
    const result = await this.#db.query("DELETE FROM durable_jobs WHERE status IN ('done', 'failed') AND finished_at < $1", [new Date(before).toISOString()]);
    return result.rowCount ?? 0;
  }
}
