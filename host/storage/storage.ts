// The storage seam. SQLite (node:sqlite) is the embedded default; PostgreSQL implements the same
// interface later. Every method is async so both fit; every write that touches several rows is
// one transaction, so a failure leaves nothing half-written.
import type { ExecutionMode, ExecutionRecord, ExecutionStatus, ExecutionSummary, Workflow, WorkflowInput, IDataObject } from '../model/index.ts';
import type { RawInsight, RunDigest } from '../insights/digest.ts';
import type { InsightsRows } from '../insights/fold.ts';
import type { StoredTestCase, WorkflowTestCase } from '../workflow-tests/types.ts';

export interface Page<T> {
  data: T[];
  /** Opaque; pass back as `cursor` for the next page. Absent on the last page. */
  nextCursor?: string;
}

export interface WorkflowFilter {
  /** Case-insensitive substring of the name. */
  name?: string;
  active?: boolean;
  tag?: string;
  limit?: number;
  cursor?: string;
}

export interface WorkflowVersion {
  workflowId: string;
  versionId: string;
  createdAt: string;
  /** The workflow exactly as saved in that version. */
  workflow: Workflow;
}

export interface WorkflowRepository {
  /** Assigns id (unless given and free), versionId, timestamps; records version 1. */
  create(input: WorkflowInput): Promise<Workflow>;
  /** Replaces the definition, records a new version. Throws NotFoundError. */
  update(id: string, input: WorkflowInput): Promise<Workflow>;
  get(id: string): Promise<Workflow | undefined>;
  list(filter?: WorkflowFilter): Promise<Page<Workflow>>;
  /** All active workflows, for registering webhooks and schedules at start-up. */
  listActive(): Promise<Workflow[]>;
  delete(id: string): Promise<boolean>;
  setActive(id: string, active: boolean): Promise<Workflow>;
  listVersions(id: string): Promise<Omit<WorkflowVersion, 'workflow'>[]>;
  getVersion(id: string, versionId: string): Promise<WorkflowVersion | undefined>;
  /** Saves the old version's definition as a new version (history is never rewritten). */
  restoreVersion(id: string, versionId: string): Promise<Workflow>;
  /**
   * Takes back one `update` that never took effect (an import rolled back): deletes the version it
   * recorded and, when that is still the current version, puts the row back as `previous` (the
   * workflow as read before the update: definition, version id, updatedAt, static data). A save
   * made in between stays current. Only for undoing a failed write; users restore with restoreVersion.
   */
  undoUpdate(previous: Workflow, versionId: string): Promise<void>;
}

export interface ExecutionFilter {
  workflowId?: string;
  status?: ExecutionStatus;
  mode?: ExecutionMode;
  /** ISO timestamps bounding startedAt. */
  startedAfter?: string;
  startedBefore?: string;
  limit?: number;
  cursor?: string;
}

export interface PruneOptions {
  /** Delete finished executions that started more than this many ms ago. */
  maxAgeMs?: number;
  /** Keep at most this many finished executions (newest kept). */
  maxCount?: number;
}

/**
 * A write that finishes an execution (first move to success, error, canceled or crashed) also
 * records it for Insights in the same transaction; `insights` is what the run adds beyond its
 * status and times (per-node durations, error, cost-driver calls: host/insights/digest.ts).
 */
export interface FinishOptions {
  insights?: RunDigest;
}

export interface ExecutionRepository {
  /** Inserts a new execution (normally status 'new' or 'running') and returns its id. */
  create(record: Omit<ExecutionRecord, 'id'> & { id?: string }, opts?: FinishOptions): Promise<string>;
  /** Stores the final (or intermediate) state. */
  update(id: string, patch: Partial<Omit<ExecutionRecord, 'id' | 'workflowId'>>, opts?: FinishOptions): Promise<void>;
  get(id: string): Promise<ExecutionRecord | undefined>;
  list(filter?: ExecutionFilter): Promise<Page<ExecutionSummary>>;
  delete(id: string): Promise<boolean>;
  /** Deletes old/excess finished executions and gives the space back to the file system. */
  prune(options: PruneOptions): Promise<{ deleted: number }>;
}

export interface CredentialMeta {
  id: string;
  name: string;
  type: string;
  createdAt: string;
  updatedAt: string;
}

export interface CredentialInput {
  name: string;
  type: string;
  data: IDataObject;
}

/** Secrets are encrypted at rest (AES-256-GCM); only `getDecrypted` ever returns them. */
export interface CredentialRepository {
  create(input: CredentialInput): Promise<CredentialMeta>;
  /** `data` is merged over the stored secrets when given (write-only fields). */
  update(id: string, input: Partial<CredentialInput>): Promise<CredentialMeta>;
  get(id: string): Promise<CredentialMeta | undefined>;
  findByName(type: string, name: string): Promise<CredentialMeta | undefined>;
  list(filter?: { type?: string }): Promise<CredentialMeta[]>;
  delete(id: string): Promise<boolean>;
  getDecrypted(id: string): Promise<(CredentialMeta & { data: IDataObject }) | undefined>;
  /**
   * Key rotation (`gigaflow credentials rotate-key`): decrypts every credential with the key this
   * storage was opened with and re-encrypts it, and the database's key check, with `newKey`, in ONE
   * transaction. A credential the current key cannot open aborts it (the error names its id and name)
   * and nothing is written. Returns how many credentials were re-encrypted. Afterwards only `newKey`
   * opens the database: this storage object must be closed, not used further.
   */
  reencryptAll(newKey: Buffer): Promise<number>;
}

export interface WebhookRegistration {
  workflowId: string;
  node: string;
  method: string;
  /** As declared, e.g. `q/:mac`, without leading slash. */
  path: string;
}

export interface WebhookRepository {
  /** Replaces the workflow's registrations atomically. Throws ValidationError (409) on a method+path taken by another workflow. */
  replaceForWorkflow(workflowId: string, hooks: Omit<WebhookRegistration, 'workflowId'>[]): Promise<void>;
  removeForWorkflow(workflowId: string): Promise<void>;
  list(): Promise<WebhookRegistration[]>;
}

export interface ApiKeyMeta {
  id: string;
  name: string;
  /** First characters of the key, for recognising it in a list. */
  prefix: string;
  createdAt: string;
  lastUsedAt?: string;
}

/** Keys are stored as SHA-256 hashes; the plain key is returned once, at creation. */
export interface ApiKeyRepository {
  create(name: string): Promise<{ key: string; meta: ApiKeyMeta }>;
  verify(key: string): Promise<ApiKeyMeta | undefined>;
  list(): Promise<ApiKeyMeta[]>;
  revoke(idOrName: string): Promise<boolean>;
}

export interface StaticDataRepository {
  get(workflowId: string): Promise<IDataObject>;
  set(workflowId: string, data: IDataObject): Promise<void>;
}

export type DurableJobStatus = 'pending' | 'running' | 'done' | 'failed';

/** A credential reference as nodes carry it (`node.credentials[type]`); never the secret itself. */
export interface CredentialRef {
  id: string | null;
  name: string;
}

/** What a node hands to the host to finish later; see host/runtime/retry-queue.ts. */
export interface DurableJobInput {
  /** What the job does; with `nodeType` it names the handler (`durableJobs[kind]` of that type). */
  kind: string;
  nodeType: string;
  typeVersion: number;
  workflowId: string;
  node: string;
  executionId?: string;
  /** The node's credential references, resolved again when the job runs. */
  credentials?: Record<string, CredentialRef>;
  payload: IDataObject;
  /** Bytes the job needs (an image); dropped once the job is done. */
  data?: Buffer;
  maxAttempts: number;
  /** First backoff step; doubles per attempt up to maxRetryDelayMs. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** ISO instant of the first attempt. */
  nextAttemptAt: string;
}

export interface DurableJob extends DurableJobInput {
  id: string;
  status: DurableJobStatus;
  /** Attempts started so far (a claimed job counts its attempt). */
  attempts: number;
  lastError?: string;
  result?: IDataObject;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

export interface DurableJobFilter {
  status?: DurableJobStatus;
  kind?: string;
  workflowId?: string;
  limit?: number;
}

/** The durable job queue's table. Listing and get leave `data` out unless asked for. */
export interface DurableJobRepository {
  create(input: DurableJobInput): Promise<DurableJob>;
  get(id: string, opts?: { withData?: boolean }): Promise<DurableJob | undefined>;
  /** Newest first. */
  list(filter?: DurableJobFilter): Promise<DurableJob[]>;
  /** Marks up to `limit` pending jobs due at `now` as running and counts their attempt, in one transaction; returns them with `data`. */
  claimDue(now: string, limit: number): Promise<DurableJob[]>;
  /** When the earliest pending job is due; undefined when none is pending. */
  nextDueAt(): Promise<string | undefined>;
  /** A running job goes back to pending until `nextAttemptAt`. */
  retryLater(id: string, nextAttemptAt: string, error: string): Promise<void>;
  /** A running job the host stopped on purpose goes back to pending, its attempt not counted. */
  release(id: string): Promise<void>;
  /** A running job is done: its result is kept, its data dropped. */
  complete(id: string, result: IDataObject): Promise<void>;
  /** A job failed for good (permanent error or no attempts left). */
  fail(id: string, error: string): Promise<void>;
  /** Jobs left `running` by a stopped or crashed process become pending again; returns how many. */
  requeueRunning(): Promise<number>;
  /** Deletes done and failed jobs that finished before `before` (ISO). */
  deleteFinished(before: string): Promise<number>;
}

/**
 * Small JSON values nodes share across executions and restarts (helpers.keyValue), one namespace
 * per node type. `expiresAt` is epoch ms; an expired entry reads as absent.
 */
export interface KeyValueRepository {
  get(namespace: string, key: string): Promise<unknown>;
  set(namespace: string, key: string, value: unknown, expiresAt?: number): Promise<void>;
  /** True when a live entry was deleted. */
  delete(namespace: string, key: string): Promise<boolean>;
  /**
   * Atomic read-modify-write: `change` (synchronous) gets the current value and returns the new
   * one, or undefined to delete it. The expiry becomes `expiresAt` when given, else stays.
   */
  update<T>(namespace: string, key: string, change: (current: T | undefined) => T | undefined, expiresAt?: number): Promise<T | undefined>;
  /** Hex HMAC-SHA256 of `text` under a per-namespace secret derived from the encryption key. */
  digest(namespace: string, text: string): string;
  /** Deletes expired entries; returns how many. */
  purgeExpired(now?: number): Promise<number>;
}

export interface InsightsRange {
  /** ISO instants; hours starting in [from, to) are included. */
  from: string;
  to: string;
  workflowId?: string;
}

/**
 * Execution analytics kept apart from the executions, so pruning them keeps the history: finished
 * executions are recorded raw (insights_raw) and folded into hourly aggregates by compact().
 */
export interface InsightsRepository {
  /** Counts a finished execution that left no row (its workflow saves no such executions). */
  record(raw: RawInsight): Promise<void>;
  /** Folds what was recorded since the last call into the hourly aggregates; returns how many executions. */
  compact(): Promise<number>;
  /** The aggregate rows of the range (compact first to include the latest executions). */
  rows(range: InsightsRange): Promise<InsightsRows>;
  /** Deletes aggregates of hours that started before `before` (ISO). */
  prune(before: string): Promise<number>;
}

/** A workflow's test cases (host/workflow-tests), in their own table; names are unique per workflow (409). */
export interface WorkflowTestRepository {
  /** In creation order. */
  list(workflowId: string): Promise<StoredTestCase[]>;
  get(workflowId: string, id: string): Promise<StoredTestCase | undefined>;
  /** NotFoundError when the workflow does not exist. */
  create(workflowId: string, testCase: WorkflowTestCase): Promise<StoredTestCase>;
  /** Keeps the case's id, place and createdAt; undefined when there is no such case. */
  update(workflowId: string, id: string, testCase: WorkflowTestCase): Promise<StoredTestCase | undefined>;
  delete(workflowId: string, id: string): Promise<boolean>;
  /** Replaces every case of the workflow in one transaction (import). A StoredTestCase given back (an undone import) keeps its id. */
  replaceAll(workflowId: string, cases: WorkflowTestCase[]): Promise<StoredTestCase[]>;
}

export interface Storage {
  readonly workflows: WorkflowRepository;
  readonly executions: ExecutionRepository;
  readonly credentials: CredentialRepository;
  readonly webhooks: WebhookRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly staticData: StaticDataRepository;
  readonly keyValue: KeyValueRepository;
  readonly jobs: DurableJobRepository;
  readonly insights: InsightsRepository;
  readonly workflowTests: WorkflowTestRepository;
  close(): Promise<void>;
}
