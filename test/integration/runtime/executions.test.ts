import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventBus } from '../../../host/runtime/events.ts';
import { createExecutionService } from '../../../host/runtime/executions.ts';
import type { HostEvent } from '../../../host/runtime/types.ts';
import { createSqliteStorage } from '../../../host/storage/sqlite/index.ts';
import type { Storage } from '../../../host/storage/storage.ts';
import { engineDeps, trigger, workflow } from '../../helpers/engine.ts';

let storage: Storage;
afterEach(() => storage?.close());

async function service(runningRowDelayMs?: number) {
  storage = createSqliteStorage({ path: ':memory:', encryptionKey: randomBytes(32) });
  const events = createEventBus();
  const seen: HostEvent[] = [];
  events.subscribe((e) => seen.push(e));
  return { svc: createExecutionService({ storage, engine: await engineDeps(), events, runningRowDelayMs }), seen };
}

const slowFlow = (ms: number) =>
  workflow([trigger, { name: 'Slow', type: 'test.slow', parameters: { ms } }], [['Start', 'Slow']], { id: 'wf-slow' });

describe('execution service', () => {
  it('shows a long run as running in storage, then stores its final state', async () => {
    const { svc } = await service(50);
    const done = svc.run({ workflow: slowFlow(400) });
    await expect.poll(async () => (await storage.executions.list({ workflowId: 'wf-slow' })).data[0]?.status, { timeout: 2000 }).toBe('running');
    const record = await done;
    expect(record.status).toBe('success');
    expect((await storage.executions.get(record.id))?.runData.Slow).toHaveLength(1);
  });

  it('writes a quick run once, already finished', async () => {
    const { svc } = await service(10_000);
    const record = await svc.run({ workflow: slowFlow(1), input: [{ a: 1 }] });
    const stored = await storage.executions.get(record.id);
    expect(stored).toMatchObject({ status: 'success', mode: 'manual', workflowId: 'wf-slow' });
    expect(stored?.runData.Start[0].data?.main[0]?.[0].json).toEqual({ a: 1 });
  });

  it('cancels a running execution and publishes the lifecycle in order', async () => {
    const { svc, seen } = await service();
    const done = svc.run({ workflow: slowFlow(5000) });
    await expect.poll(() => svc.running().length).toBe(1);
    expect(await svc.cancel(svc.running()[0])).toBe(true);
    const record = await done;
    expect(record.status).toBe('canceled');
    expect(await svc.cancel(record.id)).toBe(false);
    expect(seen.map((e) => e.type)).toEqual(['execution.started', 'node.started', 'node.finished', 'node.started', 'node.finished', 'execution.finished']);
  });

  it('retries a failed execution with the items that started it', async () => {
    const { svc } = await service();
    const wf = workflow([trigger, { name: 'Flaky', type: 'test.flaky', parameters: { failTimes: 1 } }], [['Start', 'Flaky']], { id: 'wf-flaky' });
    const first = await svc.run({ workflow: wf, input: [{ order: 7 }] });
    expect(first.status).toBe('error');
    const retry = await svc.retry(first.id);
    expect(retry).toMatchObject({ status: 'success', mode: 'retry', retryOf: first.id });
    expect(retry.runData.Flaky[0].data?.main[0]?.[0].json).toEqual({ order: 7 });
  });

  it('saves an invalid workflow run as a failed execution naming the node', async () => {
    const { svc } = await service();
    const wf = workflow([trigger, { name: 'Ghost', type: 'n8n-nodes-base.nothing' }], [['Start', 'Ghost']]);
    const record = await svc.run({ workflow: wf });
    expect(record).toMatchObject({ status: 'error', error: { node: 'Ghost' } });
    expect((await storage.executions.get(record.id))?.status).toBe('error');
  });
});
