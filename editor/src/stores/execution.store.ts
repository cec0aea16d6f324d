// The last manual run of the open workflow: live node badges from the SSE stream, then the
// finished execution's run data for the output inspector.
import { reactive } from 'vue';
import { api, eventsUrl } from '../api/client.ts';
import type { Execution } from '../api/types.ts';
import { t } from '../i18n/index.ts';

export interface NodeRunState {
  status: 'running' | 'success' | 'error' | 'canceled';
  itemCount?: number;
  error?: string;
}

export const run = reactive({
  running: false,
  /** Waiting for a call to the test webhook URL. */
  listening: false,
  execution: null as Execution | null,
  nodes: {} as Record<string, NodeRunState>,
  error: '',
});

let source: EventSource | null = null;
let currentExecution: string | null = null;

export function openEvents(workflowId: string): void {
  closeEvents();
  if (typeof EventSource === 'undefined') return;
  source = new EventSource(eventsUrl(workflowId));
  source.addEventListener('execution.started', (e) => {
    const data = JSON.parse((e as MessageEvent).data);
    if (data.mode !== 'manual' && run.running) return;
    currentExecution = data.executionId;
    run.nodes = {};
  });
  source.addEventListener('node.started', (e) => {
    const data = JSON.parse((e as MessageEvent).data);
    if (data.executionId !== currentExecution) return;
    run.nodes[data.node] = { status: 'running' };
  });
  source.addEventListener('node.finished', (e) => {
    const data = JSON.parse((e as MessageEvent).data);
    if (data.executionId !== currentExecution) return;
    run.nodes[data.node] = { status: data.status, itemCount: data.itemCount };
  });
}

export function closeEvents(): void {
  source?.close();
  source = null;
}

export function resetRun(): void {
  run.execution = null;
  run.nodes = {};
  run.error = '';
}

/** Final badge state from the record: authoritative even when SSE events were missed. */
function applyExecution(ex: Execution): void {
  const nodes: Record<string, NodeRunState> = {};
  for (const [name, tasks] of Object.entries(ex.runData ?? {})) {
    const last = tasks[tasks.length - 1];
    if (!last) continue;
    const itemCount = (last.data?.main ?? []).reduce((sum, items) => sum + (items?.length ?? 0), 0);
    nodes[name] = { status: last.executionStatus, itemCount, error: last.error?.message };
  }
  run.nodes = nodes;
}

/** A manual run; the editor sends the pinned data it shows, so pinned nodes hand on those items. */
export async function runWorkflow(id: string, input: unknown[], pinData?: Record<string, unknown>): Promise<void> {
  run.running = true;
  run.error = '';
  run.nodes = {};
  try {
    finish(await api.run(id, input, pinData));
  } catch (e) {
    run.error = (e as Error).message;
  } finally {
    run.running = false;
  }
}

function finish(ex: Execution): void {
  run.execution = ex;
  currentExecution = ex.id;
  applyExecution(ex);
  if (ex.status === 'error') run.error = ex.error?.message ?? t('canvas.runFailed');
}

/** A stored execution (the executions view's "open"): its badges and run data, as after a manual run. */
export function showExecution(ex: Execution): void {
  resetRun();
  finish(ex);
}

/** Waits for one call to the test webhook URL and shows that run like a manual one. */
export async function listenForTest(id: string): Promise<void> {
  run.listening = true;
  run.error = '';
  try {
    const ex = await api.listen(id);
    run.nodes = {};
    finish(ex);
  } catch (e) {
    run.error = (e as Error).message;
  } finally {
    run.listening = false;
  }
}

export function outputOf(node: string): { items: unknown[][]; error?: string } | null {
  const tasks = run.execution?.runData?.[node];
  const last = tasks?.[tasks.length - 1];
  if (!last) return null;
  return { items: (last.data?.main ?? []).map((items) => (items ?? []).map((i) => i.json)), error: last.error?.message };
}

/** The items on each input of the node's last task, read from the output that fed it. */
export function inputOf(node: string): unknown[][] | null {
  const runData = run.execution?.runData;
  const tasks = runData?.[node];
  const last = tasks?.[tasks.length - 1];
  if (!last?.source?.length) return null;
  return last.source.map((s) => {
    if (!s) return [];
    const task = runData?.[s.previousNode]?.[s.previousNodeRun ?? 0];
    return (task?.data?.main?.[s.previousNodeOutput ?? 0] ?? []).map((i) => i.json);
  });
}
