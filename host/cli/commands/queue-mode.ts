// Shared by start/worker/webhook: the queue settings and the checks queue mode needs.
import { loadQueueConfig } from '../../queue/config.ts';
import type { QueueConfig } from '../../queue/config.ts';
import { UsageError } from './shared.ts';

/**
 * The queue config; throws a clear error when queue mode is asked for (or required by the command)
 * without PostgreSQL: several processes cannot share the default SQLite file.
 */
export function queueSettings(command: string, opts: { required?: boolean } = {}): QueueConfig {
  const config = loadQueueConfig();
  if (opts.required && config.mode !== 'queue') throw new UsageError(`gigaflow ${command} runs in queue mode only: set GIGAFLOW_MODE=queue (and GIGAFLOW_REDIS_URL, GIGAFLOW_DATABASE_URL)`);
  if (config.mode === 'queue' && !process.env.GIGAFLOW_DATABASE_URL) {
    throw new UsageError('Queue mode (GIGAFLOW_MODE=queue) needs PostgreSQL shared by every process: set GIGAFLOW_DATABASE_URL=postgres://user@host:5432/db');
  }
  return config;
}

/** Runs `stop` once on SIGTERM/SIGINT, then exits. */
export function onShutdown(stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  const handle = (signal: string) => {
    if (stopping) return;
    stopping = true;
    stop(signal).then(
      () => process.exit(0),
      (err: Error) => {
        console.error(`shutdown failed: ${err.message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => handle('SIGINT'));
  process.once('SIGTERM', () => handle('SIGTERM'));
}
