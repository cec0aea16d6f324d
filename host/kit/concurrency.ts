// Bounded parallelism for nodes that fan out over many calls (one request per device, per
// customer ...): at most `limit` calls in flight, results kept in input order.

export type Settled<R> = { ok: true; value: R } | { ok: false; error: Error };

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Concurrency limit must be a whole number of at least 1, got ${String(limit)}`);
}

/** Why an aborted map stopped: the signal's reason when it is an Error, else an AbortError. */
function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error(reason === undefined ? 'The operation was aborted' : String(reason));
  err.name = 'AbortError';
  return err;
}

/**
 * Runs `fn` over every item with `limit` workers. `stop(index)` is asked before each new call, so a
 * caller can stop starting work (first error, abort) while the calls already running finish.
 */
async function runPool<T>(
  items: readonly T[],
  limit: number,
  call: (item: T, index: number) => Promise<void>,
  stop: () => boolean,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stop()) {
      const index = next++;
      await call(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Maps with at most `limit` calls in flight, results in input order. On the first error (or an
 * abort of `signal`) no new call starts; the running ones are awaited, then that error is thrown —
 * so no call outlives the node's execution.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  checkLimit(limit);
  if (signal?.aborted) throw abortError(signal);
  const results = new Array<R>(items.length);
  let failure: Error | undefined;
  await runPool(
    items,
    limit,
    async (item, index) => {
      try {
        results[index] = await fn(item, index);
      } catch (err) {
        failure ??= asError(err);
      }
    },
    () => failure !== undefined || signal?.aborted === true,
  );
  if (failure) throw failure;
  if (signal?.aborted) throw abortError(signal);
  return results;
}

/**
 * Like mapConcurrent but never throws: each item gets `{ ok: true, value }` or `{ ok: false, error }`.
 * After an abort, the items not started yet get the abort error.
 */
export async function mapConcurrentSettled<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<Array<{ ok: true; value: R } | { ok: false; error: Error }>> {
  checkLimit(limit);
  const results = new Array<Settled<R> | undefined>(items.length).fill(undefined);
  await runPool(
    items,
    limit,
    async (item, index) => {
      try {
        results[index] = { ok: true, value: await fn(item, index) };
      } catch (err) {
        results[index] = { ok: false, error: asError(err) };
      }
    },
    () => signal?.aborted === true,
  );
  return results.map((r) => r ?? { ok: false as const, error: abortError(signal!) });
}
