// Composition root: builds storage, registry, sandbox, services and the HTTP app from a config.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { Registry as MetricsRegistry } from 'prom-client';
import { createRegistry } from './engine/registry.ts';
import type { Registry } from './engine/registry.ts';
import type { EngineDeps, Logger } from './engine/types.ts';
import { createExpressionEvaluator } from './expressions/evaluate.ts';
import type { ExpressionEvaluator } from './expressions/evaluate.ts';
import type { HostConfig } from './config.ts';
import { loggerFromSettings } from './logger.ts';
import { createActivationService } from './runtime/activation.ts';
import { credentialsFromStorage } from './runtime/credentials.ts';
import { createEventBus } from './runtime/events.ts';
import { createExecutionService } from './runtime/executions.ts';
import { createExecutionLog } from './runtime/execution-log.ts';
import type { LocalExecutionService } from './runtime/executions.ts';
import type { QueueConfig } from './queue/config.ts';
import { createQueueIntake } from './queue/intake.ts';
import type { QueueIntake } from './queue/intake.ts';
import { createWebhookApp } from './queue/webhook-app.ts';
import { createQueueLeaderScheduler } from './queue/leader-scheduler.ts';
import type { EventBus, ExecutionService } from './runtime/types.ts';
import type { ExecutionRecord } from './model/index.ts';
import { createWebhookService } from './runtime/webhooks.ts';
import type { WebhookServiceImpl } from './runtime/webhooks.ts';
import { createErrorWorkflowRunner } from './runtime/error-workflows.ts';
import { createExecutionMetrics, createInFlightGauge, createQueueGauge, createSandboxCounter, createSkipCounter } from './runtime/metrics.ts';
import { createSubWorkflowRunner } from './runtime/sub-workflows.ts';
import { createRunTracer } from './runtime/tracing.ts';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { createWaitTracker } from './runtime/waits.ts';
import { failOrphanedQueued } from './runtime/queue-recovery.ts';
import { registerRunningHost } from './runtime/host-lease.ts';
import { openRunJournal } from './runtime/run-journal.ts';
import { recoverCrashedExecutions } from './runtime/crash-recovery.ts';
import { createDurableJobQueue } from './runtime/retry-queue.ts';
import type { DurableJobQueue } from './runtime/retry-queue.ts';
import { createTriggerService } from './runtime/triggers.ts';
import { createScheduler } from './runtime/scheduler.ts';
import type { Scheduler, SchedulerClock } from './runtime/scheduler.ts';
import { setOutboundPolicy } from './engine/outbound-guard.ts';
import { createApp } from './server/app.ts';
import { openStorage } from './storage/open.ts';
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
  /** The in-process execution service (in queue mode `executions` sends production runs to workers). */
  localExecutions: LocalExecutionService;
  /** Queue mode on a main or webhook process: the intake that enqueues production runs. */
  queue?: QueueIntake;
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

/**
 * What this process is in queue mode (docs/queue-mode.md): `main` (API, editor, intake, scheduler),
 * `webhook` (intake only) or `worker` (runs queued executions; restores no activations, no timers).
 */
export type HostRole = 'main' | 'worker' | 'webhook';

export interface HostOptions {
  storage?: Storage;
  logger?: Logger;
  /** Tests move schedule time with a fake clock. */
  schedulerClock?: SchedulerClock;
  /** Sends trace spans here (tests: an in-memory exporter); turns tracing on whatever GIGAFLOW_TRACING says. */
  traceExporter?: SpanExporter;
  role?: HostRole;
  /** Queue mode when `queue.mode === 'queue'` (host/queue/config.ts loadQueueConfig). */
  queue?: QueueConfig;
  /** Worker role: where a run parked at a Wait node is reported (the queue worker tells the mains). */
  onWaiting?: (record: ExecutionRecord) => void;
  /**
   * The serving single-process host (`gigaflow start`): journals runs in flight in
   * `<data dir>/executions.journal` and, at start, marks those a killed process left as `crashed`
   * (runtime/run-journal.ts, runtime/crash-recovery.ts). Ignored in queue mode (BullMQ's stalled-job
   * recovery owns crashes there) and for other roles; CLI one-shots leave it off.
   */
  crashJournal?: boolean;
}

/** How often a main folds finished executions into the Insights aggregates. */
const INSIGHTS_COMPACT_MS = 10_000;

/** A scheduler that never fires: webhook processes and workers leave schedules to the mains. */
const inertScheduler: Scheduler = { register: async () => {}, unregister: async () => {}, planned: () => [], idle: async () => {}, stop: async () => {} };

/**
 * Builds a host, registered as running on its storage until close() (runtime/host-lease.ts: so
 * `credentials rotate-key` can refuse while it runs; refused itself while a rotation runs).
 */
export async function createHost(config: HostConfig, opts: HostOptions = {}): Promise<Host> {
  const logger = opts.logger ?? loggerFromSettings(config);
  const lease = await registerRunningHost(config, opts.role ?? 'main', logger.child('host'));
  try {
    const host = await buildHost(config, { ...opts, logger });
    const close = host.close;
    host.close = async () => {
      try {
        await close();
      } finally {
        await lease.release();
      }
    };
    return host;
  } catch (err) {
    await lease.release();
    throw err;
  }
}

async function buildHost(config: HostConfig, opts: HostOptions): Promise<Host> {
  const role = opts.role ?? 'main';
  const queueMode = opts.queue?.mode === 'queue';
  const logger = opts.logger ?? loggerFromSettings(config);
  const bootedAt = new Date().toISOString();
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  // The SSRF guard of helpers.httpRequest is per process, like the config it comes from.
  setOutboundPolicy({ allowPrivate: config.httpAllowPrivate, allowList: config.httpAllowList });
  // PostgreSQL when GIGAFLOW_DATABASE_URL is set, else SQLite in the data folder (storage/open.ts).
  const storage = opts.storage ?? (await openStorage(config));
  const registry = await createRegistry(config.nodesPath, (m) => logger.child('nodes').warn(m), { dataDir: config.dataDir });
  const metrics = new MetricsRegistry();
  const expressions = createExpressionEvaluator({
    onEvaluation: createSandboxCounter(metrics),
    timeoutMs: config.expressionTimeoutMs,
    codeTimeoutMs: config.codeTimeoutMs,
    memoryLimitMb: config.sandboxMemoryMb,
  });
  const credentials = credentialsFromStorage(storage);
  const jobs = createDurableJobQueue({ jobs: storage.jobs, registry, credentials, logger: logger.child('jobs') });
  const engine: EngineDeps = {
    registry,
    expressions,
    credentials,
    jobs,
    publicUrl: config.publicUrl,
    vars: config.vars,
    waitInMemoryMaxMs: config.waitInMemoryMaxMs,
    logger: logger.child('engine'),
    keyValue: storage.keyValue,
  };
  const events = createEventBus();
  const waits = createWaitTracker({ storage, executions: () => executions, logger: logger.child('waits') });
  const errorWorkflows = createErrorWorkflowRunner({ storage, executions: () => executions, publicUrl: config.publicUrl, logger: logger.child('executions') });
  // Everything that watches finished runs (metrics, the execution log line, traces); one failing
  // observer is logged and never fails the run or the others.
  const finishedObservers: ((record: ExecutionRecord, durationMs: number, resumedAt?: string) => void)[] = [createExecutionMetrics(metrics), createExecutionLog(logger.child('executions'))];
  const tracer =
    opts.traceExporter || config.tracing === 'otlp'
      ? createRunTracer({ serviceName: config.otelServiceName ?? `gigaflow-${role}`, exporter: opts.traceExporter, otlpUrl: config.otlpTracesUrl, otlpHeaders: config.otlpHeaders })
      : undefined;
  if (tracer) finishedObservers.push(tracer.observe);
  const onFinished = (record: ExecutionRecord, durationMs: number, resumedAt?: string): void => {
    for (const observe of finishedObservers) {
      try {
        observe(record, durationMs, resumedAt);
      } catch (err) {
        logger.error('an observer of finished executions failed', { executionId: record.id, error: (err as Error).message });
      }
    }
  };
  const runJournal = opts.crashJournal && role === 'main' && !queueMode ? openRunJournal(join(config.dataDir, 'executions.journal'), { logger: logger.child('executions') }) : undefined;
  const localExecutions = createExecutionService({
    storage,
    engine,
    events,
    journal: runJournal?.journal,
    onFinished,
    onSkipped: createSkipCounter(metrics),
    onWaiting: (record) => (role === 'worker' ? opts.onWaiting?.(record) : waits.track(record)),
    saveDefaults: config.saveExecutions,
    onFailed: (record, workflow) =>
      errorWorkflows(record, workflow).catch((err: Error) => logger.error('error workflow failed to start', { executionId: record.id, error: err.message })),
  });
  let followRemoteWorkflow: ((event: { type: string; workflowId: string }) => void) | undefined;
  // Queue mode, main/webhook: production runs go to workers; the rest stays in localExecutions.
  const queue =
    queueMode && role !== 'worker'
      ? await createQueueIntake({
          config: opts.queue!,
          storage,
          local: localExecutions,
          events,
          logger: logger.child('queue'),
          // Only mains arm wait timers (a webhook process just takes resume-URL calls).
          onWaiting: role === 'main' ? (w) => waits.track({ id: w.id, waitTill: w.waitTill } as ExecutionRecord) : undefined,
          // Bound below, once the webhook service exists.
          onRemoteWorkflowEvent: (event) => followRemoteWorkflow?.(event),
        })
      : undefined;
  const executions: ExecutionService = queue?.executions ?? localExecutions;
  createInFlightGauge(metrics, () => localExecutions.running().length);
  createQueueGauge(metrics, queue && (() => queue.jobCounts()));
  engine.executeWorkflow = createSubWorkflowRunner({ storage, executions: () => executions });
  const webhooks = createWebhookService({ engine, executions, publicUrl: config.publicUrl, logger: logger.child('webhooks'), answerOnceQueued: queueMode });
  // Queue mode: a workflow activated, edited or deactivated on another main changes this process's
  // webhook routes too (schedules follow through the leader scheduler).
  followRemoteWorkflow = ({ type, workflowId }) => {
    if (type === 'workflow.deactivated') return webhooks.unregister(workflowId);
    storage.workflows
      .get(workflowId)
      .then((wf) => (wf?.active ? webhooks.register(wf) : webhooks.unregister(workflowId)))
      .catch((err: Error) => logger.warn('could not follow a workflow change from another process', { workflowId, error: err.message }));
  };
  // Queue mode: every main takes schedule changes, only the elected leader fires them and prunes.
  const leading = role === 'main' && queueMode ? createQueueLeaderScheduler(opts.queue!, { executions, storage, logger: logger.child('scheduler'), clock: opts.schedulerClock }) : undefined;
  const scheduler = role === 'main' ? (leading ?? createScheduler({ executions, storage, logger: logger.child('scheduler'), clock: opts.schedulerClock })) : inertScheduler;
  const triggers = createTriggerService({ engine, executions, jobs });
  const activation = createActivationService({ storage, engine, webhooks, scheduler, events, triggers: role === 'main' ? triggers : undefined });
  // Before anything of this process runs: a wait resumed by waits.restore() keeps its first start
  // time and would look like a row the previous process left running.
  // A failure leaves the journal's runs in it, so the next start tries again.
  if (runJournal)
    await recoverCrashedExecutions({ storage, journal: runJournal.journal, previous: runJournal.previous, startedBefore: bootedAt, logger: logger.child('executions') }).catch((e: Error) =>
      logger.error('could not mark the executions a stopped host left in progress as crashed', { error: e.message }),
    );
  if (role !== 'worker') await activation.restore();
  if (role === 'main') await waits.restore();
  let ready = false;
  const app =
    role === 'webhook'
      ? createWebhookApp({ config, webhooks, waits, isReady: () => ready, metrics, logError: (message, err) => logger.child('server').error(message, { error: String((err as Error)?.message ?? err) }) })
      : createApp({ config, storage, registry, executions, activation, webhooks, events, isReady: () => ready, metrics: { registry: metrics }, waits, expressions, logger: serverErrorLog(logger.child('server')) });
  let server: Server | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  // Pruning and folding Insights are once-per-cluster work: mains only, in queue mode the leader.
  const doesClusterChores = () => role === 'main' && (!leading || leading.leader.isLeader());
  const prune = () =>
    !doesClusterChores()
      ? Promise.resolve()
      : storage.executions
          .prune({ maxAgeMs: config.executionsMaxAgeDays * 86_400_000, maxCount: config.executionsMaxCount })
          .then(({ deleted }) => deleted && logger.info('pruned executions', { deleted }))
          .then(() => storage.insights.prune(new Date(Date.now() - config.insightsMaxAgeDays * 86_400_000).toISOString()))
          .catch((err: Error) => logger.error('pruning failed', { error: err.message }));
  // Folds finished executions into the Insights aggregates (a page load folds too): keeps the
  // backlog small so neither waits long.
  let insightsTimer: NodeJS.Timeout | undefined;
  const compactInsights = () =>
    !doesClusterChores()
      ? undefined
      : storage.insights.compact().catch((err: Error) => logger.error('could not fold executions into the Insights aggregates', { error: err.message }));

  return {
    config,
    app,
    storage,
    registry,
    expressions,
    engine,
    events,
    executions,
    localExecutions,
    queue,
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
          if (role === 'main') jobs.start().catch((e: Error) => logger.error('durable job queue did not start', { error: e.message }));
          leading?.start().catch((e: Error) => logger.error('could not campaign for leadership (schedules, pruning)', { error: e.message }));
          insightsTimer = setInterval(compactInsights, INSIGHTS_COMPACT_MS);
          insightsTimer.unref();
          if (config.pruneIntervalMinutes > 0) {
            pruneTimer = setInterval(prune, config.pruneIntervalMinutes * 60_000);
            pruneTimer.unref();
            setImmediate(prune);
          }
          if (leading && queue) {
            // Runs stored by a main that died before enqueueing them: the leader enqueues them again.
            const every = opts.queue!.orphanSweepMs;
            sweepTimer = setInterval(() => {
              if (leading.leader.isLeader()) queue.requeueOrphans(every).catch((e: Error) => logger.error('could not re-enqueue stored executions', { error: e.message }));
            }, every);
            sweepTimer.unref();
          }
          const address = server!.address();
          const port = typeof address === 'object' && address ? address.port : config.port;
          // Executions a previous process left queued are closed before listen() resolves (not in
          // queue mode: there `new` rows are jobs waiting for a worker).
          if (queueMode) return resolve(port);
          failOrphanedQueued(storage, { queuedBefore: bootedAt, logger: logger.child('executions') })
            .catch((e: Error) => logger.error('could not close lost queued executions', { error: e.message }))
            .then(() => resolve(port));
        });
        server.keepAliveTimeout = 65_000;
      }),
    async close() {
      ready = false;
      clearInterval(pruneTimer);
      clearInterval(insightsTimer);
      clearInterval(sweepTimer);
      waits.stop();
      await scheduler.stop();
      await jobs.stop();
      await triggers.stop();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server?.closeAllConnections?.();
      // After the server drained (in-flight webhook calls got their worker's answer): no new jobs.
      await queue?.close();
      expressions.dispose();
      await storage.close();
      runJournal?.journal.close();
      await tracer?.shutdown().catch((err: Error) => logger.warn('could not send the last trace spans', { error: err.message }));
    },
  };
}

/** The API's unexpected (500) errors as log lines, with the stack that console.error used to print. */
function serverErrorLog(logger: Logger): { error(message: string, err?: unknown): void } {
  return { error: (message, err) => logger.error(message, { error: String((err as Error)?.message ?? err), stack: (err as Error)?.stack }) };
}
