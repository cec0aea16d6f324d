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
        const runStart = run.startTime[0] * 1e3 + run.startTime[1] / 1e6;
        const runEnd = run.endTime[0] * 1e3 + run.endTime[1] / 1e6;
        for (const n of nodes) {
          const start = n.startTime[0] * 1e3 + n.startTime[1] / 1e6;
          const end = n.endTime[0] * 1e3 + n.endTime[1] / 1e6;
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

  it('is off by default', async () => {
    const { host } = await startHost({});
    try {
      expect(host.config.tracing).toBe('off');
    } finally {
      await host.close();
    }
    expect(() => loadConfig({ GIGAFLOW_TRACING: 'jaeger' })).toThrow(/GIGAFLOW_TRACING/);
  });

  it('GIGAFLOW_TRACING=otlp sends the spans to an OTLP/HTTP collector, flushed on close', async () => {
    const received: { path: string; type: string; body: string }[] = [];
    const collector = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    try {
      const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
      const { host, url } = await startHost({ GIGAFLOW_TRACING: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'gigaflow-test' });
      try {
        await deploy(host, flow('exported'));
        expect((await post(`${url}/webhook/exported`, { n: 1 })).status).toBe(200);
      } finally {
        await host.close();
      }
      expect(received.length).toBeGreaterThan(0);
      expect(received[0].path).toBe('/v1/traces');
      expect(received[0].type).toContain('application/json');
      const payload = received.map((r) => JSON.parse(r.body));
      const resourceSpans = payload.flatMap((p) => p.resourceSpans);
      const service = resourceSpans[0].resource.attributes.find((a: { key: string }) => a.key === 'service.name');
      expect(service.value.stringValue).toBe('gigaflow-test');
      const names = resourceSpans.flatMap((r: { scopeSpans: { spans: { name: string }[] }[] }) => r.scopeSpans.flatMap((s) => s.spans.map((x) => x.name)));
      expect(names.sort()).toEqual(['node Check', 'node Shape', 'node Webhook', 'workflow Traced exported']);
    } finally {
      collector.close();
    }
  });
});
