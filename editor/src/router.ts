// A tiny hash router: #/ (workflow list), #/workflow/<id> (editor; `?execution=<id>` opens a past
// execution's run data on the canvas), #/executions, #/insights, #/credentials, #/templates.
// Leaving a screen can be vetoed by a guard (the editor asks before dropping unsaved edits).
import { ref } from 'vue';

export type Route =
  | { name: 'list' }
  | { name: 'editor'; id: string; executionId?: string }
  | { name: 'executions'; workflowId?: string }
  | { name: 'insights' }
  | { name: 'credentials' }
  | { name: 'templates' };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const q = new URLSearchParams(query);
  const editor = /^\/workflow\/([^/]+)$/.exec(path);
  if (editor) {
    const executionId = q.get('execution') ?? undefined;
    return { name: 'editor', id: decodeURIComponent(editor[1]), ...(executionId ? { executionId } : {}) };
  }
  if (path === '/executions') {
    const workflowId = q.get('workflowId') ?? undefined;
    return { name: 'executions', ...(workflowId ? { workflowId } : {}) };
  }
  // Its range and workflow filter are read from the hash query by the view itself.
  if (path === '/insights') return { name: 'insights' };
  if (path === '/credentials') return { name: 'credentials' };
  if (path === '/templates') return { name: 'templates' };
  return { name: 'list' };
}

export const route = ref<Route>(parseRoute(location.hash));
let guard: (() => boolean) | null = null;
let current = location.hash;

/** The guard returns false to stay on the current screen. */
export function setLeaveGuard(g: (() => boolean) | null): void {
  guard = g;
}

window.addEventListener('hashchange', () => {
  if (location.hash === current) return;
  if (guard && !guard()) {
    history.replaceState(null, '', current || '#/');
    return;
  }
  current = location.hash;
  route.value = parseRoute(location.hash);
});

export function navigate(to: string): void {
  location.hash = to;
}
