// Dates the way Frappe writes and compares them. The fake site runs in UTC.
// Dates are "YYYY-MM-DD"; datetimes "YYYY-MM-DD HH:MM:SS.ffffff" (frappe.utils.now()).
import { frappeThrow } from './errors.ts';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export const formatDate = (d: Date): string => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** The site clock: `now()` strictly increases, so `creation` orders documents like insertion does. */
export interface Clock {
  /** A new "YYYY-MM-DD HH:MM:SS.ffffff", later than every earlier one. */
  now(): string;
  /** Today's date, "YYYY-MM-DD". */
  today(): string;
  /** The current Date (for naming series years). */
  date(): Date;
}

export function makeClock(source: () => Date = () => new Date()): Clock {
  let lastMicros = 0;
  return {
    now() {
      let micros = source().getTime() * 1000;
      if (micros <= lastMicros) micros = lastMicros + 1;
      // Python prints no fraction for a datetime with microsecond 0; keep ".ffffff" always there.
      if (micros % 1_000_000 === 0) micros += 1;
      lastMicros = micros;
      const d = new Date(Math.floor(micros / 1000));
      return `${formatDate(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(micros % 1_000_000, 6)}`;
    },
    today: () => formatDate(source()),
    date: () => source(),
  };
}

const DATE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;

/** frappe.utils.getdate: a date or datetime string → "YYYY-MM-DD"; anything else is a ValidationError. */
export function toDate(value: unknown): string {
  const m = DATE_RE.exec(String(value ?? '').trim());
  if (!m) frappeThrow(`${String(value)} is not a valid date string.`);
  return `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`;
}

/** frappe.utils.get_datetime formatted: "YYYY-MM-DD HH:MM:SS.ffffff" (a bare date is midnight). */
export function toDatetime(value: unknown, endOfDay = false): string {
  const m = DATE_RE.exec(String(value ?? '').trim());
  if (!m) frappeThrow(`${String(value)} is not a valid datetime string.`);
  const date = `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`;
  if (m[4] === undefined) return `${date} ${endOfDay ? '23:59:59.999999' : '00:00:00.000000'}`;
  return `${date} ${pad(Number(m[4]))}:${m[5]}:${m[6] ?? '00'}.${(m[7] ?? '').padEnd(6, '0')}`;
}

const parse = (date: string): Date => new Date(`${date}T00:00:00Z`);

export function addDays(date: string, days: number): string {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() + days);
  return formatDate(d);
}

/** dateutil relativedelta(months=n): the day is clamped to the target month's length. */
export function addMonths(date: string, months: number): string {
  const d = parse(date);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return formatDate(target);
}

const firstOfMonth = (date: string): string => `${date.slice(0, 8)}01`;
const lastOfMonth = (date: string): string => addDays(addMonths(firstOfMonth(date), 1), -1);
/** System Settings first_day_of_the_week defaults to Sunday. */
const weekStart = (date: string): string => addDays(date, -parse(date).getUTCDay());
const quarterStart = (date: string): string => `${date.slice(0, 4)}-${pad(Math.floor((Number(date.slice(5, 7)) - 1) / 3) * 3 + 1)}-01`;
const quarterEnd = (date: string): string => addDays(addMonths(quarterStart(date), 3), -1);

/**
 * frappe.utils.get_timespan_date_range, plus "last|next N day(s)/week(s)/month(s)/year(s)"
 * (today and the N units before/after it, inclusive). Returns undefined for an unknown keyword.
 */
export function timespanRange(timespan: string, today: string): [string, string] | undefined {
  const t = timespan.trim().toLowerCase();
  switch (t) {
    case 'last week':
      return [weekStart(addDays(today, -7)), addDays(weekStart(addDays(today, -7)), 6)];
    case 'last month':
      return [firstOfMonth(addMonths(today, -1)), lastOfMonth(addMonths(today, -1))];
    case 'last quarter':
      return [quarterStart(addMonths(today, -3)), quarterEnd(addMonths(today, -3))];
    case 'last 6 months':
      return [quarterStart(addMonths(today, -6)), quarterEnd(addMonths(today, -3))];
    case 'last year':
      return [`${Number(today.slice(0, 4)) - 1}-01-01`, `${Number(today.slice(0, 4)) - 1}-12-31`];
    case 'yesterday':
      return [addDays(today, -1), addDays(today, -1)];
    case 'today':
      return [today, today];
    case 'tomorrow':
      return [addDays(today, 1), addDays(today, 1)];
    case 'this week':
      return [weekStart(today), addDays(weekStart(today), 6)];
    case 'this month':
      return [firstOfMonth(today), lastOfMonth(today)];
    case 'this quarter':
      return [quarterStart(today), quarterEnd(today)];
    case 'this year':
      return [`${today.slice(0, 4)}-01-01`, `${today.slice(0, 4)}-12-31`];
    case 'next week':
      return [weekStart(addDays(today, 7)), addDays(weekStart(addDays(today, 7)), 6)];
    case 'next month':
      return [firstOfMonth(addMonths(today, 1)), lastOfMonth(addMonths(today, 1))];
    case 'next quarter':
      return [quarterStart(addMonths(today, 3)), quarterEnd(addMonths(today, 3))];
    case 'next 6 months':
      return [quarterStart(addMonths(today, 3)), quarterEnd(addMonths(today, 6))];
    case 'next year':
      return [`${Number(today.slice(0, 4)) + 1}-01-01`, `${Number(today.slice(0, 4)) + 1}-12-31`];
  }
  const m = /^(last|next) (\d+) (day|week|month|year)s?$/.exec(t);
  if (!m) return undefined;
  const n = Number(m[2]) * (m[1] === 'last' ? -1 : 1);
  const other = m[3] === 'day' ? addDays(today, n) : m[3] === 'week' ? addDays(today, 7 * n) : addMonths(today, m[3] === 'month' ? n : 12 * n);
  return n < 0 ? [other, today] : [today, other];
}

/** The timespans `timespanRange` knows by name (for error messages and docs). */
export const NAMED_TIMESPANS = [
  'last week',
  'last month',
  'last quarter',
  'last 6 months',
  'last year',
  'yesterday',
  'today',
  'tomorrow',
  'this week',
  'this month',
  'this quarter',
  'this year',
  'next week',
  'next month',
  'next quarter',
  'next 6 months',
  'next year',
];
