// Every route Express has under /api/v1 is in the OpenAPI document, and every /api/v1 operation
// in the document is a registered route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expressPathToOpenApi, openApiDocument } from '../../../host/server/openapi.ts';
import { startHost } from './helpers.ts';
import type { TestHost } from './helpers.ts';

let t: TestHost;
beforeAll(async () => {
  t = await startHost();
});
afterAll(() => t?.close());

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: string | string[];
}

function join(prefix: string, path: string): string {
  if (path === '/' || path === '') return prefix || '/';
  return `${prefix.replace(/\/$/, '')}${path}`;
}

/** `METHOD /path` for every route in the router tree. */
function walk(stack: Layer[], prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const p of paths)
        for (const [method, on] of Object.entries(layer.route.methods)) if (on) out.push(`${method.toUpperCase()} ${join(prefix, p)}`);
    } else if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
      out.push(...walk(layer.handle.stack, join(prefix, mount)));
    }
  }
  return out;
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and served without a key', async () => {
    const res = await fetch(`${t.base}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument)));
  });

  it('describes exactly the registered /api/v1 routes', () => {
    const app = t.host.app as unknown as { router: { stack: Layer[] } };
    const registered = walk(app.router.stack)
      .filter((r) => r.split(' ')[1].startsWith('/api/v1/'))
      .map((r) => {
        const [method, path] = r.split(' ');
        return `${method} ${expressPathToOpenApi(path)}`;
      });
    const documented = Object.entries(openApiDocument.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(registered.length).toBeGreaterThan(30);
    expect(new Set(registered).size).toBe(registered.length);
    expect([...registered].sort()).toEqual([...documented].sort());
  });

  it('documents the routes outside the API too', () => {
    const app = t.host.app as unknown as { router: { stack: Layer[] } };
    const paths = new Set(walk(app.router.stack).map((r) => expressPathToOpenApi(r.split(' ')[1])));
    for (const p of ['/healthz', '/readyz', '/metrics', '/webhook/{path}', '/webhook-test/{path}']) {
      expect(paths.has(p)).toBe(true);
      expect(openApiDocument.paths).toHaveProperty([p]);
    }
  });

  it('references only schemas it defines', () => {
    const text = JSON.stringify(openApiDocument);
    const refs = new Set([...text.matchAll(/"#\/components\/schemas\/([A-Za-z]+)"/g)].map((m) => m[1]));
    for (const name of refs) expect(openApiDocument.components.schemas).toHaveProperty([name]);
  });
});
