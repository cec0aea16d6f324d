// The editor's "past execution" mode (#/workflow/<id>?execution=<executionId>): the workflow as it
// ran (the execution's snapshot) on the canvas with that run's badges and data in the inspector,
// read-only. Leaving the mode (route without ?execution) loads the saved workflow back.
// Read-only is kept by three means: the editor hides its editing controls, keys that edit are
// swallowed before the editor and the canvas see them, and any change that still gets through
// (a node dragged, a connection drawn) is undone at once by reloading the snapshot.
import { computed, onBeforeUnmount, onMounted, reactive, ref, watch } from 'vue';
import { api } from '../../api/client.ts';
import type { Workflow } from '../../api/types.ts';
import { executionsApi } from '../../api/executions.ts';
import type { ExecutionDetail } from '../../api/executions.ts';
import { t } from '../../i18n/index.ts';
import { closeEvents, openEvents, resetRun, showExecution } from '../../stores/execution.store.ts';
import { load, wf } from '../../stores/workflow.store.ts';

const EDIT_KEYS = new Set(['s', 'z', 'y', 'x', 'v']);

function isTyping(e: Event): boolean {
  const el = e.target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function prefixed(prefixKey: string, e: unknown): string {
  return `${t(prefixKey)}: ${(e as Error).message}`;
}

export function useExecutionView(props: { id: string; executionId?: string }) {
  const execution = ref<ExecutionDetail | null>(null);
  const error = ref('');
  const viewing = computed(() => !!props.executionId);
  let snapshot: Workflow | null = null;

  async function enter(executionId: string): Promise<void> {
    closeEvents();
    const ex = await executionsApi.get(executionId);
    // Executions stored before snapshots existed fall back to the saved workflow.
    snapshot = ex.workflowData ?? (await api.getWorkflow(ex.workflowId));
    load(snapshot);
    execution.value = ex;
    showExecution(ex);
  }

  async function leave(): Promise<void> {
    execution.value = null;
    snapshot = null;
    resetRun();
    load(await api.getWorkflow(props.id));
    openEvents(props.id);
  }

  /** What the route asks for; throws (with the message to show) when it cannot be read. */
  async function open(): Promise<void> {
    error.value = '';
    try {
      await (props.executionId ? enter(props.executionId) : leave());
    } catch (e) {
      throw new Error(props.executionId ? prefixed('executions.errors.open', e) : (e as Error).message);
    }
  }

  // The editor is not re-created when only ?execution changes (retry, back to editor).
  watch(
    () => props.executionId,
    () => open().catch((e: Error) => (error.value = e.message)),
  );

  watch(
    () => wf.dirty,
    (dirty) => {
      if (dirty && viewing.value && snapshot) load(snapshot);
    },
  );

  function onKey(e: KeyboardEvent) {
    if (!viewing.value || isTyping(e)) return;
    const mod = e.ctrlKey || e.metaKey;
    if ((mod && EDIT_KEYS.has(e.key.toLowerCase())) || e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      e.stopPropagation();
    }
  }

  function onPaste(e: Event) {
    if (viewing.value && !isTyping(e)) e.stopPropagation();
  }

  // Capture on window runs before the editor's and the canvas's own listeners.
  onMounted(() => {
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('paste', onPaste, true);
  });
  onBeforeUnmount(() => {
    window.removeEventListener('keydown', onKey, true);
    window.removeEventListener('paste', onPaste, true);
  });

  return reactive({ execution, error, viewing, open });
}

export type ExecutionView = ReturnType<typeof useExecutionView>;
