import { describe, expect, it } from 'vitest';
import type { INode, INodeParameters } from '../../../../host/model/index.ts';
import { compileSchedule } from '../../../../host/runtime/schedule-rules.ts';
import { dueSlot, nextSlot, scheduleItem, slotsAfter } from '../../../../host/runtime/schedule-slots.ts';

const node = (interval: INodeParameters[]): INode => ({
  id: 'n1',
  name: 'Schedule',
  type: 'n8n-nodes-base.scheduleTrigger',
  typeVersion: 1.2,
  position: [0, 0],
  parameters: { rule: { interval } },
});

/** The first `n` slots after `from`, as ISO strings. */
function slots(interval: INodeParameters[], from: string, zone: string, n: number): string[] {
  const out: string[] = [];
  for (const t of slotsAfter(compileSchedule(node(interval)), Date.parse(from), zone)) {
    out.push(new Date(t).toISOString());
    if (out.length === n) break;
  }
  return out;
}

const gapsInHours = (iso: string[]) => iso.slice(1).map((t, i) => (Date.parse(t) - Date.parse(iso[i])) / 3_600_000);

describe('interval rules', () => {
  it('seconds: every N seconds within the minute', () => {
    expect(slots([{ field: 'seconds', secondsInterval: 15 }], '2024-05-01T10:00:07Z', 'UTC', 4)).toEqual([
      '2024-05-01T10:00:15.000Z',
      '2024-05-01T10:00:30.000Z',
      '2024-05-01T10:00:45.000Z',
      '2024-05-01T10:01:00.000Z',
    ]);
  });

  it('minutes: uses the default of 5 when n8n left the value out', () => {
    expect(slots([{ field: 'minutes' }], '2024-05-01T10:02:00Z', 'UTC', 3)).toEqual([
      '2024-05-01T10:05:00.000Z',
      '2024-05-01T10:10:00.000Z',
      '2024-05-01T10:15:00.000Z',
    ]);
  });

  it('hours dividing 24: local hours 0, 6, 12, 18 at the minute, in the zone', () => {
    expect(slots([{ field: 'hours', hoursInterval: 6, triggerAtMinute: 30 }], '2024-01-10T00:00:00Z', 'Europe/Berlin', 4)).toEqual([
      '2024-01-10T05:30:00.000Z',
      '2024-01-10T11:30:00.000Z',
      '2024-01-10T17:30:00.000Z',
      '2024-01-10T23:30:00.000Z',
    ]);
  });

  it('hours not dividing 24: a steady rhythm across midnight', () => {
    const out = slots([{ field: 'hours', hoursInterval: 5, triggerAtMinute: 15 }], '2024-01-01T00:00:00Z', 'UTC', 8);
    expect(gapsInHours(out)).toEqual([5, 5, 5, 5, 5, 5, 5]);
    expect(out.every((t) => t.endsWith(':15:00.000Z'))).toBe(true);
  });

  it('days: at the hour and minute in the zone, every N days across month ends', () => {
    expect(slots([{ field: 'days', triggerAtHour: 9, triggerAtMinute: 15 }], '2024-01-10T00:00:00Z', 'America/New_York', 2)).toEqual([
      '2024-01-10T14:15:00.000Z',
      '2024-01-11T14:15:00.000Z',
    ]);
    const every3 = slots([{ field: 'days', daysInterval: 3, triggerAtHour: 9 }], '2024-01-25T00:00:00Z', 'UTC', 4);
    expect(gapsInHours(every3)).toEqual([72, 72, 72]);
    expect(every3[1].slice(0, 7)).not.toBe(every3[3].slice(0, 7)); // crosses into February
  });

  it('weeks: the chosen weekdays, every N weeks; Sunday midnight by default', () => {
    const out = slots([{ field: 'weeks', weeksInterval: 2, triggerAtDay: [1, 5], triggerAtHour: 8 }], '2024-01-01T00:00:00Z', 'UTC', 6);
    expect(out.map((t) => new Date(t).getUTCDay())).toEqual([1, 5, 1, 5, 1, 5]);
    expect(out.map((t) => t.slice(0, 10))).toEqual(['2024-01-01', '2024-01-05', '2024-01-15', '2024-01-19', '2024-01-29', '2024-02-02']);
    expect(slots([{ field: 'weeks' }], '2024-01-01T00:00:00Z', 'UTC', 2)).toEqual(['2024-01-07T00:00:00.000Z', '2024-01-14T00:00:00.000Z']);
  });

  it('months: the day of the month, skipping months without it', () => {
    expect(slots([{ field: 'months', triggerAtDayOfMonth: 15, triggerAtHour: 12 }], '2024-01-20T00:00:00Z', 'UTC', 2)).toEqual([
      '2024-02-15T12:00:00.000Z',
      '2024-03-15T12:00:00.000Z',
    ]);
    const the31st = slots([{ field: 'months', triggerAtDayOfMonth: 31 }], '2024-01-01T00:00:00Z', 'UTC', 4);
    expect(the31st.map((t) => t.slice(0, 10))).toEqual(['2024-01-31', '2024-03-31', '2024-05-31', '2024-07-31']);
    const every3 = slots([{ field: 'months', monthsInterval: 3 }], '2024-01-02T00:00:00Z', 'UTC', 3);
    expect(every3.map((t) => t.slice(0, 10))).toEqual(['2024-04-01', '2024-07-01', '2024-10-01']);
  });

  it('several rules merge into one ordered stream; the same instant fires once', () => {
    expect(
      slots([{ field: 'minutes', minutesInterval: 5 }, { field: 'cronExpression', expression: '*/10 * * * *' }], '2024-01-01T00:00:00Z', 'UTC', 3),
    ).toEqual(['2024-01-01T00:05:00.000Z', '2024-01-01T00:10:00.000Z', '2024-01-01T00:15:00.000Z']);
  });
});

describe('cron expressions with a timezone', () => {
  it('reads the fields in the zone, five fields or six with seconds', () => {
    // 09:00 New York on weekdays: 14:00 UTC in winter, 13:00 UTC in summer.
    expect(slots([{ field: 'cronExpression', expression: '0 9 * * 1-5' }], '2024-01-05T00:00:00Z', 'America/New_York', 2)).toEqual([
      '2024-01-05T14:00:00.000Z',
      '2024-01-08T14:00:00.000Z',
    ]);
    expect(slots([{ field: 'cronExpression', expression: '0 9 * * 1-5' }], '2024-07-05T00:00:00Z', 'America/New_York', 1)).toEqual(['2024-07-05T13:00:00.000Z']);
    expect(slots([{ field: 'cronExpression', expression: '30 0 12 * * *' }], '2024-01-01T00:00:00Z', 'Asia/Kolkata', 1)).toEqual(['2024-01-01T06:30:30.000Z']);
  });

  it('keeps a daily time on local time across both DST changes', () => {
    const berlin9am = slots([{ field: 'days', triggerAtHour: 9 }], '2024-03-30T00:00:00Z', 'Europe/Berlin', 2);
    expect(berlin9am).toEqual(['2024-03-30T08:00:00.000Z', '2024-03-31T07:00:00.000Z']);
  });

  it('spring forward: a time that does not exist that night runs an hour later, once', () => {
    expect(slots([{ field: 'cronExpression', expression: '30 2 * * *' }], '2024-03-29T12:00:00Z', 'Europe/Berlin', 3)).toEqual([
      '2024-03-30T01:30:00.000Z', // 02:30 CET
      '2024-03-31T01:30:00.000Z', // 02:30 does not exist: 03:30 CEST
      '2024-04-01T00:30:00.000Z', // 02:30 CEST
    ]);
  });

  it('fall back: a time that happens twice that night runs once', () => {
    expect(slots([{ field: 'cronExpression', expression: '30 2 * * *' }], '2024-10-25T12:00:00Z', 'Europe/Berlin', 3)).toEqual([
      '2024-10-26T00:30:00.000Z',
      '2024-10-27T00:30:00.000Z', // the first 02:30 (CEST)
      '2024-10-28T01:30:00.000Z',
    ]);
  });

  it('hourly keeps one hour between slots through the repeated hour', () => {
    const day = slots([{ field: 'hours' }], '2024-10-26T22:00:00Z', 'Europe/Berlin', 25);
    expect(new Set(gapsInHours(day))).toEqual(new Set([1]));
    expect(day.at(-1)).toBe('2024-10-27T23:00:00.000Z'); // 25 slots in that local day
  });
});

describe('dueSlot: the missed-slot policy', () => {
  const everyMinute = compileSchedule(node([{ field: 'minutes', minutesInterval: 1 }]));
  const at = (iso: string) => Date.parse(iso);
  const grace = 5 * 60_000;

  it('fires nothing before the next slot', () => {
    expect(dueSlot(everyMinute, 'UTC', at('2024-01-01T10:00:00Z'), at('2024-01-01T10:00:59Z'), grace)).toEqual({ fire: undefined, skipped: false });
  });

  it('fires a slot that just came due', () => {
    expect(dueSlot(everyMinute, 'UTC', at('2024-01-01T10:00:00Z'), at('2024-01-01T10:01:00.020Z'), grace)).toEqual({ fire: at('2024-01-01T10:01:00Z'), skipped: false });
  });

  it('fires only the newest of a backlog', () => {
    expect(dueSlot(everyMinute, 'UTC', at('2024-01-01T10:00:00Z'), at('2024-01-02T10:00:30Z'), grace)).toEqual({ fire: at('2024-01-02T10:00:00Z'), skipped: true });
  });

  it('fires nothing when the newest due slot is older than the grace window', () => {
    const daily = compileSchedule(node([{ field: 'days', triggerAtHour: 3 }]));
    expect(dueSlot(daily, 'UTC', at('2024-01-01T00:00:00Z'), at('2024-01-01T03:05:00Z'), grace)).toEqual({ fire: at('2024-01-01T03:00:00Z'), skipped: false });
    expect(dueSlot(daily, 'UTC', at('2024-01-01T00:00:00Z'), at('2024-01-01T03:05:01Z'), grace)).toEqual({ fire: undefined, skipped: true });
  });

  it('never returns a slot at or before `until`', () => {
    expect(dueSlot(everyMinute, 'UTC', at('2024-01-01T10:01:00Z'), at('2024-01-01T10:01:30Z'), grace).fire).toBeUndefined();
    expect(nextSlot(everyMinute, at('2024-01-01T10:01:00Z'), 'UTC')).toBe(at('2024-01-01T10:02:00Z'));
  });
});

describe('scheduleItem', () => {
  it("has n8n's fields and formats, in the zone", () => {
    expect(scheduleItem(Date.parse('2023-12-28T14:30:30Z'), 'Europe/Berlin')).toEqual({
      timestamp: '2023-12-28T15:30:30.000+01:00',
      'Readable date': 'December 28th 2023, 3:30:30 pm',
      'Readable time': '3:30:30 pm',
      'Day of week': 'Thursday',
      Year: '2023',
      Month: 'December',
      'Day of month': '28',
      Hour: '15',
      Minute: '30',
      Second: '30',
      Timezone: 'Europe/Berlin (UTC+01:00)',
    });
  });

  it('writes ordinals and an explicit UTC offset', () => {
    const item = scheduleItem(Date.parse('2024-03-01T00:00:00Z'), 'UTC');
    expect(item).toMatchObject({ timestamp: '2024-03-01T00:00:00.000+00:00', 'Readable date': 'March 1st 2024, 12:00:00 am', 'Day of month': '01' });
    expect(scheduleItem(Date.parse('2024-03-22T12:00:00Z'), 'UTC')['Readable date']).toBe('March 22nd 2024, 12:00:00 pm');
    expect(scheduleItem(Date.parse('2024-03-13T12:00:00Z'), 'UTC')['Readable date']).toBe('March 13th 2024, 12:00:00 pm');
  });
});
