// Versioned schema migrations. Append new ones to MIGRATIONS with the next version number; never
// edit one that has shipped. Each runs in its own transaction together with its row in
// schema_migrations, so a failing migration leaves the schema as it was.
import type { DatabaseSync } from 'node:sqlite';

export interface Migration {
  version: number;
  name: string;
  up(db: DatabaseSync): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    up(db) {
      db.exec(`
        CREATE TABLE workflows (
          id          TEXT PRIMARY KEY,
          name        TEXT NOT NULL,
          active      INTEGER NOT NULL DEFAULT 0,
          version_id  TEXT NOT NULL,
          nodes       TEXT NOT NULL,
          connections TEXT NOT NULL,
          settings    TEXT NOT NULL,
          pin_data    TEXT,
          meta        TEXT,
          tags        TEXT,
          created_at  TEXT NOT NULL,
          updated_at  TEXT NOT NULL
        );
        CREATE INDEX workflows_updated ON workflows (updated_at, id);

        -- One row per saved version; seq orders them (timestamps can tie).
        CREATE TABLE workflow_versions (
          seq         INTEGER PRIMARY KEY,
          version_id  TEXT NOT NULL UNIQUE,
          workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
          created_at  TEXT NOT NULL,
          workflow    TEXT NOT NULL
        );
        CREATE INDEX workflow_versions_workflow ON workflow_versions (workflow_id, seq);

        -- Not versioned, written by runs; removed with the workflow (no FK: unsaved workflows may run).
        CREATE TABLE workflow_static_data (
          workflow_id TEXT PRIMARY KEY,
          data        TEXT NOT NULL,
          updated_at  TEXT NOT NULL
        );

        -- Big JSON columns last so reading the summary columns does not touch overflow pages.
        -- No FK to workflows: executions of ad-hoc workflows are kept too, and inserts stay cheap.
        CREATE TABLE executions (
          id                  TEXT PRIMARY KEY,
          workflow_id         TEXT NOT NULL,
          workflow_version_id TEXT,
          mode                TEXT NOT NULL,
          status              TEXT NOT NULL,
          started_at          TEXT NOT NULL,
          stopped_at          TEXT,
          retry_of            TEXT,
          last_node_executed  TEXT,
          timed_out           INTEGER,
          error               TEXT,
          run_data            TEXT NOT NULL,
          workflow_data       TEXT
        );
        CREATE INDEX executions_started ON executions (started_at, id);
        CREATE INDEX executions_workflow ON executions (workflow_id, started_at, id);

        CREATE TABLE credentials (
          id         TEXT PRIMARY KEY,
          name       TEXT NOT NULL,
          type       TEXT NOT NULL,
          data       TEXT NOT NULL, -- encrypted, see host/storage/crypto.ts
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          UNIQUE (type, name)
        );

        -- route_key is the path with every :param segment reduced to ':' so that q/:a and q/:b,
        -- which no router could tell apart, count as the same route.
        CREATE TABLE webhooks (
          method      TEXT NOT NULL,
          route_key   TEXT NOT NULL,
          path        TEXT NOT NULL,
          workflow_id TEXT NOT NULL,
          node        TEXT NOT NULL,
          PRIMARY KEY (method, route_key)
        );
        CREATE INDEX webhooks_workflow ON webhooks (workflow_id);

        CREATE TABLE api_keys (
          id           TEXT PRIMARY KEY,
          name         TEXT NOT NULL UNIQUE,
          prefix       TEXT NOT NULL,
          key_hash     TEXT NOT NULL UNIQUE, -- hex SHA-256 of the whole key
          created_at   TEXT NOT NULL,
          last_used_at TEXT
        );

        CREATE TABLE meta (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    name: 'waiting executions',
    up(db) {
      db.exec(`
        -- A Wait node parks an execution: when it resumes and the engine state to resume from.
        ALTER TABLE executions ADD COLUMN wait_till TEXT;
        ALTER TABLE executions ADD COLUMN resume_state TEXT;
        CREATE INDEX executions_waiting ON executions (status, wait_till);
      `);
    },
  },
  {
    version: 3,
    name: 'node key-value store',
    up(db) {
      db.exec(`
        -- Small state nodes share across executions and restarts (helpers.keyValue, e.g. OTP
        -- challenges): one namespace per node type. expires_at is epoch ms; NULL never expires.
        CREATE TABLE node_kv (
          namespace  TEXT NOT NULL,
          key        TEXT NOT NULL,
          value      TEXT NOT NULL,
          expires_at INTEGER,
          updated_at TEXT NOT NULL,
          PRIMARY KEY (namespace, key)
        );
        CREATE INDEX node_kv_expires ON node_kv (expires_at) WHERE expires_at IS NOT NULL;
      `);
    },
  },
  {
    version: 4,
    name: 'durable jobs',
    up(db) {
      db.exec(`
        -- Work a node hands to the host to finish later (e.g. a Gemini scan while the API is down):
        -- retried with backoff by host/runtime/retry-queue.ts, across restarts. \`data\` holds the
        -- job's bytes (an image) until it is done; the big columns come last.
        CREATE TABLE durable_jobs (
          id                 TEXT PRIMARY KEY,
          kind               TEXT NOT NULL,
          status             TEXT NOT NULL,           -- pending | running | done | failed
          node_type          TEXT NOT NULL,
          type_version       REAL NOT NULL,
          workflow_id        TEXT NOT NULL,
          node               TEXT NOT NULL,
          execution_id       TEXT,
          attempts           INTEGER NOT NULL DEFAULT 0,
          max_attempts       INTEGER NOT NULL,
          retry_delay_ms     INTEGER NOT NULL,
          max_retry_delay_ms INTEGER NOT NULL,
          next_attempt_at    TEXT NOT NULL,
          created_at         TEXT NOT NULL,
          updated_at         TEXT NOT NULL,
          finished_at        TEXT,
          credentials        TEXT,                    -- the node's credential references, never secrets
          last_error         TEXT,
          payload            TEXT NOT NULL,
          result             TEXT,
          data               BLOB
        );
        CREATE INDEX durable_jobs_due ON durable_jobs (status, next_attempt_at);
        CREATE INDEX durable_jobs_finished ON durable_jobs (finished_at);
      `);
    },
  },
  {
    version: 5,
    name: 'queued execution input',
    up(db) {
      // Queue mode (host/queue): the main stores what a worker needs to run the execution (trigger
      // items, start node, response mode) before the job is enqueued, so a job never outlives its input.
      db.exec('ALTER TABLE executions ADD COLUMN queue_input TEXT');
    },
  },
  {
    version: 6,
    name: 'insights aggregates',
    up(db) {
      // Finished executions wait in insights_raw (written with their row) until folded into the
      // hourly aggregates (storage/sqlite/insights.ts); the aggregates outlive pruned executions.
      // Executions finished before this version are counted from their rows (status and times).
      db.exec(`
        CREATE TABLE insights_raw (
          seq          INTEGER PRIMARY KEY,
          execution_id TEXT NOT NULL,
          workflow_id  TEXT NOT NULL,
          status       TEXT NOT NULL,
          started_at   TEXT NOT NULL,
          stopped_at   TEXT,
          digest       TEXT
        );
        CREATE TABLE insights_runs (
          hour TEXT NOT NULL, workflow_id TEXT NOT NULL, status TEXT NOT NULL,
          runs INTEGER NOT NULL, duration_ms_sum INTEGER NOT NULL, duration_ms_max INTEGER NOT NULL,
          PRIMARY KEY (hour, workflow_id, status)
        ) WITHOUT ROWID;
        CREATE TABLE insights_nodes (
          hour TEXT NOT NULL, workflow_id TEXT NOT NULL, node TEXT NOT NULL, node_type TEXT NOT NULL,
          runs INTEGER NOT NULL, errors INTEGER NOT NULL, duration_ms_sum INTEGER NOT NULL, duration_ms_max INTEGER NOT NULL,
          PRIMARY KEY (hour, workflow_id, node)
        ) WITHOUT ROWID;
        CREATE TABLE insights_durations (
          hour TEXT NOT NULL, workflow_id TEXT NOT NULL, node TEXT NOT NULL, bucket INTEGER NOT NULL, count INTEGER NOT NULL,
          PRIMARY KEY (hour, workflow_id, node, bucket)
        ) WITHOUT ROWID;
        CREATE TABLE insights_errors (
          hour TEXT NOT NULL, workflow_id TEXT NOT NULL, node TEXT NOT NULL, message TEXT NOT NULL,
          count INTEGER NOT NULL, last_execution_id TEXT NOT NULL, last_at TEXT NOT NULL,
          PRIMARY KEY (hour, workflow_id, node, message)
        ) WITHOUT ROWID;
        CREATE TABLE insights_usage (
          hour TEXT NOT NULL, workflow_id TEXT NOT NULL, kind TEXT NOT NULL, count INTEGER NOT NULL,
          PRIMARY KEY (hour, workflow_id, kind)
        ) WITHOUT ROWID;
        INSERT INTO insights_raw (execution_id, workflow_id, status, started_at, stopped_at, digest)
          SELECT id, workflow_id, status, started_at, stopped_at,
            IIF(json_valid(error) AND json_extract(error, '$.message') IS NOT NULL, json_object('error', json_object(
              'node', coalesce(json_extract(error, '$.node'), ''), 'message', substr(json_extract(error, '$.message'), 1, 300))), NULL)
          FROM executions
          WHERE status IN ('success', 'error', 'canceled', 'crashed') AND mode NOT IN ('manual', 'test') ORDER BY started_at, id;
      `);
    },
  },
  {
    version: 7,
    name: 'workflow test cases',
    up(db) {
      // A workflow's test cases (host/workflow-tests): beside the workflow, never in its n8n fields.
      db.exec(`
        CREATE TABLE workflow_tests (
          id          TEXT PRIMARY KEY,
          workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
          name        TEXT NOT NULL,
          position    INTEGER NOT NULL,
          definition  TEXT NOT NULL,
          created_at  TEXT NOT NULL,
          updated_at  TEXT NOT NULL,
          UNIQUE (workflow_id, name)
        );
        CREATE INDEX workflow_tests_order ON workflow_tests (workflow_id, position);
      `);
    },
  },
];

const TABLE = 'schema_migrations';

/**
 * Applies the migrations not yet recorded, in version order, one transaction each.
 * Throws if the database records a version this code does not know (made by a newer Gigaflow).
 * Returns the versions applied now.
 */
export function runMigrations(db: DatabaseSync, migrations: readonly Migration[] = MIGRATIONS): number[] {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].version <= migrations[i - 1].version) throw new Error('Migrations must be in strictly increasing version order');
  }
  db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const appliedStmt = db.prepare(`SELECT version FROM ${TABLE} ORDER BY version`);
  const known = new Set(migrations.map((m) => m.version));
  const unknown = appliedStmt.all().map((r) => Number(r.version)).filter((v) => !known.has(v));
  if (unknown.length) {
    throw new Error(`The database has schema version(s) ${unknown.join(', ')} that this Gigaflow does not know; it was written by a newer version`);
  }
  const isApplied = db.prepare(`SELECT 1 AS x FROM ${TABLE} WHERE version = ?`);
  const record = db.prepare(`INSERT INTO ${TABLE} (version, name, applied_at) VALUES (?, ?, ?)`);
  const done: number[] = [];
  for (const m of migrations) {
    if (isApplied.get(m.version)) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      // Checked again under the write lock: another process may have just applied it.
      if (!isApplied.get(m.version)) {
        m.up(db);
        record.run(m.version, m.name, new Date().toISOString());
        done.push(m.version);
      }
      db.exec('COMMIT');
    } catch (err) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw new Error(`Migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
    }
  }
  return done;
}
