// Composition root: builds storage, registry, sandbox, services and the HTTP app from a config.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { Registry as MetricsRegistry } from 'prom-client';
import { createRegistry } from './engine/registry.ts';
import type { Registry } from './engine/registry.ts';
import type { EngineDeps, Logger } from './engine/types.ts';
import { createExpressionEvaluator } from './expressions/evaluate.ts';
import type { ExpressionEvaluator } from './expressions/evaluate.ts';
import type { HostConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createActivationService } from './runtime/activation.ts';
import { credentialsFromStorage } from './runtime/credentials.ts';
import { createEventBus } from './runtime/events.ts';
import { createExecutionService } from './runtime/executions.ts';
import type { EventBus, ExecutionService } from './runtime/types.ts';
import { createWebhookService } from './runtime/webhooks.ts';
import type { WebhookServiceImpl } from './runtime/webhooks.ts';
import { createErrorWorkflowRunner } from './runtime/error-workflows.ts';
import { createExecutionMetrics, createSkipCounter } from './runtime/metrics.ts';
import { createSubWorkflowRunner } from './runtime/sub-workflows.ts';
import { createWaitTracker } from './runtime/waits.ts';
import { failOrphanedQueued } from './runtime/queue-recovery.ts';
import { createDurableJobQueue } from './runtime/retry-queue.ts';
import type { DurableJobQueue } from './runtime/retry-queue.ts';
import { createTriggerService } from './runtime/triggers.ts';
import { createScheduler } from './runtime/scheduler.ts';
import type { Scheduler, SchedulerClock } from './runtime/scheduler.ts';
import { createApp } from './server/app.ts';
import { loadEncryptionKey } from './storage/crypto.ts';
import { createSqliteStorage } from './storage/sqlite/index.ts';
import type { Storage } from './storage/storage.ts';

export interface Host {
  config: HostConfig;
  app: ReturnType<typeof createApp>;
  storage: Storage;
  registry: Registry;
  expressions: ExpressionEvaluator;
  engine: EngineDeps;
  events: EventBus;
  executions: ExecutionService;
  webhooks: WebhookServiceImpl;
  activation: ReturnType<typeof createActivationService>;
  /** Durable jobs: started by listen(), so only a serving host works the queue (not CLI commands). */
  jobs: DurableJobQueue;
  /** Schedule Triggers of active workflows; `idle()` resolves once fired runs have finished. */
  scheduler: Scheduler;
  logger: Logger;
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(): Promise<number>;
  close(): Promise<void>;
}

export async function createHost(config: HostConfig, opts: { storage?: Storage; logger?: Logger; /** Tests move schedule time with a fake clock. */ schedulerClock?: SchedulerClock } = {}): Promise<Host> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const bootedAt = new Date().toISOString();
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const storage =
    opts.storage ??
    createSqliteStorage({
      path: join(config.dataDir, 'gigaflow.sqlite'),
      encryptionKey: loadEncryptionKey({ envKey: config.encryptionKey, dataDir: config.dataDir }),
    });
  const registry = await createRegistry(config.nodesPath, (m) => logger.warn(m));
  const expressions = createExpressionEvaluator({
    timeoutMs: config.expressionTimeoutMs,
    codeTimeoutMs: config.codeTimeoutMs,
    memoryLimitMb: config.sandboxMemoryMb,
  });
  const credentials = credentialsFromStorage(storage);
  const jobs = createDurableJobQueue({ jobs: storage.jobs, registry, credentials, logger });
  const engine: EngineDeps = {
    registry,
    expressions,
    credentials,
    jobs,
    publicUrl: config.publicUrl,
    vars: config.vars,
    waitInMemoryMaxMs: config.waitInMemoryMaxMs,
    logger,
    keyValue: storage.keyValue,
  };
  const events = createEventBus();
  const metrics = new MetricsRegistry();
  const waits = createWaitTracker({ storage, executions: () => executions, logger });
  const errorWorkflows = createErrorWorkflowRunner({ storage, executions: () => executions, publicUrl: config.publicUrl, logger });
  const executions = createExecutionService({
    storage,
    engine,
    events,
    onFinished: createExecutionMetrics(metrics),
    onSkipped: createSkipCounter(metrics),
    onWaiting: (record) => waits.track(record),
    saveDefaults: config.saveExecutions,
    onFailed: (record, workflow) =>
      errorWorkflows(record, workflow).catch((err: Error) => logger.error('error workflow failed to start', { executionId: record.id, error: err.message })),
  });
  engine.executeWorkflow = createSubWorkflowRunner({ storage, executions: () => executions });
  const webhooks = createWebhookService({ engine, executions, publicUrl: config.publicUrl, logger });
  const scheduler = createScheduler({ executions, storage, logger, clock: opts.schedulerClock });
  const triggers = createTriggerService({ engine, executions, jobs });
  const activation = createActivationService({ storage, engine, webhooks, scheduler, events, triggers });
  await activation.restore();
  await waits.restore();
  let ready = false;
  const app = createApp({ config, storage, registry, executions, activation, webhooks, events, isReady: () => ready, metrics: { registry: metrics }, waits, expressions });
  let server: Server | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;
  const prune = () =>
    storage.executions
      .prune({ maxAgeMs: config.executionsMaxAgeDays * 86_400_000, maxCount: config.executionsMaxCount })
      .then(({ deleted }) => deleted && logger.info('pruned executions', { deleted }))
      .catch((err: Error) => logger.error('pruning failed', { error: err.message }));

  return {
    config,
    app,
    storage,
    registry,
    expressions,
    engine,
    events,
    executions,
    webhooks,
    activation,
    jobs,
    scheduler,
    logger,
    listen: () =>
      new Promise<number>((resolve, reject) => {
        server = app.listen(config.port, config.host, (err?: Error) => {
          if (err) return reject(err);
          ready = true;
          jobs.start().catch((e: Error) => logger.error('durable job queue did not start', { error: e.message }));
          if (config.pruneIntervalMinutes > 0) {
            pruneTimer = setInterval(prune, config.pruneIntervalMinutes * 60_000);
            pruneTimer.unref();
            setImmediate(prune);
          }
          const address = server!.address();
          const port = typeof address === 'object' && address ? address.port : config.port;
          // Executions a previous process left queued are closed before listen() resolves.
          failOrphanedQueued(storage, { queuedBefore: bootedAt, logger })
            .catch((e: Error) => logger.error('could not close lost queued executions', { error: e.message }))
            .then(() => resolve(port));
        });
        server.keepAliveTimeout = 65_000;
      }),
    async close() {
      ready = false;
      clearInterval(pruneTimer);
      waits.stop();
      await scheduler.stop();
      await jobs.stop();
      await triggers.stop();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server?.closeAllConnections?.();
      expressions.dispose();
      await storage.close();
    },
  };
}
