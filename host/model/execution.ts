import type { INodeExecutionData } from 'n8n-workflow';
import type { Workflow } from './workflow.ts';

/** `crashed`, as n8n: the host process stopped (kill, crash) while the run was in progress (runtime/crash-recovery.ts). */
export type ExecutionStatus = 'new' | 'running' | 'success' | 'error' | 'canceled' | 'crashed' | 'waiting';
/** As n8n: `integrated` is a sub-workflow run by Execute Workflow, `error` an error workflow run. */
export type ExecutionMode = 'manual' | 'trigger' | 'webhook' | 'retry' | 'cli' | 'internal' | 'test' | 'integrated' | 'error';

/** An error as it is kept in run data and returned by the API: plain JSON, never a class instance. */
export interface SerializedError {
  name: string;
  message: string;
  description?: string;
  /** The node the error belongs to, when there is one. */
  node?: string;
  /** The parameter at fault, e.g. for an expression error. */
  parameter?: string;
  httpCode?: string;
  timestamp: number;
}

export interface TaskSource {
  previousNode: string;
  previousNodeOutput?: number;
  previousNodeRun?: number;
}

/** A line a node logged for the execution record (e.g. console.log in a Code node). */
export interface ExecutionLogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  at: string;
}

/** One run of one node, in the spirit of n8n's ITaskData. */
export interface TaskData {
  startTime: number;
  executionTime: number;
  executionStatus: 'success' | 'error' | 'canceled';
  source: (TaskSource | null)[];
  /** Items that entered the node, counted per input. */
  inputItemCounts: number[];
  /** Output items per output index (n8n keeps them under the connection type `main`). */
  data?: { main: (INodeExecutionData[] | null)[] };
  error?: SerializedError;
  /** Tries made when retryOnFail is set. */
  tries?: number;
  /** Lines the node logged into the execution (Code node console output). */
  logs?: ExecutionLogLine[];
}

/** Node name -> its runs in order, like n8n's IRunData. */
export type RunData = Record<string, TaskData[]>;

export interface ExecutionResult {
  status: ExecutionStatus;
  startedAt: string;
  stoppedAt?: string;
  runData: RunData;
  lastNodeExecuted?: string;
  error?: SerializedError;
  /** Set when settings.executionTimeout stopped the run. */
  timedOut?: boolean;
}

export interface ExecutionRecord extends ExecutionResult {
  id: string;
  workflowId: string;
  workflowVersionId?: string;
  mode: ExecutionMode;
  retryOf?: string;
  /** The workflow as it ran, so a retry or a later read does not depend on later edits. */
  workflowData?: Workflow;
  /** Status `waiting`: when a Wait node resumes it (ISO; far future for a resume-URL wait without limit). */
  waitTill?: string | null;
  /** Status `waiting`: what the engine needs to go on (see host/engine/resume.ts). */
  resumeState?: unknown;
  /** settings.triggerCondition did not match: nothing ran and nothing was stored. */
  skipped?: boolean;
  /** Queue mode: what a worker needs to run this execution (stored before the job is enqueued). */
  queueInput?: QueueInput | null;
}

/** Queue mode (host/queue): a run handed to a worker, stored with the execution row. */
export interface QueueInput {
  /** `start`: a new run from `startNode`; `resume`: a waiting execution goes on with `resumeItems`. */
  kind: 'start' | 'resume';
  startNode?: string;
  triggerItems?: INodeExecutionData[];
  pinData?: Record<string, INodeExecutionData[]>;
  /** The webhook's responseMode when a caller waits for an answer. */
  responseMode?: 'onReceived' | 'lastNode' | 'responseNode';
  resumeItems?: INodeExecutionData[];
}

export interface ExecutionSummary {
  id: string;
  workflowId: string;
  mode: ExecutionMode;
  status: ExecutionStatus;
  startedAt: string;
  stoppedAt?: string;
  retryOf?: string;
  lastNodeExecuted?: string;
  error?: SerializedError;
}
