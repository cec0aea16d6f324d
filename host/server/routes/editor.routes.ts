// GET /: the editor's build (editor/dist) when present, else a placeholder page.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';

export interface EditorRouteDeps {
  /** Folder of the built editor; served only when it holds index.html. */
  dir: string;
}

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

export function editorRoutes(deps: EditorRouteDeps): Router {
  const r = Router();
  if (existsSync(join(deps.dir, 'index.html'))) {
    r.use(express.static(deps.dir, { index: 'index.html', fallthrough: true }));
    return r;
  }
  r.get('/', (_req, res) => {
    res.type('html').send(PLACEHOLDER);
  });
  return r;
}
