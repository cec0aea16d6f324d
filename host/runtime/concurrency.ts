// Per-workflow concurrency limit (settings.maxConcurrency): at most `limit` production runs of a
// workflow at once; the rest wait first come, first served. n8n has only a global limit
// (N8N_CONCURRENCY_PRODUCTION_LIMIT) and exempts manual runs, as we do (see executions.ts).
// This limiter keeps its queue in memory, for the single-process host; queue mode can put another
// implementation of ConcurrencyLimiter (e.g. on Redis) behind the same interface.

/** Gives the slot back; calling it twice is harmless. */
export type Release = () => void;

export interface Ticket {
  /** True when no slot was free: the run waits in line (the caller stores it as `new`). */
  queued: boolean;
  /** Resolves when the run may start; rejects with QueueCanceledError if it was canceled in line. */
  ready: Promise<Release>;
}

export interface ConcurrencyLimiter {
  /** Takes a slot of `key` for `id`, or a place at the end of its line. `limit` ≥ 1 (the latest given wins). */
  acquire(key: string, limit: number, id: string): Ticket;
  /** Takes a waiting run out of line (its `ready` rejects); false when it is not waiting. */
  cancel(id: string): boolean;
  /** Runs of `key` holding a slot. */
  active(key: string): number;
  /** Ids waiting for a slot of `key`, first in line first. */
  queued(key: string): string[];
}

export class QueueCanceledError extends Error {
  override name = 'QueueCanceledError';
}

interface Waiter {
  id: string;
  grant: (release: Release) => void;
  reject: (err: Error) => void;
}

interface Lane {
  limit: number;
  active: number;
  line: Waiter[];
}

export function createMemoryLimiter(): ConcurrencyLimiter {
  const lanes = new Map<string, Lane>();
  const laneOf = new Map<string, string>(); // waiting id -> key

  function releaser(key: string, lane: Lane): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      lane.active--;
      pump(key, lane);
    };
  }

  function pump(key: string, lane: Lane): void {
    while (lane.active < lane.limit && lane.line.length) {
      const next = lane.line.shift()!;
      laneOf.delete(next.id);
      lane.active++;
      next.grant(releaser(key, lane));
    }
    if (lane.active === 0 && !lane.line.length) lanes.delete(key);
  }

  return {
    acquire(key, limit, id) {
      const lane = lanes.get(key) ?? { limit, active: 0, line: [] };
      lanes.set(key, lane);
      lane.limit = Math.max(1, Math.floor(limit));
      // A raised limit lets runs already in line start now.
      pump(key, lane);
      lanes.set(key, lane);
      if (lane.active < lane.limit && !lane.line.length) {
        lane.active++;
        return { queued: false, ready: Promise.resolve(releaser(key, lane)) };
      }
      const ready = new Promise<Release>((grant, reject) => lane.line.push({ id, grant, reject }));
      laneOf.set(id, key);
      return { queued: true, ready };
    },
    cancel(id) {
      const key = laneOf.get(id);
      const lane = key === undefined ? undefined : lanes.get(key);
      const index = lane ? lane.line.findIndex((w) => w.id === id) : -1;
      if (!lane || index < 0) return false;
      const [waiter] = lane.line.splice(index, 1);
      laneOf.delete(id);
      waiter.reject(new QueueCanceledError('Execution was canceled while waiting for a free slot'));
      return true;
    },
    active: (key) => lanes.get(key)?.active ?? 0,
    queued: (key) => lanes.get(key)?.line.map((w) => w.id) ?? [],
  };
}
