// Upgrading a SQLite database made before Insights: the migration counts the executions already
// stored (status and duration; per-node figures start with the upgrade), leaving out editor runs
// and unfinished ones.
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PgDb } from '../../../host/storage/postgres/db.ts';
import { PgInsights } from '../../../host/storage/postgres/insights.ts';
import { PG_MIGRATIONS, runPgMigrations } from '../../../host/storage/postgres/migrations.ts';
import { createTestDatabase } from '../../helpers/postgres.ts';
import { MIGRATIONS, runMigrations } from '../../../host/storage/sqlite/migrations.ts';
import { Db } from '../../../host/storage/sqlite/db.ts';
import { SqliteInsights } from '../../../host/storage/sqlite/insights.ts';

const ROWS: [string, string, string, string, string | null, string | null][] = [
  ['a', 'webhook', 'success', '2026-11-20T08:10:00.000Z', '2026-11-20T08:10:00.120Z', null],
  ['b', 'trigger', 'error', '2026-11-20T08:40:00.000Z', '2026-11-20T08:40:02.000Z', JSON.stringify({ message: 'boom', node: 'HTTP' })],
  ['c', 'manual', 'success', '2026-11-20T08:50:00.000Z', '2026-11-20T08:50:00.100Z', null],
  ['d', 'webhook', 'running', '2026-11-20T09:00:00.000Z', null, null],
  ['e', 'webhook', 'waiting', '2026-11-20T09:00:00.000Z', null, null],
];
const EXPECTED_RUNS = [
  { hour: '2026-11-20T08:00:00.000Z', workflowId: 'w1', status: 'error', runs: 1, durationMsSum: 2000, durationMsMax: 2000 },
  { hour: '2026-11-20T08:00:00.000Z', workflowId: 'w1', status: 'success', runs: 1, durationMsSum: 120, durationMsMax: 120 },
];
const RANGE = { from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' };

describe('the Insights migration on an existing database', () => {
  it('SQLite: counts the finished production executions already stored', async () => {
    const raw = new DatabaseSync(':memory:');
    try {
      runMigrations(raw, MIGRATIONS.filter((m) => m.version <= 5));
      const insert = raw.prepare(`INSERT INTO executions (id, workflow_id, mode, status, started_at, stopped_at, error, run_data) VALUES (?, 'w1', ?, ?, ?, ?, ?, '{}')`);
      for (const row of ROWS) insert.run(...row);
      expect(runMigrations(raw, MIGRATIONS.filter((m) => m.version <= 6))).toEqual([6]);

      const insights = new SqliteInsights(new Db(raw));
      expect(await insights.compact()).toBe(2);
      const rows = await insights.rows(RANGE);
      expect(rows.runs).toEqual(EXPECTED_RUNS);
      expect(rows.errors.map((e) => [e.lastExecutionId, e.node, e.message, e.count])).toEqual([['b', 'HTTP', 'boom', 1]]);
      // Folded once: a second compaction finds nothing left.
      expect(await insights.compact()).toBe(0);
    } finally {
      raw.close();
    }
  });

  it('PostgreSQL: the same', async () => {
    const database = await createTestDatabase();
    const db = new PgDb(new pg.Pool({ connectionString: database.url, max: 2 }));
    try {
      await runPgMigrations((fn) => db.tx(fn), PG_MIGRATIONS.filter((m) => m.version <= 1));
      for (const [id, mode, status, startedAt, stoppedAt, error] of ROWS)
        await db.query(`INSERT INTO executions (id, workflow_id, mode, status, started_at, stopped_at, error, run_data) VALUES ($1, 'w1', $2, $3, $4, $5, $6, '{}')`, [id, mode, status, startedAt, stoppedAt, error]);
      expect(await runPgMigrations((fn) => db.tx(fn), PG_MIGRATIONS.filter((m) => m.version <= 2))).toEqual([2]);
      const insights = new PgInsights(db);
      expect(await insights.compact()).toBe(2);
      const rows = await insights.rows(RANGE);
      expect([...rows.runs].sort((a, b) => a.status.localeCompare(b.status))).toEqual(EXPECTED_RUNS);
      expect(rows.errors.map((e) => [e.lastExecutionId, e.node, e.message, e.count])).toEqual([['b', 'HTTP', 'boom', 1]]);
      expect(await insights.compact()).toBe(0);
    } finally {
      await db.close();
      await database.drop();
    }
  });
});
