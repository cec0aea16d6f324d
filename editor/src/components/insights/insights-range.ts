// The Insights page's range and workflow filter, kept in the hash query
// (#/insights?range=7d&workflowId=…, or range=custom&from=2026-11-01&to=2026-11-07) so a reload or
// a shared link shows the same figures, and turned into the API's query. Presets end now; their
// day buckets start at local midnight so "7 days" is exactly 7 bars.
import type { InsightsBucket, InsightsQuery } from '../../api/insights.ts';
import { isDay, localDayStart, nextLocalDay } from '../executions/execution-filters.ts';

export const RANGE_PRESETS = ['24h', '7d', '30d'] as const;
export type RangeName = (typeof RANGE_PRESETS)[number] | 'custom';

export interface InsightsFilters {
  range: RangeName;
  /** YYYY-MM-DD, first day included (custom range only). */
  from?: string;
  /** YYYY-MM-DD, last day included (custom range only). */
  to?: string;
  workflowId?: string;
}

export const DEFAULT_FILTERS: InsightsFilters = { range: '24h' };
const HOUR = 3_600_000;
/** Custom ranges up to this many days get hourly bars (the host allows hours up to 31 days). */
const HOURLY_UP_TO_DAYS = 2;
/** The longest custom range, in days: a year, within the host's limit of 400 days. */
export const MAX_CUSTOM_DAYS = 366;

/** A malformed or incomplete hand-edited link falls back to the last 24 hours. */
export function filtersFromQuery(query: string): InsightsFilters {
  const q = new URLSearchParams(query.replace(/^\?/, ''));
  const workflowId = q.get('workflowId') || undefined;
  const wf = workflowId ? { workflowId } : {};
  const range = q.get('range');
  if ((RANGE_PRESETS as readonly string[]).includes(range ?? '')) return { range: range as RangeName, ...wf };
  const from = q.get('from') ?? '';
  const to = q.get('to') ?? '';
  if (range === 'custom' && isDay(from) && isDay(to) && from <= to) return { range: 'custom', from, to, ...wf };
  return { ...DEFAULT_FILTERS, ...wf };
}

export function filtersToHash(f: InsightsFilters): string {
  const q = new URLSearchParams({ range: f.range });
  if (f.range === 'custom') {
    if (f.from) q.set('from', f.from);
    if (f.to) q.set('to', f.to);
  }
  if (f.workflowId) q.set('workflowId', f.workflowId);
  return `#/insights?${q}`;
}

export function sameFilters(a: InsightsFilters, b: InsightsFilters): boolean {
  return filtersToHash(a) === filtersToHash(b);
}

/** The local day of a date, as YYYY-MM-DD (the form of date inputs). */
export function localDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function addDays(day: string, days: number): string {
  const d = localDayStart(day);
  return localDay(new Date(d.getFullYear(), d.getMonth(), d.getDate() + days));
}

/**
 * A custom range with one end moved to `day`: the other end follows when the range would turn
 * backwards or grow beyond MAX_CUSTOM_DAYS, so each step the picker sends is a range the API takes.
 */
export function withCustomDay(f: InsightsFilters, end: 'from' | 'to', day: string): InsightsFilters {
  const next: InsightsFilters = { ...f, range: 'custom', [end]: day };
  if (end === 'from') {
    const latest = addDays(day, MAX_CUSTOM_DAYS - 1);
    if (!next.to || next.to < day) next.to = day;
    else if (next.to > latest) next.to = latest;
  } else {
    const earliest = addDays(day, -(MAX_CUSTOM_DAYS - 1));
    if (!next.from || next.from > day) next.from = day;
    else if (next.from < earliest) next.from = earliest;
  }
  return next;
}

/** Local midnight `days` days before the day of `now`. */
function daysBack(now: Date, days: number): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
}

/** The API query of these filters at `now`, with day buckets in the browser's zone `tz`. */
export function toInsightsQuery(f: InsightsFilters, now: Date, tz: string): InsightsQuery {
  const wf = f.workflowId ? { workflowId: f.workflowId } : {};
  const span = (from: Date, to: Date, bucket: InsightsBucket): InsightsQuery => ({ from: from.toISOString(), to: to.toISOString(), bucket, tz, ...wf });
  if (f.range === '24h') return span(new Date(now.getTime() - 24 * HOUR), now, 'hour');
  if (f.range === '7d') return span(daysBack(now, 6), now, 'day');
  if (f.range === '30d') return span(daysBack(now, 29), now, 'day');
  const from = localDayStart(f.from!);
  const to = nextLocalDay(f.to!);
  return span(from, to, to.getTime() - from.getTime() <= HOURLY_UP_TO_DAYS * 24 * HOUR ? 'hour' : 'day');
}

/** The reader's time zone, which day buckets follow. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
