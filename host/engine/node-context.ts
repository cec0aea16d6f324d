// The `this` a node's execute() sees: the subset of n8n's IExecuteFunctions documented in
// docs/node-api.md. Parameters are resolved through the sandboxed expression evaluator.
import type { IExecuteFunctions, IHttpRequestOptions, INodeType, IWorkflowMetadata } from 'n8n-workflow';
import type { ExpressionData } from '../expressions/types.ts';
import type { ExecutionLogLine, IDataObject, INode, INodeExecutionData, RunData, Workflow } from '../model/index.ts';
import { NodeOperationError } from '../model/index.ts';
import { createHttpRequestWithAuthentication } from './credential-auth.ts';
import type { DurableJobRequest } from './durable-jobs.ts';
import type { Graph } from './graph.ts';
import { httpRequest } from './http-request.ts';
import { scopedKeyValue } from './key-value.ts';
import { findPairedItem } from './paired-item.ts';
import { rawParameter } from './parameters.ts';
import type { EngineDeps, PendingRun, RunRequest } from './types.ts';

/** Node types whose requests go to URLs the workflow author types: the SSRF guard applies to them. */
const GUARDED_NODE_TYPES = new Set(['n8n-nodes-base.httpRequest']);

export interface NodeRunScope {
  deps: EngineDeps;
  req: RunRequest;
  graph: Graph;
  runData: RunData;
  run: PendingRun;
  type: INodeType;
  runIndex: number;
  signal: AbortSignal;
  staticData: IDataObject;
  /** Lines nodes add with addExecutionLogs; kept in this run's TaskData. */
  logs: ExecutionLogLine[];
  /** Set by putExecutionToWait: the node asks the engine to pause the execution until then. */
  waitTill?: Date;
}

const fallbackZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const MAX_LOG_LINES = 1000;

/** Data the expression evaluator reads lazily; one per node run, specialised per item. */
export function expressionData(scope: NodeRunScope): ExpressionData {
  const { req, graph, runData, run, deps, runIndex } = scope;
  const wf: Workflow = req.workflow;
  const source = run.sources[0];
  return {
    itemIndex: 0,
    runIndex,
    inputItems: run.inputs[0] ?? [],
    nodeOutput: (name, outputIndex = 0, ri) => {
      const runs = runData[name];
      if (!runs?.length) return undefined;
      return runs[ri ?? runs.length - 1]?.data?.main[outputIndex] ?? [];
    },
    pairedItem: (name, itemIndex) => findPairedItem(runData, run.sources, run.inputs[0] ?? [], itemIndex, name),
    hasNode: (name) => graph.nodes.has(name),
    nodeParameters: (name) => graph.nodes.get(name)?.parameters as IDataObject | undefined,
    node: { name: run.node.name, type: run.node.type, typeVersion: run.node.typeVersion },
    execution: { id: req.executionId, mode: req.mode, resumeUrl: `${deps.publicUrl ?? ''}/webhook-waiting/${req.executionId}` },
    workflow: { id: wf.id, name: wf.name, active: wf.active },
    vars: deps.vars ?? {},
    prevNode: source ? { name: source.previousNode, outputIndex: source.previousNodeOutput, runIndex: source.previousNodeRun } : undefined,
    timezone: wf.settings?.timezone && wf.settings.timezone !== 'DEFAULT' ? wf.settings.timezone : fallbackZone,
  };
}

/** Resolves one parameter for one item: raw value or default, then expressions. */
export function resolveParameter(scope: NodeRunScope, data: ExpressionData, name: string, itemIndex: number, fallback?: unknown): unknown {
  const node = scope.run.node;
  const raw = rawParameter(scope.type.description, node.parameters ?? {}, name, node.typeVersion);
  if (raw === undefined) {
    if (fallback !== undefined) return fallback;
    throw new NodeOperationError(node.name, `Could not get parameter "${name}"`, { parameter: name });
  }
  if (!containsExpression(raw)) return raw;
  const itemData: ExpressionData = Object.create(data) as ExpressionData;
  itemData.itemIndex = itemIndex;
  return scope.deps.expressions.resolve(raw, itemData, name);
}

function containsExpression(value: unknown): boolean {
  if (typeof value === 'string') return value.startsWith('=');
  if (Array.isArray(value)) return value.some(containsExpression);
  if (value && typeof value === 'object') return Object.values(value).some(containsExpression);
  return false;
}

export function createExecuteContext(scope: NodeRunScope): IExecuteFunctions {
  const { deps, req, run, signal } = scope;
  const node: INode = run.node;
  const data = expressionData(scope);
  const logger = deps.logger;
  const getCredentials = async (type: string) => {
    const ref = node.credentials?.[type];
    if (!ref) throw new NodeOperationError(node.name, `Node "${node.name}" has no credential of type "${type}" set`);
    if (!deps.credentials) throw new NodeOperationError(node.name, 'No credential store is available');
    return deps.credentials(type, ref, node.name);
  };
  // Only URLs typed into a workflow go through the SSRF guard; integration nodes call the service
  // address of their credential (ERPNext, GenieACS … usually on the LAN).
  const guarded = GUARDED_NODE_TYPES.has(node.type);
  const send = (opts: IHttpRequestOptions) => httpRequest(node.name, opts, signal, guarded);
  const ctx = {
    getNodeParameter: (name: string, itemIndex = 0, fallback?: unknown) => resolveParameter(scope, data, name, itemIndex, fallback),
    getInputData: (inputIndex = 0) => run.inputs[inputIndex] ?? [],
    getNode: () => node,
    getWorkflow: (): IWorkflowMetadata => ({ id: req.workflow.id, name: req.workflow.name, active: req.workflow.active }),
    getExecutionId: () => req.executionId,
    getMode: () => req.mode,
    getTimezone: () => data.timezone,
    getRestApiUrl: () => `${deps.publicUrl ?? ''}/api/v1`,
    getInstanceBaseUrl: () => deps.publicUrl ?? '',
    getExecutionCancelSignal: () => signal,
    onExecutionCancellation: (handler: () => unknown) => signal.addEventListener('abort', () => void handler(), { once: true }),
    continueOnFail: () => node.continueOnFail === true || node.onError === 'continueRegularOutput' || node.onError === 'continueErrorOutput',
    getWorkflowStaticData: (type: string) => {
      const key = type === 'global' ? 'global' : `node:${node.name}`;
      const sd = scope.staticData;
      if (!sd[key] || typeof sd[key] !== 'object') sd[key] = {};
      return sd[key] as IDataObject;
    },
    getCredentials: (type: string) => getCredentials(type),
    executeWorkflow: async (info: { id?: string; code?: Workflow }, inputData: INodeExecutionData[] = [], _cb?: unknown, options: { doNotWaitToFinish?: boolean } = {}) => {
      if (!deps.executeWorkflow) throw new NodeOperationError(node.name, 'Sub-workflows are not available here');
      return deps.executeWorkflow(
        { id: info.id, workflow: info.code },
        inputData,
        { executionId: req.executionId, workflowId: req.workflow.id, node: node.name },
        { wait: !options.doNotWaitToFinish },
      );
    },
    putExecutionToWait: async (waitTill: Date) => {
      if (!(waitTill instanceof Date) || Number.isNaN(waitTill.getTime())) throw new NodeOperationError(node.name, 'Invalid date to wait until');
      scope.waitTill = waitTill;
    },
    sendResponse: async (response: { statusCode?: number; headers?: Record<string, string>; body?: unknown }) => {
      if (!req.respond) throw new NodeOperationError(node.name, 'No webhook is waiting for a response: use a Webhook trigger with "Respond: Using Respond to Webhook node"');
      req.respond({ statusCode: response.statusCode ?? 200, headers: response.headers ?? {}, body: response.body });
    },
    /** Gigaflow extension: lines kept with this node run in the execution record (bounded). */
    addExecutionLogs: (lines: ExecutionLogLine[]) => {
      const room = MAX_LOG_LINES - scope.logs.length;
      if (room > 0) scope.logs.push(...lines.slice(0, room));
    },
    /** Gigaflow extension: hand work to the host's durable job queue (docs/node-api.md, Durable jobs). */
    ...(deps.jobs
      ? {
          enqueueDurableJob: (request: DurableJobRequest) =>
            deps.jobs!.enqueue(request, {
              nodeType: node.type,
              typeVersion: node.typeVersion,
              workflowId: req.workflow.id || `unsaved-${req.executionId}`,
              node: node.name,
              executionId: req.executionId,
              credentials: node.credentials,
            }),
        }
      : {}),
    /** Gigaflow's Code-node hook: user code runs in the same sandbox as expressions. */
    runCodeInSandbox: (code: string, opts: { mode: 'runOnceForAllItems' | 'runOnceForEachItem'; itemIndex?: number; timeoutMs?: number; logs?: ExecutionLogLine[] }) => {
      const itemData: ExpressionData = Object.create(data) as ExpressionData;
      itemData.itemIndex = opts.itemIndex ?? 0;
      return deps.expressions.runCode(code, itemData, { mode: opts.mode, timeoutMs: opts.timeoutMs, logs: opts.logs });
    },
    evaluateExpression: (expression: string, itemIndex: number) => {
      const itemData: ExpressionData = Object.create(data) as ExpressionData;
      itemData.itemIndex = itemIndex;
      return deps.expressions.resolve(expression, itemData, 'expression');
    },
    logger: {
      debug: (m: string, meta?: object) => logger?.debug(m, { node: node.name, ...meta }),
      info: (m: string, meta?: object) => logger?.info(m, { node: node.name, ...meta }),
      warn: (m: string, meta?: object) => logger?.warn(m, { node: node.name, ...meta }),
      error: (m: string, meta?: object) => logger?.error(m, { node: node.name, ...meta }),
    },
    helpers: {
      httpRequest: send,
      httpRequestWithAuthentication: createHttpRequestWithAuthentication({ registry: deps.registry, expressions: deps.expressions, nodeName: node.name, getCredentials, send }),
      returnJsonArray: (json: IDataObject | IDataObject[]) => (Array.isArray(json) ? json : [json]).map((j) => ({ json: j })),
      constructExecutionMetaData: (items: INodeExecutionData[], opts: { itemData: { item: number } | { item: number }[] }) =>
        items.map((i) => ({ ...i, pairedItem: opts.itemData })),
      normalizeItems: (items: INodeExecutionData | INodeExecutionData[]) =>
        (Array.isArray(items) ? items : [items]).map((i) => ('json' in i ? i : { json: i as unknown as IDataObject })),
      /** Gigaflow extension: state shared by all runs of this node type, kept across restarts (host/engine/key-value.ts). */
      keyValue: deps.keyValue ? scopedKeyValue(deps.keyValue, node.type) : undefined,
    },
  };
  return ctx as unknown as IExecuteFunctions;
}
