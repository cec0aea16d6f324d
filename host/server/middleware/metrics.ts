// Prometheus metrics with a registry per app, so several apps (tests) never share counters.
// Routes are labelled by their pattern (`/api/v1/workflows/:id`), never the raw URL.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Request, RequestHandler } from 'express';

export interface MetricsOptions {
  /** Use this registry (e.g. one the host's services also report to); a new one otherwise. */
  registry?: Registry;
  /** Process metrics (CPU, memory, event loop lag); default true. */
  defaultMetrics?: boolean;
}

export interface HttpMetrics {
  registry: Registry;
  middleware: RequestHandler;
  /** gigaflow_webhook_duration_seconds: mount on /webhook, /webhook-test and /webhook-waiting, first. */
  webhooks: RequestHandler;
}

/** Which webhook mount answered: production, test (editor) or a resume URL. */
const WEBHOOK_KINDS: Record<string, string> = { '/webhook': 'production', '/webhook-test': 'test', '/webhook-waiting': 'waiting' };

/**
 * Webhook latency from the request's arrival to the end of the answer. Labelled by the workflow
 * the call reached (`res.locals.workflowId`, set by the webhook service and the resume handler;
 * empty for calls no workflow took): bounded by the number of workflows, never the raw path.
 */
function webhookLatency(registry: Registry): RequestHandler {
  const duration = new Histogram({
    name: 'gigaflow_webhook_duration_seconds',
    help: 'Webhook call duration in seconds (arrival to answer end), by kind (production, test, waiting), method, status and workflow id',
    labelNames: ['kind', 'method', 'status', 'workflow_id'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    const kind = WEBHOOK_KINDS[req.baseUrl] ?? 'production';
    res.once('close', () => {
      const workflowId = res.locals.workflowId;
      const labels = { kind, method: req.method, status: String(res.statusCode), workflow_id: typeof workflowId === 'string' ? workflowId : '' };
      duration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };
}

function routeLabel(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return '(unmatched)';
  const base = req.baseUrl ?? '';
  if (path === '/' && base) return base;
  return `${base}${path}`;
}

export function createHttpMetrics(opts: MetricsOptions = {}): HttpMetrics {
  const registry = opts.registry ?? new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'gigaflow_' });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'gigaflow_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'gigaflow_http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route pattern and status',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const middleware: RequestHandler = (req, res, next) => {
    const start = process.hrtime.bigint();
    res.once('close', () => {
      const labels = { method: req.method, route: routeLabel(req), status: String(res.statusCode) };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };
  return { registry, middleware, webhooks: webhookLatency(registry) };
}
