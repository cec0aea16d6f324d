// The executions list's data: pages read with the current filters, kept live from the host's event
// stream (which stays open while the view is; the view closes it when it goes). Events that arrive
// while a page loads are held and applied after it, so a run started meanwhile is not lost.
import { ref } from 'vue';
import { allEventsUrl, executionsApi } from '../../api/executions.ts';
import type { ExecutionDetail, ExecutionSummary } from '../../api/executions.ts';
import { applyEvent, isExecutionEvent, upsertRow } from './execution-events.ts';
import type { ExecutionEvent } from './execution-events.ts';
import { toApiQuery } from './execution-filters.ts';
import type { ExecutionFilters } from './execution-filters.ts';

export const PAGE_SIZE = 50;

export function summaryOf(ex: ExecutionDetail): ExecutionSummary {
  const { id, workflowId, mode, status, startedAt, stoppedAt, retryOf, lastNodeExecuted, error } = ex;
  return { id, workflowId, mode, status, startedAt, stoppedAt, retryOf, lastNodeExecuted, error };
}

export function useExecutionList() {
  const rows = ref<ExecutionSummary[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const live = ref(false);
  let filters: ExecutionFilters = {};
  let pending: ExecutionEvent[] | null = null;
  let generation = 0;
  let source: EventSource | null = null;

  function onEvent(event: ExecutionEvent): void {
    if (pending) return void pending.push(event);
    const result = applyEvent(rows.value, event, filters);
    rows.value = result.rows;
    if (result.fetch) void fetchInto(result.fetch, generation);
  }

  async function fetchInto(id: string, gen: number): Promise<void> {
    try {
      const ex = await executionsApi.get(id);
      if (gen === generation) rows.value = upsertRow(rows.value, summaryOf(ex), filters);
    } catch {
      // Deleted before we could read it: nothing to show.
    }
  }

  /** Throws the API error; the view shows it. */
  async function load(f: ExecutionFilters): Promise<void> {
    filters = f;
    const gen = ++generation;
    pending = [];
    loading.value = true;
    try {
      const page = await executionsApi.list({ ...toApiQuery(f), limit: PAGE_SIZE });
      if (gen !== generation) return;
      rows.value = page.data;
      nextCursor.value = page.nextCursor;
    } finally {
      if (gen === generation) {
        loading.value = false;
        const held = pending ?? [];
        pending = null;
        for (const e of held) onEvent(e);
      }
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value) return;
    const gen = generation;
    loading.value = true;
    try {
      const page = await executionsApi.list({ ...toApiQuery(filters), limit: PAGE_SIZE, cursor: nextCursor.value });
      if (gen !== generation) return;
      // Live events may already have added some of these.
      const known = new Set(rows.value.map((r) => r.id));
      rows.value = [...rows.value, ...page.data.filter((r) => !known.has(r.id))];
      nextCursor.value = page.nextCursor;
    } finally {
      loading.value = false;
    }
  }

  function add(ex: ExecutionDetail): void {
    rows.value = upsertRow(rows.value, summaryOf(ex), filters);
  }

  function remove(id: string): void {
    rows.value = rows.value.filter((r) => r.id !== id);
  }

  function connect(): void {
    disconnect();
    if (typeof EventSource === 'undefined') return;
    source = new EventSource(allEventsUrl());
    source.onopen = () => (live.value = true);
    source.onerror = () => (live.value = false);
    for (const type of ['execution.queued', 'execution.started', 'execution.finished']) {
      source.addEventListener(type, (e) => {
        const event = JSON.parse((e as MessageEvent).data) as { type: string };
        if (isExecutionEvent(event.type)) onEvent(event as ExecutionEvent);
      });
    }
  }

  function disconnect(): void {
    source?.close();
    source = null;
    live.value = false;
  }

  return { rows, nextCursor, loading, live, load, loadMore, add, remove, connect, disconnect };
}
