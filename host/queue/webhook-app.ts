// The HTTP app of `gigaflow webhook` (queue mode): webhook intake and probes only — no editor,
// no REST API, no test webhooks (those belong to an editor session on a main).
import express from 'express';
import type { Registry as MetricsRegistry } from 'prom-client';
import type { HostConfig } from '../config.ts';
import type { WebhookService } from '../runtime/types.ts';
import { webhookRateLimit } from '../server/middleware/rate-limit.ts';
import { securityHeaders } from '../server/middleware/security-headers.ts';
import { webhookBody } from '../server/middleware/body.ts';
import { createHttpMetrics } from '../server/middleware/metrics.ts';
import { errorHandler, notFound } from '../server/middleware/errors.ts';
import { healthRoutes } from '../server/routes/health.routes.ts';

export function createWebhookApp(deps: {
  config: HostConfig;
  webhooks: WebhookService;
  waits: { handleResume(req: express.Request, res: express.Response): Promise<void> };
  isReady: () => boolean;
  metrics: MetricsRegistry;
  logError: (message: string, err: unknown) => void;
}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // No ETag: it hashes every answer (webhook answers included) for caches no client here uses.
  app.set('etag', false);
  app.set('trust proxy', false);
  // Same HTTP, webhook-latency and process metrics as a main's app, on the host's registry.
  const metrics = createHttpMetrics({ registry: deps.metrics });
  app.use(metrics.middleware);
  app.use(['/webhook', '/webhook-waiting'], metrics.webhooks);
  app.use(securityHeaders({ trustedProxies: deps.config.trustedProxies }));
  app.use(['/webhook', '/webhook-waiting'], webhookRateLimit({ limit: deps.config.webhookRateLimit, windowSeconds: deps.config.webhookRateWindowSeconds, trustedProxies: deps.config.trustedProxies }));
  app.use(healthRoutes({ isReady: deps.isReady, metrics: deps.metrics }));
  const parsers = webhookBody({ limitBytes: deps.config.bodyLimitBytes });
  app.all('/webhook/*path', ...parsers, (req, res) => deps.webhooks.handleProduction(req, res));
  app.all('/webhook-waiting/:executionId', ...parsers, (req, res) => deps.waits.handleResume(req, res));
  app.use(notFound());
  app.use(errorHandler({ logError: deps.logError }));
  return app;
}
