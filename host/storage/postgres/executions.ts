// Executions on PostgreSQL; same semantics as sqlite/executions.ts (read its header).
// SQLite's group commit gives two guarantees callers rely on, kept here without batching:
// writes to one execution land in call order (an update issued before its create resolved waits
// for it), and a read sees every write issued before it (reads wait for the writes in flight).
// Each write is its own autocommitted statement (a resolved write is committed); no batching:
// measured, one transaction per turn on one connection was slower than parallel statements.
import type { ExecutionRecord, ExecutionSummary } from '../../model/index.ts';
import { NotFoundError, ValidationError } from '../../model/errors.ts';
import { decodeCursor, encodeCursor, isoTimestamp, isValidId, newSortableId, pageSize } from '../ids.ts';
import { isPlainObject } from '../sqlite/db.ts';
import { checkMode, checkRunData, checkStatus, optionalText, workflowJson } from '../sqlite/executions.ts';
import type { ExecutionFilter, ExecutionRepository, FinishOptions, Page, PruneOptions } from '../storage.ts';
import { UNCOUNTED_MODES_SQL, countsFor, fallbackDigest, isFinished } from '../../insights/digest.ts';
import { digestJson } from './insights.ts';
import { executionFromRow, executionSummaryFromRow } from '../rows.ts';
import { type PgDb, type Row, isUniqueViolation, pgColumns, toJson } from './db.ts';

const FINISHED = `status IN ('success', 'error', 'canceled', 'crashed')`;
const PRUNE_BATCH = 1000;
/** Every column but id and workflow_id (which a patch cannot change). */
const COLUMNS = [
  'workflow_version_id', 'mode', 'status', 'started_at', 'stopped_at', 'retry_of', 'last_node_executed', 'timed_out', 'error', 'run_data',
  'workflow_data', 'wait_till', 'resume_state', 'queue_input',
] as const;
type Column = (typeof COLUMNS)[number];
const INSERT = `INSERT INTO executions (${COLUMNS.join(', ')}, id, workflow_id) VALUES (${[...COLUMNS, 'id', 'workflow_id'].map((_, i) => `$${i + 1}`).join(', ')})`;
/** Also records the execution for Insights (insights_raw), in the same statement. */
const INSERT_FINISHED = `WITH e AS (${INSERT} RETURNING id, workflow_id, status, started_at, stopped_at)
  INSERT INTO insights_raw (execution_id, workflow_id, status, started_at, stopped_at, digest) SELECT id, workflow_id, status, started_at, stopped_at, $${COLUMNS.length + 3} FROM e`;
const SUMMARY_COLUMNS = 'id, workflow_id, mode, status, started_at, stopped_at, retry_of, last_node_executed, error';

type Patch = Partial<Omit<ExecutionRecord, 'id' | 'workflowId'>>;

function invalid(message: string, field: string): ValidationError {
  return new ValidationError(message, { field });
}

const isoOrNull = (value: unknown, field: string): string | null => (value === undefined || value === null || value === '' ? null : isoTimestamp(value, field));
const boolOrNull = (value: unknown): boolean | null => (value === undefined || value === null ? null : Boolean(value));

/** The SQL values of the fields present in `r` (create: every field; update: the patch). */
function columnValues(r: Patch, present: (key: keyof Patch) => boolean): Partial<Record<Column, unknown>> {
  const v: Partial<Record<Column, unknown>> = {};
  const put = (column: Column, key: keyof Patch, convert: () => unknown): void => {
    if (present(key)) v[column] = convert();
  };
  put('workflow_version_id', 'workflowVersionId', () => optionalText(r.workflowVersionId, 'workflowVersionId'));
  put('mode', 'mode', () => checkMode(r.mode));
  put('status', 'status', () => checkStatus(r.status));
  put('started_at', 'startedAt', () => isoTimestamp(r.startedAt, 'startedAt'));
  put('stopped_at', 'stoppedAt', () => isoOrNull(r.stoppedAt, 'stoppedAt'));
  put('retry_of', 'retryOf', () => optionalText(r.retryOf, 'retryOf'));
  put('last_node_executed', 'lastNodeExecuted', () => optionalText(r.lastNodeExecuted, 'lastNodeExecuted'));
  put('timed_out', 'timedOut', () => boolOrNull(r.timedOut));
  put('error', 'error', () => toJson(r.error));
  put('run_data', 'runData', () => checkRunData(r.runData ?? {}));
  put('workflow_data', 'workflowData', () => workflowJson(r.workflowData));
  put('wait_till', 'waitTill', () => isoOrNull(r.waitTill, 'waitTill'));
  put('resume_state', 'resumeState', () => toJson(r.resumeState));
  put('queue_input', 'queueInput', () => toJson(r.queueInput));
  return v;
}

const summaryFromRow = (row: Row): ExecutionSummary => executionSummaryFromRow(row, pgColumns);

const recordFromRow = (row: Row): ExecutionRecord => executionFromRow(row, pgColumns);

export class PgExecutions implements ExecutionRepository {
  readonly #db: PgDb;
  /** The last write issued per execution id, until it settles. */
  readonly #writes = new Map<string, Promise<unknown>>();
  /** Settles after every write issued so far; never rejects. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(db: PgDb) {
    this.#db = db;
  }

  /**
   * Runs `write` once the writes already issued for `id` are done (other executions' writes run in
   * parallel), and settles it only after every earlier write settled: callers see outcomes in call
   * order, as with SQLite's group commit.
   */
  #ordered<T>(id: string, write: () => Promise<T>): Promise<T> {
    const before = this.#writes.get(id);
    const run = before ? before.then(write, write) : write();
    const done = run.then(
      () => undefined,
      () => undefined,
    );
    this.#writes.set(id, done);
    void done.then(() => {
      if (this.#writes.get(id) === done) this.#writes.delete(id);
    });
    const result = this.#tail.then(() => run);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Reads see every write issued before them. */
  #settled(): Promise<unknown> {
    return this.#tail;
  }

  async create(record: Omit<ExecutionRecord, 'id'> & { id?: string }, opts: FinishOptions = {}): Promise<string> {
    if (!isPlainObject(record)) throw invalid('Execution must be an object', 'execution');
    if (typeof record.workflowId !== 'string') throw invalid('Execution workflowId must be a string', 'workflowId');
    const given = record.id !== undefined && record.id !== null && record.id !== '';
    if (given && !isValidId(record.id)) throw invalid(`Execution id "${record.id}" may only contain letters, digits and . _ ~ - (at most 128)`, 'id');
    const id = given ? (record.id as string) : newSortableId();
    const values = columnValues(record, () => true);
    const args = [...COLUMNS.map((c) => values[c] ?? null), id, record.workflowId];
    return this.#ordered(id, async () => {
      try {
        if (countsFor(values.status, values.mode)) await this.#db.query(INSERT_FINISHED, [...args, digestJson(fallbackDigest(opts.insights, record.error))]);
        else await this.#db.query(INSERT, args);
      } catch (err) {
        if (isUniqueViolation(err)) throw new ValidationError(`An execution with id "${id}" already exists`, { status: 409, field: 'id' });
        throw err;
      }
      return id;
    });
  }

  async update(id: string, patch: Patch, opts: FinishOptions = {}): Promise<void> {
    if (!isPlainObject(patch)) throw invalid('Execution patch must be an object', 'execution');
    for (const key of ['mode', 'status', 'startedAt', 'runData'] as const) {
      if (patch[key] === null) throw invalid(`Execution ${key} cannot be cleared`, key);
    }
    const values = columnValues(patch, (key) => patch[key] !== undefined);
    const columns = Object.keys(values) as Column[];
    return this.#ordered(id, async () => {
      const set = columns.map((c, i) => `${c} = $${i + 2}`).join(', ');
      const params = [id, ...columns.map((c) => values[c])];
      if (isFinished(values.status)) {
        // Counted for Insights once: by the write that first moves it to a finished status (the row
        // lock makes a concurrent finishing write see this one's status).
        const sql = `WITH before AS (SELECT workflow_id, status FROM executions WHERE id = $1 FOR UPDATE),
          upd AS (UPDATE executions SET ${set} WHERE id = $1 RETURNING status, mode, started_at, stopped_at),
          raw AS (INSERT INTO insights_raw (execution_id, workflow_id, status, started_at, stopped_at, digest)
            SELECT $1, before.workflow_id, upd.status, upd.started_at, upd.stopped_at, $${params.length + 1} FROM before, upd WHERE NOT before.${FINISHED} AND upd.mode NOT IN (${UNCOUNTED_MODES_SQL}))
          SELECT count(*)::int AS n FROM upd`;
        const row = await this.#db.one(sql, [...params, digestJson(fallbackDigest(opts.insights, patch.error))]);
        if (!row?.n) throw new NotFoundError(`Execution ${id} not found`);
        return;
      }
      const sql = columns.length ? `UPDATE executions SET ${set} WHERE id = $1` : 'SELECT 1 FROM executions WHERE id = $1';
      const result = await this.#db.query(sql, params);
      if (!result.rowCount) throw new NotFoundError(`Execution ${id} not found`);
    });
  }

  async get(id: string): Promise<ExecutionRecord | undefined> {
    // One row: only the writes to that row matter (waiting for every write in flight would line up
    // a worker's concurrent runs behind each other's final updates).
    await this.#writes.get(id);
    const row = await this.#db.one('SELECT * FROM executions WHERE id = $1', [id]);
    return row ? recordFromRow(row) : undefined;
  }

  async list(filter: ExecutionFilter = {}): Promise<Page<ExecutionSummary>> {
    const limit = pageSize(filter.limit);
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => `$${params.push(value)}`;
    if (filter.workflowId !== undefined) where.push(`workflow_id = ${param(filter.workflowId)}`);
    if (filter.status !== undefined) where.push(`status = ${param(checkStatus(filter.status))}`);
    if (filter.mode !== undefined) where.push(`mode = ${param(checkMode(filter.mode))}`);
    if (filter.startedAfter !== undefined) where.push(`started_at > ${param(isoTimestamp(filter.startedAfter, 'startedAfter'))}`);
    if (filter.startedBefore !== undefined) where.push(`started_at < ${param(isoTimestamp(filter.startedBefore, 'startedBefore'))}`);
    if (filter.cursor) {
      const [at, id] = decodeCursor(filter.cursor, ['string', 'string']);
      const a = param(isoTimestamp(at, 'cursor'));
      where.push(`started_at <= ${a} AND (started_at < ${a} OR id < ${param(id)})`);
    }
    await this.#settled();
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM executions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY started_at DESC, id DESC LIMIT ${param(limit + 1)}`;
    const rows = (await this.#db.query(sql, params)).rows;
    const data = rows.slice(0, limit).map(summaryFromRow);
    const last = data[data.length - 1];
    return rows.length > limit ? { data, nextCursor: encodeCursor([last.startedAt, last.id]) } : { data };
  }

  async delete(id: string): Promise<boolean> {
    return this.#ordered(id, async () => ((await this.#db.query('DELETE FROM executions WHERE id = $1', [id])).rowCount ?? 0) > 0);
  }

  /**
   * Deletes finished executions (success, error, canceled, crashed) that started before now - maxAgeMs, and
   * those beyond the newest maxCount finished ones, in batches of 1000 rows (one statement each, so
   * locks stay short). PostgreSQL's autovacuum reuses the space; nothing to give back by hand.
   */
  async prune(options: PruneOptions): Promise<{ deleted: number }> {
    const { maxAgeMs, maxCount } = options ?? {};
    for (const [name, v] of [['maxAgeMs', maxAgeMs], ['maxCount', maxCount]] as const) {
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) throw invalid(`${name} must be a non-negative number`, name);
    }
    await this.#settled();
    let deleted = 0;
    const deleteWhere = async (condition: string, params: unknown[]): Promise<void> => {
      const sql = `DELETE FROM executions WHERE id IN (SELECT id FROM executions WHERE ${FINISHED} AND ${condition} LIMIT ${PRUNE_BATCH})`;
      for (;;) {
        const n = (await this.#db.query(sql, params)).rowCount ?? 0;
        deleted += n;
        if (n < PRUNE_BATCH) return;
      }
    };
    if (maxAgeMs !== undefined) await deleteWhere('started_at < $1', [new Date(Date.now() - maxAgeMs).toISOString()]);
    if (maxCount !== undefined) {
      const keep = Math.floor(maxCount);
      if (keep === 0) await deleteWhere('TRUE', []);
      else {
        const edge = await this.#db.one(`SELECT started_at, id FROM executions WHERE ${FINISHED} ORDER BY started_at DESC, id DESC LIMIT 1 OFFSET $1`, [keep - 1]);
        if (edge) await deleteWhere('started_at <= $1 AND (started_at < $1 OR id < $2)', [edge.started_at, edge.id]);
      }
    }
    return { deleted };
  }
}
