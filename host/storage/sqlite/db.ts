// One SQLite connection plus what every repository needs from it: cached prepared statements,
// transactions, group commit, and JSON/row helpers.
import type { DatabaseSync, SQLInputValue, SQLOutputValue, StatementSync } from 'node:sqlite';
import type { ColumnReader } from '../rows.ts';

// Taken at load time so a test that fakes timers later does not stall group commits.
const schedule = globalThis.setImmediate;

export type Params = Record<string, SQLInputValue>;
export type Row = Record<string, SQLOutputValue>;

interface Deferred {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  state: 'pending' | 'ok' | 'failed';
  result?: unknown;
  error?: unknown;
}

export class Db {
  readonly raw: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  #depth = 0;
  #queue: Deferred[] = [];
  #scheduled = false;
  #flushing = false;

  constructor(raw: DatabaseSync) {
    this.raw = raw;
  }

  /**
   * Group commit for hot single-statement writes (execution inserts/updates). `run` is queued and
   * executed at the end of the current event-loop turn together with every other write queued in
   * that turn, in one transaction; the promise settles after COMMIT, so a resolved write is as
   * durable as an autocommitted one. One write failing (e.g. a duplicate id) fails only that write.
   * Order is kept: any other statement (see stmt/tx) first flushes what is queued.
   */
  defer<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ run, resolve: resolve as (v: unknown) => void, reject, state: 'pending' });
      if (!this.#scheduled) {
        this.#scheduled = true;
        schedule(() => {
          this.#scheduled = false;
          this.flush();
        });
      }
    });
  }

  /** Runs the queued writes now (one transaction) and settles their promises. */
  flush(): void {
    if (this.#flushing || this.#depth > 0 || this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    this.#flushing = true;
    try {
      this.#runBatch(batch);
    } finally {
      this.#flushing = false;
    }
    for (const item of batch) {
      if (item.state === 'ok') item.resolve(item.result);
      else item.reject(item.error);
    }
  }

  #runBatch(batch: Deferred[]): void {
    const raw = this.raw;
    let uncommitted: Deferred[] = [];
    const fail = (items: Deferred[], err: unknown): void => {
      for (const item of items) Object.assign(item, { state: 'failed', error: err });
    };
    try {
      raw.exec('BEGIN IMMEDIATE');
      for (const item of batch) {
        try {
          item.result = item.run();
          item.state = 'ok';
          uncommitted.push(item);
        } catch (err) {
          fail([item], err);
          // Most errors undo only the failed statement; if SQLite rolled the whole transaction
          // back, the writes before it are gone too, so they fail with it and a new one starts.
          if (!raw.isTransaction) {
            fail(uncommitted, err);
            uncommitted = [];
            raw.exec('BEGIN IMMEDIATE');
          }
        }
      }
      raw.exec('COMMIT');
    } catch (err) {
      try {
        if (raw.isOpen && raw.isTransaction) raw.exec('ROLLBACK');
      } catch {
        // the original error is the one to report
      }
      fail(uncommitted, err);
      fail(batch.filter((item) => item.state === 'pending'), err);
    }
  }

  /**
   * For a deferred write of several statements: when `needed`, runs `fn` as a savepoint of the
   * batch's transaction, so a failure undoes all of it and not just its last statement (the batch
   * fails only the write that threw). tx() cannot serve here: inside a batch it would BEGIN again.
   */
  atomicIf<T>(needed: boolean, fn: () => T): T {
    if (!needed) return fn();
    this.raw.exec('SAVEPOINT deferred_write');
    try {
      const result = fn();
      this.raw.exec('RELEASE deferred_write');
      return result;
    } catch (err) {
      this.raw.exec('ROLLBACK TO deferred_write');
      this.raw.exec('RELEASE deferred_write');
      throw err;
    }
  }

  /** A prepared statement for this SQL, prepared once per connection and reused. */
  stmt(sql: string): StatementSync {
    if (this.#queue.length && !this.#flushing) this.flush();
    let s = this.#statements.get(sql);
    if (!s) {
      s = this.raw.prepare(sql);
      this.#statements.set(sql, s);
    }
    return s;
  }

  /**
   * Runs `fn` in one transaction (BEGIN IMMEDIATE, so the write lock is taken up front and never
   * upgraded); commits on return, rolls back on throw. Nested calls become savepoints.
   * `fn` must be synchronous: the transaction must not stay open across an await.
   */
  tx<T>(fn: () => T): T {
    const outer = this.#depth === 0;
    if (outer) this.flush();
    const sp = `sp${this.#depth}`;
    this.raw.exec(outer ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${sp}`);
    this.#depth++;
    try {
      const result = fn();
      if (result instanceof Promise) throw new Error('Db.tx callback must be synchronous');
      this.raw.exec(outer ? 'COMMIT' : `RELEASE ${sp}`);
      return result;
    } catch (err) {
      if (outer) {
        if (this.raw.isTransaction) this.raw.exec('ROLLBACK');
      } else {
        this.raw.exec(`ROLLBACK TO ${sp}`);
        this.raw.exec(`RELEASE ${sp}`);
      }
      throw err;
    } finally {
      this.#depth--;
    }
  }

  close(): void {
    if (this.raw.isOpen) this.flush();
    this.#statements.clear();
    if (this.raw.isOpen) this.raw.close();
  }
}

/** SQLITE_CONSTRAINT_UNIQUE / SQLITE_CONSTRAINT_PRIMARYKEY. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { errcode?: number }).errcode;
  return code === 2067 || code === 1555;
}



export { fromJson, str, toJson } from '../rows.ts';

/** How SQLite returns times (ISO text), flags (0/1) and blobs (Uint8Array). */
export const sqliteColumns: ColumnReader = {
  time: (v) => String(v),
  flag: (v) => Number(v) === 1,
  blob: (v) => (v instanceof Uint8Array ? Buffer.from(v) : undefined),
};

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
