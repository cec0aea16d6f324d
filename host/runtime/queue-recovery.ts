// At start-up: executions left `new` were waiting for a concurrency slot (settings.maxConcurrency)
// when the host stopped. That line lived in memory and the callers that started them (webhook
// requests, trigger callbacks) are gone, so they cannot run: each ends as an error saying why,
// rather than staying `new` forever. (Running them later would answer nobody and could act on
// stale input.) Only for the serving single-process host (not CLI one-shots, not queue mode, where
// other processes own their rows), and only for rows queued before this process started.
import type { Logger } from '../engine/types.ts';
import type { Storage } from '../storage/storage.ts';

export const QUEUE_LOST_MESSAGE = 'The host stopped while this execution waited for a free slot (workflow concurrency limit); it never ran';

export async function failOrphanedQueued(storage: Storage, opts: { queuedBefore: string; logger?: Logger }): Promise<number> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.executions.list({ status: 'new', startedBefore: opts.queuedBefore, limit: 500, cursor });
    ids.push(...page.data.map((e) => e.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const at = new Date().toISOString();
  for (const id of ids) {
    await storage.executions.update(id, {
      status: 'error',
      stoppedAt: at,
      error: { name: 'QueueLostError', message: QUEUE_LOST_MESSAGE, timestamp: Date.parse(at) },
    });
  }
  if (ids.length) opts.logger?.warn('queued executions lost at restart marked as failed', { count: ids.length });
  return ids.length;
}
