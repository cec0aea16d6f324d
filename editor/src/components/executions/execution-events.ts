// Live updates of the executions list from the host's event stream: a queued or started execution that
// matches the filters goes on top, a finished one is updated in place. A finished execution the
// list does not hold yet (e.g. filtered on status=error, so its start did not match), or a failed
// one (for its error message), has to be read from the API: `fetch` names it, and upsertRow puts
// it in once read.
import type { ExecutionSummary } from '../../api/executions.ts';
import { matchesFilters } from './execution-filters.ts';
import type { ExecutionFilters } from './execution-filters.ts';

/** The execution events of the host's stream (host/runtime/types.ts HostEvent). */
export type ExecutionEvent =
  | { type: 'execution.queued'; executionId: string; workflowId: string; mode: string; at: string }
  | { type: 'execution.started'; executionId: string; workflowId: string; mode: string; at: string }
  | { type: 'execution.finished'; executionId: string; workflowId: string; status: string; at: string };

export interface MergeResult {
  rows: ExecutionSummary[];
  /** An execution to read and pass to insertRow. */
  fetch?: string;
}

/** A row read from the API replaces the one the events built (which lacks e.g. the error). */
export function upsertRow(rows: ExecutionSummary[], row: ExecutionSummary, f: ExecutionFilters): ExecutionSummary[] {
  const index = rows.findIndex((r) => r.id === row.id);
  return index < 0 ? insertRow(rows, row, f) : [...rows.slice(0, index), row, ...rows.slice(index + 1)];
}

/** Newest first, as the API lists them. */
export function insertRow(rows: ExecutionSummary[], row: ExecutionSummary, f: ExecutionFilters): ExecutionSummary[] {
  if (rows.some((r) => r.id === row.id) || !matchesFilters(row, f)) return rows;
  const at = rows.findIndex((r) => Date.parse(r.startedAt) < Date.parse(row.startedAt));
  return at < 0 ? [...rows, row] : [...rows.slice(0, at), row, ...rows.slice(at)];
}

export function applyEvent(rows: ExecutionSummary[], event: ExecutionEvent, f: ExecutionFilters): MergeResult {
  const index = rows.findIndex((r) => r.id === event.executionId);
  if (event.type === 'execution.queued' || event.type === 'execution.started') {
    const status = event.type === 'execution.queued' ? 'new' : 'running';
    // A queued execution that gets its slot turns running in place.
    if (index >= 0) return rows[index].status === 'new' && status === 'running' ? { rows: [...rows.slice(0, index), { ...rows[index], status, startedAt: event.at }, ...rows.slice(index + 1)] } : { rows };
    const row: ExecutionSummary = { id: event.executionId, workflowId: event.workflowId, mode: event.mode, status, startedAt: event.at };
    return { rows: matchesFilters(row, f) ? [row, ...rows] : rows };
  }
  if (index >= 0) {
    const updated = { ...rows[index], status: event.status, stoppedAt: event.at };
    // The event carries no error message: read the failed execution for it.
    return { rows: [...rows.slice(0, index), updated, ...rows.slice(index + 1)], ...(event.status === 'error' ? { fetch: event.executionId } : {}) };
  }
  // Only the workflow and status are known here; the read row is checked in full by insertRow.
  if (f.workflowId && f.workflowId !== event.workflowId) return { rows };
  if (f.status && f.status !== event.status) return { rows };
  return { rows, fetch: event.executionId };
}

export function isExecutionEvent(type: string): type is ExecutionEvent['type'] {
  return type === 'execution.queued' || type === 'execution.started' || type === 'execution.finished';
}
