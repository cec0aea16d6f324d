// Slot arithmetic for compiled schedule rules: the next slot after an instant, the slot (if any)
// to fire for what came due, and the item a Schedule Trigger emits for a slot. Pure functions of
// their arguments (no clock, no storage), so the scheduler and the tests share one definition.
import { CronExpressionParser } from 'cron-parser';
import { DateTime } from 'luxon';
import type { IDataObject } from '../model/index.ts';
import type { ScheduleRule, StepUnit } from './schedule-rules.ts';

/** Cron candidates a stepped rule may skip before we call it "never fires" (weeks ≤ 1000 × 7 days fits). */
const MAX_SKIPPED_CANDIDATES = 10_000;

const mod = (a: number, b: number) => ((a % b) + b) % b;

/**
 * The slot's local hour/day/week/month number counted from 1970 in the zone. Counting from a fixed
 * origin gives a steady rhythm ("every 5 days" stays 5 days apart across month ends) and makes the
 * slots a pure function of the rule, so a restart computes the same ones. Weeks start on Sunday,
 * like n8n's; for hour steps that divide 24 this equals cron's `*∕N` on the local hour.
 */
function stepNumber(ms: number, zone: string, unit: StepUnit): number {
  const d = DateTime.fromMillis(ms, { zone });
  const day = Math.floor(Date.UTC(d.year, d.month - 1, d.day) / 86_400_000);
  if (unit === 'hour') return day * 24 + d.hour;
  if (unit === 'day') return day;
  if (unit === 'week') return Math.floor((day + 4) / 7); // 1970-01-01 was a Thursday
  return (d.year - 1970) * 12 + d.month - 1;
}

/** Slots of one rule strictly after `afterMs`, in order. */
function* ruleSlots(rule: ScheduleRule, afterMs: number, zone: string): Generator<number> {
  const it = CronExpressionParser.parse(rule.cron, { currentDate: new Date(afterMs), tz: zone });
  let skipped = 0;
  while (skipped < MAX_SKIPPED_CANDIDATES) {
    let t: number;
    try {
      t = it.next().getTime();
    } catch {
      return; // no further date (cron-parser's loop limit)
    }
    if (!rule.step || mod(stepNumber(t, zone, rule.step.unit), rule.step.every) === 0) {
      skipped = 0;
      yield t;
    } else skipped++;
  }
}

/** Slots of all rules strictly after `afterMs`, merged in order; two rules on one instant give one slot. */
export function* slotsAfter(rules: ScheduleRule[], afterMs: number, zone: string): Generator<number> {
  const iters = rules.map((r) => ruleSlots(r, afterMs, zone));
  const heads = iters.map((it) => it.next());
  for (;;) {
    let min = Number.POSITIVE_INFINITY;
    for (const h of heads) if (!h.done && h.value < min) min = h.value;
    if (min === Number.POSITIVE_INFINITY) return;
    yield min;
    heads.forEach((h, i) => {
      if (!h.done && h.value === min) heads[i] = iters[i].next();
    });
  }
}

/** The first slot strictly after `afterMs`; undefined when the rules never fire again. */
export function nextSlot(rules: ScheduleRule[], afterMs: number, zone: string): number | undefined {
  const first = slotsAfter(rules, afterMs, zone).next();
  return first.done ? undefined : first.value;
}

export interface DueDecision {
  /** The slot to fire now: the newest one in (until, now], when it is at most `graceMs` old. */
  fire?: number;
  /** True when some due slot is not fired (a backlog, or a slot older than the grace window). */
  skipped: boolean;
}

/**
 * The missed-slot policy in one place: of the slots that came due after `untilMs` (everything up to
 * `untilMs` was already fired or skipped), fire only the newest, and only if it is at most
 * `graceMs` old. Never a backlog: after a day of downtime an every-minute schedule fires once.
 */
export function dueSlot(rules: ScheduleRule[], zone: string, untilMs: number, nowMs: number, graceMs: number): DueDecision {
  let newest: number | undefined;
  for (const t of slotsAfter(rules, Math.max(untilMs, nowMs - graceMs - 1), zone)) {
    if (t > nowMs) break;
    newest = t;
  }
  const first = nextSlot(rules, untilMs, zone);
  return { fire: newest, skipped: first !== undefined && first <= nowMs && first !== newest };
}

const ordinal = (n: number) => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
};

/** The item a Schedule Trigger emits for an instant, with n8n's field names and formats. */
export function scheduleItem(ms: number, zone: string): IDataObject {
  const d = DateTime.fromMillis(ms, { zone }).setLocale('en-US');
  const time = d.toFormat('h:mm:ss a').toLowerCase();
  return {
    timestamp: d.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZ"),
    'Readable date': `${d.toFormat('MMMM')} ${ordinal(d.day)} ${d.year}, ${time}`,
    'Readable time': time,
    'Day of week': d.toFormat('cccc'),
    Year: d.toFormat('yyyy'),
    Month: d.toFormat('MMMM'),
    'Day of month': d.toFormat('dd'),
    Hour: d.toFormat('HH'),
    Minute: d.toFormat('mm'),
    Second: d.toFormat('ss'),
    Timezone: `${zone} (UTC${d.toFormat('ZZ')})`,
  };
}
