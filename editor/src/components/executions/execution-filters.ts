// The executions view's filters, kept in the hash query (#/executions?status=error&from=2026-11-01)
// so a reload or a shared link shows the same list. Dates are whole local days, as the date
// inputs show them; the API gets the matching UTC instants.
import { EXECUTION_MODES, EXECUTION_STATUSES } from '../../api/executions.ts';
import type { ExecutionQuery, ExecutionSummary } from '../../api/executions.ts';

export interface ExecutionFilters {
  workflowId?: string;
  status?: string;
  mode?: string;
  /** YYYY-MM-DD, first day included. */
  from?: string;
  /** YYYY-MM-DD, last day included. */
  to?: string;
}

const FILTER_KEYS = ['workflowId', 'status', 'mode', 'from', 'to'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day: 2026-02-30 would roll over to March, so it is refused. */
export function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = localDayStart(value);
  return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d;
}

/** Unknown statuses, modes or malformed days in a hand-edited link are dropped, not sent to the API. */
export function filtersFromQuery(query: string): ExecutionFilters {
  const q = new URLSearchParams(query.replace(/^\?/, ''));
  const f: ExecutionFilters = {};
  const workflowId = q.get('workflowId');
  if (workflowId) f.workflowId = workflowId;
  const status = q.get('status');
  if (status && (EXECUTION_STATUSES as readonly string[]).includes(status)) f.status = status;
  const mode = q.get('mode');
  if (mode && (EXECUTION_MODES as readonly string[]).includes(mode)) f.mode = mode;
  const from = q.get('from');
  if (from && isDay(from)) f.from = from;
  const to = q.get('to');
  if (to && isDay(to)) f.to = to;
  return f;
}

/** The query part of a location hash ('' when there is none). */
export function queryOfHash(hash: string): string {
  const i = hash.indexOf('?');
  return i < 0 ? '' : hash.slice(i + 1);
}

export function filtersToHash(f: ExecutionFilters): string {
  const q = new URLSearchParams();
  for (const key of FILTER_KEYS) if (f[key]) q.set(key, f[key]!);
  const query = q.toString();
  return query ? `#/executions?${query}` : '#/executions';
}

export function sameFilters(a: ExecutionFilters, b: ExecutionFilters): boolean {
  return FILTER_KEYS.every((k) => (a[k] ?? '') === (b[k] ?? ''));
}

export function localDayStart(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d);
}

export function nextLocalDay(day: string): Date {
  const start = localDayStart(day);
  return new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1);
}

export function toApiQuery(f: ExecutionFilters): ExecutionQuery {
  return {
    ...(f.workflowId ? { workflowId: f.workflowId } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.mode ? { mode: f.mode } : {}),
    ...(f.from ? { startedAfter: localDayStart(f.from).toISOString() } : {}),
    ...(f.to ? { startedBefore: nextLocalDay(f.to).toISOString() } : {}),
  };
}

/** Whether a row belongs in the list under these filters (the same rules the API applies). */
export function matchesFilters(row: Pick<ExecutionSummary, 'workflowId' | 'status' | 'mode' | 'startedAt'>, f: ExecutionFilters): boolean {
  if (f.workflowId && row.workflowId !== f.workflowId) return false;
  if (f.status && row.status !== f.status) return false;
  if (f.mode && row.mode !== f.mode) return false;
  const started = Date.parse(row.startedAt);
  if (f.from && started < localDayStart(f.from).getTime()) return false;
  if (f.to && started >= nextLocalDay(f.to).getTime()) return false;
  return true;
}
