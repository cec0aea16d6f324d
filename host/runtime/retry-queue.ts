// The durable job worker: claims due jobs from storage, runs each one's handler, and records the
// outcome: done (result kept), retry later (backoff, or the handler's Retry-After), or failed (a
// permanent error, or no attempts left). Every finished job is published to subscribers (trigger
// nodes, via `this.onDurableJobFinished` in trigger()).
//
// Jobs live in storage from the moment they are enqueued, so a restart loses none: start() turns
// jobs a stopped process left `running` back into pending ones. Delivery to subscribers happens
// once, after the outcome is stored; the outcome itself stays readable in storage.
import type { IDataObject } from 'n8n-workflow';
import { RetryJobError } from '../engine/durable-jobs.ts';
import type { DurableJobFinished, DurableJobHandler, DurableJobQueueApi, DurableJobRequest, NodeTypeWithDurableJobs } from '../engine/durable-jobs.ts';
import { backoffMs } from '../engine/rate-limit-retry.ts';
import type { NodeRegistry } from '../engine/registry-types.ts';
import type { CredentialsProvider, Logger } from '../engine/types.ts';
import type { DurableJob, DurableJobRepository } from '../storage/storage.ts';

export const JOB_DEFAULTS = { maxAttempts: 20, retryDelayMs: 30_000, maxRetryDelayMs: 30 * 60_000 };
/** Finished jobs are deleted this long after they finished (checked at start and then hourly). */
export const FINISHED_JOB_RETENTION_MS = 14 * 86_400_000;
// The worker also looks at storage this often, whatever it expects (cheap; catches clock jumps).
const MAX_SLEEP_MS = 60_000;

export interface DurableJobQueue extends DurableJobQueueApi {
  /** A handler for a kind from host code; wins over node types' `durableJobs`. Returns the unregister function. */
  register(kind: string, handler: DurableJobHandler): () => void;
  /** Requeues interrupted jobs, prunes old finished ones, and starts working. */
  start(): Promise<void>;
  /** Stops claiming, aborts running handlers and waits for them (their jobs are retried after a restart). */
  stop(): Promise<void>;
}

export interface DurableJobQueueDeps {
  jobs: DurableJobRepository;
  registry: NodeRegistry;
  credentials?: CredentialsProvider;
  logger?: Logger;
  /** Jobs run at the same time. Default 2. */
  concurrency?: number;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createDurableJobQueue(deps: DurableJobQueueDeps): DurableJobQueue {
  const { jobs, registry, logger } = deps;
  const concurrency = Math.max(1, deps.concurrency ?? 2);
  const handlers = new Map<string, DurableJobHandler>();
  const listeners = new Set<(event: DurableJobFinished) => void>();
  const running = new Map<string, Promise<void>>();
  const controller = new AbortController();
  let started = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = 0;
  let ticking: Promise<void> | undefined;
  let wakeAgain = false;
  let lastPrune = 0;

  function handlerFor(job: DurableJob): DurableJobHandler | undefined {
    const type = registry.get(job.nodeType, job.typeVersion) as NodeTypeWithDurableJobs | undefined;
    return handlers.get(job.kind) ?? type?.durableJobs?.[job.kind];
  }

  function publish(job: DurableJob, outcome: { status: 'done'; result: IDataObject } | { status: 'failed'; error: string }): void {
    const event: DurableJobFinished = {
      jobId: job.id,
      kind: job.kind,
      attempts: job.attempts,
      nodeType: job.nodeType,
      workflowId: job.workflowId,
      node: job.node,
      executionId: job.executionId,
      payload: job.payload,
      data: job.data,
      createdAt: job.createdAt,
      finishedAt: new Date().toISOString(),
      ...outcome,
    };
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        logger?.error('durable job listener failed', { jobId: job.id, kind: job.kind, error: message(err) });
      }
    }
  }

  async function attempt(job: DurableJob): Promise<void> {
    // Claiming counts the attempt; a job past its cap was interrupted (a crash or a kill while it
    // ran) on its last try. Running it again could crash the host again, on every start.
    if (job.attempts > job.maxAttempts) {
      const error = `Interrupted on its last attempt (${job.maxAttempts} of ${job.maxAttempts}): the host stopped while it ran`;
      await jobs.fail(job.id, error);
      return publish(job, { status: 'failed', error });
    }
    const handler = handlerFor(job);
    if (!handler) {
      const error = `No handler for durable job kind "${job.kind}" (node type ${job.nodeType} v${job.typeVersion} is not installed or has no durableJobs["${job.kind}"])`;
      await jobs.fail(job.id, error);
      return publish(job, { status: 'failed', error });
    }
    const ctx = {
      job: { id: job.id, kind: job.kind, payload: job.payload, data: job.data, attempt: job.attempts, maxAttempts: job.maxAttempts, workflowId: job.workflowId, node: job.node, executionId: job.executionId, createdAt: job.createdAt },
      signal: controller.signal,
      getCredentials: async <T extends object>(type: string): Promise<T> => {
        const ref = job.credentials?.[type];
        if (!ref) throw new Error(`Node "${job.node}" had no credential of type "${type}" when the job was queued`);
        if (!deps.credentials) throw new Error('No credential store is available');
        return (await deps.credentials(type, ref, job.node)) as T;
      },
      logger: {
        debug: (m: string, meta?: object) => logger?.debug(m, { jobId: job.id, kind: job.kind, ...meta }),
        info: (m: string, meta?: object) => logger?.info(m, { jobId: job.id, kind: job.kind, ...meta }),
        warn: (m: string, meta?: object) => logger?.warn(m, { jobId: job.id, kind: job.kind, ...meta }),
        error: (m: string, meta?: object) => logger?.error(m, { jobId: job.id, kind: job.kind, ...meta }),
      },
    };
    let result: IDataObject;
    try {
      result = await handler(ctx);
    } catch (err) {
      // Shutting down on purpose: the job goes back to pending without spending an attempt (a crash
      // leaves it `running`, and start() requeues it with the attempt counted).
      if (stopped) return jobs.release(job.id);
      const error = message(err);
      if (err instanceof RetryJobError && job.attempts < job.maxAttempts) {
        const delay = err.retryAfterMs ?? backoffMs(job.attempts, job.retryDelayMs, job.maxRetryDelayMs);
        const at = new Date(Date.now() + Math.max(0, delay)).toISOString();
        logger?.info('durable job will be retried', { jobId: job.id, kind: job.kind, attempt: job.attempts, at, error });
        return jobs.retryLater(job.id, at, error);
      }
      const final = err instanceof RetryJobError ? `Gave up after ${job.attempts} attempts: ${error}` : error;
      logger?.warn('durable job failed', { jobId: job.id, kind: job.kind, attempts: job.attempts, error: final });
      await jobs.fail(job.id, final);
      return publish(job, { status: 'failed', error: final });
    }
    await jobs.complete(job.id, result ?? {});
    logger?.info('durable job done', { jobId: job.id, kind: job.kind, attempts: job.attempts });
    publish(job, { status: 'done', result: result ?? {} });
  }

  /** Sets the one timer to wake in `ms`; with `soonerOnly`, keeps an earlier timer. */
  function arm(ms: number, soonerOnly = false): void {
    if (stopped || !started) return;
    const delay = Math.min(Math.max(0, ms), MAX_SLEEP_MS);
    if (soonerOnly && timer && timerAt <= Date.now() + delay) return;
    clearTimeout(timer);
    timerAt = Date.now() + delay;
    timer = setTimeout(() => {
      timer = undefined;
      wake();
    }, delay);
    timer.unref();
  }

  /** Runs a tick now; a wake during a tick runs another one right after it. */
  function wake(): void {
    if (ticking) {
      wakeAgain = true;
      return;
    }
    ticking = tick()
      .catch((err: Error) => {
        logger?.error('durable job queue: tick failed', { error: err.message });
        arm(5000);
      })
      .finally(() => {
        ticking = undefined;
        if (wakeAgain && !stopped) {
          wakeAgain = false;
          wake();
        }
      });
  }

  async function tick(): Promise<void> {
    if (stopped) return;
    if (Date.now() - lastPrune > 3_600_000) {
      lastPrune = Date.now();
      const deleted = await jobs.deleteFinished(new Date(Date.now() - FINISHED_JOB_RETENTION_MS).toISOString());
      if (deleted) logger?.info('durable job queue: deleted old finished jobs', { deleted });
    }
    const claimed = await jobs.claimDue(new Date().toISOString(), concurrency - running.size);
    for (const job of claimed) {
      const p = attempt(job)
        .catch((err: Error) => logger?.error('durable job: could not record the outcome', { jobId: job.id, error: err.message }))
        .finally(() => {
          running.delete(job.id);
          wake();
        });
      running.set(job.id, p);
    }
    if (running.size >= concurrency) return arm(MAX_SLEEP_MS); // a finishing job wakes us
    const next = await jobs.nextDueAt();
    arm(next ? Date.parse(next) - Date.now() : MAX_SLEEP_MS);
  }

  return {
    async enqueue(request: DurableJobRequest, owner) {
      if (!request?.kind) throw new Error('A durable job needs a kind');
      const job = await jobs.create({
        ...owner,
        kind: request.kind,
        payload: request.payload ?? {},
        data: request.data,
        maxAttempts: request.maxAttempts ?? JOB_DEFAULTS.maxAttempts,
        retryDelayMs: request.retryDelayMs ?? JOB_DEFAULTS.retryDelayMs,
        maxRetryDelayMs: request.maxRetryDelayMs ?? JOB_DEFAULTS.maxRetryDelayMs,
        nextAttemptAt: new Date(Date.now() + Math.max(0, request.delayMs ?? 0)).toISOString(),
      });
      logger?.info('durable job queued', { jobId: job.id, kind: job.kind, workflowId: owner.workflowId, node: owner.node, at: job.nextAttemptAt });
      arm(Date.parse(job.nextAttemptAt) - Date.now(), true);
      return { jobId: job.id, nextAttemptAt: job.nextAttemptAt };
    },
    register(kind, handler) {
      handlers.set(kind, handler);
      return () => handlers.get(kind) === handler && handlers.delete(kind);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      if (started || stopped) return;
      const requeued = await jobs.requeueRunning();
      if (requeued) logger?.info('durable job queue: resuming interrupted jobs', { requeued });
      started = true;
      wake();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      controller.abort('shutdown');
      await ticking;
      await Promise.allSettled([...running.values()]);
    },
  };
}
