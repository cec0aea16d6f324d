import { loadConfig } from '../../config.ts';
import { createHost } from '../../host.ts';
import { createQueueWorker } from '../../queue/worker.ts';
import { createWorkerSlots } from '../../queue/redis-limiter.ts';
import type { QueueWorker } from '../../queue/worker.ts';
import { onShutdown, queueSettings } from './queue-mode.ts';
import { UsageError, parse } from './shared.ts';
import type { Command } from './shared.ts';

export const workerCommand: Command = {
  summary: 'Queue mode: run queued executions (BullMQ on Redis), N at a time',
  help: `Usage: gigaflow worker [--concurrency N]

Takes executions the mains and webhook processes queued (GIGAFLOW_MODE=queue) and runs them with
the same engine as regular mode, storing results in the shared database (GIGAFLOW_DATABASE_URL).
SIGTERM/SIGINT stop taking jobs and wait for the running ones. Opens no HTTP port.
See docs/queue-mode.md.

Options:
  --concurrency N   executions run at once by this process (default 10)`,
  async run(args) {
    const { values } = parse(args, { concurrency: { type: 'string' } }, false);
    const concurrency = Number(values.concurrency ?? 10);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a whole number ≥ 1, got "${values.concurrency}"`);
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
    host.logger.info('gigaflow worker ready', { concurrency, prefix: queue.prefix, pid: process.pid });
    onShutdown(async (signal) => {
      host.logger.info('worker draining', { signal, running: host.localExecutions.running().length });
      await worker!.close();
      await slots.close();
      await host.close();
      host.logger.info('worker stopped', { signal });
    });
    return new Promise<number>(() => {}); // runs until a signal
  },
};
