// Insights on SQLite: finished executions land in insights_raw inside the execution write's own
// transaction (insertRaw, called from executions.ts); compact() folds them into the hourly tables
// in batches (host/insights/fold.ts does the sums), one transaction per batch.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { RawInsight } from '../../insights/digest.ts';
import { type Folded, type InsightsRows, fold } from '../../insights/fold.ts';
import type { ExecutionStatus } from '../../model/index.ts';
import type { InsightsRange, InsightsRepository } from '../storage.ts';
import type { Db, Row } from './db.ts';

const BATCH = 5000;
const INSERT_RAW = 'INSERT INTO insights_raw (execution_id, workflow_id, status, started_at, stopped_at, digest) VALUES (?, ?, ?, ?, ?, ?)';

/** Records a finished execution; runs inside the caller's transaction. */
export function insertRaw(db: Db, raw: RawInsight): void {
  const digest = raw.digest && Object.keys(raw.digest).length ? JSON.stringify(raw.digest) : null;
  db.stmt(INSERT_RAW).run(raw.executionId, raw.workflowId, raw.status, raw.startedAt, raw.stoppedAt ?? null, digest);
}

const UPSERT = {
  runs: `INSERT INTO insights_runs (hour, workflow_id, status, runs, duration_ms_sum, duration_ms_max) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET runs = runs + excluded.runs, duration_ms_sum = duration_ms_sum + excluded.duration_ms_sum,
    duration_ms_max = max(duration_ms_max, excluded.duration_ms_max)`,
  nodes: `INSERT INTO insights_nodes (hour, workflow_id, node, node_type, runs, errors, duration_ms_sum, duration_ms_max) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET runs = runs + excluded.runs, errors = errors + excluded.errors, duration_ms_sum = duration_ms_sum + excluded.duration_ms_sum,
    duration_ms_max = max(duration_ms_max, excluded.duration_ms_max), node_type = IIF(node_type = '', excluded.node_type, node_type)`,
  durations: `INSERT INTO insights_durations (hour, workflow_id, node, bucket, count) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET count = count + excluded.count`,
  errors: `INSERT INTO insights_errors (hour, workflow_id, node, message, count, last_execution_id, last_at) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET count = count + excluded.count,
    last_execution_id = IIF(excluded.last_at >= last_at, excluded.last_execution_id, last_execution_id), last_at = max(last_at, excluded.last_at)`,
  usage: `INSERT INTO insights_usage (hour, workflow_id, kind, count) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET count = count + excluded.count`,
};

const TABLES = ['insights_runs', 'insights_nodes', 'insights_durations', 'insights_errors', 'insights_usage'] as const;

/** An insights_raw row; `time` reads the driver's instants (SQLite: ISO text; PostgreSQL: Date). */
export function rawFromRow(row: Row, time: (v: unknown) => string = String): RawInsight {
  return {
    executionId: String(row.execution_id),
    workflowId: String(row.workflow_id),
    status: String(row.status) as ExecutionStatus,
    startedAt: time(row.started_at),
    stoppedAt: row.stopped_at === null ? null : time(row.stopped_at),
    digest: row.digest === null ? null : JSON.parse(String(row.digest)),
  };
}

export const nodeFromRow = (r: Row) => ({
  workflowId: String(r.workflow_id),
  node: String(r.node),
  nodeType: String(r.node_type ?? ''),
  runs: Number(r.runs),
  errors: Number(r.errors),
  durationMsSum: Number(r.duration_ms_sum),
  durationMsMax: Number(r.duration_ms_max),
});

export const errorFromRow = (r: Row, time: (v: unknown) => string = String) => ({
  workflowId: String(r.workflow_id),
  node: String(r.node),
  message: String(r.message),
  count: Number(r.count),
  lastExecutionId: String(r.last_execution_id),
  lastAt: time(r.last_at),
});

export class SqliteInsights implements InsightsRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async record(raw: RawInsight): Promise<void> {
    return this.#db.defer(() => insertRaw(this.#db, raw));
  }

  async compact(): Promise<number> {
    const db = this.#db;
    let total = 0;
    for (;;) {
      const n = db.tx(() => {
        const rows = db.stmt(`SELECT * FROM insights_raw ORDER BY seq LIMIT ${BATCH}`).all();
        if (!rows.length) return 0;
        this.#apply(fold(rows.map((r) => rawFromRow(r))));
        db.stmt('DELETE FROM insights_raw WHERE seq <= ?').run(rows[rows.length - 1].seq);
        return rows.length;
      });
      total += n;
      if (n < BATCH) return total;
      await yieldToLoop();
    }
  }

  #apply(f: Folded): void {
    const db = this.#db;
    for (const r of f.runs) db.stmt(UPSERT.runs).run(r.hour, r.workflowId, r.status, r.runs, r.durationMsSum, r.durationMsMax);
    for (const r of f.nodes) db.stmt(UPSERT.nodes).run(r.hour, r.workflowId, r.node, r.nodeType, r.runs, r.errors, r.durationMsSum, r.durationMsMax);
    for (const r of f.durations) db.stmt(UPSERT.durations).run(r.hour, r.workflowId, r.node, r.bucket, r.count);
    for (const r of f.errors) db.stmt(UPSERT.errors).run(r.hour, r.workflowId, r.node, r.message, r.count, r.lastExecutionId, r.lastAt);
    for (const r of f.usage) db.stmt(UPSERT.usage).run(r.hour, r.workflowId, r.kind, r.count);
  }

  async rows(range: InsightsRange): Promise<InsightsRows> {
    const where = `hour >= :from AND hour < :to${range.workflowId !== undefined ? ' AND workflow_id = :wf' : ''}`;
    const params = { from: range.from, to: range.to, ...(range.workflowId !== undefined ? { wf: range.workflowId } : {}) };
    const all = (sql: string) => this.#db.stmt(sql).all(params);
    return {
      runs: all(`SELECT * FROM insights_runs WHERE ${where}`).map((r) => ({
        hour: String(r.hour),
        workflowId: String(r.workflow_id),
        status: String(r.status),
        runs: Number(r.runs),
        durationMsSum: Number(r.duration_ms_sum),
        durationMsMax: Number(r.duration_ms_max),
      })),
      usage: all(`SELECT * FROM insights_usage WHERE ${where}`).map((r) => ({ hour: String(r.hour), workflowId: String(r.workflow_id), kind: String(r.kind), count: Number(r.count) })),
      nodes: all(
        `SELECT workflow_id, node, max(node_type) AS node_type, sum(runs) AS runs, sum(errors) AS errors, sum(duration_ms_sum) AS duration_ms_sum,
         max(duration_ms_max) AS duration_ms_max FROM insights_nodes WHERE ${where} GROUP BY workflow_id, node`,
      ).map(nodeFromRow),
      durations: all(`SELECT workflow_id, node, bucket, sum(count) AS count FROM insights_durations WHERE ${where} GROUP BY workflow_id, node, bucket`).map((r) => ({
        workflowId: String(r.workflow_id),
        node: String(r.node),
        bucket: Number(r.bucket),
        count: Number(r.count),
      })),
      // SQLite takes the bare column last_execution_id from the row that has max(last_at).
      errors: all(
        `SELECT workflow_id, node, message, sum(count) AS count, last_execution_id, max(last_at) AS last_at FROM insights_errors WHERE ${where}
         GROUP BY workflow_id, node, message`,
      ).map((r) => errorFromRow(r)),
    };
  }

  async prune(before: string): Promise<number> {
    return this.#db.tx(() => TABLES.reduce((n, table) => n + Number(this.#db.stmt(`DELETE FROM ${table} WHERE hour < ?`).run(before).changes), 0));
  }
}
