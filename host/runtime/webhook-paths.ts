// Webhook path matching: static segments beat `:param` segments, like a router would.

export interface Route<T> {
  method: string;
  path: string;
  segments: string[];
  target: T;
}

export function normalizePath(path: string): string {
  return path.trim().replace(/^\/+|\/+$/g, '');
}

export function compileRoute<T>(method: string, path: string, target: T): Route<T> {
  const clean = normalizePath(path);
  return { method: method.toUpperCase(), path: clean, segments: clean.split('/'), target };
}

/** Static-first specificity, so `q/list` wins over `q/:mac`. */
function score(route: Route<unknown>): number {
  return route.segments.reduce((s, seg) => s * 2 + (seg.startsWith(':') ? 0 : 1), 1);
}

/** Every route on this path, whatever its method (for CORS preflight and 405 answers). */
export function routesOnPath<T>(routes: Route<T>[], segments: string[]): Route<T>[] {
  const methods = new Set(routes.map((r) => r.method));
  return [...methods].flatMap((m) => matchRoute(routes, m, segments)?.route ?? []);
}

export function matchRoute<T>(routes: Route<T>[], method: string, segments: string[]): { route: Route<T>; params: Record<string, string> } | undefined {
  let best: { route: Route<T>; params: Record<string, string> } | undefined;
  for (const route of routes) {
    if (route.method !== method || route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = route.segments.every((seg, i) => {
      if (seg.startsWith(':')) return (params[seg.slice(1)] = decodeURIComponent(segments[i])), segments[i] !== '';
      return seg === segments[i];
    });
    if (ok && (!best || score(route) > score(best.route))) best = { route, params };
  }
  return best;
}
