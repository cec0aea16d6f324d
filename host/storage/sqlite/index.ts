// The embedded storage: one node:sqlite connection (synchronous, in-process) behind the async
// Storage interface. Every method does its SQL synchronously, so a transaction never spans an await
// and cannot interleave with another call.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { KEY_CHECK, decrypt, encrypt } from '../crypto.ts';
import type { Storage } from '../storage.ts';
import { SqliteApiKeys } from './api-keys.ts';
import { SqliteCredentials } from './credentials.ts';
import { Db } from './db.ts';
import { SqliteDurableJobs } from './durable-jobs.ts';
import { SqliteExecutions } from './executions.ts';
import { SqliteInsights } from './insights.ts';
import { SqliteWorkflowTests } from './workflow-tests.ts';
import { SqliteKeyValue } from './key-value.ts';
import { runMigrations } from './migrations.ts';
import { SqliteStaticData } from './static-data.ts';
import { SqliteWebhooks } from './webhooks.ts';
import { SqliteWorkflows } from './workflows.ts';

export interface SqliteStorageOptions {
  /** Database file, or ':memory:'. The parent directory is created if missing. */
  path: string;
  /** 32 bytes; see loadEncryptionKey in ../crypto.ts. */
  encryptionKey: Buffer;
}

export const BUSY_TIMEOUT_MS = 5000;

/** Connection settings. auto_vacuum must come first: it only takes effect before the first table exists. */
function configure(raw: DatabaseSync, inMemory: boolean): void {
  raw.exec('PRAGMA auto_vacuum = INCREMENTAL');
  const mode = String(raw.prepare('PRAGMA journal_mode = WAL').get()?.journal_mode);
  if (!inMemory && mode !== 'wal') throw new Error(`Could not switch the database to WAL mode (journal_mode is ${mode})`);
  raw.exec(`
    PRAGMA synchronous = NORMAL;
    PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};
    PRAGMA foreign_keys = ON;
    PRAGMA journal_size_limit = ${64 * 1024 * 1024};
    PRAGMA cache_size = -16384;
    PRAGMA temp_store = MEMORY;
  `);
  // Unicode-aware lower() for case-insensitive name search (SQLite's own only folds ASCII).
  raw.function('gf_lower', { deterministic: true }, (value) => (typeof value === 'string' ? value.toLowerCase() : value));
}


/** Refuses a key other than the one the database's credentials were encrypted with. */
function checkEncryptionKey(raw: DatabaseSync, key: Buffer): void {
  const row = raw.prepare("SELECT value FROM meta WHERE key = 'key_check'").get();
  if (!row) {
    raw.prepare("INSERT INTO meta (key, value) VALUES ('key_check', ?)").run(encrypt(KEY_CHECK, key));
    return;
  }
  let ok = false;
  try {
    ok = decrypt(String(row.value), key) === KEY_CHECK;
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new Error(
      'The encryption key does not match the one this database was created with; credentials could not be read. ' +
        'Set GIGAFLOW_ENCRYPTION_KEY (or restore <dataDir>/encryption.key) to the original key.',
    );
  }
}

export function createSqliteStorage(opts: SqliteStorageOptions): Storage {
  if (!Buffer.isBuffer(opts.encryptionKey) || opts.encryptionKey.length !== 32) throw new Error('encryptionKey must be a 32-byte Buffer');
  const inMemory = opts.path === ':memory:' || opts.path === '';
  if (!inMemory) mkdirSync(dirname(opts.path), { recursive: true });
  const raw = new DatabaseSync(opts.path, { timeout: BUSY_TIMEOUT_MS });
  try {
    configure(raw, inMemory);
    runMigrations(raw);
    checkEncryptionKey(raw, opts.encryptionKey);
  } catch (err) {
    raw.close();
    throw err;
  }
  const db = new Db(raw);
  return {
    workflows: new SqliteWorkflows(db),
    executions: new SqliteExecutions(db),
    credentials: new SqliteCredentials(db, opts.encryptionKey),
    webhooks: new SqliteWebhooks(db),
    apiKeys: new SqliteApiKeys(db),
    staticData: new SqliteStaticData(db),
    keyValue: new SqliteKeyValue(db, opts.encryptionKey),
    jobs: new SqliteDurableJobs(db),
    insights: new SqliteInsights(db),
    workflowTests: new SqliteWorkflowTests(db),
    async close() {
      if (!raw.isOpen) return;
      db.flush();
      try {
        raw.exec('PRAGMA optimize');
      } catch {
        // best effort
      }
      db.close();
    },
  };
}

export { MIGRATIONS, runMigrations, type Migration } from './migrations.ts';
