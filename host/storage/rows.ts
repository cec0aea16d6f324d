// Stored rows → the Storage interface's shapes, once for both databases. Only how a time, a flag
// and a blob come back differs (SQLite: ISO text, 0/1, Uint8Array; PostgreSQL: Date, boolean, Buffer),
// so each storage passes its ColumnReader.
import type { ExecutionRecord, ExecutionStatus, ExecutionSummary, IDataObject } from '../model/index.ts';
import { ValidationError } from '../model/errors.ts';
import { newSortableId } from './ids.ts';
import type { DurableJob, DurableJobInput, DurableJobStatus } from './storage.ts';

export interface ColumnReader {
  time(value: unknown): string;
  flag(value: unknown): boolean;
  blob(value: unknown): Buffer | undefined;
}

type Row = Record<string, unknown>;

const present = (value: unknown): boolean => value !== null && value !== undefined;

export function fromJson<T>(text: unknown): T | undefined {
  return typeof text === 'string' ? (JSON.parse(text) as T) : undefined;
}

export function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Column text, or undefined for NULL (so optional fields are absent rather than null). */
export function str(value: unknown): string | undefined {
  return present(value) ? String(value) : undefined;
}

export function executionSummaryFromRow(row: Row, read: ColumnReader): ExecutionSummary {
  const s: ExecutionSummary = {
    id: String(row.id),
    workflowId: String(row.workflow_id),
    mode: row.mode as ExecutionSummary['mode'],
    status: row.status as ExecutionStatus,
    startedAt: read.time(row.started_at),
  };
  if (present(row.stopped_at)) s.stoppedAt = read.time(row.stopped_at);
  if (present(row.retry_of)) s.retryOf = String(row.retry_of);
  if (present(row.last_node_executed)) s.lastNodeExecuted = String(row.last_node_executed);
  if (present(row.error)) s.error = fromJson(row.error);
  return s;
}

export function executionFromRow(row: Row, read: ColumnReader): ExecutionRecord {
  const r: ExecutionRecord = { ...executionSummaryFromRow(row, read), runData: fromJson(row.run_data) ?? {} };
  const versionId = str(row.workflow_version_id);
  if (versionId !== undefined) r.workflowVersionId = versionId;
  if (present(row.timed_out)) r.timedOut = read.flag(row.timed_out);
  if (present(row.workflow_data)) r.workflowData = fromJson(row.workflow_data);
  if (present(row.wait_till)) r.waitTill = read.time(row.wait_till);
  if (present(row.resume_state)) r.resumeState = fromJson(row.resume_state);
  if (present(row.queue_input)) r.queueInput = fromJson(row.queue_input);
  return r;
}

export function durableJobFromRow(row: Row, read: ColumnReader): DurableJob {
  const job: DurableJob = {
    id: String(row.id),
    kind: String(row.kind),
    status: String(row.status) as DurableJobStatus,
    nodeType: String(row.node_type),
    typeVersion: Number(row.type_version),
    workflowId: String(row.workflow_id),
    node: String(row.node),
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    retryDelayMs: Number(row.retry_delay_ms),
    maxRetryDelayMs: Number(row.max_retry_delay_ms),
    nextAttemptAt: read.time(row.next_attempt_at),
    createdAt: read.time(row.created_at),
    updatedAt: read.time(row.updated_at),
    payload: fromJson<IDataObject>(row.payload) ?? {},
  };
  const optional: Partial<DurableJob> = {
    executionId: str(row.execution_id),
    finishedAt: present(row.finished_at) ? read.time(row.finished_at) : undefined,
    credentials: fromJson(row.credentials),
    lastError: str(row.last_error),
    result: fromJson<IDataObject>(row.result),
    data: read.blob(row.data),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (job as unknown as Record<string, unknown>)[key] = value;
  return job;
}

function nonNegative(value: unknown, field: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new ValidationError(`${field} must be a non-negative number`, { field });
  return n;
}

/** Durable job columns of an INSERT, in this order. */
export const DURABLE_JOB_INSERT_COLUMNS = `id, kind, status, node_type, type_version, workflow_id, node, execution_id, attempts, max_attempts,
  retry_delay_ms, max_retry_delay_ms, next_attempt_at, created_at, updated_at, credentials, payload, data`;

/** Checks a new durable job and gives its id and the values for DURABLE_JOB_INSERT_COLUMNS. */
export function durableJobInsert(input: DurableJobInput): { id: string; values: (string | number | Buffer | null)[] } {
  for (const field of ['kind', 'nodeType', 'workflowId', 'node'] as const)
    if (typeof input[field] !== 'string' || !input[field]) throw new ValidationError(`Durable job ${field} is required`, { field });
  if (Number.isNaN(Date.parse(input.nextAttemptAt))) throw new ValidationError('nextAttemptAt must be an ISO timestamp', { field: 'nextAttemptAt' });
  const now = new Date().toISOString();
  const id = newSortableId();
  const values = [
    id,
    input.kind,
    'pending',
    input.nodeType,
    nonNegative(input.typeVersion, 'typeVersion'),
    input.workflowId,
    input.node,
    input.executionId ?? null,
    0,
    Math.max(1, Math.floor(nonNegative(input.maxAttempts, 'maxAttempts'))),
    Math.round(nonNegative(input.retryDelayMs, 'retryDelayMs')),
    Math.round(nonNegative(input.maxRetryDelayMs, 'maxRetryDelayMs')),
    new Date(input.nextAttemptAt).toISOString(),
    now,
    now,
    toJson(input.credentials),
    JSON.stringify(input.payload ?? {}),
    input.data ?? null,
  ];
  return { id, values };
}
