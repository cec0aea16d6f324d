// Starts a real host (SQLite in a temp dir, the repository's nodes, real services) on
// 127.0.0.1 with an ephemeral port, and gives tests a small fetch wrapper for the API.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../host/config.ts';
import type { HostConfig } from '../../../host/config.ts';
import { createHost } from '../../../host/host.ts';
import type { Host } from '../../../host/host.ts';
import type { IConnections, INode, WorkflowInput } from '../../../host/model/index.ts';

export interface TestHost {
  host: Host;
  base: string;
  apiKey: string;
  /** fetch against /api/v1 with the API key and JSON content type; `body` objects are JSON-encoded. */
  api(path: string, init?: Omit<RequestInit, 'body'> & { body?: unknown }): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export async function startHost(overrides: Partial<HostConfig> = {}): Promise<TestHost> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gigaflow-server-'));
  // httpAllowPrivate: the fakes listen on 127.0.0.1, which the SSRF guard refuses unless allowed.
  const config: HostConfig = { ...loadConfig({}), dataDir, host: '127.0.0.1', port: 0, logLevel: 'silent', httpAllowPrivate: true, ...overrides };
  const host = await createHost(config);
  const port = await host.listen();
  const { key: apiKey } = await host.storage.apiKeys.create('test');
  const base = `http://127.0.0.1:${port}`;
  return {
    host,
    base,
    apiKey,
    async api(path, init = {}) {
      const { body, headers, ...rest } = init;
      const res = await fetch(`${base}/api/v1${path}`, {
        ...rest,
        headers: { 'x-api-key': apiKey, ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async close() {
      await host.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Manual Trigger → Set (v3.4) setting `greeting` and `count`. */
export function manualSetWorkflow(name = 'Manual set', extra: Partial<WorkflowInput> = {}): WorkflowInput {
  const nodes: INode[] = [
    { id: 'n1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    {
      id: 'n2',
      name: 'Set',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [220, 0],
      parameters: {
        assignments: {
          assignments: [
            { id: 'a1', name: 'greeting', value: 'hello', type: 'string' },
            { id: 'a2', name: 'count', value: 2, type: 'number' },
          ],
        },
        includeOtherFields: true,
        options: {},
      },
    },
  ];
  const connections: IConnections = { Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } };
  return { name, nodes, connections, settings: { executionOrder: 'v1' }, ...extra };
}

/** Webhook (POST <path>, answers the last node's first item) → Set. */
export function webhookWorkflow(name: string, path: string): WorkflowInput {
  const wf = manualSetWorkflow(name);
  wf.nodes[0] = {
    id: 'w1',
    name: 'Start',
    type: 'n8n-nodes-base.webhook',
    typeVersion: 2,
    position: [0, 0],
    parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
    webhookId: `hook-${path}`,
  };
  return wf;
}
