// Rides out a lost PostgreSQL connection (server restart, failover, pg_terminate_backend, a
// database briefly refusing connections): a statement that failed because its connection was
// lost or could not be opened is run again on a fresh connection, for a bounded time. Without
// this a worker whose final UPDATE hit a killed backend left the execution `running` and ran it
// again from the start, and an intake answered 500 for what is an outage.

/** SQLSTATEs meaning "this connection is gone / none could be opened", not "this statement failed". */
const LOST_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const LOST_MESSAGES = [
  /Connection terminated/i,
  /Client has encountered a connection error/i,
  /timeout exceeded when trying to connect/i,
  /is not currently accepting connections/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];
const LOST_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

export function isConnectionLoss(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code && (LOST_CODES.has(e.code) || LOST_ERRNOS.has(e.code))) return true;
  return LOST_MESSAGES.some((re) => re.test(e.message ?? ''));
}

export interface ReconnectOptions {
  /** How long to keep trying after the first failure; 0 turns retrying off. */
  windowMs: number;
  /** Called before each new try (logging). */
  onRetry?: (err: Error, attempt: number) => void;
}

/**
 * Runs `fn` again while it fails with a lost connection, backing off 100 ms → 1 s, until
 * `windowMs` after the first failure; then the last error goes to the caller.
 */
export async function withReconnect<T>(fn: () => Promise<T>, opts: ReconnectOptions): Promise<T> {
  let deadline = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isConnectionLoss(err) || opts.windowMs <= 0) throw err;
      deadline ||= Date.now() + opts.windowMs;
      const delay = Math.min(1000, 100 * 2 ** (attempt - 1));
      if (Date.now() + delay > deadline) throw err;
      opts.onRetry?.(err as Error, attempt);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
