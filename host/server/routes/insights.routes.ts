// GET /api/v1/insights: execution analytics for the editor's Insights page, from the hourly
// aggregates (host/insights): the page costs the same with 100 or 10 million executions stored,
// and still shows executions that pruning removed.
import { Router } from 'express';
import type { Request } from 'express';
import { type Bucket, buildReport } from '../../insights/report.ts';
import type { Storage } from '../../storage/storage.ts';
import { HttpError } from '../middleware/errors.ts';
import { queryEnum, queryString, queryTimestamp } from '../params.ts';

export interface InsightsRouteDeps {
  storage: Storage;
  now?: () => number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A little over a year, the aggregates' default retention. */
export const MAX_RANGE_DAYS = 400;
/** Hour buckets beyond this range would draw thousands of bars. */
const MAX_HOUR_BUCKET_DAYS = 31;

function timeZone(req: Request): string {
  const tz = queryString(req, 'tz') ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new HttpError(400, `Query parameter "tz" must be an IANA time zone such as Europe/Paris, got ${JSON.stringify(tz)}`, { field: 'tz' });
  }
  return tz;
}

/** The range as whole hours: `from` down to its hour, `to` up to the end of its hour. */
export function readRange(req: Request, now: number): { from: string; to: string; bucket: Bucket; tz: string; workflowId?: string } {
  const toMs = Date.parse(queryTimestamp(req, 'to') ?? new Date(now).toISOString());
  const fromMs = Date.parse(queryTimestamp(req, 'from') ?? new Date(toMs - DAY).toISOString());
  if (fromMs >= toMs) throw new HttpError(400, 'Query parameter "from" must be before "to"', { field: 'from' });
  if (toMs - fromMs > MAX_RANGE_DAYS * DAY) throw new HttpError(400, `The range from "from" to "to" may span at most ${MAX_RANGE_DAYS} days`, { field: 'from' });
  const from = Math.floor(fromMs / HOUR) * HOUR;
  const to = Math.ceil(toMs / HOUR) * HOUR;
  const bucket = queryEnum<Bucket>(req, 'bucket', ['hour', 'day']) ?? (to - from <= 2 * DAY ? 'hour' : 'day');
  if (bucket === 'hour' && to - from > MAX_HOUR_BUCKET_DAYS * DAY)
    throw new HttpError(400, `Query parameter "bucket" may be hour only for ranges of at most ${MAX_HOUR_BUCKET_DAYS} days; use day`, { field: 'bucket' });
  const workflowId = queryString(req, 'workflowId');
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), bucket, tz: timeZone(req), ...(workflowId ? { workflowId } : {}) };
}

export function insightsRoutes(deps: InsightsRouteDeps): Router {
  const { storage } = deps;
  const r = Router();

  r.get('/insights', async (req, res) => {
    const { workflowId, ...opts } = readRange(req, (deps.now ?? Date.now)());
    // Executions finished since the last fold count too.
    await storage.insights.compact();
    const rows = await storage.insights.rows({ from: opts.from, to: opts.to, workflowId });
    const ids = new Set([...rows.runs, ...rows.nodes, ...rows.errors].map((row) => row.workflowId));
    const names = new Map<string, string>();
    await Promise.all(
      [...ids].map(async (id) => {
        const wf = await storage.workflows.get(id);
        if (wf) names.set(id, wf.name);
      }),
    );
    res.json({ ...buildReport(rows, names, opts), workflowId: workflowId ?? null });
  });

  return r;
}
