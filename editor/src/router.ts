// A tiny hash router: #/ (workflow list), #/workflow/<id> (editor). Leaving a screen can be
// vetoed by a guard (the editor asks before dropping unsaved edits).
import { ref } from 'vue';

export type Route = { name: 'list' } | { name: 'editor'; id: string };

function parse(hash: string): Route {
  const m = /^#\/workflow\/([^/?]+)/.exec(hash);
  return m ? { name: 'editor', id: decodeURIComponent(m[1]) } : { name: 'list' };
}

export const route = ref<Route>(parse(location.hash));
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
  route.value = parse(location.hash);
});

export function navigate(to: string): void {
  location.hash = to;
}
