// OpenTelemetry traces on a real host: one span per execution with a child per node run, built from
// the run data when the run ends (in-memory exporter); GIGAFLOW_TRACING=otlp sends them over
// OTLP/HTTP to a collector (a real HTTP server on 127.0.0.1 here); off by default.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../host/config.ts';
import { createHost } from '../../../host/host.ts';
import type { Host } from '../../../host/host.ts';
import { createLogger } from '../../../host/logger.ts';
import type { INode, WorkflowInput } from '../../../host/model/index.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function startHost(env: Record<string, string>, traceExporter?: InMemorySpanExporter): Promise<{ host: Host; url: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gigaflow-tracing-'));
  dirs.push(dataDir);
  const config = loadConfig({ GIGAFLOW_DATA_DIR: dataDir, GIGAFLOW_PORT: '0', GIGAFLOW_HOST: '127.0.0.1', ...env });
  const host = await createHost(config, { logger: createLogger('silent'), traceExporter });
  const port = await host.listen();
  return { host, url: `http://127.0.0.1:${port}` };
}

function flow(path: string): WorkflowInput {
  const nodes: INode[] = [
    { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path, responseMode: 'lastNode' } },
    { id: 's', name: 'Shape', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { mode: 'raw', jsonOutput: '={{ { n: $json.body.n } }}' } },
    {
      id: 'c',
      name: 'Check',
      type: 'n8n-nodes-base.code',
      typeVersion: 2,
      position: [400, 0],
      parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: 'if ($json.n < 0) throw new Error("negative order");\nreturn $input.all();' },
    },
  ];
  return {
    name: `Traced ${path}`,
    nodes,
    connections: { Webhook: { main: [[{ node: 'Shape', type: 'main', index: 0 }]] }, Shape: { main: [[{ node: 'Check', type: 'main', index: 0 }]] } },
    settings: { executionOrder: 'v1' },
  };
}

async function deploy(host: Host, wf: WorkflowInput): Promise<string> {
  const stored = await host.storage.workflows.create(wf);
  await host.activation.activate(stored.id);
  return stored.id;
}

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const ms = (t: [number, number]) => t[0] * 1e3 + t[1] / 1e6;

/** A stand-in OTLP/HTTP collector: a real HTTP server on 127.0.0.1 that keeps what it is sent. */
async function startCollector() {
  const received: { path: string; type: string; headers: Record<string, unknown>; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { received, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Spans as OTLP/JSON sends them. */
interface OtlpSpan {
  name: string;
  spanId: string;
  parentSpanId?: string;
}

describe('traces', () => {
  it('one span per execution, a child per node, errors marked, times inside the run', async () => {
    const exporter = new InMemorySpanExporter();
    const { host, url } = await startHost({}, exporter);
    try {
      const workflowId = await deploy(host, flow('traced'));
      expect((await post(`${url}/webhook/traced`, { n: 2 })).status).toBe(200);
      expect((await post(`${url}/webhook/traced`, { n: -1 })).status).toBe(500);
      const spans = exporter.getFinishedSpans();
      const runs = spans.filter((s) => s.name === 'workflow Traced traced');
      expect(runs).toHaveLength(2);
      const [ok, bad] = runs.sort((a, b) => String(a.attributes['gigaflow.execution.status']).localeCompare(String(b.attributes['gigaflow.execution.status']))).reverse();
      expect(ok.attributes).toMatchObject({ 'gigaflow.workflow.id': workflowId, 'gigaflow.execution.mode': 'webhook', 'gigaflow.execution.status': 'success' });
      expect(ok.status.code).not.toBe(SpanStatusCode.ERROR);
      expect(bad.attributes['gigaflow.execution.status']).toBe('error');
      expect(bad.status).toMatchObject({ code: SpanStatusCode.ERROR });
      expect(bad.status.message).toContain('negative order');
      expect(ok.resource.attributes['service.name']).toBe('gigaflow-main');

      const children = (run: (typeof spans)[number]) => spans.filter((s) => s.parentSpanContext?.spanId === run.spanContext().spanId);
      for (const run of [ok, bad]) {
        const nodes = children(run);
        expect(nodes.map((s) => s.name).sort()).toEqual(['node Check', 'node Shape', 'node Webhook']);
        expect(new Set(nodes.map((s) => s.spanContext().traceId))).toEqual(new Set([run.spanContext().traceId]));
        const runStart = ms(run.startTime);
        const runEnd = ms(run.endTime);
        for (const n of nodes) {
          const start = ms(n.startTime);
          const end = ms(n.endTime);
          expect(start).toBeGreaterThanOrEqual(runStart - 1);
          expect(end).toBeLessThanOrEqual(runEnd + 1);
          expect(end).toBeGreaterThanOrEqual(start);
        }
        expect(nodes.find((s) => s.name === 'node Shape')!.attributes).toMatchObject({ 'gigaflow.node.type': 'n8n-nodes-base.set', 'gigaflow.node.run_index': 0, 'gigaflow.node.items_out': 1 });
      }
      const failedNode = children(bad).find((s) => s.name === 'node Check')!;
      expect(failedNode.status.code).toBe(SpanStatusCode.ERROR);
      expect(failedNode.events.map((e) => e.name)).toEqual(['exception']);
      expect(children(ok).find((s) => s.name === 'node Check')!.status.code).not.toBe(SpanStatusCode.ERROR);
    } finally {
      await host.close();
    }
  });

  it('is off by default: no spans leave, even with an OTLP endpoint set', async () => {
    const collector = await startCollector();
    try {
      const { host, url } = await startHost({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint });
      try {
        expect(host.config.tracing).toBe('off');
        await deploy(host, flow('untraced'));
        expect((await post(`${url}/webhook/untraced`, { n: 1 })).status).toBe(200);
      } finally {
        await host.close(); // a tracer would flush here
      }
      expect(collector.received).toEqual([]);
    } finally {
      await collector.close();
    }
  });

  it('refuses bad settings, naming the variable', () => {
    expect(() => loadConfig({ GIGAFLOW_TRACING: 'jaeger' })).toThrow(/GIGAFLOW_TRACING/);
    expect(() => loadConfig({ GIGAFLOW_TRACING: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(() => loadConfig({ GIGAFLOW_TRACING: 'otlp', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' })).toThrow(/OTEL_EXPORTER_OTLP_TRACES_ENDPOINT/);
    expect(() => loadConfig({ GIGAFLOW_TRACING: 'otlp', OTEL_EXPORTER_OTLP_HEADERS: 'api-key' })).toThrow(/OTEL_EXPORTER_OTLP_HEADERS/);
    // Meant for another program while traces are off: not Gigaflow's business.
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }).otlpTracesUrl).toBeUndefined();
    expect(loadConfig({ GIGAFLOW_TRACING: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/', OTEL_EXPORTER_OTLP_HEADERS: 'a=1, b=x%20y', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'a=2' })).toMatchObject({
      otlpTracesUrl: 'http://c:4318/v1/traces',
      otlpHeaders: { a: '2', b: 'x y' },
    });
  });

  it('GIGAFLOW_TRACING=otlp sends the spans as OTLP/JSON to a collector, with its headers, flushed on close', async () => {
    const collector = await startCollector();
    try {
      const env = { GIGAFLOW_TRACING: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_SERVICE_NAME: 'gigaflow-test', OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=s3cret' };
      const { host, url } = await startHost(env);
      try {
        await deploy(host, flow('exported'));
        expect((await post(`${url}/webhook/exported`, { n: 1 })).status).toBe(200);
      } finally {
        await host.close();
      }
      const { received } = collector;
      expect(received.length).toBeGreaterThan(0);
      expect(received[0].path).toBe('/v1/traces');
      expect(received[0].type).toContain('application/json');
      expect(received[0].headers['x-collector-key']).toBe('s3cret');
      const resourceSpans = received.flatMap((r) => JSON.parse(r.body).resourceSpans);
      const service = resourceSpans[0].resource.attributes.find((a: { key: string }) => a.key === 'service.name');
      expect(service.value.stringValue).toBe('gigaflow-test');
      const spans: OtlpSpan[] = resourceSpans.flatMap((r: { scopeSpans: { spans: OtlpSpan[] }[] }) => r.scopeSpans.flatMap((s) => s.spans));
      expect(spans.map((x) => x.name).sort()).toEqual(['node Check', 'node Shape', 'node Webhook', 'workflow Traced exported']);
      const run = spans.find((x) => x.name.startsWith('workflow'))!;
      for (const node of spans.filter((x) => x.name.startsWith('node'))) expect(node.parentSpanId).toBe(run.spanId);
    } finally {
      await collector.close();
    }
  });

  it('a run parked at a Wait ends its trace at the park; the resumed part is a trace of its own', async () => {
    const exporter = new InMemorySpanExporter();
    const { host, url } = await startHost({ GIGAFLOW_WAIT_IN_MEMORY_MAX_MS: '0' }, exporter);
    try {
      await deploy(host, {
        name: 'Approval',
        settings: { executionOrder: 'v1' },
        nodes: [
          { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path: 'approval' } },
          { id: 'a', name: 'Approve', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [200, 0], parameters: { resume: 'webhook', httpMethod: 'POST' } },
          { id: 'd', name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [400, 0], parameters: {} },
        ],
        connections: { Webhook: { main: [[{ node: 'Approve', type: 'main', index: 0 }]] }, Approve: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
      });
      expect((await post(`${url}/webhook/approval`, {})).status).toBe(200);
      await expect.poll(() => exporter.getFinishedSpans().filter((s) => s.name === 'workflow Approval').length).toBe(1);
      const parked = exporter.getFinishedSpans().find((s) => s.name === 'workflow Approval')!;
      expect(parked.attributes['gigaflow.execution.status']).toBe('waiting');
      expect(parked.status.code).toBe(SpanStatusCode.UNSET);
      const executionId = String(parked.attributes['gigaflow.execution.id']);
      const childrenOf = (run: typeof parked) => exporter.getFinishedSpans().filter((s) => s.parentSpanContext?.spanId === run.spanContext().spanId);
      expect(childrenOf(parked).map((s) => s.name).sort()).toEqual(['node Approve', 'node Webhook']);

      await new Promise((r) => setTimeout(r, 20)); // the resumed part must start visibly after the park
      expect((await post(`${url}/webhook-waiting/${executionId}`, { ok: true })).status).toBe(200);
      await expect.poll(() => exporter.getFinishedSpans().filter((s) => s.name === 'workflow Approval').length).toBe(2);
      const resumed = exporter.getFinishedSpans().filter((s) => s.name === 'workflow Approval')[1];
      expect(resumed.attributes).toMatchObject({ 'gigaflow.execution.id': executionId, 'gigaflow.execution.status': 'success', 'gigaflow.execution.resumed': true });
      expect(resumed.spanContext().traceId).not.toBe(parked.spanContext().traceId);
      // Only what ran after the resume, and the span starts there, not at the first start.
      expect(childrenOf(resumed).map((s) => s.name)).toEqual(['node Done']);
      expect(ms(resumed.startTime)).toBeGreaterThanOrEqual(ms(parked.endTime) + 15);
      expect(ms(childrenOf(resumed)[0].startTime)).toBeGreaterThanOrEqual(ms(resumed.startTime));
    } finally {
      await host.close();
    }
  });
});
