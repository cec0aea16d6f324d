// PostgreSQL storage: a pg Pool behind the async Storage interface, for deployments where several
// Gigaflow processes (queue mode: mains, workers, webhook processes) share one database.
// Chosen by GIGAFLOW_DATABASE_URL (see host/host.ts); SQLite stays the default.
import pg from 'pg';
import { KEY_CHECK, decrypt, encrypt } from '../crypto.ts';
import type { Storage } from '../storage.ts';
import { PgApiKeys } from './api-keys.ts';
import { PgCredentials } from './credentials.ts';
import { PgDb } from './db.ts';
import { PgDurableJobs, type PgDurableJobsOptions } from './durable-jobs.ts';
import { PgExecutions } from './executions.ts';
import { PgInsights } from './insights.ts';
import { PgWorkflowTests } from './workflow-tests.ts';
import { PgKeyValue } from './key-value.ts';
import { MIGRATION_LOCK, runPgMigrations } from './migrations.ts';
import { PgStaticData } from './static-data.ts';
import { PgWebhooks } from './webhooks.ts';
import { PgWorkflows } from './workflows.ts';

export interface PostgresStorageOptions {
  /** postgres://user:password@host:5432/database */
  url: string;
  /** 32 bytes; see loadEncryptionKey in ../crypto.ts. */
  encryptionKey: Buffer;
  /** Connections in the pool (GIGAFLOW_DATABASE_POOL_SIZE). Default 10. */
  poolSize?: number;
  /** A schema to keep every table in (created if missing); default: the connection's search_path. */
  schema?: string;
  jobs?: PgDurableJobsOptions;
  /**
   * Once open, how long a statement whose connection was lost (server restart, killed backend,
   * connections refused) is tried again before its error reaches the caller. Default 10 s.
   */
  reconnectWindowMs?: number;
}


/** Refuses a key other than the one the database's credentials were encrypted with. */
async function checkEncryptionKey(db: PgDb, key: Buffer): Promise<void> {
  // ON CONFLICT: two processes starting on a new database agree on the first one's check value.
  await db.query("INSERT INTO meta (key, value) VALUES ('key_check', $1) ON CONFLICT (key) DO NOTHING", [encrypt(KEY_CHECK, key)]);
  const row = await db.one("SELECT value FROM meta WHERE key = 'key_check'");
  let ok = false;
  try {
    ok = decrypt(String(row?.value), key) === KEY_CHECK;
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new Error(
      'The encryption key does not match the one this database was created with; credentials could not be read. ' +
        'Set GIGAFLOW_ENCRYPTION_KEY to the original key (every process sharing the database needs the same one).',
    );
  }
}

/** Where a connection string points, without its password (for error messages). */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'an unparsable GIGAFLOW_DATABASE_URL';
  }
}

export async function createPostgresStorage(opts: PostgresStorageOptions): Promise<Storage> {
  if (!Buffer.isBuffer(opts.encryptionKey) || opts.encryptionKey.length !== 32) throw new Error('encryptionKey must be a 32-byte Buffer');
  if (typeof opts.url !== 'string' || !/^postgres(ql)?:\/\//.test(opts.url)) throw new Error('GIGAFLOW_DATABASE_URL must start with postgres:// or postgresql://');
  if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) throw new Error(`Invalid schema name "${opts.schema}"`);
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: Math.max(1, opts.poolSize ?? 10),
    options: opts.schema ? `-c search_path=${opts.schema}` : undefined,
    application_name: 'gigaflow',
    // A server that never answers fails the start (or the query) instead of hanging it.
    connectionTimeoutMillis: 15_000,
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process; the
  // pool discards it and the next query opens a new one.
  pool.on('error', () => undefined);
  const db = new PgDb(pool);
  try {
    if (opts.schema) {
      const schema = opts.schema;
      // Under the migration lock: concurrent CREATE SCHEMA IF NOT EXISTS can still collide.
      await db.tx(async (q) => {
        await q.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        await q.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      });
    }
    await runPgMigrations((fn) => db.tx(fn));
    await checkEncryptionKey(db, opts.encryptionKey);
    db.reconnectWindowMs = opts.reconnectWindowMs ?? 10_000;
  } catch (err) {
    await db.close().catch(() => undefined);
    throw new Error(`PostgreSQL storage at ${describeDatabaseUrl(opts.url)}: ${(err as Error).message}`, { cause: err });
  }
  const jobs = new PgDurableJobs(db, opts.jobs);
  return {
    workflows: new PgWorkflows(db),
    executions: new PgExecutions(db),
    credentials: new PgCredentials(db, opts.encryptionKey),
    webhooks: new PgWebhooks(db),
    apiKeys: new PgApiKeys(db),
    staticData: new PgStaticData(db),
    keyValue: new PgKeyValue(db, opts.encryptionKey),
    jobs,
    insights: new PgInsights(db),
    workflowTests: new PgWorkflowTests(db),
    async close() {
      jobs.stopRenewing();
      await db.close();
    },
  };
}

export { PG_MIGRATIONS, runPgMigrations, type PgMigration } from './migrations.ts';
export { PgDurableJobs } from './durable-jobs.ts';
