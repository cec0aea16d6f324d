// Folds finished executions (insights_raw rows) into hourly aggregate rows, summed per key, so the
// storage writes one upsert per key and batch however many executions it folded. Durations go into
// fixed histogram buckets: percentiles over any range are sums of bucket counts, which is what
// keeps them exact to a bucket after the executions themselves are pruned.
import type { RawInsight } from './digest.ts';
import { errorOf, isFinished } from './digest.ts';

/** Upper bounds (ms, inclusive) of the duration buckets; one more bucket holds everything longer. */
export const DURATION_BOUNDS_MS: readonly number[] = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000,
];

export function bucketOf(ms: number): number {
  for (let i = 0; i < DURATION_BOUNDS_MS.length; i++) if (ms <= DURATION_BOUNDS_MS[i]) return i;
  return DURATION_BOUNDS_MS.length;
}

/** The start of the UTC hour of an ISO instant, in ISO form. */
export function hourOf(iso: string): string {
  const t = Date.parse(iso);
  return new Date(t - (((t % 3_600_000) + 3_600_000) % 3_600_000)).toISOString();
}

/** Aggregate rows; every numeric field is added to the stored row with the same key. */
export interface RunsRow { workflowId: string; hour: string; status: string; runs: number; durationMsSum: number; durationMsMax: number }
export interface NodeRow { workflowId: string; hour: string; node: string; nodeType: string; runs: number; errors: number; durationMsSum: number; durationMsMax: number }
/** node '' is the whole execution. */
export interface DurationRow { workflowId: string; hour: string; node: string; bucket: number; count: number }
/** The newest failing execution is kept as lastExecutionId (the Insights page links to it). */
export interface ErrorRow { workflowId: string; hour: string; node: string; message: string; count: number; lastExecutionId: string; lastAt: string }
export interface UsageRow { workflowId: string; hour: string; kind: string; count: number }

/**
 * What a range reads: runs and usage per hour (for the series), the rest summed over the range by
 * the database (the report needs no hours for them, and per-hour histogram rows are the bulk).
 */
export interface InsightsRows {
  runs: RunsRow[];
  usage: UsageRow[];
  nodes: Omit<NodeRow, 'hour'>[];
  durations: Omit<DurationRow, 'hour'>[];
  errors: Omit<ErrorRow, 'hour'>[];
}

export interface Folded {
  runs: RunsRow[];
  nodes: NodeRow[];
  durations: DurationRow[];
  errors: ErrorRow[];
  usage: UsageRow[];
}

function summer<K extends object>(keyOf: (row: K) => string, add: (into: K, row: K) => void): { put(row: K): void; rows(): K[] } {
  const map = new Map<string, K>();
  return {
    put(row) {
      const key = keyOf(row);
      const found = map.get(key);
      if (found) add(found, row);
      else map.set(key, { ...row });
    },
    rows: () => [...map.values()],
  };
}

const k = (...parts: (string | number)[]): string => parts.join('\u0000');

export function fold(raws: Iterable<RawInsight>): Folded {
  const runs = summer<RunsRow>(
    (r) => k(r.workflowId, r.hour, r.status),
    (a, b) => {
      a.runs += b.runs;
      a.durationMsSum += b.durationMsSum;
      a.durationMsMax = Math.max(a.durationMsMax, b.durationMsMax);
    },
  );
  const nodes = summer<NodeRow>(
    (r) => k(r.workflowId, r.hour, r.node),
    (a, b) => {
      a.runs += b.runs;
      a.errors += b.errors;
      a.durationMsSum += b.durationMsSum;
      a.durationMsMax = Math.max(a.durationMsMax, b.durationMsMax);
      if (!a.nodeType) a.nodeType = b.nodeType;
    },
  );
  const durations = summer<DurationRow>((r) => k(r.workflowId, r.hour, r.node, r.bucket), (a, b) => void (a.count += b.count));
  const errors = summer<ErrorRow>(
    (r) => k(r.workflowId, r.hour, r.node, r.message),
    (a, b) => {
      a.count += b.count;
      if (b.lastAt >= a.lastAt) Object.assign(a, { lastAt: b.lastAt, lastExecutionId: b.lastExecutionId });
    },
  );
  const usage = summer<UsageRow>((r) => k(r.workflowId, r.hour, r.kind), (a, b) => void (a.count += b.count));

  for (const raw of raws) {
    if (!isFinished(raw.status)) continue;
    const { workflowId } = raw;
    const hour = hourOf(raw.startedAt);
    const stopped = raw.stoppedAt ? Date.parse(raw.stoppedAt) : NaN;
    const ms = Number.isFinite(stopped) ? Math.max(0, stopped - Date.parse(raw.startedAt)) : 0;
    runs.put({ workflowId, hour, status: raw.status, runs: 1, durationMsSum: ms, durationMsMax: ms });
    durations.put({ workflowId, hour, node: '', bucket: bucketOf(ms), count: 1 });
    const digest = raw.digest ?? {};
    for (const [node, nodeType, nodeDurations, nodeErrors] of digest.nodes ?? []) {
      let sum = 0;
      let max = 0;
      for (const d of nodeDurations) {
        sum += d;
        max = Math.max(max, d);
        durations.put({ workflowId, hour, node, bucket: bucketOf(d), count: 1 });
      }
      nodes.put({ workflowId, hour, node, nodeType, runs: nodeDurations.length, errors: nodeErrors, durationMsSum: sum, durationMsMax: max });
    }
    if (raw.status === 'error' || raw.status === 'crashed') {
      const { node, message } = digest.error ?? errorOf(raw.status === 'crashed' ? { message: 'The host stopped while the execution ran' } : undefined);
      errors.put({ workflowId, hour, node, message, count: 1, lastExecutionId: raw.executionId, lastAt: raw.stoppedAt ?? raw.startedAt });
    }
    for (const [kind, count] of Object.entries(digest.usage ?? {})) if (count > 0) usage.put({ workflowId, hour, kind, count });
  }
  return { runs: runs.rows(), nodes: nodes.rows(), durations: durations.rows(), errors: errors.rows(), usage: usage.rows() };
}

/** The q-quantile (0..1) of bucketed durations, interpolated inside its bucket; capped by the largest seen. */
export function quantileMs(counts: ArrayLike<number>, q: number, maxMs: number): number | null {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] ?? 0;
    if (c === 0) continue;
    if (seen + c >= rank) {
      const lower = i === 0 ? 0 : DURATION_BOUNDS_MS[i - 1];
      const upper = i < DURATION_BOUNDS_MS.length ? DURATION_BOUNDS_MS[i] : maxMs;
      const within = c === 0 ? 0 : (rank - seen) / c;
      return Math.min(maxMs, Math.round(lower + (Math.max(upper, lower) - lower) * within));
    }
    seen += c;
  }
  return maxMs;
}
