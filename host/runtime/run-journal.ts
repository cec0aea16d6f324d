// The run journal: an append-only file `<data dir>/executions.journal` that says which executions
// this process is running and which node each one is in, so that after a kill -9 the next start
// can mark them `crashed` with the node they died in (crash-recovery.ts). A quick run writes no
// row until it ends (executions.ts, RUNNING_ROW_DELAY_MS), so without this file it would leave no
// trace at all.
//
// Lines are written with fs.writeSync, one write per event-loop turn (see `flush`): once write(2)
// returns, the bytes belong to the kernel's page cache, which outlives the process however it dies
// (kill -9, OOM killer, a native crash). The file is never fsync'ed — that would cost a disk flush
// per batch — so it does NOT survive a power loss or a kernel crash: the runs in flight at that
// moment are then caught only by the sweep of rows still `running` (crash-recovery.ts), and quick
// runs, which had no row yet, leave no trace.
// One limit of the batching: a node that computes for long without letting the event loop turn (a
// heavy expression over many items) is journaled only after, so a kill during it names the node before.
//
// Lines (one JSON array each, so a line torn by a kill mid-write fails to parse and is skipped):
//   ["s", id, workflowId, versionId, mode, startedAt]   a run started (or a waiting one resumed)
//   ["n", id, nodeName]                                 that run started a node
//   ["e", id]                                           its outcome is stored: no longer in flight
// The file would grow forever, so once it passes `compactBytes` it is replaced (write + rename,
// atomic) by a fresh one holding only the runs still in flight, each with its current node.
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { Logger } from '../engine/types.ts';
import type { ExecutionMode } from '../model/index.ts';

/** Past this size the journal is rewritten with only the runs in flight. */
export const JOURNAL_COMPACT_BYTES = 4 * 1024 * 1024;

export interface JournalRun {
  id: string;
  workflowId: string;
  versionId?: string;
  mode: ExecutionMode;
  startedAt: string;
  /** The node it was running last, if it got that far. */
  node?: string;
}

export interface RunJournal {
  started(run: Omit<JournalRun, 'node'>): void;
  nodeStarted(id: string, node: string): void;
  /** Call once the run's outcome (or its parked `waiting` state) is stored. */
  ended(id: string): void;
  /** Runs started and not ended, oldest first (those of the previous process until recovery ends them). */
  inFlight(): JournalRun[];
  close(): void;
}

export interface OpenedJournal {
  journal: RunJournal;
  /** Runs the previous process left in flight (it was killed or crashed); still in flight here until ended. */
  previous: JournalRun[];
}

const startLine = (r: JournalRun) => JSON.stringify(['s', r.id, r.workflowId, r.versionId ?? null, r.mode, r.startedAt]) + '\n';
const nodeLine = (id: string, node: string) => JSON.stringify(['n', id, node]) + '\n';

/** Replays journal text into the runs still in flight; unreadable lines (a torn last line) are skipped. */
export function readJournal(text: string): JournalRun[] {
  const runs = new Map<string, JournalRun>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (!Array.isArray(entry) || typeof entry[1] !== 'string') continue;
    const [kind, id] = entry as [string, string];
    if (kind === 's') {
      const [, , workflowId, versionId, mode, startedAt] = entry as [string, string, string, string | null, ExecutionMode, string];
      runs.delete(id); // a resumed run starts again under its id: keep the newest start, in order
      runs.set(id, { id, workflowId: String(workflowId ?? ''), ...(versionId ? { versionId } : {}), mode, startedAt });
    } else if (kind === 'n') {
      const run = runs.get(id);
      if (run && typeof entry[2] === 'string') run.node = entry[2];
    } else if (kind === 'e') runs.delete(id);
  }
  return [...runs.values()];
}

/**
 * Opens the journal at `path`: reads what the previous process left in flight, then starts a fresh
 * file that still lists those runs (so a crash during recovery loses none of them).
 */
export function openRunJournal(path: string, opts: { compactBytes?: number; logger?: Logger } = {}): OpenedJournal {
  const compactBytes = opts.compactBytes ?? JOURNAL_COMPACT_BYTES;
  const previous = existsSync(path) ? readJournal(readFileSync(path, 'utf8')) : [];
  const runs = new Map<string, JournalRun>(previous.map((r) => [r.id, { ...r }]));
  let fd = -1;
  let size = 0;
  let failing = false;
  let closed = false;

  // Write the in-flight runs to a new file and move it over the journal (rename is atomic: a kill
  // at any point leaves either the old complete file or the new one).
  const rewrite = () => {
    const text = [...runs.values()].map((r) => startLine(r) + (r.node === undefined ? '' : nodeLine(r.id, r.node))).join('');
    const tmp = `${path}.tmp`;
    const tmpFd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(tmpFd, text);
    } finally {
      closeSync(tmpFd);
    }
    renameSync(tmp, path);
    if (fd >= 0) closeSync(fd);
    fd = openSync(path, 'a');
    size = Buffer.byteLength(text);
  };

  // Lines wait in `pending` and go out in one write per turn of the event loop (a setImmediate queued
  // by the first line of the turn): a run's start and nodes reach the kernel before any reply to its
  // HTTP calls or database queries can arrive (those come in a later turn), and normally before its
  // row is committed (SQLite's group commit is a setImmediate too, queued after). What can precede
  // them, within the same turn: an `onReceived` webhook's immediate 200, a query PostgreSQL already
  // received, a group commit queued earlier in the turn. A kill right then finds a row without a
  // journal line — still swept at start, as crashed with no node — or no trace of a run that had
  // done nothing else yet. One write per turn instead of one per line is what keeps the cost small:
  // writing each line at once cost ~50 % more CPU per run on a loaded 2-core machine
  // (docs/reliability.md, "Crash recovery").
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (closed || !pending) return;
    const text = pending;
    pending = '';
    // A journal that cannot be written must not fail the runs: they go on, and the loss of crash
    // records is logged once (until a write succeeds again).
    try {
      if (fd < 0) rewrite();
      size += writeSync(fd, text);
      if (size > compactBytes) rewrite();
      failing = false;
    } catch (err) {
      if (!failing) opts.logger?.error('could not write the run journal; runs in flight now may not be marked crashed after a kill', { path, error: (err as Error).message });
      failing = true;
    }
  };
  const append = (line: string) => {
    if (closed) return;
    pending += line;
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };

  rewrite();
  const journal: RunJournal = {
    started(run) {
      const entry: JournalRun = { ...run };
      runs.delete(run.id);
      runs.set(run.id, entry);
      append(startLine(entry));
    },
    nodeStarted(id, node) {
      const run = runs.get(id);
      if (!run) return;
      run.node = node;
      append(nodeLine(id, node));
    },
    ended(id) {
      if (!runs.delete(id)) return;
      append(`["e",${JSON.stringify(id)}]\n`);
    },
    inFlight: () => [...runs.values()].map((r) => ({ ...r })),
    close() {
      flush();
      closed = true;
      if (fd >= 0) closeSync(fd);
      fd = -1;
    },
  };
  return { journal, previous };
}
