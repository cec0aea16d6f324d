// Workflow test cases: what a case holds (trigger input, pinned outputs, expectations) and what a
// run of it reports. Cases live in their own table and travel in exports as a top-level
// `testCases` array beside n8n's fields, so n8n still imports the file.
import type { IDataObject } from '../model/index.ts';

/** What started the run. Exactly one of webhook, schedule or event. */
export interface TriggerInput {
  /** The trigger node to start from; default: the workflow's start node (a manual trigger, else the top-left trigger). */
  node?: string;
  /** A call to a Webhook node: the item it hands on is built as the node builds it. */
  webhook?: { method?: string; headers?: Record<string, string>; query?: IDataObject; params?: Record<string, string>; body?: unknown };
  /** A Schedule Trigger firing at this time (ISO 8601). */
  schedule?: { time: string };
  /** The items any other trigger hands on (a Stripe event, a scan result, a manual run's input). */
  event?: IDataObject | IDataObject[];
}

/** One run of a pinned node: its items per output, or the error it fails with. */
export type PinnedRun = { outputs: IDataObject[][] } | { error: PinnedError };

export interface PinnedError {
  message: string;
  description?: string;
  /** The HTTP status the outside system answered, as n8n keeps it (a string). */
  httpCode?: string;
}

/**
 * A pinned node's output, in one of three spellings: an array of items (output 0, every run, like
 * n8n's pinData), one run (`outputs` or `error`, for every run), or `runs` (run i gets runs[i],
 * later runs the last one).
 */
export type PinnedOutput = IDataObject[] | PinnedRun | { runs: PinnedRun[] };

/** The node output an expectation reads: default the last run's output 0. */
interface NodeTarget {
  node: string;
  output?: number;
  run?: number;
  /** Into the output's items' JSON: `[0].status`, `0.customer.name`; default the whole array. */
  path?: string;
}

export type Expectation =
  /** The value at path contains `match`: objects may have more keys, arrays must have the same length. */
  | (NodeTarget & { match: unknown; ignore?: string[] })
  /** A JSONLogic rule every item (or, with items: 'some', at least one) satisfies. */
  | (Omit<NodeTarget, 'path'> & { jsonLogic: unknown; items?: 'every' | 'some' })
  /** The node must not run at all. */
  | { node: string; notRun: true }
  /** The last answer a Respond to Webhook node gave (or the webhook's own answer): status, body (subset), headers (subset). */
  | { response: { status?: number; body?: unknown; headers?: Record<string, string> } }
  /** How the run ended; without this expectation a failed run fails the case. */
  | { outcome: 'success' | 'error'; errorNode?: string; errorMessage?: string };

export interface WorkflowTestCase {
  name: string;
  description?: string;
  trigger: TriggerInput;
  pinned?: Record<string, PinnedOutput>;
  /** `$vars` for this case, over the host's (GIGAFLOW_VAR_*): test values, never secrets. */
  vars?: Record<string, string>;
  expectations: Expectation[];
  /** The execution this case was recorded from. */
  recordedFrom?: string;
}

export interface StoredTestCase extends WorkflowTestCase {
  id: string;
  workflowId: string;
  createdAt: string;
  updatedAt: string;
}

/** Why a case failed: the node, the path and expected vs actual where they apply. */
export interface TestFailure {
  message: string;
  /** Index of the expectation in the case; absent for failures of the run itself. */
  expectation?: number;
  node?: string;
  path?: string;
  expected?: unknown;
  actual?: unknown;
}

export interface CaseResult {
  workflowId: string;
  workflowName: string;
  caseId?: string;
  case: string;
  passed: boolean;
  durationMs: number;
  failures: TestFailure[];
  /** How the run ended, and which nodes ran (in order of first run). */
  execution: { status: string; lastNodeExecuted?: string; error?: { message: string; node?: string }; nodesRun: string[] };
}

export interface TestReport {
  passed: number;
  failed: number;
  durationMs: number;
  cases: CaseResult[];
}
