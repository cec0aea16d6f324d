// How a workflow runs, in one place (n8n's v1 order):
//  1. Validate, then put the start node on the stack with the items that started the run.
//  2. Pop the front of the stack and run that node (run-node.ts), recording its TaskData.
//  3. For every output with items, hand them to the connected children, top-left child first.
//     A child with several inputs waits in `waiting` until each input has data.
//  4. When the stack is empty, a waiting node with some input runs with the missing inputs empty,
//     unless its type's requiredInputs says it must have them.
//  5. Stop at the first node error (unless its onError continues), on cancel, or on timeout.
//  6. A Wait node pauses the run: a short wait sleeps here; a long one returns status `waiting`
//     with the state to resume from (resume.ts), and a later call continues at step 3.
import type { IDataObject, INodeExecutionData, RunData, TaskData } from '../model/index.ts';
import type { ExecutionResult, INode } from '../model/index.ts';
import { ValidationError, serializeError } from '../model/index.ts';
import { buildGraph, byCanvasPosition, validateWorkflow } from './graph.ts';
import type { Graph } from './graph.ts';
import { WAIT_INDEFINITELY, restoreRuns, saveState } from './resume.ts';
import type { ResumeState } from './resume.ts';
import { isTrigger, runNode, sleep } from './run-node.ts';
import type { NodeRunScope } from './node-context.ts';
import type { EngineDeps, PendingRun, RunRequest } from './types.ts';

export interface EngineResult extends ExecutionResult {
  /** The workflow's static data after the run (nodes may change it). */
  staticData: IDataObject;
  /** Status `waiting`: when to resume, and from what. */
  waitTill?: string;
  resumeState?: ResumeState;
}

/** The start node: the one asked for, else a manual trigger, else the top-left trigger, else the top-left root. */
export function findStartNode(req: Pick<RunRequest, 'workflow' | 'startNode'>, graph: Graph, deps: EngineDeps): INode {
  if (req.startNode) {
    const node = graph.nodes.get(req.startNode);
    if (!node) throw new ValidationError(`Start node "${req.startNode}" does not exist`, { node: req.startNode });
    return node;
  }
  // Only nodes that can produce something start a run: a sticky note (no inputs, no execute) cannot.
  const runnable = [...graph.nodes.values()]
    .filter((n) => {
      const type = n.disabled ? undefined : deps.registry.get(n.type, n.typeVersion);
      return type && (type.description.group.includes('trigger') || !!type.execute || !!type.webhook || !!type.trigger || !!type.poll);
    })
    .sort(byCanvasPosition);
  const triggers = runnable.filter((n) => isTrigger(deps.registry.get(n.type, n.typeVersion)!));
  const start = triggers.find((n) => n.type.endsWith('.manualTrigger')) ?? triggers[0] ?? runnable.find((n) => graph.parents(n.name).length === 0);
  if (!start) throw new ValidationError('The workflow has no node to start from');
  return start;
}

/** Number of main inputs a node takes: declared by its type, or as many as are wired. */
function inputCount(node: INode, graph: Graph, deps: EngineDeps): number {
  const inputs = deps.registry.get(node.type, node.typeVersion)?.description.inputs;
  return Math.max(Array.isArray(inputs) ? inputs.length : 1, graph.wiredInputCount(node.name));
}

function requiredInputs(node: INode, deps: EngineDeps): number[] | undefined {
  const r = deps.registry.get(node.type, node.typeVersion)?.description.requiredInputs;
  if (r === undefined || typeof r === 'string') return undefined;
  return Array.isArray(r) ? r : [r];
}

// A saved workflow runs many times with the same nodes and connections objects: validate it and
// build its graph once per pair (stored workflows are replaced on save, never mutated in place).
const graphs = new WeakMap<object, { connections: object; registry: object; graph: Graph }>();

function validatedGraph(workflow: RunRequest['workflow'], deps: EngineDeps): Graph {
  const cached = Array.isArray(workflow.nodes) ? graphs.get(workflow.nodes) : undefined;
  if (cached && cached.connections === workflow.connections && cached.registry === deps.registry) return cached.graph;
  validateWorkflow(workflow, deps.registry);
  const graph = buildGraph(workflow);
  if (workflow.connections) graphs.set(workflow.nodes, { connections: workflow.connections, registry: deps.registry, graph });
  return graph;
}

export async function runWorkflow(deps: EngineDeps, req: RunRequest): Promise<EngineResult> {
  const { workflow } = req;
  const graph = validatedGraph(workflow, deps);
  const startedAt = new Date();
  const runData: RunData = req.resume ? structuredClone(req.resume.runData) : {};
  const staticData: IDataObject = workflow.staticData && Object.keys(workflow.staticData).length ? structuredClone(workflow.staticData) : {};
  const stack: PendingRun[] = req.resume ? restoreRuns(req.resume.state.stack, graph) : [{ node: findStartNode(req, graph, deps), inputs: [req.triggerItems ?? []], sources: [null] }];
  const waiting = new Map<string, PendingRun>(req.resume ? restoreRuns(req.resume.state.waiting, graph).map((r) => [r.node.name, r]) : []);
  const maxRuns = deps.maxRunsPerNode ?? 10_000;

  const controller = new AbortController();
  const abort = () => controller.abort(req.signal?.reason);
  req.signal?.addEventListener('abort', abort, { once: true });
  if (req.signal?.aborted) abort();
  const timeoutSec = workflow.settings?.executionTimeout ?? -1;
  const timer = timeoutSec > 0 ? setTimeout(() => controller.abort('timeout'), timeoutSec * 1000) : undefined;

  const cancelError = (node?: string) =>
    serializeError(new Error(controller.signal.reason === 'timeout' ? `Execution timed out after ${timeoutSec} s` : 'Execution was canceled'), node);

  let lastNodeExecuted: string | undefined;
  let failure: ExecutionResult['error'];
  const finish = (status: ExecutionResult['status'], wait?: { till: Date; state: ResumeState }): EngineResult => {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', abort);
    const timedOut = controller.signal.reason === 'timeout';
    return {
      status,
      startedAt: startedAt.toISOString(),
      stoppedAt: new Date().toISOString(),
      runData,
      lastNodeExecuted,
      ...(failure ? { error: failure } : {}),
      ...(timedOut ? { timedOut } : {}),
      ...(wait ? { waitTill: wait.till.toISOString(), resumeState: wait.state } : {}),
      staticData,
    };
  };

  /** Hands a node's output to its children; a multi-input child waits until every input has data. */
  const deliver = (from: INode, outputs: (INodeExecutionData[] | null)[], runIndex: number) => {
    const ready: PendingRun[] = [];
    for (const edge of graph.children(from.name)) {
      const items = outputs[edge.outputIndex];
      if (!items?.length) continue;
      const child = graph.nodes.get(edge.to)!;
      const source = { previousNode: from.name, previousNodeOutput: edge.outputIndex, previousNodeRun: runIndex };
      const count = inputCount(child, graph, deps);
      if (count === 1) {
        ready.push({ node: child, inputs: [items], sources: [source] });
        continue;
      }
      const parked = waiting.get(child.name) ?? { node: child, inputs: new Array(count), sources: new Array(count).fill(null) };
      parked.inputs[edge.inputIndex] = items;
      parked.sources[edge.inputIndex] = source;
      waiting.set(child.name, parked);
      if (parked.inputs.filter(Boolean).length === count) {
        waiting.delete(child.name);
        ready.push(parked);
      }
    }
    ready.sort((a, b) => byCanvasPosition(a.node, b.node));
    stack.unshift(...ready);
  };

  /** Step 4: a waiting node whose other parents will never deliver runs with empty inputs. */
  const releaseWaiting = () => {
    for (const [name, parked] of waiting) {
      waiting.delete(name);
      const required = requiredInputs(parked.node, deps);
      if (required?.some((i) => !parked.inputs[i]?.length)) continue;
      if (!parked.inputs.some((items) => items?.length)) continue;
      stack.push({ ...parked, inputs: Array.from(parked.inputs, (items) => items ?? []) });
      return;
    }
  };

  if (req.resume) {
    const { state, items } = req.resume;
    const waitNode = graph.nodes.get(state.node);
    if (!waitNode) throw new ValidationError(`Cannot resume: node "${state.node}" is no longer in the workflow`, { node: state.node });
    const outputs = items ? [items] : state.outputs;
    // The Wait node's task records what it handed on when it resumed.
    const task = runData[state.node]?.[state.runIndex];
    if (task) task.data = { main: outputs };
    lastNodeExecuted = state.node;
    deliver(waitNode, outputs, state.runIndex);
  }

  while (stack.length || waiting.size) {
    if (!stack.length) {
      releaseWaiting();
      if (!stack.length) break;
    }
    if (controller.signal.aborted) {
      failure = cancelError(stack[0]?.node.name);
      return finish('canceled');
    }
    const run = stack.shift()!;
    const name = run.node.name;
    const runIndex = runData[name]?.length ?? 0;
    if (runIndex >= maxRuns) {
      failure = serializeError(new Error(`Stopped execution because it seems to be in an endless loop (node "${name}" ran ${maxRuns} times)`), name);
      return finish('error');
    }
    const type = deps.registry.get(run.node.type, run.node.typeVersion)!;
    req.onEvent?.({ type: 'node.started', node: name, runIndex });
    const startTime = Date.now();
    const scope: NodeRunScope = { deps, req, graph, runData, run, type, runIndex, signal: controller.signal, staticData, logs: [] };
    const result = await runNode(scope);
    const { logs } = scope;
    // A node that returns after a cancel or timeout still ends the run as canceled.
    const canceled = controller.signal.aborted;
    const task: TaskData = {
      startTime,
      executionTime: Date.now() - startTime,
      executionStatus: canceled ? 'canceled' : result.stop ? 'error' : 'success',
      source: run.sources,
      inputItemCounts: run.inputs.map((items) => items?.length ?? 0),
      data: { main: result.outputs },
      ...(result.error ? { error: result.error } : {}),
      ...(result.tries > 1 ? { tries: result.tries } : {}),
      ...(logs.length ? { logs } : {}),
    };
    (runData[name] ??= []).push(task);
    lastNodeExecuted = name;
    req.onEvent?.({ type: 'node.finished', node: name, runIndex, task });
    if (canceled) {
      failure = result.error ?? cancelError(name);
      return finish('canceled');
    }
    if (result.stop) {
      failure = result.error;
      return finish('error');
    }
    if (scope.waitTill && !result.stop) {
      const kind = run.node.parameters?.resume === 'webhook' || scope.waitTill >= WAIT_INDEFINITELY ? 'webhook' : 'time';
      const ms = scope.waitTill.getTime() - Date.now();
      if (kind === 'webhook' || ms > (deps.waitInMemoryMaxMs ?? 65_000)) {
        const state = saveState({ node: name, runIndex, kind, outputs: result.outputs }, stack, waiting);
        clearTimeout(timer);
        return finish('waiting', { till: scope.waitTill, state });
      }
      await sleep(ms, controller.signal);
      if (controller.signal.aborted) {
        failure = cancelError(name);
        return finish('canceled');
      }
    }
    deliver(run.node, result.outputs, runIndex);
  }
  return finish('success');
}
