// Runaway scripts, as a user meets them: the host's Code time and memory limits stop the node
// with a clear error, the host process keeps running and the next execution works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineDeps } from '../../../../host/engine/types.ts';
import { createExpressionEvaluator } from '../../../../host/expressions/evaluate.ts';
import { engineDeps, run, trigger, workflow } from '../../../helpers/engine.ts';
import { codeNode } from './helpers.ts';
import type { Mode } from './helpers.ts';

let deps: EngineDeps;
beforeAll(async () => {
  // What a host started with GIGAFLOW_CODE_TIMEOUT_MS=500 and GIGAFLOW_SANDBOX_MEMORY_MB=32 uses.
  deps = { ...(await engineDeps()), expressions: createExpressionEvaluator({ codeTimeoutMs: 500, memoryLimitMb: 32 }) };
});
afterAll(() => deps.expressions.dispose());

async function runScript(jsCode: string, mode: Mode = 'runOnceForAllItems', items = [{ n: 1 }, { n: 2 }]) {
  const wf = workflow([trigger, codeNode('Code', jsCode, mode)], [['Start', 'Code']]);
  const t0 = performance.now();
  const result = await run(wf, { executionId: 'limits', pinData: { Start: items.map((json) => ({ json })) } }, deps);
  return { result, ms: performance.now() - t0 };
}

async function expectHealthy() {
  const { result } = await runScript('return $input.all().map(i => ({ doubled: i.json.n * 2 }))');
  expect(result.status).toBe('success');
  expect(result.runData.Code![0]!.data!.main[0]!.map((i) => i.json)).toEqual([{ doubled: 2 }, { doubled: 4 }]);
}

describe('Code node limits', () => {
  it('stops an infinite loop at the time limit', async () => {
    const { result, ms } = await runScript('let i = 0;\nwhile (true) { i++; }');
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ node: 'Code', message: 'Code execution timed out after 500 ms' });
    expect(result.error?.description).toMatch(/GIGAFLOW_CODE_TIMEOUT_MS/);
    expect(ms).toBeLessThan(5000);
    await expectHealthy();
  });

  it('stops an endless await loop and names the item in per-item mode', async () => {
    const { result } = await runScript('if ($json.n === 2) { for (;;) { await null; } }\nreturn $json;', 'runOnceForEachItem');
    expect(result.error?.message).toBe('Code execution timed out after 500 ms (item 1)');
    await expectHealthy();
  });

  it('stops a memory bomb at the memory limit', async () => {
    // Filling 32 MB takes a few hundred ms on a busy machine: a roomier time limit keeps the memory
    // limit the one that trips.
    const roomy = createExpressionEvaluator({ codeTimeoutMs: 10_000, memoryLimitMb: 32 });
    const t0 = performance.now();
    const wf = workflow([trigger, codeNode('Code', 'const keep = [];\nwhile (true) keep.push({ i: keep.length, pad: "x".repeat(64) + keep.length });', 'runOnceForAllItems')], [['Start', 'Code']]);
    const result = await run(wf, { executionId: 'limits', pinData: { Start: [{ json: { n: 1 } }] } }, { ...deps, expressions: roomy }).finally(() => roomy.dispose());
    const ms = performance.now() - t0;
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ node: 'Code', message: 'Code execution exceeded the memory limit' });
    expect(result.error?.description).toMatch(/GIGAFLOW_SANDBOX_MEMORY_MB/);
    expect(ms).toBeLessThan(15_000);
    await expectHealthy();
  });

  it('refuses allocations the sandbox cannot survive instead of crashing', async () => {
    const { result } = await runScript('return { a: new Array(1e9).fill(0).length }');
    expect(result.status).toBe('error');
    expect(result.error?.message).toMatch(/exceeds the sandbox limit|memory limit/);
    await expectHealthy();
  });
});
