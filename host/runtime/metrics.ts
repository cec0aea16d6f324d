// Execution metrics for /metrics: what the execution service reports when a run ends, the sandbox
// evaluation counts, and the gauges read at scrape time (runs in flight, queue depth).
// Every gigaflow_* series is listed in docs/deploy.md ("Metrics"); the Grafana dashboard in
// docs/grafana/ is tested against what a real host exposes.
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { ExecutionRecord } from '../model/index.ts';
import { nodesByName } from '../model/nodes-by-name.ts';

export function createSkipCounter(registry: Registry): (workflowId: string, mode: string) => void {
  const skipped = new Counter({
    name: 'gigaflow_executions_skipped_total',
    help: 'Runs skipped because settings.triggerCondition did not match, by mode',
    labelNames: ['mode'] as const,
    registers: [registry],
  });
  return (_workflowId, mode) => skipped.inc({ mode });
}

export function createExecutionMetrics(registry: Registry): (record: ExecutionRecord, durationMs: number) => void {
  const labelNames = ['mode', 'status'] as const;
  const total = new Counter({ name: 'gigaflow_executions_total', help: 'Finished executions by mode and status', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'gigaflow_execution_duration_seconds',
    help: 'Execution duration in seconds by mode and status',
    labelNames,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
    registers: [registry],
  });
  const observeNodes = createNodeMetrics(registry);
  return (record, durationMs) => {
    const labels = { mode: record.mode, status: record.status };
    total.inc(labels);
    duration.observe(labels, durationMs / 1000);
    observeNodes(record);
  };
}

/**
 * gigaflow_node_duration_seconds, from a finished run's run data: one pass over it, no per-item
 * work. A run parked at a Wait is left out and counted once when it ends, so the node runs before
 * the Wait are not counted again by each resume.
 */
export function createNodeMetrics(registry: Registry): (record: ExecutionRecord) => void {
  const duration = new Histogram({
    name: 'gigaflow_node_duration_seconds',
    help: 'Node run duration in seconds, by node type and run status (success, error, canceled), counted when the execution ends',
    labelNames: ['node_type', 'status'] as const,
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [registry],
  });
  return (record) => {
    if (record.status === 'waiting') return;
    const nodes = nodesByName(record.workflowData?.nodes);
    for (const name in record.runData) {
      const nodeType = nodes.get(name)?.type ?? 'unknown';
      for (const task of record.runData[name]) {
        if (typeof task.executionTime !== 'number') continue;
        duration.observe({ node_type: nodeType, status: task.executionStatus }, task.executionTime / 1000);
      }
    }
  };
}

export type SandboxKind = 'expression' | 'code';
export type SandboxOutcome = 'ok' | 'error' | 'timeout';

/**
 * gigaflow_sandbox_evaluations_total. Expressions run ~10,000/s on the webhook path, so the hot path
 * only bumps a plain number; the counter takes the totals when /metrics is scraped.
 */
export function createSandboxCounter(registry: Registry): (kind: SandboxKind, outcome: SandboxOutcome) => void {
  const totals: Record<SandboxKind, Record<SandboxOutcome, number>> = {
    expression: { ok: 0, error: 0, timeout: 0 },
    code: { ok: 0, error: 0, timeout: 0 },
  };
  new Counter({
    name: 'gigaflow_sandbox_evaluations_total',
    help: 'Sandbox evaluations (n8n expressions, Code-node runs) by kind and outcome (ok, error, timeout)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const kind of ['expression', 'code'] as const) for (const outcome of ['ok', 'error', 'timeout'] as const) this.inc({ kind, outcome }, totals[kind][outcome]);
    },
  });
  return (kind, outcome) => {
    totals[kind][outcome]++;
  };
}

/** Executions running in this process, read at scrape time (every mode). */
export function createInFlightGauge(registry: Registry, count: () => number): void {
  new Gauge({
    name: 'gigaflow_executions_in_flight',
    help: 'Executions running in this process',
    registers: [registry],
    collect() {
      this.set(count());
    },
  });
}

export type QueueJobState = 'waiting' | 'active' | 'delayed' | 'failed';
export type QueueJobCounts = Record<QueueJobState, number>;
const QUEUE_STATES: readonly QueueJobState[] = ['waiting', 'active', 'delayed', 'failed'];
/** A scrape must not hang on an unreachable Redis (BullMQ's connection retries commands forever). */
const QUEUE_READ_TIMEOUT_MS = 1000;

/**
 * gigaflow_queue_jobs, read from BullMQ when /metrics is scraped. Registered in every mode so the
 * family is always listed; it has series only where `jobCounts` is given (queue mode, mains and
 * webhook processes). When Redis does not answer in time the series are dropped rather than
 * repeating stale numbers.
 */
export function createQueueGauge(registry: Registry, jobCounts: (() => Promise<QueueJobCounts>) | undefined): void {
  let reading: Promise<QueueJobCounts> | undefined;
  new Gauge({
    name: 'gigaflow_queue_jobs',
    help: 'Jobs in the execution queue by state (waiting, active, delayed, failed); queue mode only',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      if (!jobCounts) return;
      // Scrapes that overlap a slow Redis share one read instead of piling commands up.
      reading ??= jobCounts().finally(() => (reading = undefined));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), QUEUE_READ_TIMEOUT_MS)));
      const counts = await Promise.race([reading.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
      this.reset();
      if (counts) for (const state of QUEUE_STATES) this.set({ state }, counts[state]);
    },
  });
}
