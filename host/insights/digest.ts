// What one finished execution adds to the Insights aggregates, computed once when its outcome is
// stored (the storage keeps it in insights_raw in the same transaction as the row, and folds it
// into hourly aggregates later: see fold.ts). Kept small: it is written for every execution.
import type { ExecutionRecord, ExecutionStatus, RunData } from '../model/index.ts';
import { nodesByName } from '../model/nodes-by-name.ts';

/** Statuses that end an execution; an execution is counted once, when it first reaches one. */
export const FINISHED_STATUSES: readonly ExecutionStatus[] = ['success', 'error', 'canceled', 'crashed'];
export const isFinished = (status: unknown): boolean => FINISHED_STATUSES.includes(status as ExecutionStatus);
/** Runs from the editor and workflow tests are not production: Insights leaves them out, as n8n's does. */
export const UNCOUNTED_MODES: readonly string[] = ['manual', 'test'];
export const UNCOUNTED_MODES_SQL = UNCOUNTED_MODES.map((m) => `'${m}'`).join(', ');
/** Whether a write that gives an execution this status and mode records it for Insights. */
export const countsFor = (status: unknown, mode: unknown): boolean => isFinished(status) && !UNCOUNTED_MODES.includes(mode as string);

/** One node of a run: its runs' durations (ms) and how many of them failed. */
export type NodeDigest = [name: string, type: string, durationsMs: number[], errors: number];

export interface RunDigest {
  /** Per node that ran. */
  nodes?: NodeDigest[];
  /** The run's error: the node it names ('' when it failed outside any node) and the message. */
  error?: { node: string; message: string };
  /** Calls to paid services, by kind (COST_DRIVERS). */
  usage?: Record<string, number>;
}

/** A finished execution as insights_raw keeps it, until it is folded into the aggregates. */
export interface RawInsight {
  executionId: string;
  workflowId: string;
  status: ExecutionStatus;
  startedAt: string;
  stoppedAt?: string | null;
  digest?: RunDigest | null;
}

/**
 * Nodes whose output items cost money, counted per item that came out without an error: the ops
 * leads' cost drivers. A Twilio item is one SMS (or one code sent by SMS), a Gemini Vision item one
 * model call.
 */
export const COST_DRIVERS: readonly { kind: string; nodeType: string; operations?: readonly string[]; defaultOperation?: string }[] = [
  { kind: 'sms', nodeType: 'n8n-nodes-gigafibre.twilio', operations: ['sendSms', 'generateOtp'], defaultOperation: 'sendSms' },
  { kind: 'vision', nodeType: 'n8n-nodes-gigafibre.geminiVision' },
];
export const USAGE_KINDS = COST_DRIVERS.map((d) => d.kind);

const MAX_MESSAGE = 300;

function successfulItems(runs: RunData[string]): number {
  let n = 0;
  for (const task of runs) {
    if (task.executionStatus !== 'success') continue;
    for (const items of task.data?.main ?? []) for (const item of items ?? []) if (!(item.json as { error?: unknown } | undefined)?.error) n++;
  }
  return n;
}

/** The digest of a finished run: per-node durations from its run data, its error, its cost-driver calls. */
export function digestRun(record: Pick<ExecutionRecord, 'runData' | 'error' | 'workflowData'>): RunDigest {
  const digest: RunDigest = {};
  const nodes = nodesByName(record.workflowData?.nodes);
  const digests: NodeDigest[] = [];
  for (const [name, runs] of Object.entries(record.runData ?? {})) {
    if (!Array.isArray(runs) || runs.length === 0) continue;
    const node = nodes.get(name);
    const type = node?.type ?? '';
    let errors = 0;
    const durations: number[] = [];
    for (const task of runs) {
      durations.push(Math.max(0, Math.round(Number(task.executionTime) || 0)));
      if (task.executionStatus === 'error' || task.error) errors++;
    }
    digests.push([name, type, durations, errors]);
    const driver = COST_DRIVERS.find((d) => d.nodeType === type);
    if (driver && node) {
      const operation = (node.parameters?.operation as string | undefined) ?? driver.defaultOperation;
      if (!driver.operations || driver.operations.includes(operation as string)) {
        const calls = successfulItems(runs);
        if (calls) (digest.usage ??= {})[driver.kind] = (digest.usage?.[driver.kind] ?? 0) + calls;
      }
    }
  }
  if (digests.length) digest.nodes = digests;
  if (record.error) digest.error = errorOf(record.error);
  return digest;
}

/** The digest a write gives when its caller gave none: the run's error, when it has one. */
export const fallbackDigest = (given: RunDigest | undefined, error: unknown): RunDigest | undefined =>
  given ?? (error && typeof error === 'object' ? { error: errorOf(error as { node?: string; message?: string }) } : undefined);

/** The error as counted: trimmed to a length that groups well and fits an index. */
export function errorOf(error: { node?: string; message?: string } | null | undefined): { node: string; message: string } {
  const message = String(error?.message ?? 'Unknown error').replace(/\s+/g, ' ').trim();
  return { node: error?.node ?? '', message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message };
}
