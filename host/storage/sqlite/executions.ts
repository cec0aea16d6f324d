// Executions: one row each, run data and the workflow snapshot as JSON text in the last columns.
// list() order: startedAt descending, then id descending (keyset cursor on both).
// create/update are group-committed (Db.defer): writes issued in the same event-loop turn share one
// transaction, which is what makes the webhook path fast under concurrency. Generated ids are
// time-ordered (ids.ts newSortableId). startedAt/stoppedAt are stored in toISOString() form.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { ExecutionRecord, ExecutionStatus, ExecutionSummary } from '../../model/index.ts';
import { NotFoundError, ValidationError } from '../../model/errors.ts';
import { decodeCursor, encodeCursor, isoTimestamp, isValidId, newSortableId, pageSize } from '../ids.ts';
import type { ExecutionFilter, ExecutionRepository, FinishOptions, Page, PruneOptions } from '../storage.ts';
import { countsFor, fallbackDigest, isFinished } from '../../insights/digest.ts';
import { insertRaw } from './insights.ts';
import { executionFromRow, executionSummaryFromRow } from '../rows.ts';
import { type Db, type Params, type Row, isPlainObject, isUniqueViolation, sqliteColumns, toJson } from './db.ts';

export const STATUSES: readonly ExecutionStatus[] = ['new', 'running', 'success', 'error', 'canceled', 'crashed', 'waiting'];
const MODES = ['manual', 'trigger', 'webhook', 'retry', 'cli', 'internal', 'test', 'integrated', 'error'];
/** Only these are ever pruned; new/running/waiting executions are still in use. */
const FINISHED = `status IN ('success', 'error', 'canceled', 'crashed')`;
const PRUNE_BATCH = 1000;
// Pages incremental_vacuum moves per step (1 MB); the event loop runs between steps. A step is one
// commit that blocks webhooks while it runs (moving live pages, and a WAL checkpoint once the WAL
// passes 1000 pages): on a loaded 2-core machine a 4096-page step took up to 300 ms, 1024 up to
// 230 ms, 256 up to about 130 ms, for the same total prune time (bench/prune-bounds.ts).
const VACUUM_PAGES = 256;

const INSERT = `INSERT INTO executions (id, workflow_id, workflow_version_id, mode, status, started_at, stopped_at, retry_of,
  last_node_executed, timed_out, error, run_data, workflow_data, wait_till, resume_state, queue_input) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const PATCHABLE = [
  'workflow_version_id', 'mode', 'status', 'started_at', 'stopped_at', 'retry_of', 'last_node_executed', 'timed_out', 'error', 'run_data', 'workflow_data',
  'wait_till', 'resume_state', 'queue_input',
];
/** One statement for every patch: a column keeps its value unless its has_ flag is 1. */
const UPDATE = `UPDATE executions SET ${PATCHABLE.map((c) => `${c} = IIF(:has_${c}, :${c}, ${c})`).join(', ')} WHERE id = :id`;
const SUMMARY_COLUMNS = 'id, workflow_id, mode, status, started_at, stopped_at, retry_of, last_node_executed, error';

type Patch = Partial<Omit<ExecutionRecord, 'id' | 'workflowId'>>;

function invalid(message: string, field: string): ValidationError {
  return new ValidationError(message, { field });
}

export function checkStatus(status: unknown): ExecutionStatus {
  if (!STATUSES.includes(status as ExecutionStatus)) throw invalid(`Execution status must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(status)}`, 'status');
  return status as ExecutionStatus;
}

export function checkMode(mode: unknown): string {
  if (!MODES.includes(mode as string)) throw invalid(`Execution mode must be one of ${MODES.join(', ')}, got ${JSON.stringify(mode)}`, 'mode');
  return mode as string;
}

export function checkRunData(runData: unknown): string {
  if (!isPlainObject(runData)) throw invalid('Execution runData must be an object', 'runData');
  return JSON.stringify(runData);
}

// Every execution stores the workflow it ran; an active workflow is the same object for each of
// its runs, so its JSON is computed once per object (workflows are never mutated in place).
const workflowJsonCache = new WeakMap<object, string>();
export function workflowJson(workflow: object | undefined | null): string | null {
  if (workflow === undefined || workflow === null) return null;
  let text = workflowJsonCache.get(workflow);
  if (text === undefined) workflowJsonCache.set(workflow, (text = JSON.stringify(workflow)));
  return text;
}

export function optionalText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid(`Execution ${field} must be a string`, field);
  return value;
}

const summaryFromRow = (row: Row): ExecutionSummary => executionSummaryFromRow(row, sqliteColumns);

const recordFromRow = (row: Row): ExecutionRecord => executionFromRow(row, sqliteColumns);

export class SqliteExecutions implements ExecutionRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async create(record: Omit<ExecutionRecord, 'id'> & { id?: string }, opts: FinishOptions = {}): Promise<string> {
    if (!isPlainObject(record)) throw invalid('Execution must be an object', 'execution');
    if (typeof record.workflowId !== 'string') throw invalid('Execution workflowId must be a string', 'workflowId');
    const given = record.id !== undefined && record.id !== null && record.id !== '';
    if (given && !isValidId(record.id)) throw invalid(`Execution id "${record.id}" may only contain letters, digits and . _ ~ - (at most 128)`, 'id');
    const id = given ? (record.id as string) : newSortableId();
    const args = [
      id,
      record.workflowId,
      optionalText(record.workflowVersionId, 'workflowVersionId'),
      checkMode(record.mode),
      checkStatus(record.status),
      isoTimestamp(record.startedAt, 'startedAt'),
      record.stoppedAt === undefined || record.stoppedAt === null ? null : isoTimestamp(record.stoppedAt, 'stoppedAt'),
      optionalText(record.retryOf, 'retryOf'),
      optionalText(record.lastNodeExecuted, 'lastNodeExecuted'),
      record.timedOut === undefined || record.timedOut === null ? null : record.timedOut ? 1 : 0,
      toJson(record.error),
      checkRunData(record.runData ?? {}),
      workflowJson(record.workflowData),
      record.waitTill ? isoTimestamp(record.waitTill, 'waitTill') : null,
      toJson(record.resumeState),
      toJson(record.queueInput),
    ];
    // Group-committed (see Db.defer): concurrent webhook runs share one transaction.
    const finished = countsFor(args[4], args[3]);
    return this.#db.defer(() => {
      try {
        this.#db.atomicIf(finished, () => {
          this.#db.stmt(INSERT).run(...args);
          if (finished) insertRaw(this.#db, { executionId: id, workflowId: record.workflowId, status: args[4] as ExecutionStatus, startedAt: args[5] as string, stoppedAt: args[6] as string | null, digest: fallbackDigest(opts.insights, record.error) });
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new ValidationError(`An execution with id "${id}" already exists`, { status: 409, field: 'id' });
        throw err;
      }
      return id;
    });
  }

  async update(id: string, patch: Patch, opts: FinishOptions = {}): Promise<void> {
    if (!isPlainObject(patch)) throw invalid('Execution patch must be an object', 'execution');
    const p: Params = {};
    const set = (column: string, present: boolean, value: string | number | null): void => {
      p[`has_${column}`] = present ? 1 : 0;
      p[column] = present ? value : null;
    };
    const has = (key: keyof Patch): boolean => patch[key] !== undefined;
    const required = (key: keyof Patch): void => {
      if (patch[key] === null) throw invalid(`Execution ${key} cannot be cleared`, key);
    };
    (['mode', 'status', 'startedAt', 'runData'] as const).forEach(required);
    set('workflow_version_id', has('workflowVersionId'), optionalText(patch.workflowVersionId, 'workflowVersionId'));
    set('mode', has('mode'), has('mode') ? checkMode(patch.mode) : null);
    set('status', has('status'), has('status') ? checkStatus(patch.status) : null);
    set('started_at', has('startedAt'), has('startedAt') ? isoTimestamp(patch.startedAt, 'startedAt') : null);
    set('stopped_at', has('stoppedAt'), patch.stoppedAt ? isoTimestamp(patch.stoppedAt, 'stoppedAt') : null);
    set('retry_of', has('retryOf'), optionalText(patch.retryOf, 'retryOf'));
    set('last_node_executed', has('lastNodeExecuted'), optionalText(patch.lastNodeExecuted, 'lastNodeExecuted'));
    set('timed_out', has('timedOut'), patch.timedOut === undefined || patch.timedOut === null ? null : patch.timedOut ? 1 : 0);
    set('error', has('error'), toJson(patch.error));
    set('run_data', has('runData'), has('runData') ? checkRunData(patch.runData) : null);
    set('workflow_data', has('workflowData'), workflowJson(patch.workflowData));
    // A resumed execution clears both by patching them to null.
    set('wait_till', patch.waitTill !== undefined, patch.waitTill ? isoTimestamp(patch.waitTill, 'waitTill') : null);
    set('resume_state', patch.resumeState !== undefined, toJson(patch.resumeState));
    set('queue_input', patch.queueInput !== undefined, toJson(patch.queueInput));
    p.id = id;
    const finishing = isFinished(p.status);
    return this.#db.defer(() =>
      this.#db.atomicIf(finishing, () => {
        // Counted for Insights once: on the write that first moves it to a finished status.
        const before = finishing ? this.#db.stmt('SELECT workflow_id, mode, status, started_at, stopped_at FROM executions WHERE id = ?').get(id) : undefined;
        if (Number(this.#db.stmt(UPDATE).run(p).changes) === 0) throw new NotFoundError(`Execution ${id} not found`);
        if (before && !isFinished(before.status) && countsFor(p.status, p.has_mode ? p.mode : before.mode))
          insertRaw(this.#db, {
            executionId: id,
            workflowId: String(before.workflow_id),
            status: p.status as ExecutionStatus,
            startedAt: String(p.has_started_at ? p.started_at : before.started_at),
            stoppedAt: (p.has_stopped_at ? p.stopped_at : before.stopped_at) as string | null,
            digest: fallbackDigest(opts.insights, patch.error),
          });
      }),
    );
  }

  async get(id: string): Promise<ExecutionRecord | undefined> {
    const row = this.#db.stmt('SELECT * FROM executions WHERE id = ?').get(id);
    return row ? recordFromRow(row) : undefined;
  }

  async list(filter: ExecutionFilter = {}): Promise<Page<ExecutionSummary>> {
    const limit = pageSize(filter.limit);
    const where: string[] = [];
    const params: Params = { limit: limit + 1 };
    if (filter.workflowId !== undefined) {
      where.push('workflow_id = :workflow_id');
      params.workflow_id = filter.workflowId;
    }
    if (filter.status !== undefined) {
      where.push('status = :status');
      params.status = checkStatus(filter.status);
    }
    if (filter.mode !== undefined) {
      where.push('mode = :mode');
      params.mode = checkMode(filter.mode);
    }
    if (filter.startedAfter !== undefined) {
      where.push('started_at > :after');
      params.after = isoTimestamp(filter.startedAfter, 'startedAfter');
    }
    if (filter.startedBefore !== undefined) {
      where.push('started_at < :before');
      params.before = isoTimestamp(filter.startedBefore, 'startedBefore');
    }
    if (filter.cursor) {
      const [at, id] = decodeCursor(filter.cursor, ['string', 'string']);
      where.push('started_at <= :c_at AND (started_at < :c_at OR id < :c_id)');
      params.c_at = at;
      params.c_id = id;
    }
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM executions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY started_at DESC, id DESC LIMIT :limit`;
    const rows = this.#db.stmt(sql).all(params);
    const data = rows.slice(0, limit).map(summaryFromRow);
    const last = data[data.length - 1];
    return rows.length > limit ? { data, nextCursor: encodeCursor([last.startedAt, last.id]) } : { data };
  }

  async delete(id: string): Promise<boolean> {
    return Number(this.#db.stmt('DELETE FROM executions WHERE id = ?').run(id).changes) > 0;
  }

  /**
   * Deletes finished executions (success, error, canceled, crashed) that started before now - maxAgeMs, and
   * those beyond the newest maxCount finished ones. Works in batches of 1000 rows, one transaction
   * each, yielding to the event loop between them so a large prune does not stall request handling.
   * Then returns the freed pages to the file system (incremental_vacuum + WAL checkpoint(TRUNCATE)).
   */
  async prune(options: PruneOptions): Promise<{ deleted: number }> {
    const { maxAgeMs, maxCount } = options ?? {};
    for (const [name, v] of [['maxAgeMs', maxAgeMs], ['maxCount', maxCount]] as const) {
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) throw invalid(`${name} must be a non-negative number`, name);
    }
    const db = this.#db;
    let deleted = 0;
    const deleteWhere = async (condition: string, params: Params): Promise<void> => {
      const stmt = db.stmt(`DELETE FROM executions WHERE id IN (SELECT id FROM executions WHERE ${FINISHED} AND ${condition} LIMIT ${PRUNE_BATCH})`);
      for (;;) {
        const n = Number(db.tx(() => stmt.run(params)).changes);
        deleted += n;
        if (n < PRUNE_BATCH) return;
        await yieldToLoop();
      }
    };
    if (maxAgeMs !== undefined) {
      await deleteWhere('started_at < :cutoff', { cutoff: new Date(Date.now() - maxAgeMs).toISOString() });
    }
    if (maxCount !== undefined) {
      const keep = Math.floor(maxCount);
      if (keep === 0) await deleteWhere('1', {});
      else {
        const edge = db.stmt(`SELECT started_at, id FROM executions WHERE ${FINISHED} ORDER BY started_at DESC, id DESC LIMIT 1 OFFSET :n`).get({ n: keep - 1 });
        if (edge) await deleteWhere('started_at <= :at AND (started_at < :at OR id < :id)', { at: edge.started_at, id: edge.id });
      }
    }
    if (deleted > 0) await this.#reclaimSpace();
    return { deleted };
  }

  async #reclaimSpace(): Promise<void> {
    const raw = this.#db.raw;
    const freePages = (): number => Number(raw.prepare('PRAGMA freelist_count').get()?.freelist_count ?? 0);
    // Stops when nothing is left, or nothing moves: a file made without auto_vacuum=INCREMENTAL.
    // Every database Gigaflow creates has it (index.ts configure()); a file made by another tool
    // would need a full VACUUM (a rewrite, twice the disk, a write lock for its whole length) to
    // get it, which no migration runs at start-up. Such a file still stays bounded: the next
    // inserts reuse its free pages, so it stays at its high-water mark (sqlite-bounds.test.ts).
    for (let before = freePages(), after = before; before > 0; before = after) {
      raw.exec(`PRAGMA incremental_vacuum(${VACUUM_PAGES})`);
      after = freePages();
      if (after >= before) break;
      await yieldToLoop();
    }
    // Copies the shrunk database back from the WAL, truncates the main file, then empties the WAL.
    raw.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  }
}
