// At start-up of the serving single-process host: executions the previous process was running when
// it died (kill -9, OOM killer, crash, power loss) end as `crashed`, naming the node they died in,
// instead of staying `running` forever — or, for a quick run that had written no row yet
// (executions.ts, RUNNING_ROW_DELAY_MS), instead of vanishing. Two sources:
//  1. the run journal (run-journal.ts): every run the previous process started and did not end,
//     with its current node; a missing row is created from the workflow version it started with;
//  2. rows still `running` that started before this process and are not in the journal (journal
//     lost, e.g. by a power loss, or written by a host without one): crashed, node unknown.
// Nothing is retried: the caller that started the run is gone, and a run that died half-way may
// have acted already (an SMS sent, an order written); the user decides (retry is allowed).
// Idempotent: a finished row is left alone, and each journal run is ended once its row is written,
// so a crash during recovery only repeats what was left, and a second start changes nothing.
import type { Logger } from '../engine/types.ts';
import type { ExecutionRecord, SerializedError, Workflow } from '../model/index.ts';
import type { Storage } from '../storage/storage.ts';
import type { JournalRun, RunJournal } from './run-journal.ts';

export const CRASHED_ERROR_NAME = 'ExecutionCrashedError';
/** Executions recovered at once (SQLite group commit shares one transaction between them). */
const BATCH = 100;

export const crashedMessage = (node?: string) =>
  node
    ? `The host stopped while node "${node}" was running (crash or kill); the execution did not finish`
    : 'The host stopped while this execution was running (crash or kill); the execution did not finish';

export interface CrashRecoveryCounts {
  /** Rows of journal runs turned `crashed`. */
  crashed: number;
  /** Journal runs that had no row yet: created as `crashed`. */
  created: number;
  /** Journal runs whose row was already final or waiting (they ended just before the kill). */
  finished: number;
  /** Journal runs with no row and no stored workflow (a manual run of an unsaved workflow). */
  skipped: number;
  /** `running` rows not in the journal, turned `crashed` with no known node. */
  swept: number;
}

function crashedPatch(at: string, node: string | undefined, messageNode: string | undefined) {
  const error: SerializedError = { name: CRASHED_ERROR_NAME, message: crashedMessage(messageNode), timestamp: Date.parse(at), ...(node ? { node } : {}) };
  return { status: 'crashed' as const, stoppedAt: at, error, ...(node ? { lastNodeExecuted: node } : {}) };
}

/** The workflow as the run started it: its saved version, else the workflow as it is now. */
async function workflowOf(storage: Storage, run: JournalRun): Promise<Workflow | undefined> {
  if (!run.workflowId) return undefined;
  const version = run.versionId ? await storage.workflows.getVersion(run.workflowId, run.versionId) : undefined;
  return version?.workflow ?? (await storage.workflows.get(run.workflowId));
}

async function recoverJournalRun(storage: Storage, run: JournalRun, at: string, logger?: Logger): Promise<keyof CrashRecoveryCounts> {
  const row = await storage.executions.get(run.id);
  if (row && row.status !== 'running' && row.status !== 'new') return 'finished';
  const patch = crashedPatch(at, run.node, run.node);
  if (row) {
    await storage.executions.update(run.id, patch);
    return 'crashed';
  }
  const workflow = await workflowOf(storage, run);
  if (!workflow && !run.workflowId) {
    logger?.warn('a run of an unsaved workflow was in progress when the host stopped; nothing to record it against', { executionId: run.id, mode: run.mode, node: run.node });
    return 'skipped';
  }
  const record: ExecutionRecord = {
    id: run.id,
    workflowId: run.workflowId,
    ...(run.versionId ? { workflowVersionId: run.versionId } : {}),
    mode: run.mode,
    startedAt: run.startedAt,
    runData: {},
    ...(workflow ? { workflowData: workflow } : {}),
    ...patch,
  };
  await storage.executions.create(record);
  return 'created';
}

/** Ids of `running` rows that started before `startedBefore`. */
async function runningRowsBefore(storage: Storage, startedBefore: string): Promise<{ id: string; node?: string }[]> {
  const rows: { id: string; node?: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.executions.list({ status: 'running', startedBefore, limit: 500, cursor });
    rows.push(...page.data.map((e) => ({ id: e.id, node: e.lastNodeExecuted })));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

/**
 * Call before this process starts any run of its own (before waits are restored: a resumed wait
 * keeps its first start time and would look like a leftover `running` row).
 */
export async function recoverCrashedExecutions(deps: {
  storage: Storage;
  journal: RunJournal;
  /** What the previous process left in the journal (openRunJournal's `previous`). */
  previous: JournalRun[];
  /** Start of this process: only rows older than this can be a previous process's. */
  startedBefore: string;
  logger?: Logger;
}): Promise<CrashRecoveryCounts> {
  const { storage, journal, logger } = deps;
  const counts: CrashRecoveryCounts = { crashed: 0, created: 0, finished: 0, skipped: 0, swept: 0 };
  const began = performance.now();
  const at = new Date().toISOString();
  for (let i = 0; i < deps.previous.length; i += BATCH) {
    await Promise.all(
      deps.previous.slice(i, i + BATCH).map(async (run) => {
        counts[await recoverJournalRun(storage, run, at, logger)]++;
        journal.ended(run.id); // its row says what happened now: a later start leaves it alone
      }),
    );
  }
  const ours = new Set(journal.inFlight().map((r) => r.id));
  const orphans = (await runningRowsBefore(storage, deps.startedBefore)).filter((r) => !ours.has(r.id));
  for (let i = 0; i < orphans.length; i += BATCH) {
    await Promise.all(
      orphans.slice(i, i + BATCH).map(async ({ id, node }) => {
        // The last node that finished is known; the one that was running is not.
        await storage.executions.update(id, crashedPatch(at, node, undefined));
        counts.swept++;
      }),
    );
  }
  const total = counts.crashed + counts.created + counts.swept;
  if (total || counts.skipped) logger?.warn('executions in progress when the host stopped are marked crashed', { ...counts, ms: Math.round(performance.now() - began) });
  return counts;
}
