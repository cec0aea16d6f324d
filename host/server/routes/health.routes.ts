// Probes and metrics, outside API auth: /healthz (the process serves), /readyz (the host says it
// is ready), /metrics (Prometheus text). Metrics hold no secrets, only counts and timings by
// route pattern, so they stay open to scrapers; keep the port off the internet or filter
// /metrics at the proxy if that matters.
import { Router } from 'express';
import type { Registry } from 'prom-client';

export interface HealthRouteDeps {
  isReady?: () => boolean;
  metrics: Registry;
}

export function healthRoutes(deps: HealthRouteDeps): Router {
  const r = Router();

  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  r.get('/readyz', (_req, res) => {
    const ready = deps.isReady?.() !== false;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
  });

  r.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });

  return r;
}
