// The editor page's CSP nonce over real HTTP: index.html is answered with a fresh nonce each time,
// the same one in the policy (`style-src 'self' 'nonce-…'`, no 'unsafe-inline') and in every place
// the build put the placeholder; other editor answers get the policy without a nonce; the page is
// never cached; the editor build writes the placeholder the host replaces.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITOR_CSP, editorCsp, securityHeaders } from '../../host/server/middleware/security-headers.ts';
import { CSP_NONCE_PLACEHOLDER, editorRoutes } from '../../host/server/routes/editor.routes.ts';

const built = mkdtempSync(join(tmpdir(), 'gigaflow-editor-build-'));
const unbuilt = mkdtempSync(join(tmpdir(), 'gigaflow-editor-none-'));
const servers: Server[] = [];

function serve(dir: string): Promise<string> {
  const app = express();
  app.use(securityHeaders({ trustedProxies: [] }));
  app.use(editorRoutes({ dir }));
  // As the host's app: its own 404 (express' default one would replace the CSP with its own).
  app.use((_req, res) => void res.status(404).json({ error: 'not_found' }));
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    });
    servers.push(server);
  });
}

let withBuild: string;
let placeholderOnly: string;
beforeAll(async () => {
  // What Vite writes with html.cspNonce (see editor/dist/index.html after a build).
  writeFileSync(
    join(built, 'index.html'),
    `<!doctype html><html><head><meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}">` +
      `<script type="module" crossorigin src="/assets/app.js" nonce="${CSP_NONCE_PLACEHOLDER}"></script>` +
      `<link rel="stylesheet" href="/assets/app.css" nonce="${CSP_NONCE_PLACEHOLDER}"></head><body><div id="app"></div></body></html>`,
  );
  mkdirSync(join(built, 'assets'));
  writeFileSync(join(built, 'assets/app.js'), 'export {};\n');
  withBuild = await serve(built);
  placeholderOnly = await serve(unbuilt);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  rmSync(built, { recursive: true, force: true });
  rmSync(unbuilt, { recursive: true, force: true });
});

async function page(url: string): Promise<{ nonce: string; html: string; res: Response }> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  const csp = res.headers.get('content-security-policy') ?? '';
  const nonce = /style-src 'self' 'nonce-([A-Za-z0-9+/]+={0,2})'/.exec(csp)?.[1] ?? '';
  expect(csp).toBe(editorCsp(nonce));
  return { nonce, html: await res.text(), res };
}

describe('editor page CSP nonce', () => {
  it('answers index.html with a fresh 128-bit nonce, the same in the policy and in the page, never cached', async () => {
    const first = await page(`${withBuild}/`);
    const second = await page(`${withBuild}/`);
    const direct = await page(`${withBuild}/index.html`);
    const nonces = [first.nonce, second.nonce, direct.nonce];
    expect(new Set(nonces).size).toBe(3);
    for (const { nonce, html, res } of [first, second, direct]) {
      expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
      expect(html).not.toContain(CSP_NONCE_PLACEHOLDER);
      expect(html.split(`nonce="${nonce}"`)).toHaveLength(4); // meta, script, stylesheet
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    }
  });

  it('gives assets, missing files and the unbuilt placeholder page the policy without a nonce', async () => {
    const asset = await fetch(`${withBuild}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-security-policy')).toBe(EDITOR_CSP);
    const missing = await fetch(`${withBuild}/assets/nope.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(EDITOR_CSP);
    const placeholder = await fetch(`${placeholderOnly}/`);
    expect(placeholder.status).toBe(200);
    expect(placeholder.headers.get('content-security-policy')).toBe(EDITOR_CSP);
    expect(EDITOR_CSP).toContain("style-src 'self';");
  });

  it('the editor build writes the placeholder this host replaces', () => {
    const config = readFileSync(new URL('../../editor/vite.config.ts', import.meta.url), 'utf8');
    expect(config).toContain(`html: { cspNonce: '${CSP_NONCE_PLACEHOLDER}' }`);
  });
});
