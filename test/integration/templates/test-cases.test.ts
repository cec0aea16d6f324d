// The test cases each system template carries in its `testCases` array, run the way
// `npx gigaflow test templates/<file>.json` runs them: read from the file, in this process, on the
// real engine and sandbox, with every outside system pinned. Each template must pass all its cases,
// cover at least one failure path (not only the happy one), and name its cases uniquely.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../../host/engine/registry.ts';
import { createExpressionEvaluator } from '../../../host/expressions/evaluate.ts';
import type { ExpressionEvaluator } from '../../../host/expressions/evaluate.ts';
import { readTestFiles } from '../../../host/workflow-tests/files.ts';
import type { TestBench } from '../../../host/workflow-tests/run-case.ts';
import { runSuite } from '../../../host/workflow-tests/suite.ts';
import type { TestReport, WorkflowTestCase } from '../../../host/workflow-tests/types.ts';

let expressions: ExpressionEvaluator;
let bench: TestBench;

beforeAll(async () => {
  expressions = createExpressionEvaluator();
  bench = { registry: await createRegistry(), expressions, vars: {} };
});

afterAll(() => expressions?.dispose());

async function runTemplateCases(file: string): Promise<{ cases: WorkflowTestCase[]; report: TestReport }> {
  const entries = await readTestFiles(fileURLToPath(new URL(`../../../templates/${file}`, import.meta.url)));
  expect(entries).toHaveLength(1);
  return { cases: entries[0]!.cases, report: await runSuite(bench, entries) };
}

/** Every case passed; on a mismatch the failures are printed, named by case. */
function expectAllPassed(report: TestReport): void {
  const failed = report.cases.filter((c) => !c.passed).map((c) => ({ case: c.case, failures: c.failures.map((f) => f.message) }));
  expect(failed).toEqual([]);
  expect(report.passed).toBe(report.cases.length);
}

/** Cases that end on a failure path: an error outcome, an answer ≥ 400, or a success-side node that must not run. */
function failurePathCases(cases: WorkflowTestCase[], successNodes: string[]): string[] {
  return cases
    .filter((c) =>
      c.expectations.some(
        (e) =>
          ('outcome' in e && e.outcome === 'error') ||
          ('response' in e && (e.response.status ?? 0) >= 400) ||
          ('notRun' in e && successNodes.includes(e.node)),
      ),
    )
    .map((c) => c.name);
}

function expectUniqueNames(cases: WorkflowTestCase[]): void {
  const names = cases.map((c) => c.name);
  expect(new Set(names).size).toBe(names.length);
}

describe('system templates: their own test cases', () => {
  it('payment-received: every case passes, failures (unknown customer, no invoice, duplicate, Twilio down) are covered', async () => {
    const { cases, report } = await runTemplateCases('payment-received.json');
    expect(cases.length).toBeGreaterThanOrEqual(3);
    expectAllPassed(report);
    expect(failurePathCases(cases, ['Record Payment', 'SMS Receipt']).length).toBeGreaterThanOrEqual(1);
    // The runs that must fail did fail, where the template says.
    const errors = Object.fromEntries(report.cases.filter((c) => c.execution.status === 'error').map((c) => [c.case, c.execution.error?.node]));
    expect(Object.values(errors).sort()).toEqual(['No Unpaid Invoice', 'SMS Receipt', 'Unknown Customer']);
    expectUniqueNames(cases);
  });

  it('pon-outage-alert: every case passes, failures (OLT unreachable, ONU read failed, Twilio down, still down) are covered', async () => {
    const { cases, report } = await runTemplateCases('pon-outage-alert.json');
    expect(cases.length).toBeGreaterThanOrEqual(3);
    expectAllPassed(report);
    expect(failurePathCases(cases, ['Open Outage Issue', 'Resolve Outage Issue', 'Text Customers']).length).toBeGreaterThanOrEqual(1);
    const failedRuns = report.cases.filter((c) => c.execution.status === 'error');
    expect(failedRuns.map((c) => c.execution.error?.node)).toEqual(['PON Ports']);
    expect(failedRuns[0]!.execution.nodesRun).not.toContain('Text Customers');
    expectUniqueNames(cases);
  });

  it('device-diagnostic: every case passes, failures (bad serial, unknown serial, GenieACS down, OLT and modem down) are covered', async () => {
    const { cases, report } = await runTemplateCases('device-diagnostic.json');
    expect(cases.length).toBeGreaterThanOrEqual(3);
    expectAllPassed(report);
    expect(failurePathCases(cases, ['Get Device', 'Device Diagnostic']).length).toBeGreaterThanOrEqual(3);
    // A failing source never fails the run: every case ends in an answer.
    expect(report.cases.map((c) => c.execution.status)).toEqual(cases.map(() => 'success'));
    expectUniqueNames(cases);
  });

  it('qr-sticker-otp: every case passes, failures (bad MAC, unknown modem, ERPNext down, no mobile, SMS refused, wrong codes) are covered', async () => {
    const { cases, report } = await runTemplateCases('qr-sticker-otp.json');
    expect(cases.length).toBeGreaterThanOrEqual(3);
    expectAllPassed(report);
    expect(failurePathCases(cases, ['Send Code', 'Sign Portal Token']).length).toBeGreaterThanOrEqual(5);
    // Only the right code reaches the token.
    expect(report.cases.filter((c) => c.execution.nodesRun.includes('Sign Portal Token'))).toHaveLength(1);
    expectUniqueNames(cases);
  });

  it('field-scan: every case passes, failures (no photo, unknown job, unreadable label, failed late scan) are covered', async () => {
    const { cases, report } = await runTemplateCases('field-scan.json');
    expect(cases.length).toBeGreaterThanOrEqual(3);
    expectAllPassed(report);
    expect(failurePathCases(cases, ['Find Equipment', 'Complete Dispatch Job']).length).toBeGreaterThanOrEqual(3);
    // Both triggers are exercised: the photo upload and the late scan result.
    expect(report.cases.filter((c) => c.execution.nodesRun[0] === 'Late Scan Result').length).toBeGreaterThanOrEqual(1);
    expect(report.cases.filter((c) => c.execution.nodesRun[0] === 'Photo Upload').length).toBeGreaterThanOrEqual(1);
    expectUniqueNames(cases);
  });
});
