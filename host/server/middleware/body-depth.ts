// Parsed bodies are refused past a nesting depth. JSON.parse accepts any depth, but storing or
// copying the value (JSON.stringify, structuredClone, the engine's recursive walks) overflows the
// stack around 10 000 levels and the request ended as a 500 (found by test/fuzz/webhook.fuzz.test.ts).
// No real payload nests anywhere near the limit.
import { HttpError } from './errors.ts';

export const MAX_BODY_DEPTH = 1000;

/** How deep `value` nests, counting stops once past `limit` (iterative: a deep value cannot overflow this). */
export function deeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** Throws a 400 naming the limit when a parsed body nests deeper than MAX_BODY_DEPTH. */
export function checkBodyDepth(body: unknown): void {
  if (deeperThan(body, MAX_BODY_DEPTH))
    throw new HttpError(400, `The request body nests deeper than ${MAX_BODY_DEPTH} levels`, { code: 'invalid_body' });
}
