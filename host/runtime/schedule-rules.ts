// Schedule Trigger rules: n8n's `rule.interval[]` parameter format compiled into cron expressions
// we can compute slots from, with the checks that reject a bad schedule when the workflow is saved
// or activated, not when the timer goes off at 3 a.m.
import { CronExpressionParser } from 'cron-parser';
import { IANAZone } from 'luxon';
import type { INode, Workflow } from '../model/index.ts';
import { ValidationError } from '../model/index.ts';

export const SCHEDULE_TRIGGER_TYPE = 'n8n-nodes-base.scheduleTrigger';

export const INTERVAL_FIELDS = ['seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'cronExpression'] as const;
export type IntervalField = (typeof INTERVAL_FIELDS)[number];

/**
 * The values n8n's editor shows for an interval entry. n8n leaves parameters equal to their
 * default out of saved JSON, so a missing value means this one (the description uses it too).
 */
export const INTERVAL_DEFAULTS = {
  field: 'days',
  secondsInterval: 30,
  minutesInterval: 5,
  hoursInterval: 1,
  daysInterval: 1,
  weeksInterval: 1,
  monthsInterval: 1,
  triggerAtDayOfMonth: 1,
  triggerAtDay: [0],
  triggerAtHour: 0,
  triggerAtMinute: 0,
  expression: '',
} as const;

export type StepUnit = 'hour' | 'day' | 'week' | 'month';

/** One compiled rule: a cron expression (seconds first), and for intervals cron cannot express, a calendar step. */
export interface ScheduleRule {
  index: number;
  field: IntervalField;
  cron: string;
  /** Keep only slots whose local hour/day/week/month number (counted from 1970) is a multiple of `every`. */
  step?: { unit: StepUnit; every: number };
}

const hostZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Enabled Schedule Trigger nodes of a workflow. */
export function scheduleNodes(workflow: Pick<Workflow, 'nodes'>): INode[] {
  return (workflow.nodes ?? []).filter((n) => n.type === SCHEDULE_TRIGGER_TYPE && !n.disabled);
}

/** The zone slots are computed in: the workflow's `settings.timezone`, else the host's. */
export function scheduleZone(workflow: Pick<Workflow, 'settings'>): string {
  const tz = workflow.settings?.timezone;
  if (!tz || tz === 'DEFAULT') return hostZone;
  if (!IANAZone.isValidZone(tz))
    throw new ValidationError(`Workflow timezone "${tz}" is not a valid IANA time zone (for example "Europe/Berlin")`, { field: 'settings.timezone' });
  return tz;
}

type Entry = Record<string, unknown>;

/** Reads one interval entry; every failure names the node, the rule and the parameter. */
function entryReader(node: INode, index: number, entry: Entry) {
  const fail = (name: string, message: string): never => {
    throw new ValidationError(`Schedule Trigger "${node.name}", rule ${index + 1}: ${message}`, {
      node: node.name,
      field: `rule.interval[${index}].${name}`,
    });
  };
  const raw = (name: keyof typeof INTERVAL_DEFAULTS): unknown => entry[name] ?? INTERVAL_DEFAULTS[name];
  const toInt = (name: string, value: unknown, min: number, max: number): number => {
    if (typeof value === 'string' && value.startsWith('='))
      fail(name, `"${name}" is an expression; schedule rules must be fixed values so the schedule can be checked before it runs`);
    const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(n) || n < min || n > max) fail(name, `"${name}" must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return n;
  };
  return {
    fail,
    int: (name: keyof typeof INTERVAL_DEFAULTS, min: number, max: number) => toInt(name, raw(name), min, max),
    weekdays: (): number[] => {
      const value = raw('triggerAtDay');
      if (!Array.isArray(value)) return fail('triggerAtDay', `"triggerAtDay" must be a list of weekdays (0 = Sunday … 6 = Saturday), got ${JSON.stringify(value)}`);
      return value.map((d) => toInt('triggerAtDay', d, 0, 7));
    },
    string: (name: 'field' | 'expression'): string => String(raw(name) ?? ''),
  };
}

/** Checks a cron expression the way the scheduler will read it; returns it trimmed. */
function checkCron(expression: string, fail: (name: string, message: string) => never): string {
  const expr = expression.trim();
  if (!expr) fail('expression', 'the cron expression is empty');
  if (expr.startsWith('=')) fail('expression', 'the cron expression is an expression; it must be a fixed value so it can be checked before it runs');
  const fields = expr.split(/\s+/);
  if (!expr.startsWith('@') && fields.length !== 5 && fields.length !== 6)
    fail('expression', `cron expression "${expr}" has ${fields.length} fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (second first)`);
  // cron-parser's H picks a random value per parse, so the slots would move on every restart.
  if (fields.some((f) => /(^|[^a-z])h([^a-z]|$)/i.test(f))) fail('expression', `cron expression "${expr}" uses H (hash), which is not supported`);
  try {
    CronExpressionParser.parse(expr, { tz: 'UTC' }).next();
  } catch (err) {
    fail('expression', `cron expression "${expr}" is invalid: ${(err as Error).message}`);
  }
  return expr;
}

function compileEntry(node: INode, index: number, entry: Entry): ScheduleRule {
  const r = entryReader(node, index, entry);
  const field = r.string('field') as IntervalField;
  if (!INTERVAL_FIELDS.includes(field)) r.fail('field', `unknown trigger interval "${field}"; expected one of ${INTERVAL_FIELDS.join(', ')}`);
  const step = (unit: StepUnit, every: number) => (every > 1 ? { step: { unit, every } } : {});
  switch (field) {
    case 'seconds':
      return { index, field, cron: `*/${r.int('secondsInterval', 1, 59)} * * * * *` };
    case 'minutes':
      return { index, field, cron: `0 */${r.int('minutesInterval', 1, 59)} * * * *` };
    case 'hours': {
      const every = r.int('hoursInterval', 1, 23);
      return { index, field, cron: `0 ${r.int('triggerAtMinute', 0, 59)} * * * *`, ...step('hour', every) };
    }
    case 'days': {
      const every = r.int('daysInterval', 1, 31);
      return { index, field, cron: `0 ${r.int('triggerAtMinute', 0, 59)} ${r.int('triggerAtHour', 0, 23)} * * *`, ...step('day', every) };
    }
    case 'weeks': {
      const every = r.int('weeksInterval', 1, 1000);
      const days = r.weekdays();
      const dow = days.length ? [...new Set(days.map((d) => d % 7))].sort().join(',') : '*';
      return { index, field, cron: `0 ${r.int('triggerAtMinute', 0, 59)} ${r.int('triggerAtHour', 0, 23)} * * ${dow}`, ...step('week', every) };
    }
    case 'months': {
      const every = r.int('monthsInterval', 1, 1000);
      const day = r.int('triggerAtDayOfMonth', 1, 31);
      return { index, field, cron: `0 ${r.int('triggerAtMinute', 0, 59)} ${r.int('triggerAtHour', 0, 23)} ${day} * *`, ...step('month', every) };
    }
    case 'cronExpression':
      return { index, field, cron: checkCron(r.string('expression'), r.fail) };
  }
}

/** A Schedule Trigger node's rules, compiled; throws ValidationError naming the node and the parameter. */
export function compileSchedule(node: INode): ScheduleRule[] {
  const rule = (node.parameters?.rule ?? { interval: [{ field: INTERVAL_DEFAULTS.field }] }) as { interval?: unknown };
  const intervals = rule && typeof rule === 'object' ? rule.interval : undefined;
  if (!Array.isArray(intervals) || intervals.length === 0)
    throw new ValidationError(`Schedule Trigger "${node.name}" has no trigger rule; add one under "Trigger Rules"`, { node: node.name, field: 'rule.interval' });
  return intervals.map((entry, i) => {
    if (!entry || typeof entry !== 'object')
      throw new ValidationError(`Schedule Trigger "${node.name}", rule ${i + 1}: must be an object`, { node: node.name, field: `rule.interval[${i}]` });
    return compileEntry(node, i, entry as Entry);
  });
}

/** Throws ValidationError (naming the node and the parameter) when the node's schedule is invalid. */
export function validateSchedule(node: INode): void {
  compileSchedule(node);
}

/** Checks every enabled Schedule Trigger of a workflow and its timezone; call on save and on activate. */
export function validateSchedules(workflow: Pick<Workflow, 'nodes' | 'settings'>): void {
  const nodes = scheduleNodes(workflow);
  if (!nodes.length) return;
  scheduleZone(workflow);
  for (const node of nodes) validateSchedule(node);
}
