// OpenTelemetry traces, off by default (GIGAFLOW_TRACING=otlp turns them on): one span per
// execution and a child span per node run. The spans are built when a run ends, from its run data
// (each node run's start time and duration), so tracing costs nothing while a workflow runs and
// nothing at all when it is off. A run parked at a Wait node ends its trace there; the resumed part
// makes a trace of its own when it finishes (same gigaflow.execution.id, gigaflow.execution.resumed
// true), holding only the node runs after the resume: the record then still has the earlier ones.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ExecutionRecord } from '../model/index.ts';
import { nodesByName } from '../model/nodes-by-name.ts';

export interface RunTracerOptions {
  serviceName: string;
  /** Where spans go: the OTLP/HTTP exporter (batched) unless one is given (sent as each span ends, e.g. an in-memory exporter in tests). */
  exporter?: SpanExporter;
  /** OTLP/HTTP traces URL; default: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT / OTEL_EXPORTER_OTLP_ENDPOINT, read by the exporter. */
  otlpUrl?: string;
  /** Sent with every export (OTEL_EXPORTER_OTLP_HEADERS as parsed by host/config.ts); the exporter adds those of process.env under them. */
  otlpHeaders?: Record<string, string>;
}

export interface RunTracer {
  /** `resumedAt`: the record is a parked run's resumed part, which began then. */
  observe(record: ExecutionRecord, durationMs: number, resumedAt?: string): void;
  /** Sends what is still batched, then stops. */
  shutdown(): Promise<void>;
}

const time = (iso: string | undefined, fallback: number): number => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : fallback;
};

function failed(span: Span, message: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message });
  span.addEvent('exception', { 'exception.message': message });
}

export function createRunTracer(opts: RunTracerOptions): RunTracer {
  const processor = opts.exporter
    ? new SimpleSpanProcessor(opts.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ ...(opts.otlpUrl ? { url: opts.otlpUrl } : {}), ...(opts.otlpHeaders ? { headers: opts.otlpHeaders } : {}) }));
  // Not registered globally: several hosts (tests) may live in one process, each with its own.
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': opts.serviceName }), spanProcessors: [processor] });
  const tracer = provider.getTracer('gigaflow');

  return {
    observe(record, _durationMs, resumedAt) {
      const resumed = resumedAt ? time(resumedAt, NaN) : NaN;
      const started = Number.isFinite(resumed) ? resumed : time(record.startedAt, Date.now());
      const workflow = record.workflowData;
      const run = tracer.startSpan(`workflow ${workflow?.name ?? record.workflowId}`, {
        kind: SpanKind.INTERNAL,
        startTime: started,
        attributes: {
          'gigaflow.workflow.id': record.workflowId,
          'gigaflow.workflow.name': workflow?.name ?? '',
          'gigaflow.execution.id': record.id,
          'gigaflow.execution.mode': record.mode,
          'gigaflow.execution.status': record.status,
          ...(resumedAt ? { 'gigaflow.execution.resumed': true } : {}),
        },
      });
      const parent = trace.setSpan(ROOT_CONTEXT, run);
      const nodes = nodesByName(workflow?.nodes);
      let ended = started;
      for (const [name, runs] of Object.entries(record.runData ?? {})) {
        runs.forEach((task, index) => {
          // Already in the trace of the part before the park.
          if (task.startTime < resumed) return;
          const end = task.startTime + Math.max(0, task.executionTime);
          ended = Math.max(ended, end);
          const items = (task.data?.main ?? []).reduce((n, out) => n + (out?.length ?? 0), 0);
          const span = tracer.startSpan(
            `node ${name}`,
            {
              kind: SpanKind.INTERNAL,
              startTime: task.startTime,
              attributes: { 'gigaflow.node.name': name, 'gigaflow.node.type': nodes.get(name)?.type ?? '', 'gigaflow.node.run_index': index, 'gigaflow.node.items_out': items },
            },
            parent,
          );
          if (task.executionStatus === 'error' || task.error) failed(span, task.error?.message ?? 'node failed');
          span.end(end);
        });
      }
      if (record.status === 'error' || record.status === 'crashed') failed(run, record.error?.message ?? record.status);
      run.end(record.status === 'waiting' ? ended : time(record.stoppedAt ?? undefined, ended));
    },
    shutdown: () => provider.shutdown(),
  };
}
