// One pg Pool plus what every PostgreSQL repository needs from it: queries, transactions on one
// pooled client, error classification and row helpers. Timestamps are timestamptz columns written
// from and read back to `toISOString()` form, so the interface returns the same strings as SQLite.
import pg from 'pg';
import type { QueryResult, QueryResultRow } from 'pg';
import type { ColumnReader } from '../rows.ts';
import { isConnectionLoss, withReconnect } from './reconnect.ts';

export type Row = QueryResultRow;

/** The pool or one transaction's client: what repository helpers run their SQL on. */
export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
}

export class PgDb implements Queryable {
  readonly pool: pg.Pool;
  #closed = false;
  readonly #inflight = new Set<Promise<unknown>>();
  /**
   * How long a statement that lost its connection is tried again (reconnect.ts). 0 until the
   * storage is open, so a start against an unreachable server fails at once.
   */
  reconnectWindowMs = 0;
  onReconnect?: (err: Error, attempt: number) => void;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  #retrying<T>(fn: () => Promise<T>): Promise<T> {
    return withReconnect(() => {
      this.#checkOpen();
      return fn();
    }, { windowMs: this.reconnectWindowMs, onRetry: this.onReconnect });
  }

  get closed(): boolean {
    return this.#closed;
  }

  #track<T>(p: Promise<T>): Promise<T> {
    this.#inflight.add(p);
    const done = (): void => {
      this.#inflight.delete(p);
    };
    p.then(done, done);
    return p;
  }

  #checkOpen(): void {
    if (this.#closed) throw new Error('The PostgreSQL storage is closed');
  }

  query<R extends Row = Row>(sql: string, params: unknown[] = []): Promise<QueryResult<R>> {
    this.#checkOpen();
    return this.#track(this.#retrying(() => this.pool.query<R>(sql, params)));
  }

  async one<R extends Row = Row>(sql: string, params: unknown[] = []): Promise<R | undefined> {
    return (await this.query<R>(sql, params)).rows[0];
  }

  /**
   * Runs `fn` in one transaction on one pooled client; commits on return, rolls back on throw.
   * A connection lost before COMMIT rolled the transaction back, so the whole of it runs again
   * (fn must only touch the database); one lost during COMMIT is reported, never repeated.
   */
  tx<T>(fn: (client: Queryable) => Promise<T>): Promise<T> {
    this.#checkOpen();
    return this.#track(this.#retrying(() => this.#txOnce(fn)));
  }

  async #txOnce<T>(fn: (client: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    let committing = false;
    try {
      await client.query('BEGIN');
      const result = await fn({ query: <R extends Row>(sql: string, params: unknown[] = []) => client.query<R>(sql, params) });
      committing = true;
      await client.query('COMMIT');
      return result;
    } catch (err) {
      const lostAtCommit = committing && isConnectionLoss(err);
      try {
        if (lostAtCommit) broken = true;
        else await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection is unusable; drop it instead of returning it
      }
      if (lostAtCommit) throw new Error(`The PostgreSQL connection was lost during COMMIT; the transaction may or may not have been applied: ${(err as Error).message}`, { cause: err });
      throw err;
    } finally {
      client.release(broken);
    }
  }

  /** Waits for the queries already issued, then closes every connection. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#inflight]);
    await this.pool.end();
  }
}

/** 23505 unique_violation. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === '23505';
}



/** A timestamptz column (a Date from pg) as the ISO string the interface returns. */
export function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

export function isoOrUndefined(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : iso(value);
}

export { fromJson, str, toJson } from '../rows.ts';

/** How pg returns times (Date), flags (boolean) and blobs (Buffer). */
export const pgColumns: ColumnReader = {
  time: (v) => iso(v),
  flag: (v) => v === true,
  blob: (v) => (Buffer.isBuffer(v) ? v : undefined),
};
