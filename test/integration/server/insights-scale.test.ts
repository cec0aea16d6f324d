// A 100,000-execution history over 30 days and 20 workflows: the Insights answer comes from the
// hourly aggregates, so it stays fast (≤ 1 s, the bound for the whole page) and equal to a
// direct count over the executions table.
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';
import { seedInsightsHistory } from '../../helpers/insights-history.ts';

const EXECUTIONS = 100_000;
const WORKFLOWS = 20;
const DAYS = 30;

let t: TestHost;
beforeAll(async () => {
  // Nothing pruned while the test compares with the executions table.
  t = await startTestHost({ GIGAFLOW_PRUNE_INTERVAL_MINUTES: '0' });
});
afterAll(() => t?.close());

describe('insights over 100,000 executions', () => {
  it('answers 30 days from the aggregates in well under a second, equal to a direct count', { timeout: 120_000 }, async () => {
    // The host folds every 10 s while it runs; here all at once.
    expect(await seedInsightsHistory(t.host.storage, EXECUTIONS, WORKFLOWS, DAYS)).toBe(EXECUTIONS);
    const now = Date.now();
    const from = new Date(now - DAYS * 86_400_000).toISOString();
    const to = new Date(now).toISOString();
    const times: number[] = [];
    let report: { totals: Record<string, number>; series: unknown[]; workflows: { executions: number }[]; nodes: unknown[]; errors: { count: number }[]; usage: { sms: number } } | undefined;
    for (let n = 0; n < 3; n++) {
      const began = performance.now();
      const res = await t.api(`/api/v1/insights?from=${from}&to=${to}&bucket=day&tz=Europe/Paris`);
      report = await res.json();
      times.push(performance.now() - began);
      expect(res.status).toBe(200);
    }
    expect(Math.min(...times), `answer times ${times.map((x) => x.toFixed(0)).join(', ')} ms`).toBeLessThan(1000);

    const raw = new DatabaseSync(join(t.dataDir, 'gigaflow.sqlite'), { readOnly: true });
    try {
      const direct = raw.prepare('SELECT status, count(*) AS n FROM executions GROUP BY status').all();
      const byStatus = Object.fromEntries(direct.map((r) => [String(r.status), Number(r.n)]));
      expect(report!.totals).toMatchObject({ executions: EXECUTIONS, success: byStatus.success, error: byStatus.error });
    } finally {
      raw.close();
    }
    expect(report!.series.length).toBeGreaterThanOrEqual(DAYS);
    expect(report!.workflows).toHaveLength(WORKFLOWS);
    expect(report!.workflows.reduce((n, w) => n + w.executions, 0)).toBe(EXECUTIONS);
    // 20 workflows × 3 messages: the 10 most frequent, most frequent first.
    const counts = report!.errors.map((e) => e.count);
    expect(counts).toHaveLength(10);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(report!.totals.error).toBe(Math.ceil(EXECUTIONS / 13));
    expect(report!.usage.sms).toBe(EXECUTIONS / 2);
  });
});
