// Queue mode, worker processes: BullMQ jobs carry an execution id; the worker loads the row the
// main stored, runs it with the same execution service as regular mode, and answers the main that
// waits (webhook response, finished record) over Redis. Delivery is at least once: a job whose
// worker died (kill -9) is taken back by BullMQ's stalled-job check and run again from the start
// under the same execution id, so the row ends exactly once (see docs/queue-mode.md).
import { DelayedError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger, WebhookResponse } from '../engine/types.ts';
import type { ExecutionRecord, Workflow } from '../model/index.ts';
import type { LocalExecutionService } from '../runtime/executions.ts';
import type { EventBus, HostEvent } from '../runtime/types.ts';
import type { Storage } from '../storage/storage.ts';
import { ALIVE_RENEW_MS, ALIVE_TTL_MS, QUEUE_NAME, aliveKey, channels, redisOptions } from './config.ts';
import type { QueueConfig } from './config.ts';
import { encodeResponse, slimRecord } from './messages.ts';
import type { BroadcastMessage, ExecutionJobData, ReplyMessage } from './messages.ts';

/**
 * Where a per-workflow concurrency limiter plugs in (Q2: host/queue/redis-limiter.ts): called
 * before a run starts, resolves with a release function once the run may go.
 */
export type SlotHook = (execution: { id: string; workflow: Workflow }) => Promise<(() => void) | { retryInMs: number }>;

export interface QueueWorkerDeps {
  config: QueueConfig;
  storage: Storage;
  executions: LocalExecutionService;
  /** The worker's own bus: execution events are relayed to the mains over Redis. */
  events: EventBus;
  concurrency: number;
  acquireSlot?: SlotHook;
  logger?: Logger;
}

export interface QueueWorker {
  /** Call from the execution service's onWaiting: the mains arm the wait's timer. */
  onWaiting(record: ExecutionRecord): void;
  /** Stops taking jobs and waits for the running ones (graceful shutdown). */
  close(): Promise<void>;
}

const FINISHED = ['success', 'error', 'canceled'];
export const CRASHED_ERROR_NAME = 'WorkerCrashedError';

export async function createQueueWorker(deps: QueueWorkerDeps): Promise<QueueWorker> {
  const { config, storage, executions, logger } = deps;
  const connection = redisOptions(config.redisUrl);
  const publisher = new Redis({ ...connection, enableAutoPipelining: true });
  publisher.on('error', (err: Error) => logger?.warn('queue: redis publisher error', { error: err.message }));
  const publish = (channel: string, message: ReplyMessage | BroadcastMessage) =>
    publisher.publish(channel, JSON.stringify(message)).catch((err: Error) => logger?.warn('queue: publish failed', { channel, error: err.message }));
  // Awaited before the job is acknowledged: a worker killed in between leaves the job to be taken
  // back, and the next worker answers from the stored row.
  const reply = async (data: ExecutionJobData, message: ReplyMessage) => void (data.replyTo && (await publish(channels.replies(config.prefix, data.replyTo), message)));
  const broadcast = (message: BroadcastMessage) => publish(channels.events(config.prefix), message);

  // Execution-level events reach every main's SSE; per-node events stay here (they would multiply
  // the Redis traffic by the node count for little use on production runs).
  const relayed = new Set<HostEvent['type']>(['execution.started', 'execution.finished', 'execution.queued']);
  // Gathered for one turn of the event loop: at a thousand runs a second, one message per event
  // would cost Redis and every main a message each.
  let pending: HostEvent[] = [];
  const flush = async () => {
    const events = pending;
    pending = [];
    if (events.length) await broadcast({ type: 'events', events });
  };
  const unsubscribe = deps.events.subscribe((event) => {
    if (!relayed.has(event.type)) return;
    if (pending.push(event) === 1) setImmediate(() => void flush());
  });

  // Executions this worker is running, announced in Redis (config.ts aliveKey): the leading main
  // re-enqueues a `running` row whose job vanished only once nobody renews its key.
  const inRun = new Set<string>();
  const announce = (ids: Iterable<string>) => {
    const batch = publisher.pipeline();
    for (const id of ids) batch.set(aliveKey(config.prefix, id), '1', 'PX', ALIVE_TTL_MS);
    batch.exec().catch((err: Error) => logger?.warn('queue: could not renew running executions', { error: err.message }));
  };
  const renewer = setInterval(() => inRun.size && announce(inRun), ALIVE_RENEW_MS);
  renewer.unref();

  async function runJob(job: Job<ExecutionJobData>, token?: string): Promise<string> {
    const id = job.data.executionId;
    // A job enqueued again for a run this worker still has (its job was lost with Redis): not twice.
    if (inRun.has(id)) return 'running';
    inRun.add(id);
    announce([id]);
    try {
      return await runJobOnce(job, token);
    } finally {
      inRun.delete(id);
      publisher.del(aliveKey(config.prefix, id)).catch(() => undefined);
    }
  }

  async function runJobOnce(job: Job<ExecutionJobData>, token?: string): Promise<string> {
    const data = job.data;
    const id = data.executionId;
    let record = await storage.executions.get(id);
    if (!record) {
      logger?.warn('queue: execution of a job no longer exists', { executionId: id });
      return 'missing';
    }
    const input = record.queueInput;
    // Redelivered after the run was stored (the worker died before acknowledging): already done.
    if (FINISHED.includes(record.status) || (record.status === 'waiting' && input?.kind !== 'resume') || !input) {
      await reply(data, { type: 'finished', executionId: id, record: slimRecord(record) });
      return record.status;
    }
    const workflow = record.workflowData ?? (await storage.workflows.get(record.workflowId));
    if (!workflow) throw new Error(`Workflow ${record.workflowId} of execution ${id} no longer exists`);
    const slot = deps.acquireSlot ? await deps.acquireSlot({ id, workflow }) : undefined;
    if (slot && typeof slot !== 'function') {
      // No free slot (settings.maxConcurrency): back to the delayed set, keeping its place in the
      // workflow's line, so this worker's concurrency goes to other workflows' jobs meanwhile.
      await job.moveToDelayed(Date.now() + slot.retryInMs, token);
      throw new DelayedError();
    }
    const release = slot;
    try {
      const respond =
        input.responseMode === 'responseNode' && data.replyTo
          ? (response: WebhookResponse) => void reply(data, { type: 'respond', executionId: id, response: encodeResponse(response) })
          : undefined;
      if (input.kind === 'resume') {
        // A resume a dead worker had started: the row still holds the state before it.
        if (record.status === 'running') await storage.executions.update(id, { status: 'waiting' });
        record = await executions.resume(id, input.resumeItems, { respond });
      } else {
        if (record.status === 'running') logger?.warn('queue: running an execution again after its worker stopped', { executionId: id, attempt: job.attemptsMade + 1 });
        record = await executions.runStored(id, { workflow, mode: record.mode, startNode: input.startNode, triggerItems: input.triggerItems, pinData: input.pinData, respond });
      }
    } finally {
      release?.();
    }
    // Workflow errors are outcomes, not job failures: they are never retried.
    await reply(data, { type: 'finished', executionId: id, record: slimRecord(record) });
    return record.status;
  }

  /** Attempts used up (crashes, infrastructure errors): the execution ends as an error, once. */
  async function giveUp(job: Job<ExecutionJobData>, err: Error): Promise<void> {
    const id = job.data.executionId;
    const record = await storage.executions.get(id);
    if (!record || !['new', 'running'].includes(record.status)) return;
    const at = new Date().toISOString();
    const error = { name: CRASHED_ERROR_NAME, message: `Execution ${id} could not be completed by a worker after ${job.attemptsMade} attempt(s): ${err.message}`, timestamp: Date.now() };
    await storage.executions.update(id, { status: 'error', stoppedAt: at, error, queueInput: null });
    const finished: ExecutionRecord = { ...record, status: 'error', stoppedAt: at, error };
    void reply(job.data, { type: 'finished', executionId: id, record: slimRecord(finished) });
    deps.events.publish({ type: 'execution.finished', executionId: id, workflowId: record.workflowId, status: 'error', at });
  }

  const worker = new Worker<ExecutionJobData>(QUEUE_NAME, runJob, {
    connection,
    prefix: config.prefix,
    concurrency: deps.concurrency,
    lockDuration: config.lockDurationMs,
    stalledInterval: config.stalledIntervalMs,
    maxStalledCount: Math.max(1, config.attempts - 1),
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || /stalled/i.test(err.message);
    logger?.warn('queue: job failed', { executionId: job.data.executionId, attempt: job.attemptsMade, final, error: err.message });
    if (final) giveUp(job, err).catch((e: Error) => logger?.error('queue: could not mark execution as crashed', { executionId: job.data.executionId, error: e.message }));
  });
  worker.on('stalled', (jobId: string) => logger?.warn('queue: job taken back from a worker that stopped renewing its lock', { jobId }));
  worker.on('error', (err: Error) => logger?.warn('queue: worker error', { error: err.message }));
  await worker.waitUntilReady();

  return {
    onWaiting(record) {
      if (record.waitTill) void broadcast({ type: 'waiting', executionId: record.id, waitTill: record.waitTill });
    },
    async close() {
      await worker.close();
      clearInterval(renewer);
      unsubscribe();
      await flush();
      await publisher.quit().catch(() => publisher.disconnect());
    },
  };
}
