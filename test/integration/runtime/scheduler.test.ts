import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../host/engine/types.ts';
import { ValidationError } from '../../../host/model/index.ts';
import type { INodeParameters, Workflow } from '../../../host/model/index.ts';
import { createEventBus } from '../../../host/runtime/events.ts';
import { createExecutionService } from '../../../host/runtime/executions.ts';
import { createScheduler, scheduleRecordKey } from '../../../host/runtime/scheduler.ts';
import type { Scheduler } from '../../../host/runtime/scheduler.ts';
import { createSqliteStorage } from '../../../host/storage/sqlite/index.ts';
import type { Storage } from '../../../host/storage/storage.ts';
import { engineDeps, set, workflow } from '../../helpers/engine.ts';
import { ManualClock } from '../../helpers/schedule-clock.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

let storage: Storage;
let schedulers: Scheduler[];
let logs: { level: string; msg: string; meta?: object }[];
const logger: Logger = {
  debug: (msg, meta) => logs.push({ level: 'debug', msg, meta }),
  info: (msg, meta) => logs.push({ level: 'info', msg, meta }),
  warn: (msg, meta) => logs.push({ level: 'warn', msg, meta }),
  error: (msg, meta) => logs.push({ level: 'error', msg, meta }),
  child: () => logger,
};

beforeEach(() => {
  storage = createSqliteStorage({ path: ':memory:', encryptionKey: randomBytes(32) });
  schedulers = [];
  logs = [];
});
afterEach(async () => {
  for (const s of schedulers) await s.stop();
  await storage.close();
});

/** A scheduler as a freshly started host builds it: new execution service, same storage. */
async function boot(clock: ManualClock, graceMs?: number): Promise<Scheduler> {
  const executions = createExecutionService({ storage, engine: await engineDeps(), events: createEventBus() });
  const scheduler = createScheduler({ executions, storage, clock, logger, graceMs });
  schedulers.push(scheduler);
  return scheduler;
}

const TRIGGER = 'Tick';

function scheduled(interval: INodeParameters[], extra: Partial<Workflow> = {}): Workflow {
  return workflow(
    [
      { name: TRIGGER, type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1.2, parameters: { rule: { interval } } },
      set('Shape', { at: '={{ $json.Hour }}:{{ $json.Minute }}' }),
    ],
    [[TRIGGER, 'Shape']],
    { id: 'wf-sched', active: true, settings: { executionOrder: 'v1', timezone: 'Europe/Berlin' }, ...extra },
  );
}

/** The slot timestamps of the workflow's executions, oldest first. */
async function fired(workflowId = 'wf-sched', trigger = TRIGGER): Promise<string[]> {
  const { data } = await storage.executions.list({ workflowId, limit: 200 });
  const out: string[] = [];
  for (const summary of data) {
    const record = (await storage.executions.get(summary.id))!;
    expect(record).toMatchObject({ mode: 'trigger', status: 'success' });
    const item = record.runData[trigger]?.[0]?.data?.main[0]?.[0]?.json;
    if (item) out.push(String(item.timestamp));
  }
  return out.sort();
}

async function step(clock: ManualClock, scheduler: Scheduler, ms: number) {
  clock.advance(ms);
  await scheduler.idle();
}

describe('scheduler with a fake clock', () => {
  it('fires each slot exactly once, at its time, with the slot item in the workflow timezone', async () => {
    const clock = new ManualClock('2024-05-01T09:59:30Z');
    const scheduler = await boot(clock);
    await scheduler.register(scheduled([{ field: 'minutes', minutesInterval: 1 }]));
    expect(scheduler.planned()).toEqual([{ workflowId: 'wf-sched', node: TRIGGER, at: '2024-05-01T10:00:00.000Z' }]);

    await step(clock, scheduler, 29 * SECOND);
    expect(await fired()).toEqual([]);
    await step(clock, scheduler, SECOND);
    expect(await fired()).toEqual(['2024-05-01T12:00:00.000+02:00']);
    await step(clock, scheduler, 3 * MINUTE + 500);
    expect(await fired()).toEqual([
      '2024-05-01T12:00:00.000+02:00',
      '2024-05-01T12:01:00.000+02:00',
      '2024-05-01T12:02:00.000+02:00',
      '2024-05-01T12:03:00.000+02:00',
    ]);

    // Runs fired in the same millisecond have no stable start order: pick the 12:03 slot's run by its item.
    const { data } = await storage.executions.list({ workflowId: 'wf-sched' });
    const runs = await Promise.all(data.map((d) => storage.executions.get(d.id)));
    const last = runs.find((r) => r?.runData[TRIGGER]?.[0]?.data?.main[0]?.[0]?.json.timestamp === '2024-05-01T12:03:00.000+02:00');
    expect(last?.runData.Shape[0].data?.main[0]?.[0].json).toMatchObject({ at: '12:03' });
  });

  it('records the fired slot before the run, in its own static-data row', async () => {
    const clock = new ManualClock('2024-05-01T09:59:59Z');
    const scheduler = await boot(clock);
    await scheduler.register(scheduled([{ field: 'minutes', minutesInterval: 1 }]));
    await step(clock, scheduler, SECOND);
    expect(await storage.staticData.get(scheduleRecordKey('wf-sched'))).toEqual({
      nodes: { [TRIGGER]: { until: '2024-05-01T10:00:00.000Z', lastFired: '2024-05-01T10:00:00.000Z' } },
    });
    expect(await storage.staticData.get('wf-sched')).toEqual({}); // the workflow's own static data is untouched
  });

  it('never fires a slot from before the activation', async () => {
    const clock = new ManualClock('2024-05-01T10:00:30Z');
    const scheduler = await boot(clock);
    await scheduler.register(scheduled([{ field: 'minutes', minutesInterval: 1 }]));
    await step(clock, scheduler, 29 * SECOND);
    expect(await fired()).toEqual([]);
    await step(clock, scheduler, SECOND);
    expect(await fired()).toEqual(['2024-05-01T12:01:00.000+02:00']);
  });

  it('fires a workflow with two schedule nodes from each node at its own slots', async () => {
    const clock = new ManualClock('2024-05-01T09:58:30Z');
    const scheduler = await boot(clock);
    const wf = scheduled([{ field: 'minutes', minutesInterval: 1 }]);
    wf.nodes.push({ id: 'Hourly', name: 'Hourly', type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1, position: [0, 200], parameters: { rule: { interval: [{ field: 'cronExpression', expression: '0 * * * *' }] } } });
    await scheduler.register(wf);
    await step(clock, scheduler, 2 * MINUTE);
    expect(await fired('wf-sched', TRIGGER)).toEqual(['2024-05-01T11:59:00.000+02:00', '2024-05-01T12:00:00.000+02:00']);
    expect(await fired('wf-sched', 'Hourly')).toEqual(['2024-05-01T12:00:00.000+02:00']);
  });

  it('stops firing after unregister and forgets the progress', async () => {
    const clock = new ManualClock('2024-05-01T09:59:59Z');
    const scheduler = await boot(clock);
    const wf = scheduled([{ field: 'minutes', minutesInterval: 1 }]);
    await scheduler.register(wf);
    await step(clock, scheduler, SECOND);
    await scheduler.unregister('wf-sched');
    expect(scheduler.planned()).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
    await step(clock, scheduler, 10 * MINUTE);
    expect(await fired()).toHaveLength(1);
    expect(await storage.staticData.get(scheduleRecordKey('wf-sched'))).toEqual({});

    // Activated again later: no catch-up of the slots while it was inactive.
    await scheduler.register(wf);
    await step(clock, scheduler, 0);
    expect(await fired()).toHaveLength(1);
    await step(clock, scheduler, MINUTE);
    expect(await fired()).toEqual(['2024-05-01T12:00:00.000+02:00', '2024-05-01T12:11:00.000+02:00']);
  });

  it('re-plans an edited active workflow from now, without firing a catch-up slot', async () => {
    const clock = new ManualClock('2024-05-01T09:59:59Z');
    const scheduler = await boot(clock);
    await scheduler.register(scheduled([{ field: 'hours' }]));
    await step(clock, scheduler, SECOND + 2 * MINUTE + 30 * SECOND); // fired 10:00, now 10:02:30
    await scheduler.register(scheduled([{ field: 'minutes', minutesInterval: 1 }]));
    await step(clock, scheduler, 0);
    expect(await fired()).toEqual(['2024-05-01T12:00:00.000+02:00']);
    await step(clock, scheduler, 30 * SECOND);
    expect(await fired()).toEqual(['2024-05-01T12:00:00.000+02:00', '2024-05-01T12:03:00.000+02:00']);
  });

  it('rejects an invalid schedule, naming the node and the parameter', async () => {
    const scheduler = await boot(new ManualClock('2024-05-01T10:00:00Z'));
    const bad = scheduled([{ field: 'cronExpression', expression: '0 25 * * *' }]);
    await expect(scheduler.register(bad)).rejects.toThrow(ValidationError);
    await expect(scheduler.register(bad)).rejects.toMatchObject({ node: TRIGGER, field: 'rule.interval[0].expression' });
    expect(scheduler.planned()).toEqual([]);
  });
});

describe('restarts', () => {
  it('does not fire a slot again after a restart', async () => {
    const clock = new ManualClock('2024-05-01T09:59:59Z');
    const first = await boot(clock);
    const wf = scheduled([{ field: 'minutes', minutesInterval: 1 }]);
    await first.register(wf);
    await step(clock, first, SECOND + MINUTE); // 10:00 and 10:01 fired
    await first.stop();

    const second = await boot(clock); // restarted within the same minute
    await second.register(wf);
    await step(clock, second, 59 * SECOND);
    expect(await fired()).toEqual(['2024-05-01T12:00:00.000+02:00', '2024-05-01T12:01:00.000+02:00']);
    await step(clock, second, SECOND);
    expect(await fired()).toHaveLength(3);
  });

  it('fires only the newest missed slot when it is within the grace window', async () => {
    const clock = new ManualClock('2024-05-01T09:59:59Z');
    const first = await boot(clock);
    const wf = scheduled([{ field: 'minutes', minutesInterval: 1 }]);
    await first.register(wf);
    await step(clock, first, 11 * SECOND); // 10:00 fired, now 10:00:10
    await first.stop();

    clock.advance(7 * MINUTE + 20 * SECOND); // down until 10:07:30: 10:01 … 10:07 missed
    const second = await boot(clock, 5 * MINUTE);
    await second.register(wf);
    await step(clock, second, 0);
    expect(await fired()).toEqual(['2024-05-01T12:00:00.000+02:00', '2024-05-01T12:07:00.000+02:00']);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'schedule: missed slots skipped' }));
    await step(clock, second, 30 * SECOND);
    expect(await fired()).toEqual(['2024-05-01T12:00:00.000+02:00', '2024-05-01T12:07:00.000+02:00', '2024-05-01T12:08:00.000+02:00']);
  });

  it('skips a missed slot older than the grace window and waits for the next one', async () => {
    const clock = new ManualClock('2024-05-01T00:00:00Z');
    const first = await boot(clock);
    const wf = scheduled([{ field: 'days', triggerAtHour: 3 }]); // 03:00 Berlin = 01:00 UTC
    await first.register(wf);
    await step(clock, first, HOUR);
    expect(await fired()).toEqual(['2024-05-01T03:00:00.000+02:00']);
    await first.stop();

    clock.advance(24 * HOUR + 10 * MINUTE); // back at 03:10 the next day
    const second = await boot(clock, 5 * MINUTE);
    await second.register(wf);
    await step(clock, second, 0);
    expect(await fired()).toHaveLength(1);
    expect(second.planned()[0].at).toBe('2024-05-03T01:00:00.000Z');
    expect(logs.filter((l) => l.msg === 'schedule: missed slots skipped')).toHaveLength(1);
    await step(clock, second, 24 * HOUR);
    expect(await fired()).toEqual(['2024-05-01T03:00:00.000+02:00', '2024-05-03T03:00:00.000+02:00']);
  });

  it('does not replay a backlog after a long stall of the event loop', async () => {
    const clock = new ManualClock('2024-05-01T09:59:59Z');
    const scheduler = await boot(clock);
    await scheduler.register(scheduled([{ field: 'seconds', secondsInterval: 10 }]));
    await step(clock, scheduler, SECOND); // 10:00:00 fired
    clock.jump(65 * SECOND); // the loop was blocked: 10:00:10 … 10:01:00 came due unnoticed
    await step(clock, scheduler, 0);
    expect(await fired()).toEqual(['2024-05-01T12:00:00.000+02:00', '2024-05-01T12:01:00.000+02:00']);
    await step(clock, scheduler, 5 * SECOND);
    expect(await fired()).toHaveLength(3);
  });
});
