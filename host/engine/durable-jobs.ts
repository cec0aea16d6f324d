// Durable jobs, the node-facing side: work a node cannot finish now (an API is down) is handed to
// the host, which keeps it in storage and retries it with backoff, also after a restart
// (host/runtime/retry-queue.ts). The node type that enqueues a job also runs it: its
// `durableJobs[kind]` handler. Trigger nodes hear how jobs ended and start workflows from it.
import type { IDataObject, INodeType } from 'n8n-workflow';

/** What `this.enqueueDurableJob()` takes in execute(). */
export interface DurableJobRequest {
  /** Handler key in the node type's `durableJobs`. */
  kind: string;
  /** JSON the handler needs (no secrets: credentials are resolved again from the node's references). */
  payload: IDataObject;
  /** Bytes the handler needs, e.g. an image; stored with the job and dropped when it is done. */
  data?: Buffer;
  /** Attempts in all before the job fails for good. Default 20. */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt (with jitter) up to maxRetryDelayMs. Default 30 s. */
  retryDelayMs?: number;
  /** Default 30 min. */
  maxRetryDelayMs?: number;
  /** Wait this long before the first attempt (e.g. a Retry-After the API asked for). Default 0. */
  delayMs?: number;
}

/** The job as its handler sees it. */
export interface DurableJobInfo {
  id: string;
  kind: string;
  payload: IDataObject;
  data?: Buffer;
  /** This attempt's number, 1-based. */
  attempt: number;
  maxAttempts: number;
  workflowId: string;
  node: string;
  executionId?: string;
  createdAt: string;
}

/** `this` of a handler: the credentials of the node that enqueued the job, a cancel signal, a logger. */
export interface DurableJobContext {
  job: DurableJobInfo;
  /** Aborted when the host shuts down: stop, the attempt is retried after the restart. */
  signal: AbortSignal;
  getCredentials<T extends object = IDataObject>(type: string): Promise<T>;
  logger: { debug(m: string, meta?: object): void; info(m: string, meta?: object): void; warn(m: string, meta?: object): void; error(m: string, meta?: object): void };
}

/** Runs one attempt: returns the result (job done), throws RetryJobError (try again later) or any other error (failed for good). */
export type DurableJobHandler = (ctx: DurableJobContext) => Promise<IDataObject>;

/** A transient failure: the queue retries with backoff, or after `retryAfterMs` when given. */
export class RetryJobError extends Error {
  readonly retryAfterMs?: number;

  constructor(message: string, opts: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'RetryJobError';
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** How a job ended, as the queue publishes it to trigger nodes. */
export interface DurableJobFinished {
  jobId: string;
  kind: string;
  status: 'done' | 'failed';
  result?: IDataObject;
  error?: string;
  attempts: number;
  nodeType: string;
  workflowId: string;
  node: string;
  executionId?: string;
  payload: IDataObject;
  /** The job's bytes (kept in memory for listeners; storage drops them on success). */
  data?: Buffer;
  createdAt: string;
  finishedAt: string;
}

/** A node type that runs durable jobs (Gigaflow extension of INodeType). */
export interface NodeTypeWithDurableJobs extends INodeType {
  durableJobs?: Record<string, DurableJobHandler>;
}

/** Gigaflow extension of `this` in execute(): present when the host runs a job queue. */
export interface DurableJobFunctions {
  enqueueDurableJob?(request: DurableJobRequest): Promise<{ jobId: string; nextAttemptAt: string }>;
}

/** Gigaflow extension of `this` in trigger(): present when the host runs a job queue. Returns the unsubscribe function. */
export interface DurableJobTriggerFunctions {
  onDurableJobFinished?(listener: (event: DurableJobFinished) => void): () => void;
}

/** The queue as the engine and the trigger service use it (host/runtime/retry-queue.ts implements it). */
export interface DurableJobQueueApi {
  enqueue(
    request: DurableJobRequest,
    owner: { nodeType: string; typeVersion: number; workflowId: string; node: string; executionId?: string; credentials?: Record<string, { id: string | null; name: string }> },
  ): Promise<{ jobId: string; nextAttemptAt: string }>;
  subscribe(listener: (event: DurableJobFinished) => void): () => void;
}
