import type { INodeType } from 'n8n-workflow';
import type { ExecutionMode, IDataObject, INode, INodeExecutionData, IPinData, RunData, SerializedError, TaskData, Workflow } from '../model/index.ts';
import type { ResumeState } from './resume.ts';
import type { ExpressionEvaluator } from '../expressions/evaluate.ts';
import type { NodeRegistry } from './registry-types.ts';
import type { DurableJobQueueApi } from './durable-jobs.ts';
import type { KeyValueRepository } from '../storage/storage.ts';

export interface Logger {
  debug(msg: string, meta?: object): void;
  info(msg: string, meta?: object): void;
  warn(msg: string, meta?: object): void;
  error(msg: string, meta?: object): void;
  /** The logger of one module (host/logger.ts LOG_MODULES): its lines carry `module`, its level may differ. */
  child(module: string): Logger;
}

/** Resolves a node's credential reference to decrypted data. */
export type CredentialsProvider = (type: string, ref: { id: string | null; name: string }, nodeName: string) => Promise<IDataObject>;

/** What a Respond to Webhook node sends back to the waiting HTTP caller (webhook responseMode `responseNode`). */
export interface WebhookResponse {
  statusCode: number;
  headers: Record<string, string>;
  /** JSON value, string, or Buffer (binary). */
  body?: unknown;
}

/** Runs another workflow for Execute Workflow; returns the sub-execution id and its last node's output. */
export type SubWorkflowRunner = (
  target: { id?: string; workflow?: Workflow },
  items: INodeExecutionData[],
  caller: { executionId: string; workflowId: string; node: string },
  options: { wait: boolean },
) => Promise<{ executionId: string; data: INodeExecutionData[][] | null }>;

export interface EngineDeps {
  registry: NodeRegistry;
  expressions: ExpressionEvaluator;
  credentials?: CredentialsProvider;
  /** Base URL for `$execution.resumeUrl`. */
  publicUrl?: string;
  vars?: Record<string, string>;
  logger?: Logger;
  /** Execute Workflow support; absent in bare engine use. */
  executeWorkflow?: SubWorkflowRunner;
  /** Durable jobs (`this.enqueueDurableJob`); absent in bare engine use. */
  jobs?: Pick<DurableJobQueueApi, 'enqueue'>;
  /** Waits up to this long stay in memory (n8n: 65 s); longer ones park the execution in storage. */
  waitInMemoryMaxMs?: number;
  /** Safety valve against endless loops: max runs of one node in one execution. */
  maxRunsPerNode?: number;
  /** The store behind helpers.keyValue (scoped per node type); absent in bare engine use. */
  keyValue?: KeyValueRepository;
}

/** Lifecycle of one execution, in order: node.started and node.finished repeat per node run. */
export type EngineEvent =
  | { type: 'node.started'; node: string; runIndex: number }
  | { type: 'node.finished'; node: string; runIndex: number; task: TaskData };

export interface RunRequest {
  workflow: Workflow;
  executionId: string;
  mode: ExecutionMode;
  /** Node to start from; default: the trigger chosen by `findStartNode`. */
  startNode?: string;
  /** Items that started the run (webhook request, CLI input); a trigger passes them on. */
  triggerItems?: INodeExecutionData[];
  /** Replaces the named nodes' output in manual runs. */
  pinData?: IPinData;
  signal?: AbortSignal;
  onEvent?: (event: EngineEvent) => void;
  /** Set by the webhook service when a webhook uses responseMode `responseNode`. */
  respond?: (response: WebhookResponse) => void;
  /**
   * Test runs (host/workflow-tests): decides a node run before it happens — pinned outputs, a
   * pinned error (routed by the node's onError), or a refusal naming why the node may not run.
   * Undefined lets the node run.
   */
  testDouble?: (node: INode, type: INodeType, runIndex: number, inputs: INodeExecutionData[][]) => TestDouble | undefined;
  /** Continue a waiting execution: its run data and state, and the items that resumed it (resume URL call). */
  resume?: { runData: RunData; state: ResumeState; items?: INodeExecutionData[] };
}

export type TestDouble = { outputs: INodeExecutionData[][] } | { error: SerializedError } | { refuse: string };

/** One node run waiting on the stack: the node with its input per input index. */
export interface PendingRun {
  node: INode;
  inputs: INodeExecutionData[][];
  sources: ({ previousNode: string; previousNodeOutput: number; previousNodeRun: number } | null)[];
}

export interface ResolvedNode {
  node: INode;
  type: INodeType;
}
