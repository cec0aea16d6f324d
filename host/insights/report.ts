// The Insights answer (GET /api/v1/insights) from the hourly aggregate rows of a range: totals,
// a series per hour or per local day, per-workflow and per-node percentiles, the most frequent
// errors and the cost-driver calls. Pure: the route reads the rows and the workflow names.
import type { InsightsRows } from './fold.ts';
import { DURATION_BOUNDS_MS, quantileMs } from './fold.ts';
import { USAGE_KINDS } from './digest.ts';

export type Bucket = 'hour' | 'day';
const STATUSES = ['success', 'error', 'canceled', 'crashed'] as const;
const HOUR = 3_600_000;
const NODE_LIMIT = 20;
const ERROR_LIMIT = 10;

export interface ReportOptions {
  /** Whole hours, ISO; `to` excluded. */
  from: string;
  to: string;
  bucket: Bucket;
  /** IANA time zone the day buckets follow. */
  tz: string;
}

interface Durations {
  counts: number[];
  sum: number;
  max: number;
  n: number;
}

const newDurations = (): Durations => ({ counts: new Array(DURATION_BOUNDS_MS.length + 1).fill(0), sum: 0, max: 0, n: 0 });
const stats = (d: Durations | undefined) => ({
  p50Ms: d ? quantileMs(d.counts, 0.5, d.max) : null,
  p95Ms: d ? quantileMs(d.counts, 0.95, d.max) : null,
  avgMs: d && d.n ? Math.round(d.sum / d.n) : null,
});

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

/** Maps each hour of the range to the start of its bucket (the hour itself, or its local day's first hour). */
export function bucketStarts(opts: ReportOptions): { starts: string[]; bucketOf: (hour: string) => string } {
  const from = Date.parse(opts.from);
  const to = Date.parse(opts.to);
  const byHour = new Map<string, string>();
  const starts: string[] = [];
  const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone: opts.tz, year: 'numeric', month: '2-digit', day: '2-digit' });
  let lastDay = '';
  let lastStart = '';
  for (let t = from; t < to; t += HOUR) {
    const hour = new Date(t).toISOString();
    if (opts.bucket === 'hour') {
      starts.push(hour);
      byHour.set(hour, hour);
      continue;
    }
    const day = dayOf.format(t);
    if (day !== lastDay) {
      lastDay = day;
      lastStart = hour;
      starts.push(hour);
    }
    byHour.set(hour, lastStart);
  }
  return { starts, bucketOf: (hour) => byHour.get(hour) ?? hour };
}

export function buildReport(rows: InsightsRows, names: ReadonlyMap<string, string>, opts: ReportOptions) {
  const { starts, bucketOf } = bucketStarts(opts);
  const series = new Map(starts.map((at) => [at, { at, success: 0, error: 0, canceled: 0, crashed: 0 }]));
  const usageSeries = new Map(starts.map((at) => [at, { at, ...Object.fromEntries(USAGE_KINDS.map((k) => [k, 0])) } as { at: string } & Record<string, number>]));
  const totals = { executions: 0, success: 0, error: 0, canceled: 0, crashed: 0 };
  const perWorkflow = new Map<string, typeof totals>();
  const runDurations = new Map<string, Durations>();
  const allDurations = newDurations();

  for (const r of rows.runs) {
    const status = r.status as (typeof STATUSES)[number];
    if (!STATUSES.includes(status)) continue;
    totals.executions += r.runs;
    totals[status] += r.runs;
    const w = getOr(perWorkflow, r.workflowId, () => ({ executions: 0, success: 0, error: 0, canceled: 0, crashed: 0 }));
    w.executions += r.runs;
    w[status] += r.runs;
    const point = series.get(bucketOf(r.hour));
    if (point) point[status] += r.runs;
    for (const d of [getOr(runDurations, r.workflowId, newDurations), allDurations]) {
      d.sum += r.durationMsSum;
      d.n += r.runs;
      d.max = Math.max(d.max, r.durationMsMax);
    }
  }

  const nodeKey = (workflowId: string, node: string) => `${workflowId}\u0000${node}`;
  const nodeDurations = new Map<string, Durations>();
  for (const r of rows.durations) {
    if (r.node === '') {
      getOr(runDurations, r.workflowId, newDurations).counts[r.bucket] += r.count;
      allDurations.counts[r.bucket] += r.count;
    } else getOr(nodeDurations, nodeKey(r.workflowId, r.node), newDurations).counts[r.bucket] += r.count;
  }
  const nodes = new Map<string, { workflowId: string; node: string; nodeType: string; runs: number; errors: number }>();
  for (const r of rows.nodes) {
    const key = nodeKey(r.workflowId, r.node);
    const n = getOr(nodes, key, () => ({ workflowId: r.workflowId, node: r.node, nodeType: r.nodeType, runs: 0, errors: 0 }));
    n.runs += r.runs;
    n.errors += r.errors;
    if (!n.nodeType) n.nodeType = r.nodeType;
    const d = getOr(nodeDurations, key, newDurations);
    d.sum += r.durationMsSum;
    d.n += r.runs;
    d.max = Math.max(d.max, r.durationMsMax);
  }

  const errors = new Map<string, { workflowId: string; node: string; message: string; count: number; lastExecutionId: string; lastAt: string }>();
  for (const r of rows.errors) {
    const e = getOr(errors, `${nodeKey(r.workflowId, r.node)}\u0000${r.message}`, () => ({ ...r, count: 0 }));
    e.count += r.count;
    if (r.lastAt >= e.lastAt) Object.assign(e, { lastAt: r.lastAt, lastExecutionId: r.lastExecutionId });
  }

  const usage = Object.fromEntries(USAGE_KINDS.map((k) => [k, 0])) as Record<string, number>;
  for (const r of rows.usage) {
    usage[r.kind] = (usage[r.kind] ?? 0) + r.count;
    const point = usageSeries.get(bucketOf(r.hour));
    if (point) point[r.kind] = (point[r.kind] ?? 0) + r.count;
  }

  const nameOf = (id: string) => names.get(id) ?? null;
  const rate = (t: { executions: number; error: number; crashed: number }) => (t.executions ? (t.error + t.crashed) / t.executions : 0);
  return {
    ...opts,
    totals: { ...totals, errorRate: rate(totals), ...stats(totals.executions ? allDurations : undefined) },
    series: [...series.values()],
    workflows: [...perWorkflow.entries()]
      .map(([workflowId, t]) => ({ workflowId, name: nameOf(workflowId), ...t, errorRate: rate(t), ...stats(runDurations.get(workflowId)) }))
      .sort((a, b) => b.executions - a.executions || a.workflowId.localeCompare(b.workflowId)),
    nodes: [...nodes.entries()]
      .map(([key, n]) => {
        const d = nodeDurations.get(key);
        return { ...n, workflowName: nameOf(n.workflowId), ...stats(d), maxMs: d?.max ?? null };
      })
      .sort((a, b) => (b.p95Ms ?? 0) - (a.p95Ms ?? 0) || (b.avgMs ?? 0) - (a.avgMs ?? 0))
      .slice(0, NODE_LIMIT),
    errors: [...errors.values()]
      .map((e) => ({ workflowId: e.workflowId, workflowName: nameOf(e.workflowId), node: e.node, message: e.message, count: e.count, lastExecutionId: e.lastExecutionId, lastAt: e.lastAt }))
      .sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt))
      .slice(0, ERROR_LIMIT),
    usage: { ...usage, series: [...usageSeries.values()] },
  };
}

export type InsightsReport = ReturnType<typeof buildReport>;
