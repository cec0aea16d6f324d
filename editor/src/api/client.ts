// Thin fetch wrapper for the REST API: adds the API key (unless a ForwardAuth proxy signs us in)
// and turns error bodies into ApiError with the server's message.
import type { Execution, NodeTypeDescription, Page, Workflow, WorkflowInput } from './types.ts';
import { t } from '../i18n/index.ts';

export class ApiError extends Error {
  status: number;
  body: unknown;
  constructor(status: number, message: string, body: unknown) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

let apiKey: string | null = null;

export function setApiKey(key: string | null): void {
  apiKey = key;
}

export function getApiKey(): string | null {
  return apiKey;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (apiKey) headers['x-api-key'] = apiKey;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    const serverMessage = parsed && typeof parsed === 'object' ? (parsed as { message?: unknown }).message : undefined;
    const msg = typeof serverMessage === 'string' && serverMessage ? serverMessage : t('common.httpFailed', { method, path, status: res.status });
    throw new ApiError(res.status, msg, parsed);
  }
  return parsed as T;
}

const enc = encodeURIComponent;

export const api = {
  listWorkflows: (q: { name?: string; limit?: number } = {}) => {
    const params = new URLSearchParams();
    if (q.name) params.set('name', q.name);
    params.set('limit', String(q.limit ?? 250));
    return request<Page<Workflow>>('GET', `/workflows?${params}`);
  },
  getWorkflow: (id: string) => request<Workflow>('GET', `/workflows/${enc(id)}`),
  createWorkflow: (wf: WorkflowInput) => request<Workflow>('POST', '/workflows', wf),
  saveWorkflow: (id: string, wf: WorkflowInput) => request<Workflow>('PUT', `/workflows/${enc(id)}`, wf),
  patchWorkflow: (id: string, patch: Partial<WorkflowInput>) => request<Workflow>('PATCH', `/workflows/${enc(id)}`, patch),
  deleteWorkflow: (id: string) => request<void>('DELETE', `/workflows/${enc(id)}`),
  activate: (id: string) => request<Workflow>('POST', `/workflows/${enc(id)}/activate`),
  deactivate: (id: string) => request<Workflow>('POST', `/workflows/${enc(id)}/deactivate`),
  /** Manual run; `pinData` (n8n's shape) replaces the saved workflow's pinned data for this run. */
  run: (id: string, input: unknown[], pinData?: Record<string, unknown>) => request<Execution>('POST', `/workflows/${enc(id)}/run`, { input, ...(pinData ? { pinData } : {}) }),
  /** Waits (server-side) for one call to the workflow's /webhook-test/ URL; answers that run. */
  listen: (id: string, timeoutMs = 120_000) => request<Execution>('POST', `/workflows/${enc(id)}/listen`, { timeoutMs }),
  importWorkflows: (body: unknown) => request<Workflow[]>('POST', '/workflows/import', body),
  nodeTypes: () => request<{ data: NodeTypeDescription[] }>('GET', '/node-types'),
  loadOptions: (type: string, body: { method: string; version?: number; parameters?: unknown; credentials?: unknown }) =>
    request<{ data: { name: string; value: string | number | boolean }[] }>('POST', `/node-types/${enc(type)}/load-options`, body),
  credentials: () => request<{ data: { id: string; name: string; type: string }[] }>('GET', '/credentials?limit=250'),
};

/** EventSource cannot send headers: the events route alone accepts `?apiKey=`. */
export function eventsUrl(workflowId: string): string {
  const params = new URLSearchParams({ workflowId });
  if (apiKey) params.set('apiKey', apiKey);
  return `/api/v1/events?${params}`;
}
