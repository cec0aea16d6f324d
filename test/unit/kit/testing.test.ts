// The node test harness (host/kit/testing.ts): runNode and runWorkflow in-process on the real engine,
// against a real HTTP server on 127.0.0.1, and the same API over a real host's REST API.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IExecuteFunctions, INodeType } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkflow, createNodeHarness, hostHarness } from '../../../host/kit/testing.ts';
import type { NodeHarness } from '../../../host/kit/testing.ts';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';

// A service that wants header auth: answers 401 without the right key, else echoes what it got.
const KEY = 'k3y-harness';
let server: Server;
let base = '';
const seen: Array<{ path: string; headers: IncomingHttpHeaders }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url!, headers: req.headers });
    const key = req.headers['x-api-key'] ?? req.headers['x-echo-key'];
    res.setHeader('content-type', 'application/json');
    if (key !== KEY) {
      res.statusCode = 401;
      res.end(JSON.stringify({ message: 'bad key' }));
      return;
    }
    res.end(JSON.stringify({ path: req.url, key }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));

const headerAuthRequest = (url: string) => ({
  type: 'n8n-nodes-base.httpRequest',
  parameters: { url, authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' },
});

// Test-only node (extraTypes): even `n` to output 0, odd to output 1.
const parity: INodeType = {
  description: {
    displayName: 'Parity',
    name: 'parity',
    group: ['transform'],
    version: 1,
    description: 'splits items by parity',
    defaults: { name: 'Parity' },
    inputs: ['main'],
    outputs: ['main', 'main'],
    properties: [],
  } as INodeType['description'],
  async execute(this: IExecuteFunctions) {
    const items = this.getInputData();
    return [items.filter((i) => Number(i.json.n) % 2 === 0), items.filter((i) => Number(i.json.n) % 2 === 1)];
  },
};

describe('createNodeHarness: runNode', () => {
  let harness: NodeHarness;
  beforeAll(async () => {
    harness = await createNodeHarness({ extraTypes: [{ type: 'test.parity', node: parity }] });
  });
  afterAll(() => harness.close());

  it('runs one node on the input items with a stored credential the node applies', async () => {
    const before = seen.length;
    const result = await harness.runNode({
      ...headerAuthRequest(`={{ "${base}/orders/" + $json.id }}`),
      input: [{ id: 'A-1' }, { json: { id: 'B-2' } }],
      credentials: { httpHeaderAuth: { name: 'X-API-Key', value: KEY } },
    });
    expect(result.status).toBe('success');
    expect(result.json).toEqual([
      { path: '/orders/A-1', key: KEY },
      { path: '/orders/B-2', key: KEY },
    ]);
    expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
    expect(seen.slice(before).map((s) => s.headers['x-api-key'])).toEqual([KEY, KEY]);
    expect(result.ms).toBeGreaterThanOrEqual(0);
  });

  it('reports a failing node: status error, the message and the node name', async () => {
    const result = await harness.runNode({
      ...headerAuthRequest(`${base}/orders/A-1`),
      credentials: { httpHeaderAuth: { name: 'X-API-Key', value: 'wrong' } },
      node: { name: 'Fetch Order' },
    });
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ node: 'Fetch Order', httpCode: '401' });
    expect(result.error?.message).toMatch(/401|authoriz/i);
    expect(result.items).toEqual([]);
  });

  it('passes node fields through (continue on fail gives an error item)', async () => {
    const result = await harness.runNode({ ...headerAuthRequest(`${base}/orders/A-1`), credentials: { httpHeaderAuth: { name: 'X-API-Key', value: 'wrong' } }, node: { onError: 'continueRegularOutput' } });
    expect(result.status).toBe('success');
    expect(result.json).toHaveLength(1);
    expect(result.json[0]!.error).toBeTruthy();
  });

  it('names an unknown node type', async () => {
    await expect(harness.runNode({ type: 'n8n-nodes-gigafibre.doesNotExist' })).rejects.toThrow('Unknown node type "n8n-nodes-gigafibre.doesNotExist"');
  });
});

describe('createNodeHarness: runWorkflow', () => {
  let harness: NodeHarness;
  beforeAll(async () => {
    harness = await createNodeHarness({ extraTypes: [{ type: 'test.parity', node: parity }] });
  });
  afterAll(() => harness.close());

  const flow = () =>
    buildWorkflow(
      [
        { name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
        { name: 'Source', type: 'n8n-nodes-base.noOp' },
        { name: 'Split', type: 'test.parity' },
        { name: 'Odd', type: 'n8n-nodes-base.noOp' },
      ],
      [['Start', 'Source'], ['Source', 'Split'], ['Split', 'Odd', 1]],
    );

  it('uses pinData instead of running a node, and reads any output of any node', async () => {
    const result = await harness.runWorkflow(flow(), { pinData: { Source: [{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 3 } }] } });
    expect(result.status).toBe('success');
    expect(result.output('Split', 0).map((i) => i.json)).toEqual([{ n: 2 }]);
    expect(result.output('Split', 1).map((i) => i.json)).toEqual([{ n: 1 }, { n: 3 }]);
    // The last node executed is Odd: the result's items are its first output.
    expect(result.json).toEqual([{ n: 1 }, { n: 3 }]);
    expect(Object.keys(result.runData).sort()).toEqual(['Odd', 'Source', 'Split', 'Start']);
    expect(() => result.output('Spilt')).toThrow('the workflow has no node "Spilt"');
  });

  it('feeds input items to the trigger and matches credentials to the nodes that declare the type', async () => {
    const wf = buildWorkflow(
      [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' }, { name: 'Fetch', typeVersion: 4.2, ...headerAuthRequest(`={{ "${base}/n/" + $json.n }}`) }],
      [['Start', 'Fetch']],
    );
    const result = await harness.runWorkflow(wf, { input: [{ n: 7 }], credentials: { httpHeaderAuth: { name: 'X-API-Key', value: KEY } } });
    expect(result.json).toEqual([{ path: '/n/7', key: KEY }]);
    await expect(harness.runWorkflow(wf, { credentials: { httpHederAuth: { value: KEY } } })).rejects.toThrow('no node in the workflow declares credential type "httpHederAuth"');
  });

  it('reports the failing node of a workflow', async () => {
    const wf = buildWorkflow(
      [
        { name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
        { name: 'Check Address', type: 'n8n-nodes-base.stopAndError', parameters: { errorMessage: '=Order {{ $json.id }} has no address' } },
      ],
      [['Start', 'Check Address']],
    );
    const result = await harness.runWorkflow(wf, { input: [{ id: 'A-7' }] });
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ node: 'Check Address', message: 'Order A-7 has no address' });
  });
});

describe('createNodeHarness: packages', () => {
  // A node package under development, outside nodes/: its credential type has a default and an
  // `authenticate` the harness must apply as the host does.
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gigaflow-harness-pkg-'));
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'n8n-nodes-harness-fixture', type: 'module', n8n: { nodes: ['Echo.node.js'], credentials: ['EchoApi.credentials.js'] } }),
    );
    writeFileSync(
      join(dir, 'EchoApi.credentials.js'),
      `export class EchoApi {
  name = 'echoApi';
  displayName = 'Echo API';
  properties = [
    { displayName: 'Header', name: 'header', type: 'string', default: 'X-Echo-Key' },
    { displayName: 'Key', name: 'key', type: 'string', typeOptions: { password: true }, default: '' },
  ];
  authenticate = { type: 'generic', properties: { headers: { '={{$credentials.header}}': '={{$credentials.key}}' } } };
}
`,
    );
    writeFileSync(
      join(dir, 'Echo.node.js'),
      `export class Echo {
  description = {
    displayName: 'Echo', name: 'echo', group: ['transform'], version: [1, 2], description: 'Calls the echo service',
    defaults: { name: 'Echo' }, inputs: ['main'], outputs: ['main'], credentials: [{ name: 'echoApi', required: true }],
    properties: [{ displayName: 'URL', name: 'url', type: 'string', default: '' }],
  };
  async execute() {
    const out = [];
    for (let i = 0; i < this.getInputData().length; i++) {
      const body = await this.helpers.httpRequestWithAuthentication.call(this, 'echoApi', { method: 'GET', url: this.getNodeParameter('url', i), json: true });
      out.push({ json: { ...body, version: this.getNode().typeVersion }, pairedItem: { item: i } });
    }
    return [out];
  }
}
`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start on a package the loader rejects, naming the file', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'gigaflow-harness-broken-'));
    try {
      writeFileSync(join(broken, 'package.json'), JSON.stringify({ name: 'n8n-nodes-harness-broken', type: 'module', n8n: { nodes: ['Missing.node.js'] } }));
      await expect(createNodeHarness({ packages: [broken] })).rejects.toThrow(join(broken, 'Missing.node.js'));
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it('loads the package, runs its latest version and applies the credential default and authenticate', async () => {
    const harness = await createNodeHarness({ packages: [dir] });
    try {
      const result = await harness.runNode({ type: 'n8n-nodes-harness-fixture.echo', parameters: { url: `${base}/echo` }, credentials: { echoApi: { key: KEY } } });
      expect(result.status).toBe('success');
      expect(result.json).toEqual([{ path: '/echo', key: KEY, version: 2 }]);
      expect(seen.at(-1)!.headers['x-echo-key']).toBe(KEY);
    } finally {
      await harness.close();
    }
  });
});

describe('hostHarness: the same API over a running host', () => {
  let t: TestHost;
  let harness: NodeHarness;
  beforeAll(async () => {
    t = await startTestHost();
    harness = hostHarness({ base: t.url, apiKey: t.apiKey });
  });
  afterAll(async () => {
    await harness.close();
    await t.close();
  });

  it('stores the credential through the API and runs the node through POST /api/v1/workflows/run', async () => {
    const result = await harness.runNode({
      ...headerAuthRequest(`={{ "${base}/host/" + $json.id }}`),
      input: [{ id: 'H-1' }],
      credentials: { httpHeaderAuth: { name: 'X-API-Key', value: KEY } },
    });
    expect(result.status).toBe('success');
    expect(result.json).toEqual([{ path: '/host/H-1', key: KEY }]);
    // A stored execution record, not an engine result.
    expect(result.raw).toMatchObject({ id: expect.any(String), mode: 'manual', status: 'success' });
    const stored = (await (await t.api('/api/v1/credentials?type=httpHeaderAuth')).json()) as { data: Array<{ type: string }> };
    expect(stored.data).toHaveLength(1);
  });

  it('runs a workflow with pinData and reports the failing node', async () => {
    const wf = buildWorkflow(
      [
        { name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
        { name: 'Source', type: 'n8n-nodes-base.noOp' },
        { name: 'Stop', type: 'n8n-nodes-base.stopAndError', parameters: { errorMessage: '=Order {{ $json.id }} stopped' } },
      ],
      [['Start', 'Source'], ['Source', 'Stop']],
    );
    const result = await harness.runWorkflow(wf, { pinData: { Source: [{ json: { id: 'P-9' } }] } });
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ node: 'Stop', message: 'Order P-9 stopped' });
    expect(result.output('Source').map((i) => i.json)).toEqual([{ id: 'P-9' }]);
  });

  it('names an unknown node type', async () => {
    await expect(harness.runNode({ type: 'n8n-nodes-gigafibre.doesNotExist' })).rejects.toThrow('Unknown node type "n8n-nodes-gigafibre.doesNotExist"');
  });
});
