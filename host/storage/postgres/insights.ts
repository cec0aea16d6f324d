// Insights on PostgreSQL: as on SQLite (host/storage/sqlite/insights.ts), finished executions land
// in insights_raw in the statement that finishes them (postgres/executions.ts) and compact() folds
// them into the hourly tables. Several processes may compact: an advisory lock takes turns, so two
// never upsert the same aggregate rows in different orders (a deadlock).
import type { RawInsight, RunDigest } from '../../insights/digest.ts';
import { type Folded, type InsightsRows, fold } from '../../insights/fold.ts';
import { errorFromRow, nodeFromRow, rawFromRow } from '../sqlite/insights.ts';
import type { InsightsRange, InsightsRepository } from '../storage.ts';
import { type PgDb, type Queryable, iso } from './db.ts';

const BATCH = 5000;
// Any constant works; it only has to be the same for every Gigaflow process ("gfin").
const COMPACT_LOCK = 0x6766696e;

export const digestJson = (digest: RunDigest | null | undefined): string | null => (digest && Object.keys(digest).length ? JSON.stringify(digest) : null);

/** Multi-row upserts: one statement per table, the rows as parallel arrays (unnest). */
const UPSERT = {
  runs: `INSERT INTO insights_runs (hour, workflow_id, status, runs, duration_ms_sum, duration_ms_max)
    SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[])
    ON CONFLICT (hour, workflow_id, status) DO UPDATE SET runs = insights_runs.runs + excluded.runs,
    duration_ms_sum = insights_runs.duration_ms_sum + excluded.duration_ms_sum, duration_ms_max = GREATEST(insights_runs.duration_ms_max, excluded.duration_ms_max)`,
  nodes: `INSERT INTO insights_nodes (hour, workflow_id, node, node_type, runs, errors, duration_ms_sum, duration_ms_max)
    SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[])
    ON CONFLICT (hour, workflow_id, node) DO UPDATE SET runs = insights_nodes.runs + excluded.runs, errors = insights_nodes.errors + excluded.errors,
    duration_ms_sum = insights_nodes.duration_ms_sum + excluded.duration_ms_sum, duration_ms_max = GREATEST(insights_nodes.duration_ms_max, excluded.duration_ms_max),
    node_type = CASE WHEN insights_nodes.node_type = '' THEN excluded.node_type ELSE insights_nodes.node_type END`,
  durations: `INSERT INTO insights_durations (hour, workflow_id, node, bucket, count)
    SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::int[], $5::bigint[])
    ON CONFLICT (hour, workflow_id, node, bucket) DO UPDATE SET count = insights_durations.count + excluded.count`,
  errors: `INSERT INTO insights_errors (hour, workflow_id, node, message, count, last_execution_id, last_at)
    SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::timestamptz[])
    ON CONFLICT (hour, workflow_id, node, message) DO UPDATE SET count = insights_errors.count + excluded.count,
    last_execution_id = CASE WHEN excluded.last_at >= insights_errors.last_at THEN excluded.last_execution_id ELSE insights_errors.last_execution_id END,
    last_at = GREATEST(insights_errors.last_at, excluded.last_at)`,
  usage: `INSERT INTO insights_usage (hour, workflow_id, kind, count)
    SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::bigint[])
    ON CONFLICT (hour, workflow_id, kind) DO UPDATE SET count = insights_usage.count + excluded.count`,
};

const TABLES = ['insights_runs', 'insights_nodes', 'insights_durations', 'insights_errors', 'insights_usage'] as const;

/** Rows as parallel column arrays, for unnest. */
function columns<T>(rows: T[], ...pick: ((row: T) => unknown)[]): unknown[][] {
  return pick.map((get) => rows.map(get));
}

async function apply(db: Queryable, f: Folded): Promise<void> {
  if (f.runs.length) await db.query(UPSERT.runs, columns(f.runs, (r) => r.hour, (r) => r.workflowId, (r) => r.status, (r) => r.runs, (r) => r.durationMsSum, (r) => r.durationMsMax));
  if (f.nodes.length)
    await db.query(
      UPSERT.nodes,
      columns(f.nodes, (r) => r.hour, (r) => r.workflowId, (r) => r.node, (r) => r.nodeType, (r) => r.runs, (r) => r.errors, (r) => r.durationMsSum, (r) => r.durationMsMax),
    );
  if (f.durations.length) await db.query(UPSERT.durations, columns(f.durations, (r) => r.hour, (r) => r.workflowId, (r) => r.node, (r) => r.bucket, (r) => r.count));
  if (f.errors.length)
    await db.query(
      UPSERT.errors,
      columns(f.errors, (r) => r.hour, (r) => r.workflowId, (r) => r.node, (r) => r.message, (r) => r.count, (r) => r.lastExecutionId, (r) => r.lastAt),
    );
  if (f.usage.length) await db.query(UPSERT.usage, columns(f.usage, (r) => r.hour, (r) => r.workflowId, (r) => r.kind, (r) => r.count));
}

export class PgInsights implements InsightsRepository {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  async record(raw: RawInsight): Promise<void> {
    await this.#db.query('INSERT INTO insights_raw (execution_id, workflow_id, status, started_at, stopped_at, digest) VALUES ($1, $2, $3, $4, $5, $6)', [
      raw.executionId,
      raw.workflowId,
      raw.status,
      raw.startedAt,
      raw.stoppedAt ?? null,
      digestJson(raw.digest),
    ]);
  }

  async compact(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.#db.tx(async (db) => {
        await db.query('SELECT pg_advisory_xact_lock($1)', [COMPACT_LOCK]);
        const { rows } = await db.query(`DELETE FROM insights_raw WHERE seq IN (SELECT seq FROM insights_raw ORDER BY seq LIMIT ${BATCH}) RETURNING *`);
        if (rows.length) await apply(db, fold(rows.map((r) => rawFromRow(r, iso))));
        return rows.length;
      });
      total += n;
      if (n < BATCH) return total;
    }
  }

  async rows(range: InsightsRange): Promise<InsightsRows> {
    const params: unknown[] = [range.from, range.to];
    if (range.workflowId !== undefined) params.push(range.workflowId);
    const where = `hour >= $1 AND hour < $2${range.workflowId !== undefined ? ' AND workflow_id = $3' : ''}`;
    const all = async (sql: string) => (await this.#db.query(sql, params)).rows;
    const [runs, usage, nodes, durations, errors] = await Promise.all([
      all(`SELECT * FROM insights_runs WHERE ${where}`),
      all(`SELECT * FROM insights_usage WHERE ${where}`),
      all(`SELECT workflow_id, node, max(node_type) AS node_type, sum(runs) AS runs, sum(errors) AS errors, sum(duration_ms_sum) AS duration_ms_sum,
        max(duration_ms_max) AS duration_ms_max FROM insights_nodes WHERE ${where} GROUP BY workflow_id, node`),
      all(`SELECT workflow_id, node, bucket, sum(count) AS count FROM insights_durations WHERE ${where} GROUP BY workflow_id, node, bucket`),
      all(`SELECT workflow_id, node, message, sum(count) AS count, (array_agg(last_execution_id ORDER BY last_at DESC))[1] AS last_execution_id,
        max(last_at) AS last_at FROM insights_errors WHERE ${where} GROUP BY workflow_id, node, message`),
    ]);
    return {
      runs: runs.map((r) => ({
        hour: iso(r.hour),
        workflowId: String(r.workflow_id),
        status: String(r.status),
        runs: Number(r.runs),
        durationMsSum: Number(r.duration_ms_sum),
        durationMsMax: Number(r.duration_ms_max),
      })),
      usage: usage.map((r) => ({ hour: iso(r.hour), workflowId: String(r.workflow_id), kind: String(r.kind), count: Number(r.count) })),
      nodes: nodes.map(nodeFromRow),
      durations: durations.map((r) => ({ workflowId: String(r.workflow_id), node: String(r.node), bucket: Number(r.bucket), count: Number(r.count) })),
      errors: errors.map((r) => errorFromRow(r, iso)),
    };
  }

  async prune(before: string): Promise<number> {
    return this.#db.tx(async (db) => {
      let n = 0;
      for (const table of TABLES) n += (await db.query(`DELETE FROM ${table} WHERE hour < $1`, [before])).rowCount ?? 0;
      return n;
    });
  }
}
