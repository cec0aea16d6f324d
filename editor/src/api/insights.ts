// GET /api/v1/insights: execution analytics of a range (docs/insights.md, OpenAPI InsightsReport).
import { request } from './client.ts';

export type InsightsBucket = 'hour' | 'day';

export interface InsightsQuery {
  /** ISO instants; the host widens them to whole hours. */
  from: string;
  to: string;
  bucket: InsightsBucket;
  /** IANA zone the day buckets follow. */
  tz: string;
  workflowId?: string;
}

export interface InsightsStatusCounts {
  success: number;
  error: number;
  canceled: number;
  crashed: number;
}

/** Durations are null when nothing ran. */
export interface InsightsDurations {
  p50Ms: number | null;
  p95Ms: number | null;
  avgMs: number | null;
}

export interface InsightsReport {
  from: string;
  to: string;
  bucket: InsightsBucket;
  tz: string;
  workflowId: string | null;
  totals: InsightsStatusCounts & InsightsDurations & { executions: number; errorRate: number };
  /** Every bucket of the range, ascending, zeros included. */
  series: (InsightsStatusCounts & { at: string })[];
  /** Most executions first; `name` is null once the workflow is deleted. */
  workflows: (InsightsStatusCounts & InsightsDurations & { workflowId: string; name: string | null; executions: number; errorRate: number })[];
  /** The slowest nodes (p95), at most 20. */
  nodes: (InsightsDurations & { workflowId: string; workflowName: string | null; node: string; nodeType: string; runs: number; errors: number; maxMs: number | null })[];
  /** The most frequent errors, at most 10; `node` is '' when the run failed outside a node. */
  errors: { workflowId: string; workflowName: string | null; node: string; message: string; count: number; lastExecutionId: string; lastAt: string }[];
  usage: { sms: number; vision: number; series: { at: string; sms: number; vision: number }[] };
}

export function insightsPath(q: InsightsQuery): string {
  const params = new URLSearchParams({ from: q.from, to: q.to, bucket: q.bucket, tz: q.tz });
  if (q.workflowId) params.set('workflowId', q.workflowId);
  return `/insights?${params}`;
}

export const insightsApi = {
  get: (q: InsightsQuery) => request<InsightsReport>('GET', insightsPath(q)),
};
