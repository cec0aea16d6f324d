// Checks a case's expectations against its run. Every failure names the node, the path and
// expected vs actual where they apply, so a report reads without opening the execution.
import type { WebhookResponse } from '../engine/types.ts';
import type { EngineResult } from '../engine/execution.ts';
import { applyRule, itemData, truthy } from '../conditions/operations.ts';
import type { INodeExecutionData } from '../model/index.ts';
import { formatPath, mismatches, parsePath, valueAt } from './match.ts';
import type { Mismatch } from './match.ts';
import type { Expectation, TestFailure } from './types.ts';

export interface CaseRun {
  result: Pick<EngineResult, 'status' | 'runData' | 'error' | 'lastNodeExecuted'>;
  /** The answers the webhook caller(s) got, in order; the last is the final response. */
  responses: WebhookResponse[];
  timezone?: string;
}

const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

function fromMismatch(m: Mismatch, base: Omit<TestFailure, 'message'>, what: string): TestFailure {
  const path = formatPath(m.path);
  const because = m.reason === 'missing' ? `${path} is missing` : m.reason ? `${path}: ${m.reason}` : `${path}: expected ${show(m.expected)} but got ${show(m.actual)}`;
  return { ...base, path, expected: m.expected, actual: m.actual, message: `${what}: ${because}` };
}

function nodeItems(run: CaseRun, e: { node: string; output?: number; run?: number }): { items?: INodeExecutionData[]; problem?: string } {
  const tasks = run.result.runData[e.node];
  if (!tasks?.length) return { problem: `node "${e.node}" did not run` };
  const task = e.run === undefined ? tasks.at(-1)! : tasks[e.run];
  if (!task) return { problem: `node "${e.node}" ran ${tasks.length} time(s): there is no run ${e.run}` };
  return { items: task.data?.main[e.output ?? 0] ?? [] };
}

function outputLabel(e: { node: string; output?: number; run?: number }): string {
  return `"${e.node}" output ${e.output ?? 0}${e.run === undefined ? '' : ` run ${e.run}`}`;
}

function checkOne(e: Expectation, index: number, run: CaseRun): TestFailure[] {
  const base = { expectation: index };
  if ('outcome' in e) {
    const failures: TestFailure[] = [];
    const status = run.result.status === 'success' ? 'success' : 'error';
    if (status !== e.outcome)
      failures.push({ ...base, expected: e.outcome, actual: run.result.status, message: `expected the run to end in ${e.outcome} but it ended in ${run.result.status}${run.result.error ? ` (${run.result.error.message})` : ''}` });
    if (e.errorNode && run.result.error?.node !== e.errorNode)
      failures.push({ ...base, node: e.errorNode, expected: e.errorNode, actual: run.result.error?.node, message: `expected the run to fail at node "${e.errorNode}" but it ${run.result.error ? `failed at "${run.result.error.node}"` : 'did not fail'}` });
    if (e.errorMessage && !run.result.error?.message.includes(e.errorMessage))
      failures.push({ ...base, expected: e.errorMessage, actual: run.result.error?.message, message: `expected the error message to contain ${show(e.errorMessage)} but it was ${show(run.result.error?.message)}` });
    return failures;
  }
  if ('response' in e) {
    const last = run.responses.at(-1);
    if (!last) return [{ ...base, expected: e.response, message: 'expected a webhook response but the run answered nothing (is the trigger a webhook?)' }];
    const failures: TestFailure[] = [];
    if (e.response.status !== undefined && e.response.status !== last.statusCode)
      failures.push({ ...base, path: 'status', expected: e.response.status, actual: last.statusCode, message: `response status: expected ${e.response.status} but got ${last.statusCode}` });
    if (e.response.body !== undefined)
      for (const m of mismatches(e.response.body, responseBody(last.body), { at: ['body'] })) failures.push(fromMismatch(m, base, 'response'));
    if (e.response.headers) {
      const actual = Object.fromEntries(Object.entries(last.headers).map(([k, v]) => [k.toLowerCase(), v]));
      const expected = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
      for (const m of mismatches(expected, actual, { at: ['headers'] })) failures.push(fromMismatch(m, base, 'response'));
    }
    return failures;
  }
  if ('notRun' in e) {
    const runs = run.result.runData[e.node]?.length ?? 0;
    return runs ? [{ ...base, node: e.node, expected: 'not run', actual: `ran ${runs} time(s)`, message: `node "${e.node}" must not run, but it ran ${runs} time(s)` }] : [];
  }
  const { items, problem } = nodeItems(run, e);
  if (problem) return [{ ...base, node: e.node, message: `${outputLabel(e)}: ${problem}` }];
  const jsons = items!.map((i) => i.json);
  if ('jsonLogic' in e) {
    if (!items!.length) return [{ ...base, node: e.node, expected: e.jsonLogic, actual: [], message: `${outputLabel(e)}: no items to check the rule against` }];
    const results = items!.map((item, i) => {
      try {
        return truthy(applyRule(e.jsonLogic, { ...itemData(item, i), $items: jsons }, { timezone: run.timezone }));
      } catch {
        return false;
      }
    });
    const some = e.items === 'some';
    if (some ? results.some(Boolean) : results.every(Boolean)) return [];
    const at = some ? -1 : results.findIndex((ok) => !ok);
    return [
      {
        ...base,
        node: e.node,
        path: at >= 0 ? `[${at}]` : undefined,
        expected: e.jsonLogic,
        actual: at >= 0 ? jsons[at] : jsons,
        message: `${outputLabel(e)}: ${some ? 'no item satisfies' : `item ${at} does not satisfy`} the rule ${JSON.stringify(e.jsonLogic)}`,
      },
    ];
  }
  const at = e.path ? parsePath(e.path) : [];
  return mismatches(e.match, valueAt(jsons, at), { at, ignore: e.ignore }).map((m) => fromMismatch(m, { ...base, node: e.node }, outputLabel(e)));
}

/** A response body as a test compares it: bytes as text, JSON text as the value it encodes. */
function responseBody(body: unknown): unknown {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The failures of a run against a case's expectations; a failed run without an outcome expectation is one. */
export function checkExpectations(expectations: Expectation[], run: CaseRun): TestFailure[] {
  const failures = expectations.flatMap((e, i) => checkOne(e, i, run));
  const { error, status } = run.result;
  if (status !== 'success' && !expectations.some((e) => 'outcome' in e))
    failures.unshift({ node: error?.node, expected: 'success', actual: status, message: `the run ${status === 'error' ? 'failed' : `ended in ${status}`}${error?.node ? ` at node "${error.node}"` : ''}: ${error?.message ?? 'no error message'}` });
  return failures;
}
