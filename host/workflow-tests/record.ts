// "Record as test": a past execution becomes a test case. The trigger's output becomes the case's
// trigger input, every outside-calling node's runs become pinned outputs, and the run's final
// output becomes the first expectation. The case is then replayed twice against the workflow as
// it ran: values that change from run to run (times, random ids, resume URLs) are listed in the
// expectation's `ignore`, so a freshly recorded case passes; anything else that differs is
// returned as a warning for the user to look at.
import type { EngineDeps } from '../engine/types.ts';
import type { ExecutionRecord, IDataObject, INode, RunData, TaskData, Workflow } from '../model/index.ts';
import { ValidationError } from '../model/index.ts';
import { callsOutside } from './doubles.ts';
import { formatPath, mismatches } from './match.ts';
import { runTestCase } from './run-case.ts';
import type { TestBench } from './run-case.ts';
import type { Expectation, PinnedOutput, PinnedRun, TriggerInput, WorkflowTestCase } from './types.ts';

const WEBHOOK = 'n8n-nodes-base.webhook';
const SCHEDULE = 'n8n-nodes-base.scheduleTrigger';
const WAIT = 'n8n-nodes-base.wait';
const FINISHED = ['success', 'error', 'canceled', 'crashed'];
/** Request headers that describe one connection, not the call a flow reacts to. */
const CONNECTION_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

export interface RecordedCase {
  testCase: WorkflowTestCase;
  /** Paths of the first expectation left unchecked because they changed between replays. */
  ignored: string[];
  /** What the replays could not reproduce; empty when the recorded case passes as it is. */
  warnings: string[];
}

/** The node the run started from: the first whose first run came from no other node. */
function startNode(workflow: Workflow, runData: RunData): INode | undefined {
  const name = Object.keys(runData).find((n) => runData[n]?.[0]?.source.every((s) => s === null));
  return workflow.nodes.find((n) => n.name === name);
}

const jsonOf = (items: { json: IDataObject }[] | null | undefined): IDataObject[] => (items ?? []).map((i) => i.json);

function triggerInput(node: INode, task: TaskData): TriggerInput {
  const items = jsonOf(task.data?.main[0]);
  if (node.type === WEBHOOK && items.length === 1) {
    const { headers, query, params, body } = items[0] as { headers?: Record<string, unknown>; query?: IDataObject; params?: Record<string, string>; body?: unknown };
    const kept = Object.entries(headers ?? {}).filter(([k, v]) => typeof v === 'string' && !CONNECTION_HEADERS.has(k.toLowerCase()));
    const methods = node.parameters?.multipleMethods ? undefined : String(node.parameters?.httpMethod ?? 'GET').toUpperCase();
    return {
      node: node.name,
      webhook: {
        ...(methods ? { method: methods } : {}),
        ...(kept.length ? { headers: Object.fromEntries(kept) as Record<string, string> } : {}),
        ...(query && Object.keys(query).length ? { query } : {}),
        ...(params && Object.keys(params).length ? { params } : {}),
        ...(body !== undefined ? { body } : {}),
      },
    };
  }
  if (node.type === SCHEDULE && typeof items[0]?.timestamp === 'string') return { node: node.name, schedule: { time: items[0].timestamp } };
  return { node: node.name, event: items.length === 1 ? items[0]! : items };
}

function pinnedRun(task: TaskData): PinnedRun {
  const outputs = task.data?.main ?? [];
  if (task.error && !outputs.some((o) => o?.length)) {
    const { message, description, httpCode } = task.error;
    return { error: { message, ...(description ? { description } : {}), ...(httpCode ? { httpCode } : {}) } };
  }
  return { outputs: outputs.map(jsonOf) };
}

function pinned(run: PinnedRun[]): PinnedOutput {
  const [only] = run;
  if (run.length === 1 && only && 'outputs' in only && only.outputs.length <= 1) return only.outputs[0] ?? [];
  return run.length === 1 ? only! : { runs: run };
}

function mustPin(node: INode): boolean {
  if (node.type === WAIT) return ['webhook', 'form'].includes(String(node.parameters?.resume ?? ''));
  return callsOutside(node.type);
}

function finalExpectation(record: ExecutionRecord): Expectation | undefined {
  if (record.status !== 'success') {
    const e = record.error;
    return { outcome: 'error', ...(e?.node ? { errorNode: e.node } : {}), ...(e?.message ? { errorMessage: e.message } : {}) };
  }
  const last = record.lastNodeExecuted;
  const task = last ? record.runData[last]?.at(-1) : undefined;
  return last && task ? { node: last, match: jsonOf(task.data?.main[0]) } : undefined;
}

/** Builds the case from the execution alone (no replay). */
export function caseFromExecution(record: ExecutionRecord, name: string): WorkflowTestCase {
  const workflow = record.workflowData;
  if (!workflow) throw new ValidationError(`Execution ${record.id} keeps no copy of its workflow, so it cannot be recorded as a test`);
  if (!FINISHED.includes(record.status))
    throw new ValidationError(`Execution ${record.id} is ${record.status}: only a finished execution can be recorded as a test`, { status: 409 });
  const start = startNode(workflow, record.runData);
  if (!start) throw new ValidationError(`Execution ${record.id} has no trigger run to take the input from`);
  const pins: Record<string, PinnedOutput> = {};
  for (const node of workflow.nodes) {
    const tasks = record.runData[node.name];
    if (node !== start && tasks?.length && mustPin(node)) pins[node.name] = pinned(tasks.map(pinnedRun));
  }
  const expectation = finalExpectation(record);
  return {
    name,
    trigger: triggerInput(start, record.runData[start.name]![0]!),
    ...(Object.keys(pins).length ? { pinned: pins } : {}),
    expectations: expectation ? [expectation] : [],
    recordedFrom: record.id,
  };
}

/** The value the first expectation checks, as a replay produced it. */
function replayed(result: Awaited<ReturnType<typeof runTestCase>>, run: { runData?: RunData }, e: Expectation): unknown {
  return 'match' in e ? jsonOf(run.runData?.[e.node]?.at(-1)?.data?.main[0]) : result.execution.error?.message;
}

/** Records a case from an execution and settles its first expectation by replaying it twice. */
export async function recordCase(bench: TestBench & Partial<EngineDeps>, record: ExecutionRecord, name: string): Promise<RecordedCase> {
  const testCase = caseFromExecution(record, name);
  const workflow = record.workflowData!;
  const first = testCase.expectations[0];
  if (!first) return { testCase, ignored: [], warnings: ['The execution has no final output to expect'] };
  const warnings: string[] = [];
  const ignored = new Set<string>();
  for (let i = 0; i < 2; i++) {
    const captured: { runData?: RunData } = {};
    const result = await runTestCase(bench, workflow, { ...testCase, expectations: [] }, undefined, captured);
    if (result.execution.status !== record.status && !(record.status !== 'success' && result.execution.status === 'error')) {
      warnings.push(`Replaying the case ended in ${result.execution.status}${result.execution.error ? `: ${result.execution.error.message}` : ''}`);
      break;
    }
    const actual = replayed(result, captured, first);
    if ('match' in first) {
      for (const m of mismatches(first.match, actual, { limit: 1000 })) {
        if (m.reason) warnings.push(`${formatPath(m.path)} differs when replayed: ${m.reason}`);
        else ignored.add(formatPath(m.path));
      }
    } else if ('outcome' in first && first.errorMessage && actual !== first.errorMessage) {
      delete first.errorMessage;
    }
  }
  if ('match' in first && ignored.size) first.ignore = [...ignored];
  return { testCase, ignored: [...ignored], warnings: [...new Set(warnings)] };
}
