// A long execution history for Insights tests: `count` finished webhook executions spread over the
// last `days` days and `workflows` workflows (1 in 13 failing in its ERPNext node, one SMS every
// other run), written through storage as the execution service does, then folded into the hourly
// aggregates as the host does every 10 s.
import type { Storage } from '../../host/storage/storage.ts';

/** Resolves with how many executions the fold took in. */
export async function seedInsightsHistory(storage: Storage, count: number, workflows: number, days: number): Promise<number> {
  const ids: string[] = [];
  for (let w = 0; w < workflows; w++) ids.push((await storage.workflows.create({ name: `Flow ${w}`, nodes: [], connections: {}, settings: {} })).id);
  const now = Date.now();
  const span = days * 86_400_000 - 3_600_000;
  const BATCH = 2000;
  for (let start = 0; start < count; start += BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(BATCH, count - start) }, (_, k) => {
        const i = start + k;
        const startedAt = new Date(now - span + Math.floor((i / count) * span)).toISOString();
        const ms = (i * 7919) % 1500;
        const failed = i % 13 === 0;
        const message = `ERPNext answered 417 (${i % 3})`;
        return storage.executions.create(
          {
            workflowId: ids[i % workflows],
            mode: 'webhook',
            status: failed ? 'error' : 'success',
            startedAt,
            stoppedAt: new Date(Date.parse(startedAt) + ms).toISOString(),
            runData: {},
            ...(failed ? { error: { name: 'Error', message, node: 'Create Issue', timestamp: 0 } } : {}),
          },
          { insights: { nodes: [['Create Issue', 'n8n-nodes-gigafibre.erpNext', [ms], failed ? 1 : 0]], ...(failed ? { error: { node: 'Create Issue', message } } : {}), usage: { sms: i % 2 } } },
        );
      }),
    );
  }
  return storage.insights.compact();
}
