// GET /: the editor's build (editor/dist) when present, else a placeholder page.
// The page itself (index.html) is sent with a fresh CSP nonce each time: the build carries a
// placeholder (Vite's html.cspNonce, editor/vite.config.ts) on its tags and in
// <meta property="csp-nonce">, replaced here, and the answer's policy admits styles with that nonce
// (CodeMirror's run-time <style>; see middleware/security-headers.ts). The page is never cached,
// since each copy names its own nonce.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import { editorCsp } from '../middleware/security-headers.ts';

export interface EditorRouteDeps {
  /** Folder of the built editor; served only when it holds index.html. */
  dir: string;
}

/** What the editor build writes where the nonce goes (editor/vite.config.ts `html.cspNonce`). */
export const CSP_NONCE_PLACEHOLDER = '__GIGAFLOW_CSP_NONCE__';

const PLACEHOLDER = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Gigaflow</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:0 .25rem}</style>
</head>
<body>
<h1>Gigaflow</h1>
<p>The workflow editor is not built on this host yet (<code>npm run build:editor</code>; <code>npm start</code> builds it).
Everything it does is also available through the REST API:</p>
<ul>
<li><a href="/api/v1/openapi.json">OpenAPI document</a> (<code>/api/v1/openapi.json</code>)</li>
<li>API calls need an <code>X-Api-Key</code> header (keys are created with the <code>gigaflow</code> CLI)</li>
<li><a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a> · <a href="/metrics">/metrics</a></li>
</ul>
</body>
</html>
`;

/** index.html as built, read again only when the file changes (a rebuild while the host runs). */
function builtPage(file: string): () => string {
  let cached: { mtimeMs: number; text: string } | undefined;
  return () => {
    const { mtimeMs } = statSync(file);
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, text: readFileSync(file, 'utf8') };
    return cached.text;
  };
}

export function editorRoutes(deps: EditorRouteDeps): Router {
  const r = Router();
  const index = join(deps.dir, 'index.html');
  if (existsSync(index)) {
    const page = builtPage(index);
    r.get(['/', '/index.html'], (_req, res) => {
      const nonce = randomBytes(16).toString('base64');
      res.setHeader('Content-Security-Policy', editorCsp(nonce));
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(page().replaceAll(CSP_NONCE_PLACEHOLDER, nonce));
    });
    r.use(express.static(deps.dir, { index: false, fallthrough: true }));
    return r;
  }
  r.get('/', (_req, res) => {
    res.type('html').send(PLACEHOLDER);
  });
  return r;
}
