// Queue mode, main and webhook processes: production runs (webhook, trigger, resumed waits) are
// stored as `new` with everything a worker needs, and enqueued only once that write committed
// (enqueueing first can lose executions: n8n #24274). Callers that wait for an answer (lastNode,
// responseNode, resume URLs) get it back over Redis on this process's reply channel.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger, WebhookResponse } from '../engine/types.ts';
import type { ExecutionRecord, INodeExecutionData, QueueInput } from '../model/index.ts';
import { NotFoundError, ValidationError } from '../model/index.ts';
import { gate } from '../runtime/executions.ts';
import type { EventBus, ExecutionService, HostEvent, RunOptions } from '../runtime/types.ts';
import { HttpError } from '../server/middleware/errors.ts';
import { newSortableId } from '../storage/ids.ts';
import type { QueueJobCounts } from '../runtime/metrics.ts';
import { isConnectionLoss } from '../storage/postgres/reconnect.ts';
import type { Storage } from '../storage/storage.ts';
import { ALIVE_TTL_MS, QUEUE_NAME, aliveKey, channels, newProcessId, redisOptions } from './config.ts';
import type { QueueConfig } from './config.ts';
import { decodeResponse, slimRecord } from './messages.ts';
import type { BroadcastMessage, ExecutionJobData, ReplyMessage } from './messages.ts';

const WORKFLOW_EVENTS = ['workflow.activated', 'workflow.deactivated', 'workflow.updated'] as const;
type WorkflowEventType = (typeof WORKFLOW_EVENTS)[number];
const isWorkflowEvent = (e: HostEvent): e is Extract<HostEvent, { type: WorkflowEventType }> => (WORKFLOW_EVENTS as readonly string[]).includes(e.type);

/** Modes that run on workers; manual, retry, CLI, sub-workflow and error-workflow runs stay local. */
const QUEUED_MODES: readonly string[] = ['webhook', 'trigger'];
/** How often settled() looks at a row a worker is still running. */
const SETTLE_POLL_MS = 50;
/**
 * Pub/sub delivers at most once (a reconnect, a worker killed between storing and publishing): a
 * caller waiting longer than this gets its answer from the stored row once the row is final.
 */
const REPLY_SWEEP_MS = 3000;
const FINAL = ['success', 'error', 'canceled', 'waiting'];

interface Waiter {
  since: number;
  resolve: (record: ExecutionRecord) => void;
  reject: (err: Error) => void;
  respond?: (response: WebhookResponse) => void;
  timer: NodeJS.Timeout;
}

export interface QueueIntake {
  /** The execution service of this process: production runs go to the queue, the rest run here. */
  executions: ExecutionService;
  processId: string;
  /** Enqueues `new` executions older than this that have no job; returns how many. */
  requeueOrphans(olderThanMs: number): Promise<number>;
  /** Jobs in the queue by state, for gigaflow_queue_jobs (read on each /metrics scrape). */
  jobCounts(): Promise<QueueJobCounts>;
  close(): Promise<void>;
}

export interface QueueIntakeDeps {
  config: QueueConfig;
  storage: Storage;
  /** Runs what does not go to workers (manual runs, retries, sub-workflows). */
  local: ExecutionService;
  /** Worker runs' events are published here too, for this process's SSE clients. */
  events: EventBus;
  /**
   * A workflow activated, deactivated or edited on another process: this process's webhook routes
   * must follow (its own changes are already in place).
   */
  onRemoteWorkflowEvent?: (event: { type: WorkflowEventType; workflowId: string }) => void;
  /** A worker run parked at a Wait node (arm its timer); absent where no timers run (webhook process). */
  onWaiting?: (waiting: { id: string; waitTill: string }) => void;
  logger?: Logger;
}

export async function createQueueIntake(deps: QueueIntakeDeps): Promise<QueueIntake> {
  const { config, storage, local, events, logger } = deps;
  const processId = newProcessId();
  const connection = redisOptions(config.redisUrl);
  const queue = new Queue<ExecutionJobData>(QUEUE_NAME, { connection, prefix: config.prefix });
  const subscriber = new Redis(connection);
  const publisher = new Redis({ ...connection, enableAutoPipelining: true });
  publisher.on('error', (err: Error) => logger?.warn('queue: redis publisher error', { error: err.message }));
  const waiters = new Map<string, Waiter>();
  const now = () => new Date().toISOString();

  subscriber.on('message', (channel: string, text: string) => {
    let message: ReplyMessage | BroadcastMessage;
    try {
      message = JSON.parse(text);
    } catch {
      return logger?.warn('queue: unreadable message', { channel });
    }
    if (message.type === 'event') {
      if (message.from === processId) return;
      events.publish(message.event);
      if (isWorkflowEvent(message.event)) deps.onRemoteWorkflowEvent?.(message.event);
    } else if (message.type === 'events') for (const event of message.events) events.publish(event);
    else if (message.type === 'waiting') deps.onWaiting?.({ id: message.executionId, waitTill: message.waitTill });
    else if (message.type === 'respond') waiters.get(message.executionId)?.respond?.(decodeResponse(message.response));
    else if (message.type === 'finished') {
      const waiter = waiters.get(message.executionId);
      if (!waiter) return;
      waiters.delete(message.executionId);
      clearTimeout(waiter.timer);
      waiter.resolve(message.record);
    }
  });
  subscriber.on('error', (err: Error) => logger?.warn('queue: redis subscriber error', { error: err.message }));
  await subscriber.subscribe(channels.replies(config.prefix, processId), channels.events(config.prefix));
  await queue.waitUntilReady();
  // Activations reach the other mains and the webhook processes (they keep their routes in step).
  const sweeper = setInterval(() => void sweep(), REPLY_SWEEP_MS);
  sweeper.unref();
  async function sweep(): Promise<void> {
    const old = [...waiters].filter(([, w]) => Date.now() - w.since >= REPLY_SWEEP_MS);
    for (const [id, waiter] of old) {
      const record = await storage.executions.get(id).catch(() => undefined);
      // A resume waiter registered while the row was still `waiting` from before is not done yet.
      const resumePending = record?.status === 'waiting' && record.queueInput?.kind === 'resume';
      if (!record || !FINAL.includes(record.status) || resumePending || waiters.get(id) !== waiter) continue;
      logger?.warn('queue: no reply came for a finished execution; answering from the stored row', { executionId: id });
      waiters.delete(id);
      clearTimeout(waiter.timer);
      waiter.resolve(slimRecord(record));
    }
  }
  const unsubscribe = events.subscribe((event) => {
    if (!isWorkflowEvent(event)) return;
    const message: BroadcastMessage = { type: 'event', event, from: processId };
    publisher.publish(channels.events(config.prefix), JSON.stringify(message)).catch((err: Error) => logger?.warn('queue: publish failed', { error: err.message }));
  });

  /** Registered before the job is added: a fast worker may answer before add() returns. */
  function awaitOutcome(id: string, respond?: Waiter['respond']): Promise<ExecutionRecord> {
    return new Promise<ExecutionRecord>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(id);
        reject(new HttpError(504, `No worker finished execution ${id} within ${config.responseTimeoutMs} ms; it is still queued or running (see GET /api/v1/executions/${id})`, { code: 'gateway_timeout' }));
      }, config.responseTimeoutMs);
      timer.unref();
      waiters.set(id, { since: Date.now(), resolve, reject, respond, timer });
    });
  }

  const jobOptions = (jobId: string) => ({
    jobId,
    attempts: config.attempts,
    backoff: { type: 'exponential', delay: config.backoffMs },
    removeOnComplete: true,
    removeOnFail: { count: 1000 },
  });

  async function enqueue(id: string, jobId: string, wantReply: boolean): Promise<void> {
    try {
      await queue.add('run', { executionId: id, ...(wantReply ? { replyTo: processId } : {}) }, jobOptions(jobId));
    } catch (err) {
      const error = { name: 'QueueUnavailableError', message: `Could not enqueue execution ${id}: ${(err as Error).message}`, timestamp: Date.now() };
      await storage.executions.update(id, { status: 'error', stoppedAt: now(), error, queueInput: null }).catch(() => undefined);
      const waiter = waiters.get(id);
      waiters.delete(id);
      if (waiter) clearTimeout(waiter.timer);
      throw new HttpError(503, error.message, { code: 'unavailable' });
    }
  }

  async function run(options: RunOptions): Promise<ExecutionRecord> {
    const { workflow } = options;
    const mode = options.mode ?? 'manual';
    if (!QUEUED_MODES.includes(mode)) return local.run(options);
    const checked = gate(options, mode);
    // A skipped run is never stored; a rule that cannot be evaluated fails right here, stored as usual.
    if (checked.skip || checked.conditionError) return local.run(options);
    const id = newSortableId();
    const startedAt = now();
    // A scheduled run and an onReceived webhook have nobody waiting for the outcome.
    const detached = options.detached || (mode === 'trigger' && !options.respond);
    const queueInput: QueueInput = {
      kind: 'start',
      startNode: options.startNode,
      triggerItems: options.triggerItems ?? options.input?.map((json) => ({ json })),
      ...(options.pinData ? { pinData: options.pinData } : {}),
      responseMode: options.respond ? 'responseNode' : detached ? 'onReceived' : 'lastNode',
    };
    try {
      await storage.executions.create({ id, workflowId: workflow.id, workflowVersionId: workflow.versionId, mode, workflowData: workflow, status: 'new', startedAt, runData: {}, queueInput });
    } catch (err) {
      if (!isConnectionLoss(err)) throw err;
      // The database is unreachable (the storage already retried a lost connection): an outage,
      // not a bug, so the caller gets a 503 it can retry rather than a 500.
      throw new HttpError(503, `Could not store execution ${id} of workflow ${workflow.id} in the database: ${(err as Error).message}`, { code: 'unavailable' });
    }
    const outcome = detached ? undefined : awaitOutcome(id, options.respond);
    await enqueue(id, id, !detached);
    events.publish({ type: 'execution.queued', executionId: id, workflowId: workflow.id, mode, at: startedAt });
    return outcome ?? { id, workflowId: workflow.id, mode, status: 'new', startedAt, runData: {} };
  }

  const resumingNow = new Set<string>();
  async function resume(id: string, items?: INodeExecutionData[], opts: { respond?: RunOptions['respond'] } = {}): Promise<ExecutionRecord> {
    if (resumingNow.has(id)) throw new ValidationError(`Execution ${id} is already resuming`, { status: 409 });
    resumingNow.add(id);
    try {
      const record = await storage.executions.get(id);
      if (!record) throw new NotFoundError(`Execution ${id} not found`);
      if (record.status !== 'waiting' || !record.resumeState) throw new ValidationError(`Execution ${id} is not waiting`, { status: 409 });
      const queueInput: QueueInput = { kind: 'resume', resumeItems: items, responseMode: opts.respond ? 'responseNode' : 'lastNode' };
      await storage.executions.update(id, { queueInput });
      const outcome = awaitOutcome(id, opts.respond);
      // Unique job id: the same execution may wait and resume several times.
      await enqueue(id, `${id}.resume.${Date.now()}`, true);
      return await outcome;
    } finally {
      resumingNow.delete(id);
    }
  }

  const executions: ExecutionService = {
    run,
    resume,
    retry: (id) => local.retry(id),
    running: () => local.running(),
    async cancel(id) {
      if (await local.cancel(id)) return true;
      // Still in the queue: the worker that takes it skips a canceled row. (A run already on a
      // worker is not reachable from here.)
      const record = await storage.executions.get(id);
      if (record?.status !== 'new') return false;
      const at = now();
      await storage.executions.update(id, { status: 'canceled', stoppedAt: at, queueInput: null });
      events.publish({ type: 'execution.finished', executionId: id, workflowId: record.workflowId, status: 'canceled', at });
      return true;
    },
    async settled(id, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      await local.settled(id, timeoutMs);
      // A worker's run: wait until its row is no longer new/running.
      while (Date.now() < deadline) {
        const record = await storage.executions.get(id);
        if (!record || (record.status !== 'new' && record.status !== 'running')) return;
        await new Promise((r) => setTimeout(r, SETTLE_POLL_MS));
      }
    },
  };

  /**
   * A main that died after storing a run and before enqueueing it left a `new` row with no job:
   * enqueue it again (same job id, so a job still waiting or running is not doubled; a worker
   * that finds the row already finished only answers). Nobody waits for its answer any more.
   */
  async function requeueOrphans(olderThanMs: number): Promise<number> {
    const startedBefore = new Date(Date.now() - olderThanMs).toISOString();
    const { data } = await storage.executions.list({ status: 'new', startedBefore, limit: 200 });
    let requeued = 0;
    for (const summary of data) {
      if (await queue.getJob(summary.id)) continue;
      const record = await storage.executions.get(summary.id);
      if (record?.status !== 'new' || record.queueInput?.kind !== 'start') continue;
      await queue.add('run', { executionId: summary.id }, jobOptions(summary.id));
      logger?.warn('queue: re-enqueued an execution its main stored but never enqueued', { executionId: summary.id });
      requeued++;
    }
    return requeued + (await requeueAbandoned(startedBefore));
  }

  /** Running rows seen with neither a job nor a worker renewing them, and since when. */
  const abandoned = new Map<string, number>();
  /**
   * A Redis restart loses every job and lock; a worker that dies meanwhile leaves its row
   * `running` with nothing left to take it back. Such a row is enqueued again once it has had no
   * job and no alive key (worker.ts) for longer than ALIVE_TTL_MS: a live worker renews its key
   * every second, so a run still going on is never started a second time beside it.
   */
  async function requeueAbandoned(startedBefore: string): Promise<number> {
    const { data } = await storage.executions.list({ status: 'running', startedBefore, limit: 200 });
    const seen = new Set(data.map((e) => e.id));
    for (const id of abandoned.keys()) if (!seen.has(id)) abandoned.delete(id);
    let requeued = 0;
    for (const { id } of data) {
      if ((await queue.getJob(id)) || (await publisher.exists(aliveKey(config.prefix, id)))) {
        abandoned.delete(id);
        continue;
      }
      const since = abandoned.get(id);
      if (since === undefined) abandoned.set(id, Date.now());
      if (since === undefined || Date.now() - since <= ALIVE_TTL_MS) continue;
      const record = await storage.executions.get(id);
      // A resume's job id is not the execution id; such a row is left for an operator.
      if (record?.status !== 'running' || record.queueInput?.kind !== 'start') continue;
      abandoned.delete(id);
      await queue.add('run', { executionId: id }, jobOptions(id));
      logger?.warn('queue: re-enqueued a running execution whose job and worker are both gone', { executionId: id });
      requeued++;
    }
    return requeued;
  }

  return {
    executions,
    processId,
    requeueOrphans,
    async jobCounts() {
      // One round trip; prioritized jobs are waiting too (none today: jobs carry no priority).
      const c = await queue.getJobCounts('wait', 'prioritized', 'active', 'delayed', 'failed');
      return { waiting: (c.wait ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
    },
    async close() {
      for (const [id, waiter] of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new HttpError(503, `This process is shutting down; execution ${id} goes on on a worker`, { code: 'unavailable' }));
      }
      waiters.clear();
      unsubscribe();
      clearInterval(sweeper);
      await queue.close();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
