// The services the HTTP layer and the CLI call. The engine runs one execution; these services
// add persistence, events, webhooks and activation around it.
import type { Request, Response } from 'express';
import type { WebhookResponse } from '../engine/types.ts';
import type { ExecutionMode, ExecutionRecord, ExecutionStatus, IDataObject, INodeExecutionData, IPinData, Workflow } from '../model/index.ts';

export interface RunOptions {
  workflow: Workflow;
  mode?: ExecutionMode;
  /** JSON of the items handed to the start node (trigger), e.g. from `gigaflow run --input`. */
  input?: IDataObject[];
  /** Full items for the start node (a webhook's request item); wins over `input`. */
  triggerItems?: INodeExecutionData[];
  pinData?: IPinData;
  /** Name of the node to start from; default: the first trigger/start node. */
  startNode?: string;
  retryOf?: string;
  /** For a webhook with responseMode `responseNode`: where Respond to Webhook sends its answer. */
  respond?: (response: WebhookResponse) => void;
  /**
   * Nobody waits for the outcome (an onReceived webhook): in queue mode run() resolves once the
   * run is queued, with its `new` record. Ignored when the run happens in this process.
   */
  detached?: boolean;
}

export interface ExecutionService {
  /** Runs a workflow to the end, persists it and returns the saved record. Never throws for node failures: they are in `status`/`error`. */
  run(options: RunOptions): Promise<ExecutionRecord>;
  /**
   * Continues a waiting execution (Wait node) under its own id; `items` come from a resume-URL call,
   * `respond` receives a Respond to Webhook answer (Wait's responseMode `responseNode`).
   */
  resume(executionId: string, items?: INodeExecutionData[], opts?: { respond?: RunOptions['respond'] }): Promise<ExecutionRecord>;
  /** Resolves once no run of this execution is in progress here (its record is stored), or after `timeoutMs`. */
  settled(executionId: string, timeoutMs: number): Promise<void>;
  /** Re-runs a finished execution with the workflow snapshot it used; returns the new execution. */
  retry(executionId: string): Promise<ExecutionRecord>;
  /** Cancels a running execution; false if it is not running here. */
  cancel(executionId: string): Promise<boolean>;
  /** Ids of executions running in this process. */
  running(): string[];
}

/** Live events for SSE `/api/v1/events`, one union so every listener sees the same set. */
export type HostEvent =
  /** Stored as `new`, waiting for a slot of the workflow's settings.maxConcurrency. */
  | { type: 'execution.queued'; executionId: string; workflowId: string; mode: ExecutionMode; at: string }
  | { type: 'execution.started'; executionId: string; workflowId: string; mode: ExecutionMode; at: string }
  | { type: 'node.started'; executionId: string; workflowId: string; node: string; at: string }
  | { type: 'node.finished'; executionId: string; workflowId: string; node: string; status: 'success' | 'error' | 'canceled'; itemCount: number; at: string }
  | { type: 'execution.finished'; executionId: string; workflowId: string; status: ExecutionStatus; at: string }
  | { type: 'workflow.activated'; workflowId: string; at: string }
  | { type: 'workflow.deactivated'; workflowId: string; at: string }
  /** An active workflow was edited: its webhooks and schedules were registered again. */
  | { type: 'workflow.updated'; workflowId: string; at: string };

export interface EventBus {
  publish(event: HostEvent): void;
  /** Returns an unsubscribe function. */
  subscribe(listener: (event: HostEvent) => void): () => void;
  /** False when nobody listens, so hot paths can skip building events. */
  hasSubscribers(): boolean;
}

export interface ActivationService {
  /** Validates the workflow, registers its webhooks (409 ValidationError on a path taken by another workflow) and marks it active. */
  activate(workflowId: string): Promise<Workflow>;
  deactivate(workflowId: string): Promise<Workflow>;
  /** Re-registers an active workflow after it was edited. */
  refresh(workflowId: string): Promise<void>;
}

export interface WebhookService {
  /** Express handler for `/webhook/*` (production: active workflows). */
  handleProduction(req: Request, res: Response): Promise<void>;
  /** Express handler for `/webhook-test/*` (a manual run listening for one call). */
  handleTest(req: Request, res: Response): Promise<void>;
  /** Starts listening for one test call on the workflow's webhook nodes; resolves with the execution once it ran. */
  listenForTest(workflow: Workflow, timeoutMs?: number): Promise<ExecutionRecord>;
}
