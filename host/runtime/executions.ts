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
  /** Called after every finished execution (metrics, logs). */
  onFinished?: (record: ExecutionRecord, durationMs: number) => void;
  /** See RUNNING_ROW_DELAY_MS; 0 writes the running row at once. */
  runningRowDelayMs?: number;
  /** Called when settings.triggerCondition did not match and the run was skipped (not stored). */
  onSkipped?: (workflowId: string, mode: ExecutionRecord['mode']) => void;
  /** Called when a Wait node parked an execution (the wait tracker schedules its resumption). */
  onWaiting?: (record: ExecutionRecord) => void;
  /** Called (not awaited) when an execution ends in error: runs the error workflow. */
  onFailed?: (record: ExecutionRecord, workflow: ExecutionRecord['workflowData'] & object) => Promise<void>;
}

export function createExecutionService(deps: ExecutionServiceDeps): ExecutionService {
  const { storage, events } = deps;
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
  function run(options: RunOptions, resuming?: { record: ExecutionRecord; items?: INodeExecutionData[] }): Promise<ExecutionRecord> {
    if (resuming) return runAs(resuming.record.id, options, resuming); // resume() tracks it
    const id = newSortableId();
    return track(id, runAs(id, options));
  }

  async function runAs(id: string, options: RunOptions, resuming?: { record: ExecutionRecord; items?: INodeExecutionData[] }): Promise<ExecutionRecord> {
    const { workflow } = options;
    const mode = options.mode ?? 'manual';
    const startedAt = resuming?.record.startedAt ?? now();
    const triggerItems: INodeExecutionData[] | undefined = options.triggerItems ?? options.input?.map((json) => ({ json }));
    // settings.triggerCondition: a production run whose trigger output does not match is skipped
    // and counted, never stored. A rule that cannot be evaluated fails the run instead (below).
    let conditionError: unknown;
    const condition = workflow.settings?.triggerCondition;
    if (condition !== undefined && condition !== null && mode !== 'manual' && !resuming) {
      try {
        if (!evaluateTriggerCondition(condition, triggerItems ?? [], workflow.settings?.timezone as string | undefined)) {
          deps.onSkipped?.(workflow.id, mode);
          return { id: '', workflowId: workflow.id, mode, status: 'success', startedAt, stoppedAt: now(), runData: {}, skipped: true };
        }
      } catch (err) {
        conditionError = err;
      }
    }
    const base = { workflowId: workflow.id, workflowVersionId: workflow.versionId, mode, retryOf: options.retryOf, workflowData: workflow };
    let runningRow: Promise<unknown> | undefined = resuming ? storage.executions.update(id, { status: 'running', waitTill: null }) : undefined;
    const writeRunningRow = () => (runningRow ??= storage.executions.create({ id, ...base, status: 'running', startedAt, runData: {} }));
    const delay = deps.runningRowDelayMs ?? RUNNING_ROW_DELAY_MS;
    const rowTimer = delay > 0 && !resuming ? setTimeout(writeRunningRow, delay) : undefined;
    if (delay <= 0 || resuming) await writeRunningRow();
    const controller = new AbortController();
    running.set(id, controller);
    events.publish({ type: 'execution.started', executionId: id, workflowId: workflow.id, mode, at: startedAt });
    const onEvent = (e: EngineEvent) => {
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
      if (resuming) record.startedAt = startedAt;
    } catch (err) {
      // Validation and other failures before any node ran still end as a saved, failed execution.
      const runData = resuming?.record.runData ?? {};
      record = { id, ...base, status: 'error', startedAt, stoppedAt: now(), runData, error: serializeError(err, (err as ValidationError).node) };
      if (resuming) Object.assign(record, { waitTill: null, resumeState: null });
    } finally {
      running.delete(id);
      clearTimeout(rowTimer);
    }
    if (runningRow) {
      await runningRow;
      const { id: _id, workflowId: _wf, ...patch } = record;
      await storage.executions.update(id, patch);
    } else await storage.executions.create(record);
    events.publish({ type: 'execution.finished', executionId: id, workflowId: workflow.id, status: record.status, at: record.stoppedAt ?? now() });
    deps.onFinished?.(record, Date.parse(record.stoppedAt ?? startedAt) - Date.parse(startedAt));
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
