// The HTTP host: REST API under /api/v1 (API key or trusted-proxy identity), webhooks, probes,
// metrics and the editor. Only wiring here; each route file and middleware has one job.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import type { Registry } from 'prom-client';
import { templatesDirOf } from '../config.ts';
import type { HostConfig } from '../config.ts';
import type { NodeRegistry } from '../engine/registry-types.ts';
import type { ExpressionEvaluator } from '../expressions/evaluate.ts';
import type { ActivationService, EventBus, ExecutionService, WebhookService } from '../runtime/types.ts';
import type { Storage } from '../storage/storage.ts';
import { apiAuth } from './middleware/auth.ts';
import { apiBody, webhookBody } from './middleware/body.ts';
import { errorHandler, notFound } from './middleware/errors.ts';
import { createHttpMetrics } from './middleware/metrics.ts';
import { authFailureLimit, webhookRateLimit } from './middleware/rate-limit.ts';
import { csrfGuard } from './middleware/csrf.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { credentialsFromStorage } from '../runtime/credentials.ts';
import { openApiDocument } from './openapi.ts';
import { credentialTestRoutes } from './routes/credential-test.routes.ts';
import { credentialRoutes } from './routes/credentials.routes.ts';
import { editorRoutes } from './routes/editor.routes.ts';
import { eventRoutes } from './routes/events.routes.ts';
import { executionRoutes } from './routes/executions.routes.ts';
import { expressionRoutes } from './routes/expressions.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { importExportRoutes } from './routes/import-export.routes.ts';
import { insightsRoutes } from './routes/insights.routes.ts';
import { nodePortRoutes } from './routes/node-ports.routes.ts';
import { nodeTypeRoutes } from './routes/node-types.routes.ts';
import { templateRoutes } from './routes/templates.routes.ts';
import { catalogRoutes } from './routes/catalogs.routes.ts';
import { conditionRoutes } from './routes/conditions.routes.ts';
import { workflowRoutes } from './routes/workflows.routes.ts';
import { workflowTestRoutes } from './routes/workflow-tests.routes.ts';

export const API_PREFIX = '/api/v1';

export interface AppLogger {
  error(message: string, err?: unknown): void;
}

export interface AppDeps {
  config: HostConfig;
  storage: Storage;
  registry: NodeRegistry;
  executions: ExecutionService;
  activation: ActivationService;
  webhooks: WebhookService;
  events: EventBus;
  /** /readyz answers 503 while this returns false. */
  isReady?: () => boolean;
  /** Pass the registry the host's services report to; otherwise the app makes its own. */
  metrics?: { registry?: Registry; defaultMetrics?: boolean };
  /** Unexpected (500) errors go here; default console.error unless logLevel is silent. */
  logger?: AppLogger;
  /** Built editor; default <repo>/editor/dist. */
  editorDir?: string;
  /** SSE heartbeat interval; default 15 s. */
  sseHeartbeatMs?: number;
  /** The host's sandbox: `$credentials` templates in credential tests and loadOptions' httpRequestWithAuthentication. */
  expressions?: ExpressionEvaluator;
  /** Resume URLs of waiting executions (`/webhook-waiting/:executionId`). */
  waits?: { handleResume(req: express.Request, res: express.Response): Promise<void> };
  /** The templates gallery's folder; default config.templatesDir (GIGAFLOW_TEMPLATES_DIR), else <repo>/templates. */
  templatesDir?: string;
}

const DEFAULT_EDITOR_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../editor/dist');

export function createApp(deps: AppDeps): express.Express {
  const { config } = deps;
  const app = express();
  app.disable('x-powered-by');
  // No ETag: it hashes every answer (webhook answers included) for caches no client here uses.
  app.set('etag', false);
  // req.ip is not used for auth (the socket address is); keep Express from trusting X-Forwarded-For.
  app.set('trust proxy', false);

  const logger: AppLogger =
    deps.logger ?? (config.logLevel === 'silent' ? { error: () => {} } : { error: (message, err) => console.error(message, err) });
  const logError = (message: string, err: unknown) => logger.error(message, err);

  const metrics = createHttpMetrics(deps.metrics);
  app.locals.metrics = metrics.registry;
  app.use(metrics.middleware);
  app.use(['/webhook', '/webhook-test', '/webhook-waiting'], metrics.webhooks);
  app.use(securityHeaders({ trustedProxies: config.trustedProxies }));

  app.use(healthRoutes({ isReady: deps.isReady, metrics: metrics.registry }));

  // Webhooks: not behind API auth; any method; bodies of any type with the raw bytes kept.
  const webhookParsers = webhookBody({ limitBytes: config.bodyLimitBytes });
  app.use(['/webhook', '/webhook-test', '/webhook-waiting'], webhookRateLimit({ limit: config.webhookRateLimit, windowSeconds: config.webhookRateWindowSeconds, trustedProxies: config.trustedProxies }));
  app.all('/webhook/*path', ...webhookParsers, (req, res) => deps.webhooks.handleProduction(req, res));
  app.all('/webhook-test/*path', ...webhookParsers, (req, res) => deps.webhooks.handleTest(req, res));
  const waits = deps.waits;
  if (waits) app.all('/webhook-waiting/:executionId', ...webhookParsers, (req, res) => waits.handleResume(req, res));

  // The API description is public so the docs link works without a key; it holds no data.
  app.get(`${API_PREFIX}/openapi.json`, (_req, res) => {
    res.json(openApiDocument);
  });

  app.use('/api', csrfGuard());
  app.use('/api', authFailureLimit({ limit: config.authFailureLimit, windowSeconds: config.authFailureWindowSeconds, trustedProxies: config.trustedProxies }));
  app.use('/api', apiAuth({ apiKeys: deps.storage.apiKeys, trustedProxies: config.trustedProxies, identityHeader: config.identityHeader }));

  const api = Router();
  api.use(apiBody({ limitBytes: config.bodyLimitBytes }));
  // Import/export first: /workflows/export must win over /workflows/:id.
  api.use(importExportRoutes({ storage: deps.storage, registry: deps.registry, activation: deps.activation, logError }));
  api.use(workflowRoutes({ storage: deps.storage, registry: deps.registry, activation: deps.activation, executions: deps.executions, webhooks: deps.webhooks }));
  api.use(executionRoutes({ storage: deps.storage, executions: deps.executions }));
  api.use(workflowTestRoutes({ storage: deps.storage, registry: deps.registry, expressions: deps.expressions, vars: config.vars }));
  api.use(insightsRoutes({ storage: deps.storage }));
  api.use(credentialRoutes({ storage: deps.storage, registry: deps.registry }));
  api.use(credentialTestRoutes({ storage: deps.storage, registry: deps.registry, expressions: deps.expressions }));
  api.use(nodePortRoutes({ registry: deps.registry, expressions: deps.expressions }));
  api.use(nodeTypeRoutes({ registry: deps.registry, credentials: credentialsFromStorage(deps.storage), expressions: deps.expressions }));
  api.use(catalogRoutes());
  api.use(conditionRoutes());
  api.use(expressionRoutes({ expressions: deps.expressions, vars: config.vars }));
  api.use(templateRoutes({ storage: deps.storage, registry: deps.registry, dir: deps.templatesDir ?? templatesDirOf(config) }));
  api.use(eventRoutes({ events: deps.events, heartbeatMs: deps.sseHeartbeatMs }));
  api.use(notFound());
  // Inside the router so metrics still see the matched route pattern on errors.
  api.use(errorHandler({ logError }));
  app.use(API_PREFIX, api);
  app.use('/api', notFound());

  app.use(editorRoutes({ dir: deps.editorDir ?? DEFAULT_EDITOR_DIR }));
  app.use(notFound());
  app.use(errorHandler({ logError }));
  return app;
}
