// GET /api/v1/insights on a real host, SQLite and PostgreSQL: webhook runs that succeed and fail are
// counted once each, equal to a direct count over the executions table, keep counting after the
// executions are pruned, include runs their workflow does not save, and leave editor runs out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionStatus, INode, WorkflowInput } from '../../../host/model/index.ts';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';
import { type TestDatabase, createTestDatabase } from '../../helpers/postgres.ts';
import { validate } from '../../helpers/json-schema.ts';
import { openApiSchemas } from '../../../host/server/openapi-schemas.ts';

function flow(path: string, settings: WorkflowInput['settings'] = {}): WorkflowInput {
  const nodes: INode[] = [
    { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path, responseMode: 'lastNode' } },
    {
      id: 'c',
      name: 'Check Order',
      type: 'n8n-nodes-base.code',
      typeVersion: 2,
      position: [200, 0],
      parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: 'if ($json.body.fail) throw new Error(`Order ${$json.body.n} has no customer`);\nreturn [{ json: { ok: true } }];' },
    },
  ];
  return { name: `Insights ${path}`, nodes, connections: { Webhook: { main: [[{ node: 'Check Order', type: 'main', index: 0 }]] } }, settings: { executionOrder: 'v1', ...settings } };
}

async function directCount(t: TestHost, workflowId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let cursor: string | undefined;
  do {
    const page = await t.host.storage.executions.list({ workflowId, limit: 250, cursor });
    for (const e of page.data) if (e.mode !== 'manual') counts[e.status] = (counts[e.status] ?? 0) + 1;
    cursor = page.nextCursor;
  } while (cursor);
  return counts;
}

const FINISHED: ExecutionStatus[] = ['success', 'error', 'canceled', 'crashed'];

for (const storage of ['sqlite', 'postgres'] as const) {
  describe(`insights (${storage})`, () => {
    let t: TestHost;
    let db: TestDatabase | undefined;
    beforeAll(async () => {
      if (storage === 'postgres') db = await createTestDatabase();
      t = await startTestHost({}, {}, { postgresUrl: db?.url });
    });
    afterAll(async () => {
      await t?.close();
      await db?.drop();
    });

    const post = (path: string, body: unknown) => fetch(`${t.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const insights = async (query = '') => {
      const res = await t.api(`/api/v1/insights${query}`);
      expect(res.status, await res.clone().text()).toBe(200);
      return res.json();
    };

    it('counts each run once, equal to a direct count, and keeps the counts after pruning', async () => {
      const id = await t.deploy(flow('orders'));
      const answers = await Promise.all(Array.from({ length: 12 }, (_, n) => post('orders', { n, fail: n % 4 === 0 })));
      expect(answers.map((a) => a.status).sort()).toEqual([...Array(9).fill(200), ...Array(3).fill(500)]);
      // Writing a finished row again (a retried statement, a late cancel) does not count it twice.
      const failed = (await t.host.storage.executions.list({ workflowId: id, status: 'error' })).data[0];
      await t.host.storage.executions.update(failed.id, { status: 'error', stoppedAt: new Date().toISOString() });

      const direct = await directCount(t, id);
      expect(direct).toEqual({ success: 9, error: 3 });
      const report = await insights(`?workflowId=${id}`);
      expect(validate(openApiSchemas.InsightsReport, report)).toEqual([]);
      expect(report.totals).toMatchObject({ executions: 12, success: 9, error: 3, canceled: 0, crashed: 0 });
      for (const status of FINISHED) expect(report.totals[status]).toBe(direct[status] ?? 0);
      expect(report.totals.errorRate).toBeCloseTo(0.25);
      expect(report.totals.p50Ms).toBeGreaterThanOrEqual(0);
      expect(report.totals.p95Ms).toBeGreaterThanOrEqual(report.totals.p50Ms);
      expect(report.series.reduce((n: number, p: { success: number; error: number }) => n + p.success + p.error, 0)).toBe(12);
      expect(report.workflows).toEqual([expect.objectContaining({ workflowId: id, name: 'Insights orders', executions: 12, success: 9, error: 3 })]);
      const code = report.nodes.find((n: { node: string }) => n.node === 'Check Order');
      expect(code).toMatchObject({ workflowId: id, nodeType: 'n8n-nodes-base.code', runs: 12, errors: 3 });
      expect(code.p95Ms).toBeGreaterThanOrEqual(code.p50Ms);
      expect(report.errors).toHaveLength(3);
      expect(report.errors.map((e: { message: string }) => e.message).sort()).toEqual(['Order 0 has no customer [line 1]', 'Order 4 has no customer [line 1]', 'Order 8 has no customer [line 1]']);
      for (const e of report.errors) {
        expect(e).toMatchObject({ node: 'Check Order', count: 1, workflowName: 'Insights orders' });
        expect((await t.host.storage.executions.get(e.lastExecutionId))?.status).toBe('error');
      }

      // The executions go; what Insights counted stays.
      const { deleted } = await t.host.storage.executions.prune({ maxCount: 0 });
      expect(deleted).toBeGreaterThanOrEqual(12);
      expect(await directCount(t, id)).toEqual({});
      const after = await insights(`?workflowId=${id}`);
      expect(after.totals).toEqual(report.totals);
      expect(after.nodes).toEqual(report.nodes);
    });

    it('counts runs their workflow does not save, and leaves editor runs out', async () => {
      const id = await t.deploy(flow('unsaved', { saveDataSuccessExecution: 'none' }));
      for (let n = 0; n < 3; n++) expect((await post('unsaved', { n })).status).toBe(200);
      expect(await directCount(t, id)).toEqual({});
      const manual = await t.api(`/api/v1/workflows/${id}/run`, { method: 'POST', body: JSON.stringify({}) });
      expect(manual.status, await manual.clone().text()).toBeLessThan(300);
      const report = await insights(`?workflowId=${id}`);
      expect(report.totals).toMatchObject({ executions: 3, success: 3 });
    });

    it('buckets by local day in the time zone asked for', async () => {
      const to = new Date(Date.now() + 3_600_000).toISOString();
      const from = new Date(Date.now() - 3 * 86_400_000).toISOString();
      const report = await insights(`?from=${from}&to=${to}&bucket=day&tz=Asia/Kolkata`);
      // Kolkata is UTC+5:30 (hours there start at :30 UTC): each day bucket starts at 18:30 UTC… but
      // buckets are made of whole UTC hours, so a day starts at the first whole hour of the local day.
      expect(report.series.length).toBeGreaterThanOrEqual(3);
      for (const p of report.series.slice(1)) expect(new Date(p.at).getUTCHours()).toBe(19);
      const paris = await insights(`?from=${from}&to=${to}&bucket=day&tz=Europe/Paris`);
      for (const p of paris.series.slice(1)) expect([22, 23]).toContain(new Date(p.at).getUTCHours());
      expect(paris.totals.executions).toBe(report.totals.executions);
    });

    it('names the parameter at fault with a 400', async () => {
      const cases: [string, string][] = [
        ['?tz=Mars/Olympus', 'tz'],
        ['?from=yesterday', 'from'],
        ['?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
        ['?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&bucket=hour', 'bucket'],
        ['?bucket=week', 'bucket'],
        ['?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
      ];
      for (const [query, field] of cases) {
        const res = await t.api(`/api/v1/insights${query}`);
        expect(res.status, query).toBe(400);
        expect(JSON.stringify(await res.json()), query).toContain(field);
      }
    });
  });
}
