// Runs one test case in this process: the real engine and sandbox, the case's trigger input, its
// pinned outputs instead of outside systems, then its expectations. Nothing is stored.
import { randomUUID } from 'node:crypto';
import { findStartNode, runWorkflow } from '../engine/execution.ts';
import type { EngineResult } from '../engine/execution.ts';
import { buildGraph, validateWorkflow } from '../engine/graph.ts';
import { rawParameter } from '../engine/parameters.ts';
import { TEST_SETUP_ERROR } from '../engine/run-node.ts';
import type { EngineDeps, WebhookResponse } from '../engine/types.ts';
import type { INode, RunData, Workflow } from '../model/index.ts';
import { NodeOperationError } from '../model/index.ts';
import { scheduleZone } from '../runtime/schedule-rules.ts';
import { NO_RESPOND_NODE, lastNodeAnswer, onReceivedAnswer } from '../runtime/webhooks.ts';
import { createTestDouble } from './doubles.ts';
import { checkExpectations } from './expect.ts';
import { startNodeOf, triggerItems } from './trigger.ts';
import type { CaseResult, TestFailure, WorkflowTestCase } from './types.ts';

/** What a test run needs from a host: node types, the sandbox, and `$vars` (a case's own vars win). */
export type TestBench = Pick<EngineDeps, 'registry' | 'expressions' | 'vars'>;

/** A case that runs longer than this is stopped and fails (a stuck Code node, an endless loop). */
const CASE_TIMEOUT_MS = 60_000;

const noCredentials: EngineDeps['credentials'] = async (type, _ref, node) => {
  throw new NodeOperationError(node, `Node "${node}" asked for its "${type}" credential: a test run has none (pin the node's output instead)`);
};

/** The webhook's own answer, for the webhook kinds that answer after (or without) a Respond node. */
function webhookAnswers(start: INode, bench: TestBench, result: EngineResult, responded: WebhookResponse[]): WebhookResponse[] {
  const type = bench.registry.get(start.type, start.typeVersion);
  if (!type?.webhook) return responded;
  const hook = { node: start, type };
  const mode = String(rawParameter(type.description, start.parameters ?? {}, 'responseMode', start.typeVersion) ?? 'onReceived');
  const asResponse = (a: { status: number; body?: unknown; contentType?: string; empty?: boolean }): WebhookResponse => ({
    statusCode: a.status,
    headers: a.contentType ? { 'content-type': a.contentType } : {},
    ...(a.empty ? {} : { body: a.body }),
  });
  if (mode === 'onReceived') return [asResponse(onReceivedAnswer(hook)), ...responded];
  if (mode === 'lastNode') return [asResponse(lastNodeAnswer(hook, result))];
  if (responded.length) return responded;
  return [result.status === 'success' ? { statusCode: 200, headers: {}, body: { message: NO_RESPOND_NODE } } : asResponse(lastNodeAnswer(hook, result))];
}

/** Runs one case; `capture` receives the run's data (recording replays compare it). */
export async function runTestCase(
  bench: TestBench,
  workflow: Workflow,
  testCase: WorkflowTestCase,
  caseId?: string,
  capture?: { runData?: RunData },
): Promise<CaseResult> {
  const started = performance.now();
  const result = (failures: TestFailure[], execution: CaseResult['execution']): CaseResult => ({
    workflowId: workflow.id,
    workflowName: workflow.name,
    ...(caseId ? { caseId } : {}),
    case: testCase.name,
    passed: failures.length === 0,
    durationMs: Math.round(performance.now() - started),
    failures,
    execution,
  });
  const deps: EngineDeps = { ...bench, vars: { ...bench.vars, ...testCase.vars }, credentials: noCredentials, publicUrl: 'http://localhost', waitInMemoryMaxMs: 0 };
  let start: INode;
  let items;
  try {
    validateWorkflow(workflow, bench.registry);
    start = startNodeOf(testCase.trigger, workflow) ?? findStartNode({ workflow }, buildGraph(workflow), deps);
    items = triggerItems(testCase.trigger, start, workflow);
  } catch (err) {
    const e = err as Error & { node?: string };
    return result([{ message: e.message, ...(e.node ? { node: e.node } : {}) }], { status: 'not started', nodesRun: [] });
  }
  const responded: WebhookResponse[] = [];
  const run = await runWorkflow(deps, {
    workflow,
    executionId: `test-${randomUUID()}`,
    mode: 'test',
    startNode: start.name,
    triggerItems: items,
    testDouble: createTestDouble(testCase.pinned ?? {}, start.name),
    respond: (response) => void responded.push(response),
    signal: AbortSignal.timeout(CASE_TIMEOUT_MS),
  });
  if (capture) capture.runData = run.runData;
  const execution: CaseResult['execution'] = {
    status: run.status,
    ...(run.lastNodeExecuted ? { lastNodeExecuted: run.lastNodeExecuted } : {}),
    ...(run.error ? { error: { message: run.error.message, ...(run.error.node ? { node: run.error.node } : {}) } } : {}),
    nodesRun: Object.keys(run.runData),
  };
  // A refused outside call is a mistake in the case, never the failure an outcome expectation waits for.
  if (run.error?.name === TEST_SETUP_ERROR) return result([{ node: run.error.node, message: run.error.message }], execution);
  const responses = webhookAnswers(start, bench, run, responded);
  return result(checkExpectations(testCase.expectations, { result: run, responses, timezone: safeZone(workflow) }), execution);
}

function safeZone(workflow: Workflow): string | undefined {
  try {
    return scheduleZone(workflow);
  } catch {
    return undefined;
  }
}
