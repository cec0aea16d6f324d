// Runs a workflow with persistence and live events around the engine.
import { runWorkflow } from '../engine/execution.ts';
import type { ResumeState } from '../engine/resume.ts';
import { evaluateTriggerCondition } from '../conditions/trigger-condition.ts';
import type { EngineDeps, EngineEvent } from '../engine/types.ts';
import type { ExecutionRecord, IDataObject, INodeExecutionData } from '../model/index.ts';
import { NotFoundError, ValidationError, serializeError } from '../model/index.ts';
import { newSortableId } from '../storage/ids.ts';
import type { Storage } from '../storage/storage.ts';
import type { EventBus, ExecutionService, RunOptions } from './types.ts';
import { concurrencyLimitOf } from '../workflows/settings.ts';
import { QueueCanceledError, createMemoryLimiter } from './concurrency.ts';
import type { ConcurrencyLimiter, Release } from './concurrency.ts';
import { SAVE_EVERYTHING, shouldKeepExecution } from './save-policy.ts';
import type { SaveDefaults } from './save-policy.ts';
import type { RunJournal } from './run-journal.ts';
import { countsFor, digestRun } from '../insights/digest.ts';

/**
 * A run that ends sooner than this is written once, with its final state; a longer one is
 * written as `running` when this delay passes and updated at the end. Most webhook runs take
 * a few milliseconds, so this halves the writes on the hot path.
 */
export const RUNNING_ROW_DELAY_MS = 200;

export interface ExecutionServiceDeps {
  storage: Storage;
  engine: EngineDeps;
  events: EventBus;
  /** Called after every finished execution (metrics, logs, traces); `resumedAt`: when a parked run's resumed part began. */
  onFinished?: (record: ExecutionRecord, durationMs: number, resumedAt?: string) => void;
  /** See RUNNING_ROW_DELAY_MS; 0 writes the running row at once. */
  runningRowDelayMs?: number;
  /** Called when settings.triggerCondition did not match and the run was skipped (not stored). */
  onSkipped?: (workflowId: string, mode: ExecutionRecord['mode']) => void;
  /** Called when a Wait node parked an execution (the wait tracker schedules its resumption). */
  onWaiting?: (record: ExecutionRecord) => void;
  /** Called (not awaited) when an execution ends in error: runs the error workflow. */
  onFailed?: (record: ExecutionRecord, workflow: ExecutionRecord['workflowData'] & object) => Promise<void>;
  /** Host defaults for the save-data settings (save-policy.ts); default: keep everything. */
  saveDefaults?: SaveDefaults;
  /** Enforces settings.maxConcurrency; default: an in-memory limiter. */
  limiter?: ConcurrencyLimiter;
  /** Serving single-process host: records runs in flight and their node, for crash recovery (run-journal.ts). */
  journal?: RunJournal;
}

/** n8n limits production runs only: manual, retry, sub-workflow, error-workflow and CLI runs are exempt. */
const LIMITED_MODES: readonly string[] = ['webhook', 'trigger'];

/** The start of the run that matches nothing: status success, not stored (see ExecutionRecord.skipped). */
export type Gate = { skip: true } | { skip: false; conditionError?: unknown };

interface RunExtra {
  resuming?: { record: ExecutionRecord; items?: INodeExecutionData[] };
  /** settings.triggerCondition could not be evaluated: the run fails with this. */
  conditionError?: unknown;
  /** A `new` row was stored while the run waited for a concurrency slot. */
  queued?: boolean;
  /**
   * The row was stored by another process (queue mode): like a fresh run it turns `running` only
   * if the run lasts longer than RUNNING_ROW_DELAY_MS, and the outcome updates it.
   */
  stored?: boolean;
}

/** The service as the host builds it; queue-mode workers also run rows a main stored (host/queue). */
export interface LocalExecutionService extends ExecutionService {
  /**
   * Runs an execution whose row already exists (status `new`, or `running` again after a worker
   * crash) under its id: the row turns `running`, then holds the outcome; `queueInput` is cleared.
   */
  runStored(id: string, options: RunOptions): Promise<ExecutionRecord>;
}

export const triggerItemsOf = (options: RunOptions): INodeExecutionData[] | undefined => options.triggerItems ?? options.input?.map((json) => ({ json }));

// settings.triggerCondition: a production run whose trigger output does not match is skipped
// and counted, never stored (nor queued). A rule that cannot be evaluated fails the run instead.
export function gate(options: RunOptions, mode: ExecutionRecord['mode']): Gate {
  const condition = options.workflow.settings?.triggerCondition;
  if (condition === undefined || condition === null || mode === 'manual') return { skip: false };
  try {
    const tz = options.workflow.settings?.timezone as string | undefined;
    return evaluateTriggerCondition(condition, triggerItemsOf(options) ?? [], tz) ? { skip: false } : { skip: true };
  } catch (err) {
    return { skip: false, conditionError: err };
  }
}

export function createExecutionService(deps: ExecutionServiceDeps): LocalExecutionService {
  const { storage, events, journal } = deps;
  const saveDefaults = deps.saveDefaults ?? SAVE_EVERYTHING;
  const limiter = deps.limiter ?? createMemoryLimiter();
  const running = new Map<string, AbortController>();
  // Static data is read on every run; this process is its only writer, so it is cached here.
  // (A storage read would also flush the pending group commit and shrink every batch to one write.)
  const staticCache = new Map<string, IDataObject>();
  const loadStatic = async (workflowId: string): Promise<IDataObject> => {
    let data = staticCache.get(workflowId);
    if (!data) staticCache.set(workflowId, (data = await storage.staticData.get(workflowId)));
    return data;
  };
  const now = () => new Date().toISOString();

  // Runs in progress by execution id, until their record is stored: a resume call that arrives
  // while the run is still on its way to the Wait node waits for it (settled) instead of a 404.
  const inflight = new Map<string, Promise<unknown>>();
  function track<T>(id: string, work: Promise<T>): Promise<T> {
    inflight.set(id, work);
    const clear = () => void (inflight.get(id) === work && inflight.delete(id));
    work.then(clear, clear);
    return work;
  }


  /** A new run, or (with `resuming`) the continuation of a waiting one under the same id. */
  function run(options: RunOptions, resuming?: RunExtra['resuming']): Promise<ExecutionRecord> {
    if (resuming) return runAs(resuming.record.id, options, { resuming }); // resume() tracks it
    const { workflow } = options;
    const mode = options.mode ?? 'manual';
    const checked = gate(options, mode);
    if (checked.skip) {
      deps.onSkipped?.(workflow.id, mode);
      const at = now();
      return Promise.resolve({ id: '', workflowId: workflow.id, mode, status: 'success', startedAt: at, stoppedAt: at, runData: {}, skipped: true });
    }
    const id = newSortableId();
    const limit = LIMITED_MODES.includes(mode) && workflow.id ? concurrencyLimitOf(workflow.settings) : undefined;
    return track(id, limit ? runInLine(id, options, limit, checked.conditionError) : runAs(id, options, { conditionError: checked.conditionError }));
  }

  /**
   * settings.maxConcurrency: waits for a slot of the workflow. A run that must wait is stored as
   * `new` at once, so it shows in the executions list; the webhook call or trigger that started it
   * keeps waiting for its record as usual.
   */
  async function runInLine(id: string, options: RunOptions, limit: number, conditionError: unknown): Promise<ExecutionRecord> {
    const { workflow } = options;
    const mode = options.mode ?? 'manual';
    const ticket = limiter.acquire(workflow.id, limit, id);
    const queuedRow = ticket.queued
      ? storage.executions.create({ id, workflowId: workflow.id, workflowVersionId: workflow.versionId, mode, workflowData: workflow, status: 'new', startedAt: now(), runData: {} })
      : undefined;
    queuedRow?.then(
      () => events.publish({ type: 'execution.queued', executionId: id, workflowId: workflow.id, mode, at: now() }),
      () => undefined, // a failed write is reported below, once the run's turn comes
    );
    let release: Release | undefined;
    try {
      release = await ticket.ready;
    } catch (err) {
      if (!(err instanceof QueueCanceledError)) throw err;
      await queuedRow;
      const record: ExecutionRecord = { id, workflowId: workflow.id, mode, status: 'canceled', startedAt: now(), stoppedAt: now(), runData: {}, error: serializeError(err) };
      // DELETE /executions/:id cancels a queued run and then removes its row: nothing left to update.
      await storage.executions.update(id, { status: 'canceled', stoppedAt: record.stoppedAt, error: record.error }).catch(() => undefined);
      events.publish({ type: 'execution.finished', executionId: id, workflowId: workflow.id, status: 'canceled', at: record.stoppedAt! });
      return record;
    }
    try {
      await queuedRow;
      return await runAs(id, options, { conditionError, queued: !!queuedRow });
    } finally {
      release();
    }
  }

  async function runAs(id: string, options: RunOptions, extra: RunExtra = {}): Promise<ExecutionRecord> {
    const { workflow } = options;
    const { resuming, conditionError } = extra;
    const mode = options.mode ?? 'manual';
    const startedAt = resuming?.record.startedAt ?? now();
    // A resumed run keeps its first start; traces need where the resumed part began.
    const resumedAt = resuming ? now() : undefined;
    const triggerItems = triggerItemsOf(options);
    const base = { workflowId: workflow.id, workflowVersionId: workflow.versionId, mode, retryOf: options.retryOf, workflowData: workflow };
    // Before anything is stored or done: a kill from here on leaves this line to say the run existed.
    journal?.started({ id, workflowId: workflow.id ?? '', versionId: workflow.versionId, mode, startedAt });
    // A resumed or queued run already has its row: it turns `running` now.
    const { stored } = extra;
    const hasRow = !!resuming || !!extra.queued || !!stored;
    let runningRow: Promise<unknown> | undefined = resuming
      ? storage.executions.update(id, { status: 'running', waitTill: null })
      : extra.queued
        ? storage.executions.update(id, { status: 'running', startedAt })
        : undefined;
    const writeRunningRow = () =>
      (runningRow ??= stored ? storage.executions.update(id, { status: 'running', startedAt }) : storage.executions.create({ id, ...base, status: 'running', startedAt, runData: {} }));
    const delay = deps.runningRowDelayMs ?? RUNNING_ROW_DELAY_MS;
    const rowTimer = delay > 0 && (!hasRow || stored) ? setTimeout(writeRunningRow, delay) : undefined;
    if (delay <= 0 || (hasRow && !stored)) await writeRunningRow();
    const controller = new AbortController();
    running.set(id, controller);
    events.publish({ type: 'execution.started', executionId: id, workflowId: workflow.id, mode, at: startedAt });
    const onEvent = (e: EngineEvent) => {
      if (journal && e.type === 'node.started') journal.nodeStarted(id, e.node);
      if (!events.hasSubscribers()) return;
      if (e.type === 'node.started') events.publish({ type: 'node.started', executionId: id, workflowId: workflow.id, node: e.node, at: now() });
      else {
        const itemCount = (e.task.data?.main ?? []).reduce((n, items) => n + (items?.length ?? 0), 0);
        events.publish({ type: 'node.finished', executionId: id, workflowId: workflow.id, node: e.node, status: e.task.executionStatus, itemCount, at: now() });
      }
    };
    const staticBefore = workflow.id ? await loadStatic(workflow.id) : {};
    let record: ExecutionRecord;
    try {
      if (conditionError) throw conditionError;
      const result = await runWorkflow(deps.engine, {
        workflow: { ...workflow, staticData: staticBefore },
        executionId: id,
        mode,
        startNode: options.startNode,
        triggerItems,
        pinData: options.pinData ?? workflow.pinData,
        signal: controller.signal,
        onEvent,
        respond: options.respond,
        resume: resuming && { runData: resuming.record.runData, state: resuming.record.resumeState as ResumeState, items: resuming.items },
      });
      const { staticData, ...outcome } = result;
      if (workflow.id && JSON.stringify(staticData) !== JSON.stringify(staticBefore)) {
        staticCache.set(workflow.id, staticData);
        await storage.staticData.set(workflow.id, staticData);
      }
      record = { id, ...base, ...outcome, ...(resuming && outcome.status !== 'waiting' ? { waitTill: null, resumeState: null } : {}) };
      // A queued run's input (host/queue) is in its run data now; a parked one keeps it for a redelivery.
      if (hasRow && outcome.status !== 'waiting') record.queueInput = null;
      if (resuming) record.startedAt = startedAt;
    } catch (err) {
      // Validation and other failures before any node ran still end as a saved, failed execution.
      const runData = resuming?.record.runData ?? {};
      record = { id, ...base, status: 'error', startedAt, stoppedAt: now(), runData, error: serializeError(err, (err as ValidationError).node) };
      if (resuming) Object.assign(record, { waitTill: null, resumeState: null });
      if (hasRow) record.queueInput = null;
    } finally {
      running.delete(id);
      clearTimeout(rowTimer);
    }
    // The save-data settings: a run not to be kept leaves no row (one written meanwhile goes).
    // What the run adds to Insights, stored with its outcome (host/insights/digest.ts).
    const insights = countsFor(record.status, mode) && workflow.id ? digestRun(record) : undefined;
    if (!shouldKeepExecution(record, workflow.settings, saveDefaults)) {
      if (runningRow || stored) {
        await runningRow;
        await storage.executions.delete(id);
      }
      // Not kept, still counted.
      if (insights) await storage.insights.record({ executionId: id, workflowId: workflow.id, status: record.status, startedAt: record.startedAt, stoppedAt: record.stoppedAt, digest: insights });
    } else if (runningRow || stored) {
      await runningRow;
      // The row already holds the workflow snapshot and what started the run: write only the outcome.
      const { id: _id, workflowId: _wf, workflowData: _data, workflowVersionId: _v, mode: _m, retryOf: _r, ...patch } = record;
      await storage.executions.update(id, patch, { insights });
    } else await storage.executions.create(record, { insights });
    // Only now, with the outcome (or the parked state) stored, may a kill no longer mark it crashed.
    journal?.ended(id);
    events.publish({ type: 'execution.finished', executionId: id, workflowId: workflow.id, status: record.status, at: record.stoppedAt ?? now() });
    deps.onFinished?.(record, Date.parse(record.stoppedAt ?? startedAt) - Date.parse(startedAt), resumedAt);
    if (record.status === 'error' && deps.onFailed) deps.onFailed(record, workflow).catch(() => {});
    if (record.status === 'waiting') deps.onWaiting?.(record);
    return record;
  }

  const resumingNow = new Set<string>();
  function resume(executionId: string, items?: INodeExecutionData[], opts: { respond?: RunOptions['respond'] } = {}): Promise<ExecutionRecord> {
    if (resumingNow.has(executionId)) return Promise.reject(new ValidationError(`Execution ${executionId} is already resuming`, { status: 409 }));
    resumingNow.add(executionId);
    return track(executionId, resumeNow(executionId, items, opts));
  }

  async function resumeNow(executionId: string, items: INodeExecutionData[] | undefined, opts: { respond?: RunOptions['respond'] }): Promise<ExecutionRecord> {
    try {
      const record = await storage.executions.get(executionId);
      if (!record) throw new NotFoundError(`Execution ${executionId} not found`);
      if (record.status !== 'waiting' || !record.resumeState) throw new ValidationError(`Execution ${executionId} is not waiting`, { status: 409 });
      const workflow = record.workflowData ?? (await storage.workflows.get(record.workflowId));
      if (!workflow) throw new NotFoundError(`Workflow ${record.workflowId} of execution ${executionId} no longer exists`);
      return await run({ workflow, mode: record.mode, retryOf: record.retryOf, respond: opts.respond }, { record, items });
    } finally {
      resumingNow.delete(executionId);
    }
  }

  return {
    run: (options) => run(options),
    runStored: (id, options) => track(id, runAs(id, options, { stored: true })),
    resume,
    async retry(executionId) {
      const previous = await storage.executions.get(executionId);
      if (!previous) throw new NotFoundError(`Execution ${executionId} not found`);
      if (previous.status === 'running' || previous.status === 'new') throw new ValidationError(`Execution ${executionId} is still running`, { status: 409 });
      const workflow = previous.workflowData ?? (await storage.workflows.get(previous.workflowId));
      if (!workflow) throw new NotFoundError(`Workflow ${previous.workflowId} of execution ${executionId} no longer exists`);
      // Re-run from the start with the items that started the original run.
      const start = Object.entries(previous.runData).find(([, runs]) => runs[0]?.source.every((s) => s === null));
      const triggerItems = start ? (start[1][0].data?.main[0] ?? undefined) : undefined;
      return run({ workflow, mode: 'retry', retryOf: executionId, startNode: start?.[0], triggerItems: triggerItems ?? undefined });
    },
    async cancel(executionId) {
      if (limiter.cancel(executionId)) return true;
      const controller = running.get(executionId);
      if (!controller) return false;
      controller.abort('canceled');
      return true;
    },
    running: () => [...running.keys()],
    async settled(executionId, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (let work = inflight.get(executionId); work && Date.now() < deadline; work = inflight.get(executionId)) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([work.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, deadline - Date.now())))]);
        clearTimeout(timer);
      }
    },
  };
}
