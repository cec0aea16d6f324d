// Runs the cases of several workflows one after the other and sums them up.
import type { Workflow } from '../model/index.ts';
import { runTestCase } from './run-case.ts';
import type { TestBench } from './run-case.ts';
import type { TestReport, WorkflowTestCase } from './types.ts';

export interface SuiteEntry {
  workflow: Workflow;
  cases: (WorkflowTestCase & { id?: string })[];
}

export async function runSuite(bench: TestBench, entries: SuiteEntry[]): Promise<TestReport> {
  const started = performance.now();
  const cases = [];
  for (const { workflow, cases: list } of entries) for (const c of list) cases.push(await runTestCase(bench, workflow, c, c.id));
  const passed = cases.filter((c) => c.passed).length;
  return { passed, failed: cases.length - passed, durationMs: Math.round(performance.now() - started), cases };
}
