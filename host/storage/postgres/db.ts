// One pg Pool plus what every PostgreSQL repository needs from it: queries, transactions on one
// pooled client, error classification and row helpers. Timestamps are timestamptz columns written
// from and read back to `toISOString()` form, so the interface returns the same strings as SQLite.
import pg from 'pg';
import type { QueryResult, QueryResultRow } from 'pg';
import type { ColumnReader } from '../rows.ts';

export type Row = QueryResultRow;

/** The pool or one transaction's client: what repository helpers run their SQL on. */
export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
}

export class PgDb implements Queryable {
  readonly pool: pg.Pool;
  #closed = false;
  readonly #inflight = new Set<Promise<unknown>>();

  constructor(pool: pg.Pool) {
    this.pool = pool;
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
    return this.#track(this.pool.query<R>(sql, params));
  }

  async one<R extends Row = Row>(sql: string, params: unknown[] = []): Promise<R | undefined> {
    return (await this.query<R>(sql, params)).rows[0];
  }

  /** Runs `fn` in one transaction on one pooled client; commits on return, rolls back on throw. */
  tx<T>(fn: (client: Queryable) => Promise<T>): Promise<T> {
    this.#checkOpen();
    return this.#track(
      (async () => {
        const client = await this.pool.connect();
        let broken = false;
        try {
          await client.query('BEGIN');
          const result = await fn({ query: <R extends Row>(sql: string, params: unknown[] = []) => client.query<R>(sql, params) });
          await client.query('COMMIT');
          return result;
        } catch (err) {
          try {
            await client.query('ROLLBACK');
          } catch {
            broken = true; // the connection is unusable; drop it instead of returning it
          }
          throw err;
        } finally {
          client.release(broken);
        }
      })(),
    );
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
