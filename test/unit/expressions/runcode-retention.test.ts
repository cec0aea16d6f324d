// Results of Code-node runs must become garbage once the caller drops them. The soak bench found
// every result kept alive by the isolate (a Promise.race against a promise that lives as long as
// the isolate), which grew the host's heap by the size of each Code node output.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createExpressionEvaluator } from '../../../host/expressions/evaluate.ts';
import type { ExpressionEvaluator } from '../../../host/expressions/evaluate.ts';
import { makeData } from './fixtures.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let ev: ExpressionEvaluator;
beforeAll(() => {
  ev = createExpressionEvaluator({ codeTimeoutMs: 5000 });
});
afterAll(() => ev.dispose());

/** Heap plus external memory: isolated-vm hands large strings over as external strings. */
function heapAfterGc(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

it('does not keep the results of finished Code runs alive', async () => {
  const run = async (i: number) => expect(await ev.runCode(`return { run: ${i}, padding: 'x'.repeat(20000) }`, makeData())).toMatchObject({ run: i });
  for (let i = 0; i < 50; i++) await run(i); // warm-up: compiled code, caches
  const before = heapAfterGc();
  for (let i = 0; i < 1000; i++) await run(i);
  await new Promise((r) => setTimeout(r, 50));
  const grownMb = (heapAfterGc() - before) / 1e6;
  // Kept results would add ~20 MB (1,000 × 20 kB); a few MB of noise is allowed.
  expect(grownMb).toBeLessThan(5);
});
