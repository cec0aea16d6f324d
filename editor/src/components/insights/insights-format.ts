// Figures of the Insights page in the reader's language: counts, rates, durations and the labels
// of the chart's buckets (in the zone the buckets were cut in).
import type { InsightsBucket } from '../../api/insights.ts';
import { formatDuration } from '../executions/execution-format.ts';

/** The same regional formats as the rest of the editor (formatDate in i18n/index.ts). */
export function localeTag(locale: string): string {
  return locale === 'fr' ? 'fr-FR' : 'en-GB';
}

/** Shown where a figure does not exist (no runs, so no duration). */
export const NO_VALUE = '–';

export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(localeTag(locale)).format(n);
}

/** 0..1 as a percentage with at most one decimal: "12.5%" / "12,5 %". */
export function formatRate(rate: number, locale: string): string {
  return new Intl.NumberFormat(localeTag(locale), { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/** The success share of a total; null without runs. */
export function successRate(success: number, executions: number): number | null {
  return executions ? success / executions : null;
}

export function formatMs(ms: number | null | undefined, locale: string): string {
  return ms === null || ms === undefined ? NO_VALUE : formatDuration(ms, localeTag(locale));
}

/** A bucket's start: "26/11 14:00" for hours, "26 Nov" / "26 nov." for days. */
export function bucketLabel(at: string, bucket: InsightsBucket, locale: string, tz: string): string {
  const options: Intl.DateTimeFormatOptions =
    bucket === 'hour' ? { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', timeZone: tz } : { day: 'numeric', month: 'short', timeZone: tz };
  return new Intl.DateTimeFormat(localeTag(locale), options).format(new Date(at));
}

/** A bar's width in a table, relative to the largest value of the column (0..100). */
export function barPercent(value: number | null, max: number): number {
  if (!value || max <= 0) return 0;
  return Math.max(1, Math.round((value / max) * 100));
}
