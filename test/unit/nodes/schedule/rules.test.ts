import { describe, expect, it } from 'vitest';
import type { INode, INodeParameters, Workflow } from '../../../../host/model/index.ts';
import { ValidationError } from '../../../../host/model/index.ts';
import { compileSchedule, scheduleZone, validateSchedule, validateSchedules } from '../../../../host/runtime/schedule-rules.ts';

const node = (interval: unknown, name = 'Nightly sync'): INode => ({
  id: 'n1',
  name,
  type: 'n8n-nodes-base.scheduleTrigger',
  typeVersion: 1.2,
  position: [0, 0],
  parameters: (interval === undefined ? {} : { rule: { interval } }) as INodeParameters,
});

/** The ValidationError thrown for a node, so a test can check what it names. */
function errorOf(n: INode): ValidationError {
  try {
    validateSchedule(n);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('compileSchedule', () => {
  it("fills n8n's defaults for values left out of saved JSON", () => {
    expect(compileSchedule(node(undefined))).toEqual([{ index: 0, field: 'days', cron: '0 0 0 * * *' }]);
    expect(compileSchedule(node([{ field: 'seconds' }]))[0].cron).toBe('*/30 * * * * *');
    expect(compileSchedule(node([{ field: 'weeks', weeksInterval: 3 }]))[0]).toEqual({ index: 0, field: 'weeks', cron: '0 0 0 * * 0', step: { unit: 'week', every: 3 } });
  });

  it('accepts numbers given as strings and Sunday as 7', () => {
    expect(compileSchedule(node([{ field: 'days', triggerAtHour: '7', triggerAtMinute: '45' }]))[0].cron).toBe('0 45 7 * * *');
    expect(compileSchedule(node([{ field: 'weeks', triggerAtDay: [7, 1] }]))[0].cron).toBe('0 0 0 * * 0,1');
  });
});

describe('validation names the node and the parameter', () => {
  it('rejects an invalid cron expression', () => {
    const err = errorOf(node([{ field: 'minutes' }, { field: 'cronExpression', expression: '100 * * * *' }]));
    expect(err.node).toBe('Nightly sync');
    expect(err.field).toBe('rule.interval[1].expression');
    expect(err.status).toBe(400);
    expect(err.message).toContain('Schedule Trigger "Nightly sync", rule 2');
    expect(err.message).toContain('"100 * * * *"');
  });

  it.each([
    ['empty', '', 'is empty'],
    ['too few fields', '0 9 * *', 'has 4 fields'],
    ['too many fields', '0 0 9 * * 1 2024', 'has 7 fields'],
    ['unknown alias', '@daily *', 'is invalid'],
    ['impossible date', '0 0 30 2 *', 'is invalid'],
    ['hash', 'H * * * *', 'H (hash)'],
    ['expression', '={{ $json.cron }}', 'fixed value'],
  ])('rejects a cron expression that is %s', (_label, expression, message) => {
    const err = errorOf(node([{ field: 'cronExpression', expression }]));
    expect(err.field).toBe('rule.interval[0].expression');
    expect(err.message).toContain(message);
  });

  it.each([
    [{ field: 'seconds', secondsInterval: 0 }, 'secondsInterval', 'from 1 to 59'],
    [{ field: 'minutes', minutesInterval: 60 }, 'minutesInterval', 'from 1 to 59'],
    [{ field: 'hours', hoursInterval: 24 }, 'hoursInterval', 'from 1 to 23'],
    [{ field: 'hours', triggerAtMinute: 75 }, 'triggerAtMinute', 'from 0 to 59'],
    [{ field: 'days', daysInterval: 1.5 }, 'daysInterval', 'whole number'],
    [{ field: 'days', triggerAtHour: 24 }, 'triggerAtHour', 'from 0 to 23'],
    [{ field: 'weeks', triggerAtDay: 'monday' }, 'triggerAtDay', 'list of weekdays'],
    [{ field: 'weeks', triggerAtDay: [9] }, 'triggerAtDay', 'from 0 to 7'],
    [{ field: 'months', triggerAtDayOfMonth: 32 }, 'triggerAtDayOfMonth', 'from 1 to 31'],
    [{ field: 'months', monthsInterval: 'often' }, 'monthsInterval', 'whole number'],
    [{ field: 'minutes', minutesInterval: '={{ 5 }}' }, 'minutesInterval', 'expression'],
    [{ field: 'fortnights' }, 'field', 'unknown trigger interval "fortnights"'],
  ])('rejects the interval %j', (entry, field, message) => {
    const err = errorOf(node([entry]));
    expect(err.node).toBe('Nightly sync');
    expect(err.field).toBe(`rule.interval[0].${field}`);
    expect(err.message).toContain(message);
  });

  it('rejects a node without rules', () => {
    const err = errorOf(node([]));
    expect(err).toMatchObject({ node: 'Nightly sync', field: 'rule.interval' });
  });
});

describe('validateSchedules', () => {
  const wf = (nodes: INode[], timezone?: string): Workflow => ({
    id: 'w',
    name: 'w',
    active: false,
    nodes,
    connections: {},
    settings: timezone ? { timezone } : {},
  });

  it('checks every enabled schedule node and skips disabled ones', () => {
    const bad = node([{ field: 'cronExpression', expression: 'nope' }], 'Broken');
    expect(() => validateSchedules(wf([node([{ field: 'minutes' }]), bad]))).toThrow(/Schedule Trigger "Broken"/);
    expect(() => validateSchedules(wf([node([{ field: 'minutes' }]), { ...bad, disabled: true }]))).not.toThrow();
  });

  it('rejects an unknown workflow timezone only when the workflow has a schedule', () => {
    expect(() => validateSchedules(wf([node([{ field: 'minutes' }])], 'Mars/Olympus'))).toThrow(
      expect.objectContaining({ field: 'settings.timezone', message: expect.stringContaining('"Mars/Olympus"') }),
    );
    expect(() => validateSchedules(wf([], 'Mars/Olympus'))).not.toThrow();
  });

  it("uses the workflow timezone, else the host's", () => {
    expect(scheduleZone({ settings: { timezone: 'Asia/Tokyo' } })).toBe('Asia/Tokyo');
    const host = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(scheduleZone({ settings: {} })).toBe(host);
    expect(scheduleZone({ settings: { timezone: 'DEFAULT' } })).toBe(host);
  });
});
