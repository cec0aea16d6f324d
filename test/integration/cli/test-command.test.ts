// `gigaflow test` as CI runs it: exported files (a file, a folder) and stored workflows, a readable
// report, JUnit XML valid against the Ant JUnit schema, exit codes, and not one outside call.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkflow } from '../../../host/kit/testing/workflow.ts';

const root = new URL('../../..', import.meta.url).pathname;
const schema = join(root, 'test/fixtures/junit/JUnit.xsd');
let dir: string;
let shop: Server;
let shopCalls = 0;

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env: { ...process.env, GIGAFLOW_DATA_DIR: join(dir, 'data'), ...env }, cwd: root }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
const gigaflow = (...args: string[]) => run(process.execPath, [join(root, 'host/cli/bin.ts'), ...args]);

/** A webhook flow whose HTTP Request points at a real server on 127.0.0.1 that counts its calls. */
function ordersExport(id: string, testCases: object[]) {
  const wf = buildWorkflow(
    [
      { name: 'Order Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, parameters: { httpMethod: 'POST', path: `orders-${id}`, responseMode: 'lastNode' } },
      { name: 'Fetch Order', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: `=http://127.0.0.1:${(shop.address() as AddressInfo).port}/orders/{{ $json.body.orderId }}` } },
      { name: 'Total', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { assignments: { assignments: [{ id: '1', name: 'total', value: '={{ $json.total * 100 }}', type: 'number' }] } } },
    ],
    [
      ['Order Webhook', 'Fetch Order'],
      ['Fetch Order', 'Total'],
    ],
    { id, name: `Orders ${id}` },
  );
  return { id: wf.id, name: wf.name, nodes: wf.nodes, connections: wf.connections, settings: wf.settings, tags: [], testCases };
}

const found = {
  name: 'found',
  trigger: { webhook: { method: 'POST', body: { orderId: 'A1' } } },
  pinned: { 'Fetch Order': [{ id: 'A1', total: 0.42 }] },
  expectations: [{ node: 'Total', match: [{ total: 42 }] }, { response: { status: 200, body: { total: 42 } } }],
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gigaflow-test-cmd-'));
  shop = createServer((_req, res) => {
    shopCalls++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"A1","total":0.42}');
  });
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
});
afterAll(() => {
  shop?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('gigaflow test', () => {
  it('passes a file whose cases all pass, exit 0, without calling the outside server', async () => {
    const file = join(dir, 'passing.json');
    writeFileSync(file, JSON.stringify(ordersExport('wf-pass', [found])));
    const res = await gigaflow('test', file);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Orders wf-pass (wf-pass)');
    expect(res.stdout).toMatch(/✓ found \(\d+ ms\)/);
    expect(res.stdout).toMatch(/1 case: 1 passed, 0 failed/);
    expect(shopCalls).toBe(0);
  });

  it('reports failures by node, path, expected and actual, names an unpinned node, writes valid JUnit XML and exits 1', async () => {
    const folder = join(dir, 'flows');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.json'), JSON.stringify(ordersExport('wf-a', [found])));
    const wrong = { ...found, name: 'wrong total <&>', expectations: [{ node: 'Total', path: '[0].total', match: 41 }] };
    const unpinned = { name: 'forgot the pin', trigger: found.trigger, expectations: [] };
    writeFileSync(join(folder, 'b.json'), JSON.stringify(ordersExport('wf-b', [wrong, unpinned])));
    const junit = join(dir, 'report.xml');
    const res = await gigaflow('test', folder, '--junit', junit);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('✓ found');
    expect(res.stdout).toContain('✗ wrong total <&>');
    expect(res.stdout).toContain('expectation 1: "Total" output 0: [0].total: expected 41 but got 42');
    expect(res.stdout).toContain('✗ forgot the pin');
    expect(res.stdout).toContain('Node "Fetch Order" (HTTP Request) would call an outside system: pin its output in the test case');
    expect(res.stdout).toMatch(/3 cases: 1 passed, 2 failed/);
    expect(shopCalls).toBe(0);

    const xml = readFileSync(junit, 'utf8');
    const valid = await run('xmllint', ['--noout', '--schema', schema, junit]);
    expect(valid.stderr).toContain('validates');
    expect(valid.code).toBe(0);
    expect(xml).toContain('<testsuite name="Orders wf-b" package="wf-b" id="1"');
    expect(xml).toMatch(/tests="2" failures="2" errors="0"/);
    expect(xml).toContain('<testcase name="wrong total &lt;&amp;&gt;" classname="Orders wf-b"');
    expect(xml).toContain('node: Total\npath: [0].total\nexpected: 41\nactual: 42');
    // The schema really checks: a report without its required attributes does not validate.
    writeFileSync(join(dir, 'broken.xml'), xml.replace(/ hostname="[^"]*"/g, ''));
    expect((await run('xmllint', ['--noout', '--schema', schema, join(dir, 'broken.xml')])).code).not.toBe(0);
  });

  it('refuses a bad case with exit 2, naming the file and the field', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(ordersExport('wf-bad', [{ ...found, expectations: [{ node: 'Totl', match: [] }] }])));
    const res = await gigaflow('test', file);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${file}: testCases[0].expectations[0].node: no node named "Totl" in the workflow`);
  });

  it('prints the report as JSON with --json', async () => {
    const file = join(dir, 'passing.json');
    const res = await gigaflow('test', file, '--json');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ passed: 1, failed: 0, cases: [{ case: 'found', passed: true, execution: { status: 'success' } }] });
  });
});
