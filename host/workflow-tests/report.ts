// The two ways a test report leaves Gigaflow: text for a person at a terminal, and JUnit XML
// (the Ant/Jenkins schema every CI server reads) for a pipeline.
import { hostname } from 'node:os';
import type { CaseResult, TestFailure, TestReport } from './types.ts';

export function failureLine(f: TestFailure): string {
  return f.expectation === undefined ? f.message : `expectation ${f.expectation + 1}: ${f.message}`;
}

/** `✓`/`✗` per case, grouped by workflow, each failure on its own line, then the totals. */
export function textReport(report: TestReport): string {
  const lines: string[] = [];
  let workflow: string | undefined;
  for (const c of report.cases) {
    if (c.workflowId !== workflow) {
      workflow = c.workflowId;
      lines.push(`${c.workflowName} (${c.workflowId})`);
    }
    lines.push(`  ${c.passed ? '✓' : '✗'} ${c.case} (${c.durationMs} ms)`);
    for (const f of c.failures) lines.push(`      ${failureLine(f)}`);
  }
  if (!report.cases.length) lines.push('No test cases found.');
  const total = report.passed + report.failed;
  lines.push('', `${total} case${total === 1 ? '' : 's'}: ${report.passed} passed, ${report.failed} failed (${report.durationMs} ms)`);
  return `${lines.join('\n')}\n`;
}

const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
const seconds = (ms: number) => (ms / 1000).toFixed(3);

function failureDetail(f: TestFailure): string {
  const parts = [failureLine(f)];
  if (f.node) parts.push(`node: ${f.node}`);
  if (f.path) parts.push(`path: ${f.path}`);
  if (f.expected !== undefined) parts.push(`expected: ${JSON.stringify(f.expected)}`);
  if ('actual' in f) parts.push(`actual: ${f.actual === undefined ? '(missing)' : JSON.stringify(f.actual)}`);
  return parts.join('\n');
}

function testcase(c: CaseResult): string {
  const open = `    <testcase name="${escapeXml(c.case)}" classname="${escapeXml(c.workflowName)}" time="${seconds(c.durationMs)}"`;
  if (c.passed) return `${open}/>`;
  const [first] = c.failures;
  const body = c.failures.map(failureDetail).join('\n\n');
  return `${open}>\n      <failure message="${escapeXml(first ? failureLine(first) : 'failed')}" type="ExpectationFailed">${escapeXml(body)}</failure>\n    </testcase>`;
}

/** JUnit XML: one <testsuite> per workflow, valid against the Ant JUnit schema (JUnit.xsd). */
export function junitReport(report: TestReport, now = new Date()): string {
  const suites = new Map<string, CaseResult[]>();
  for (const c of report.cases) suites.set(c.workflowId, [...(suites.get(c.workflowId) ?? []), c]);
  const timestamp = now.toISOString().slice(0, 19);
  const host = escapeXml(hostname() || 'localhost');
  const blocks = [...suites.values()].map((cases, id) => {
    const failures = cases.filter((c) => !c.passed).length;
    const time = seconds(cases.reduce((sum, c) => sum + c.durationMs, 0));
    const attrs = `name="${escapeXml(cases[0]!.workflowName)}" package="${escapeXml(cases[0]!.workflowId)}" id="${id}" timestamp="${timestamp}" hostname="${host}" tests="${cases.length}" failures="${failures}" errors="0" time="${time}"`;
    return `  <testsuite ${attrs}>\n    <properties/>\n${cases.map(testcase).join('\n')}\n    <system-out/>\n    <system-err/>\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${blocks.join('\n')}${blocks.length ? '\n' : ''}</testsuites>\n`;
}
