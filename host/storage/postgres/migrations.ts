// Versioned PostgreSQL schema migrations. Append new ones to PG_MIGRATIONS with the next version
// number; never edit one that has shipped. Each runs in its own transaction together with its row
// in schema_migrations, under a transaction-level advisory lock, so two processes starting at once
// apply each migration exactly once (the second waits, then sees it recorded) and a failing
// migration leaves the schema as it was.
//
// Conventions (mirror of host/storage/sqlite/migrations.ts): ids and text compared or ordered use
// COLLATE "C" (byte order, like SQLite, whatever the database locale); instants are timestamptz;
// JSON is text (kept byte for byte as written) except where queried (jsonb); lower-cased copies of
// names are computed in JS (String.toLowerCase, like SQLite's gf_lower) so search does not depend
// on the server's locale.
import type { Queryable } from './db.ts';

export interface PgMigration {
  version: number;
  name: string;
  up(db: Queryable): Promise<unknown>;
}

const sql = (text: string) => (db: Queryable) => db.query(text);

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'initial schema',
    up: sql(`
      CREATE TABLE workflows (
        id          TEXT COLLATE "C" PRIMARY KEY,
        name        TEXT NOT NULL,
        name_lower  TEXT NOT NULL,
        active      BOOLEAN NOT NULL DEFAULT FALSE,
        version_id  TEXT NOT NULL,
        nodes       TEXT NOT NULL,
        connections TEXT NOT NULL,
        settings    TEXT NOT NULL,
        pin_data    TEXT,
        meta        TEXT,
        tags        TEXT,
        tags_lower  JSONB,
        created_at  TIMESTAMPTZ NOT NULL,
        updated_at  TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX workflows_updated ON workflows (updated_at, id);
      CREATE INDEX workflows_active ON workflows (id) WHERE active;

      CREATE TABLE workflow_versions (
        seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        version_id  TEXT NOT NULL UNIQUE,
        workflow_id TEXT COLLATE "C" NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
        created_at  TIMESTAMPTZ NOT NULL,
        workflow    TEXT NOT NULL
      );
      CREATE INDEX workflow_versions_workflow ON workflow_versions (workflow_id, seq);

      CREATE TABLE workflow_static_data (
        workflow_id TEXT COLLATE "C" PRIMARY KEY,
        data        TEXT NOT NULL,
        updated_at  TIMESTAMPTZ NOT NULL
      );

      CREATE TABLE executions (
        id                  TEXT COLLATE "C" PRIMARY KEY,
        workflow_id         TEXT COLLATE "C" NOT NULL,
        workflow_version_id TEXT,
        mode                TEXT NOT NULL,
        status              TEXT NOT NULL,
        started_at          TIMESTAMPTZ NOT NULL,
        stopped_at          TIMESTAMPTZ,
        retry_of            TEXT,
        last_node_executed  TEXT,
        timed_out           BOOLEAN,
        error               TEXT,
        wait_till           TIMESTAMPTZ,
        resume_state        TEXT,
        queue_input         TEXT, -- queue mode: what a worker needs to run it (host/queue)
        run_data            TEXT NOT NULL,
        workflow_data       TEXT
      );
      CREATE INDEX executions_started ON executions (started_at, id);
      CREATE INDEX executions_workflow ON executions (workflow_id, started_at, id);
      CREATE INDEX executions_waiting ON executions (status, wait_till);

      CREATE TABLE credentials (
        id         TEXT COLLATE "C" PRIMARY KEY,
        name       TEXT NOT NULL,
        name_lower TEXT COLLATE "C" NOT NULL,
        type       TEXT COLLATE "C" NOT NULL,
        data       TEXT NOT NULL, -- encrypted, see host/storage/crypto.ts
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        UNIQUE (type, name)
      );

      -- route_key: the path with every :param segment reduced to ':' (see sqlite/webhooks.ts).
      -- The primary key is what keeps two processes from registering one route twice.
      CREATE TABLE webhooks (
        method      TEXT COLLATE "C" NOT NULL,
        route_key   TEXT COLLATE "C" NOT NULL,
        path        TEXT COLLATE "C" NOT NULL,
        workflow_id TEXT COLLATE "C" NOT NULL,
        node        TEXT NOT NULL,
        PRIMARY KEY (method, route_key)
      );
      CREATE INDEX webhooks_workflow ON webhooks (workflow_id);

      CREATE TABLE api_keys (
        id           TEXT COLLATE "C" PRIMARY KEY,
        name         TEXT NOT NULL UNIQUE,
        prefix       TEXT NOT NULL,
        key_hash     TEXT NOT NULL UNIQUE,
        created_at   TIMESTAMPTZ NOT NULL,
        last_used_at TIMESTAMPTZ
      );

      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      -- expires_at is epoch ms; NULL never expires.
      CREATE TABLE node_kv (
        namespace  TEXT NOT NULL,
        key        TEXT NOT NULL,
        value      TEXT NOT NULL,
        expires_at BIGINT,
        updated_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (namespace, key)
      );
      CREATE INDEX node_kv_expires ON node_kv (expires_at) WHERE expires_at IS NOT NULL;

      -- lease_owner/lease_expires_at: which process runs a 'running' job and until when; a job
      -- whose lease ran out (its process died) is claimable again (see durable-jobs.ts).
      CREATE TABLE durable_jobs (
        id                 TEXT COLLATE "C" PRIMARY KEY,
        kind               TEXT NOT NULL,
        status             TEXT NOT NULL,
        node_type          TEXT NOT NULL,
        type_version       DOUBLE PRECISION NOT NULL,
        workflow_id        TEXT NOT NULL,
        node               TEXT NOT NULL,
        execution_id       TEXT,
        attempts           INTEGER NOT NULL DEFAULT 0,
        max_attempts       INTEGER NOT NULL,
        retry_delay_ms     BIGINT NOT NULL,
        max_retry_delay_ms BIGINT NOT NULL,
        next_attempt_at    TIMESTAMPTZ NOT NULL,
        created_at         TIMESTAMPTZ NOT NULL,
        updated_at         TIMESTAMPTZ NOT NULL,
        finished_at        TIMESTAMPTZ,
        lease_owner        TEXT,
        lease_expires_at   TIMESTAMPTZ,
        credentials        TEXT,
        last_error         TEXT,
        payload            TEXT NOT NULL,
        result             TEXT,
        data               BYTEA
      );
      CREATE INDEX durable_jobs_due ON durable_jobs (status, next_attempt_at);
      CREATE INDEX durable_jobs_lease ON durable_jobs (lease_expires_at) WHERE status = 'running';
      CREATE INDEX durable_jobs_finished ON durable_jobs (finished_at);
    `),
  },
  {
    version: 2,
    name: 'insights aggregates',
    // As SQLite's migration 6 (host/storage/sqlite/migrations.ts); hours are timestamptz.
    up: sql(`
      CREATE TABLE insights_raw (
        seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        execution_id TEXT COLLATE "C" NOT NULL,
        workflow_id  TEXT COLLATE "C" NOT NULL,
        status       TEXT NOT NULL,
        started_at   TIMESTAMPTZ NOT NULL,
        stopped_at   TIMESTAMPTZ,
        digest       TEXT
      );
      CREATE TABLE insights_runs (
        hour TIMESTAMPTZ NOT NULL, workflow_id TEXT COLLATE "C" NOT NULL, status TEXT NOT NULL,
        runs BIGINT NOT NULL, duration_ms_sum BIGINT NOT NULL, duration_ms_max BIGINT NOT NULL,
        PRIMARY KEY (hour, workflow_id, status)
      );
      CREATE TABLE insights_nodes (
        hour TIMESTAMPTZ NOT NULL, workflow_id TEXT COLLATE "C" NOT NULL, node TEXT COLLATE "C" NOT NULL, node_type TEXT NOT NULL,
        runs BIGINT NOT NULL, errors BIGINT NOT NULL, duration_ms_sum BIGINT NOT NULL, duration_ms_max BIGINT NOT NULL,
        PRIMARY KEY (hour, workflow_id, node)
      );
      CREATE TABLE insights_durations (
        hour TIMESTAMPTZ NOT NULL, workflow_id TEXT COLLATE "C" NOT NULL, node TEXT COLLATE "C" NOT NULL, bucket INTEGER NOT NULL, count BIGINT NOT NULL,
        PRIMARY KEY (hour, workflow_id, node, bucket)
      );
      CREATE TABLE insights_errors (
        hour TIMESTAMPTZ NOT NULL, workflow_id TEXT COLLATE "C" NOT NULL, node TEXT COLLATE "C" NOT NULL, message TEXT COLLATE "C" NOT NULL,
        count BIGINT NOT NULL, last_execution_id TEXT NOT NULL, last_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (hour, workflow_id, node, message)
      );
      CREATE TABLE insights_usage (
        hour TIMESTAMPTZ NOT NULL, workflow_id TEXT COLLATE "C" NOT NULL, kind TEXT NOT NULL, count BIGINT NOT NULL,
        PRIMARY KEY (hour, workflow_id, kind)
      );
      INSERT INTO insights_raw (execution_id, workflow_id, status, started_at, stopped_at, digest)
        SELECT id, workflow_id, status, started_at, stopped_at,
          CASE WHEN error IS NOT NULL AND error::jsonb ? 'message' THEN json_build_object('error', json_build_object(
            'node', coalesce(error::jsonb->>'node', ''), 'message', left(error::jsonb->>'message', 300)))::text END
        FROM executions
        WHERE status IN ('success', 'error', 'canceled', 'crashed') AND mode NOT IN ('manual', 'test') ORDER BY started_at, id;
    `),
  },
  {
    version: 3,
    name: 'workflow test cases',
    // As SQLite's migration 7.
    up: sql(`
      CREATE TABLE workflow_tests (
        id          TEXT COLLATE "C" PRIMARY KEY,
        workflow_id TEXT COLLATE "C" NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
        name        TEXT NOT NULL,
        position    INTEGER NOT NULL,
        definition  TEXT NOT NULL,
        created_at  TIMESTAMPTZ NOT NULL,
        updated_at  TIMESTAMPTZ NOT NULL,
        UNIQUE (workflow_id, name)
      );
      CREATE INDEX workflow_tests_order ON workflow_tests (workflow_id, position);
    `),
  },
];

// Any constant works; it only has to be the same for every Gigaflow process ("gfmg").
export const MIGRATION_LOCK = 0x67666d67;
const TABLE = 'schema_migrations';

type Tx = <T>(fn: (db: Queryable) => Promise<T>) => Promise<T>;

/**
 * Applies the migrations not yet recorded, in version order, one transaction each. Throws if the
 * database records a version this code does not know (made by a newer Gigaflow). Returns the
 * versions applied now.
 */
export async function runPgMigrations(tx: Tx, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<number[]> {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].version <= migrations[i - 1].version) throw new Error('Migrations must be in strictly increasing version order');
  }
  const known = new Set(migrations.map((m) => m.version));
  const done: number[] = [];
  for (const m of [undefined, ...migrations]) {
    await tx(async (db) => {
      // Held until this transaction ends: another process migrating waits here, then re-reads.
      await db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await db.query(`CREATE TABLE IF NOT EXISTS ${TABLE} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`);
      const applied = new Set((await db.query(`SELECT version FROM ${TABLE}`)).rows.map((r) => Number(r.version)));
      const unknown = [...applied].filter((v) => !known.has(v)).sort((a, b) => a - b);
      if (unknown.length) {
        throw new Error(`The database has schema version(s) ${unknown.join(', ')} that this Gigaflow does not know; it was written by a newer version`);
      }
      if (!m || applied.has(m.version)) return;
      try {
        await m.up(db);
      } catch (err) {
        throw new Error(`Migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
      }
      await db.query(`INSERT INTO ${TABLE} (version, name, applied_at) VALUES ($1, $2, now())`, [m.version, m.name]);
      done.push(m.version);
    });
  }
  return done;
}
