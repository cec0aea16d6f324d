// Execution metrics for /metrics, reported by the execution service when a run ends.
import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { ExecutionRecord } from '../model/index.ts';

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
  return (record, durationMs) => {
    const labels = { mode: record.mode, status: record.status };
    total.inc(labels);
    duration.observe(labels, durationMs / 1000);
  };
}
