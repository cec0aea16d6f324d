// A queue-mode worker opens no port for work, but Prometheus and Kubernetes need to reach it:
// with --metrics-port it serves /metrics (its own runs: executions, node durations, sandbox
// evaluations), /healthz and /readyz (not ready once it drains) — nothing else.
import type { Server } from 'node:http';
import express from 'express';
import type { Registry } from 'prom-client';
import { healthRoutes } from '../server/routes/health.routes.ts';

export interface WorkerProbes {
  port: number;
  close(): Promise<void>;
}

/** `app`: the worker host's (unserved) API app, whose locals hold the host's metrics registry. */
export function serveWorkerProbes(opts: { app: express.Express; host: string; port: number; isReady: () => boolean }): Promise<WorkerProbes> {
  const probes = express();
  probes.disable('x-powered-by');
  probes.use(healthRoutes({ isReady: opts.isReady, metrics: opts.app.locals.metrics as Registry }));
  return new Promise((resolve, reject) => {
    const server: Server = probes.listen(opts.port, opts.host, (err?: Error) => {
      if (err) return reject(err);
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : opts.port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
