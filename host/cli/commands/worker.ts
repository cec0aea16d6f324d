import { loadConfig } from '../../config.ts';
import { createHost } from '../../host.ts';
import { createQueueWorker } from '../../queue/worker.ts';
import { createWorkerSlots } from '../../queue/redis-limiter.ts';
import type { QueueWorker } from '../../queue/worker.ts';
import { onShutdown, queueSettings } from './queue-mode.ts';
import { serveWorkerProbes } from '../../queue/worker-probes.ts';
import { UsageError, parse } from './shared.ts';
import type { Command } from './shared.ts';

export const workerCommand: Command = {
  summary: 'Queue mode: run queued executions (BullMQ on Redis), N at a time',
  help: `Usage: gigaflow worker [--concurrency N] [--metrics-port PORT]

Takes executions the mains and webhook processes queued (GIGAFLOW_MODE=queue) and runs them with
the same engine as regular mode, storing results in the shared database (GIGAFLOW_DATABASE_URL).
SIGTERM/SIGINT stop taking jobs and wait for the running ones. Opens no HTTP port unless
--metrics-port (or GIGAFLOW_WORKER_METRICS_PORT) is given: then /metrics, /healthz and /readyz
are served on it (GIGAFLOW_HOST is the address). See docs/queue-mode.md.

Options:
  --concurrency N       executions run at once by this process (default 10)
  --metrics-port PORT   serve Prometheus metrics and health probes on this port`,
  async run(args) {
    const { values } = parse(args, { concurrency: { type: 'string' }, 'metrics-port': { type: 'string' } }, false);
    const concurrency = Number(values.concurrency ?? 10);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a whole number ≥ 1, got "${values.concurrency}"`);
    const metricsPortText = values['metrics-port'] ?? process.env.GIGAFLOW_WORKER_METRICS_PORT;
    const metricsPort = metricsPortText === undefined || metricsPortText === '' ? undefined : Number(metricsPortText);
    if (metricsPort !== undefined && (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535))
      throw new UsageError(`--metrics-port (GIGAFLOW_WORKER_METRICS_PORT) must be a port number from 0 to 65535, got "${metricsPortText}"`);
    const queue = queueSettings('worker', { required: true });
    const config = loadConfig();
    let worker: QueueWorker | undefined;
    const host = await createHost(config, { role: 'worker', queue, onWaiting: (record) => worker?.onWaiting(record) });
    // settings.maxConcurrency across every worker (host/queue/redis-limiter.ts).
    const slots = createWorkerSlots(queue, { logger: host.logger.child('queue') });
    worker = await createQueueWorker({
      config: queue,
      storage: host.storage,
      executions: host.localExecutions,
      events: host.events,
      concurrency,
      logger: host.logger.child('queue'),
      acquireSlot: slots.acquireSlot,
    });
    let taking = true;
    const probes = metricsPort === undefined ? undefined : await serveWorkerProbes({ app: host.app, host: config.host, port: metricsPort, isReady: () => taking });
    host.logger.info('gigaflow worker ready', { concurrency, prefix: queue.prefix, pid: process.pid, ...(probes ? { metricsPort: probes.port } : {}) });
    onShutdown(async (signal) => {
      host.logger.info('worker draining', { signal, running: host.localExecutions.running().length });
      taking = false;
      await worker!.close();
      await slots.close();
      await host.close();
      await probes?.close();
      host.logger.info('worker stopped', { signal });
    });
    return new Promise<number>(() => {}); // runs until a signal
  },
};
