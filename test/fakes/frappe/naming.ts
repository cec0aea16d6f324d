// frappe.model.naming: names from a field ("field:customer_name"), a series pattern
// ("ISS-.YYYY.-.#####" → ISS-2026-00001, counters kept per prefix like tabSeries), or a hash.
// The counter moves only when the insert commits (a failed insert rolls tabSeries back).
import { randomBytes } from 'node:crypto';
import type { DocTypeDef } from './doctypes.ts';
import { frappeThrow } from './errors.ts';
import type { Doc, Site } from './site.ts';

export interface NewName {
  name: string;
  /** Advance the series counter (call once the insert has committed). */
  commit(): void;
}

/** frappe.generate_hash(length=10): what child rows and hash-named documents are called. */
export const hashName = (): string => randomBytes(5).toString('hex');

const isSeries = (autoname: string): boolean => autoname.includes('#');

/** parse_naming_series: the name a series pattern gives next. */
function seriesName(site: Site, pattern: string): NewName {
  const today = site.clock.date();
  const year = String(today.getUTCFullYear());
  const two = (n: number): string => String(n).padStart(2, '0');
  let prefix = '';
  let digits = 0;
  let suffix = '';
  for (const part of pattern.split('.')) {
    if (!part) continue;
    const text = part.startsWith('#')
      ? ''
      : part === 'YYYY'
        ? year
        : part === 'YY'
          ? year.slice(2)
          : part === 'MM'
            ? two(today.getUTCMonth() + 1)
            : part === 'DD'
              ? two(today.getUTCDate())
              : part;
    if (part.startsWith('#') && !digits) digits = part.length;
    else if (digits) suffix += text;
    else prefix += text;
  }
  const next = (site.series.get(prefix) ?? 0) + 1;
  return { name: `${prefix}${String(next).padStart(digits, '0')}${suffix}`, commit: () => site.series.set(prefix, next) };
}

/** set_new_name for a new document (a name in the input is ignored unless the doctype is "Prompt"). */
export function newName(site: Site, meta: DocTypeDef, doc: Doc, requested: unknown): NewName {
  const noop = (): void => undefined;
  if (meta.autoname.startsWith('field:')) {
    const value = String(doc[meta.autoname.slice(6)] ?? '').trim();
    // An empty naming field leaves the name to a hash; the mandatory check then names the field.
    return { name: value || hashName(), commit: noop };
  }
  if (meta.autoname === 'Prompt') {
    if (typeof requested !== 'string' || !requested.trim()) frappeThrow('Please set the document name');
    return { name: requested.trim(), commit: noop };
  }
  if (isSeries(meta.autoname)) return seriesName(site, meta.autoname);
  return { name: hashName(), commit: noop };
}

/** A seeded document keeps its given name; the series counter moves past it. */
export function claimName(site: Site, meta: DocTypeDef, name: string): void {
  if (!isSeries(meta.autoname)) return;
  const m = /^(.*?)(\d+)$/.exec(name);
  if (!m) return;
  site.series.set(m[1], Math.max(site.series.get(m[1]) ?? 0, Number(m[2])));
}

/** update_naming_series on delete: deleting the last number of a series gives the number back. */
export function revertSeriesIfLast(site: Site, meta: DocTypeDef, name: string): void {
  if (!isSeries(meta.autoname)) return;
  const m = /^(.*?)(\d+)$/.exec(name);
  if (m && site.series.get(m[1]) === Number(m[2])) site.series.set(m[1], Number(m[2]) - 1);
}
