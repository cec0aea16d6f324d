// Past executions: the list with its filters, one record with its run data, retry, cancel, delete,
// and the unfiltered event stream the executions view follows live.
import { getApiKey, request } from './client.ts';
import type { Execution, Page, Workflow } from './types.ts';

export const EXECUTION_STATUSES = ['new', 'running', 'success', 'error', 'canceled', 'crashed', 'waiting'] as const;
export const EXECUTION_MODES = ['manual', 'trigger', 'webhook', 'retry', 'cli', 'internal', 'test', 'integrated', 'error'] as const;

/** One row of GET /executions (the host's ExecutionSummary). */
export interface ExecutionSummary {
  id: string;
  workflowId: string;
  mode: string;
  status: string;
  startedAt: string;
  stoppedAt?: string;
  retryOf?: string;
  lastNodeExecuted?: string;
  error?: { message: string; [key: string]: unknown };
}

/** GET /executions/:id: the summary plus run data and the workflow as it ran. */
export interface ExecutionDetail extends Execution, Omit<ExecutionSummary, 'error'> {
  workflowData?: Workflow;
}

export interface ExecutionQuery {
  workflowId?: string;
  status?: string;
  mode?: string;
  /** ISO timestamps. */
  startedAfter?: string;
  startedBefore?: string;
  limit?: number;
  cursor?: string;
}

const enc = encodeURIComponent;

export function executionsPath(q: ExecutionQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(q)) if (value !== undefined && value !== '') params.set(key, String(value));
  const query = params.toString();
  return query ? `/executions?${query}` : '/executions';
}

export const executionsApi = {
  list: (q: ExecutionQuery) => request<Page<ExecutionSummary>>('GET', executionsPath(q)),
  get: (id: string) => request<ExecutionDetail>('GET', `/executions/${enc(id)}`),
  retry: (id: string) => request<ExecutionDetail>('POST', `/executions/${enc(id)}/retry`),
  cancel: (id: string) => request<{ id: string; canceled: boolean }>('POST', `/executions/${enc(id)}/cancel`),
  remove: (id: string) => request<void>('DELETE', `/executions/${enc(id)}`),
};

/** Every host event (EventSource cannot send headers: the key goes in `?apiKey=`). */
export function allEventsUrl(): string {
  const key = getApiKey();
  return key ? `/api/v1/events?${new URLSearchParams({ apiKey: key })}` : '/api/v1/events';
}
