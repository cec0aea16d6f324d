// `gigaflow start --watch-nodes` as a real child process: editing a node package's files (a copy in a
// temp folder) changes the served description and the node's behaviour without a restart — for a
// compiled CommonJS package (the node file and a helper it requires) and for an ES-module TypeScript
// package like ours (a helper it imports). A new version that fails its checks is rejected with the
// file and field, and the previous version keeps serving.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostHarness } from '../../../../host/kit/testing.ts';
import { GREETER, ROOT, installPackage, nodeOutput, workflowWith } from './fixtures.ts';
import type { RunResponse } from './fixtures.ts';

const work = mkdtempSync(join(tmpdir(), 'gigaflow-watch-'));
const packages = join(work, 'node_modules');
const cjs = join(packages, 'n8n-nodes-acme-greeter');
// Node strips TypeScript types only outside node_modules: a package in development lives in a plain folder.
const esm = join(work, 'dev', 'n8n-nodes-acme-echo');
const env = {
  ...process.env,
  GIGAFLOW_DATA_DIR: join(work, 'data'),
  GIGAFLOW_PORT: '0',
  GIGAFLOW_HOST: '127.0.0.1',
  GIGAFLOW_TEMPLATES_DIR: join(work, 'no-templates'),
  GIGAFLOW_NODES_PATH: `${cjs}:${esm}`,
  GIGAFLOW_LOG_LEVEL: 'info',
};
let host: ChildProcess | undefined;
let base = '';
let apiKey = '';
const log: string[] = [];

function echoNode(label: string, name = 'acmeEcho'): string {
  return `import { suffix } from './suffix.ts';
export class AcmeEcho {
  description = { displayName: '${label}', name: '${name}', group: ['transform'], version: 1, description: 'x',
    defaults: { name: 'Echo' }, inputs: ['main'], outputs: ['main'], properties: [] };
  async execute(this: { getInputData(): Array<{ json: Record<string, unknown> }> }) {
    return [this.getInputData().map((item) => ({ json: { ...item.json, echo: suffix() } }))];
  }
}
`;
}

beforeAll(async () => {
  installPackage(packages, GREETER, 'n8n-nodes-acme-greeter');
  mkdirSync(esm, { recursive: true });
  writeFileSync(join(esm, 'package.json'), JSON.stringify({ name: 'n8n-nodes-acme-echo', type: 'module', n8n: { nodes: ['AcmeEcho.node.ts'] } }));
  writeFileSync(join(esm, 'AcmeEcho.node.ts'), echoNode('Echo v1'));
  writeFileSync(join(esm, 'suffix.ts'), "export const suffix = (): string => 'one';\n");
  mkdirSync(env.GIGAFLOW_TEMPLATES_DIR);

  const bin = join(ROOT, 'host/cli/bin.ts');
  apiKey = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, [bin, 'apikey', 'create', '--name', 'watch'], { env, cwd: ROOT }, (err, stdout) => (err ? reject(err) : resolve(/gf_\S+/.exec(stdout)![0]))),
  );
  host = spawn(process.execPath, [bin, 'start', '--watch-nodes'], { env, cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  base = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    host!.stderr!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        log.push(line);
        const url = line.includes('"msg":"gigaflow ready"') ? (JSON.parse(line) as { url: string }).url : undefined;
        if (url) resolve(url.replace('localhost', '127.0.0.1'));
      }
    });
    host!.once('exit', (code) => reject(new Error(`host exited (${code}):\n${log.join('\n')}`)));
  });
}, 60_000);

afterAll(async () => {
  if (host && host.exitCode === null) {
    const exited = new Promise((r) => host!.once('exit', r));
    host.kill('SIGTERM');
    await exited;
  }
  rmSync(work, { recursive: true, force: true });
});

const api = (path: string, body?: unknown) =>
  fetch(`${base}/api/v1${path}`, { method: body ? 'POST' : 'GET', headers: { 'x-api-key': apiKey, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });

async function nodeTypes(): Promise<{ data: Array<{ name: string; displayName: string }>; loadProblems: string[] }> {
  return (await (await api('/node-types')).json()) as { data: Array<{ name: string; displayName: string }>; loadProblems: string[] };
}
const displayName = async (type: string) => (await nodeTypes()).data.find((d) => d.name === type)?.displayName;

async function run(type: string, input: unknown[]): Promise<Array<Record<string, unknown>>> {
  // Through the node harness over the child host's REST API (POST /api/v1/workflows/run).
  const res = (await hostHarness({ base, apiKey }).runWorkflow(workflowWith(type), { input: input as IDataObject[] })).raw as RunResponse;
  expect(res.status).toBe('success');
  return nodeOutput(res);
}

/** Polls until `check` holds (the watcher debounces, then reloads). */
async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const v = await read();
    if (check(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v).slice(0, 500)}\n${log.slice(-5).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('gigaflow start --watch-nodes', () => {
  it('serves a CommonJS package edit (node file and the helper it requires) without a restart', async () => {
    const type = 'n8n-nodes-acme-greeter.acmeGreeter';
    expect(await run(type, [{ name: 'Ana' }])).toEqual([{ name: 'Ana', greeting: 'Hello, Ana!' }]);
    const nodeFile = join(cjs, 'dist/nodes/AcmeGreeter/AcmeGreeter.node.js');
    writeFileSync(nodeFile, readFileSync(nodeFile, 'utf8').replace("displayName: 'Acme Greeter',", "displayName: 'Acme Greeter 2',"));
    writeFileSync(join(cjs, 'dist/nodes/AcmeGreeter/greeting.js'), readFileSync(join(cjs, 'dist/nodes/AcmeGreeter/greeting.js'), 'utf8').replace('`${word}, ${name}!`', '`${word} ${name} :)`'));
    await eventually(() => displayName(type), (d) => d === 'Acme Greeter 2', 'the new description');
    expect(await run(type, [{ name: 'Ana' }])).toEqual([{ name: 'Ana', greeting: 'Hello Ana :)' }]);
  });

  it('keeps the previous version when the new one fails its checks, and takes the fixed one', async () => {
    const type = 'n8n-nodes-acme-greeter.acmeGreeter';
    const nodeFile = join(cjs, 'dist/nodes/AcmeGreeter/AcmeGreeter.node.js');
    const good = readFileSync(nodeFile, 'utf8');
    writeFileSync(nodeFile, good.replace("name: 'acmeGreeter',", '').replace("displayName: 'Acme Greeter 2',", "displayName: 'Acme Greeter 3',"));
    const body = await eventually(nodeTypes, (b) => b.loadProblems.length > 0, 'the rejection');
    expect(body.loadProblems).toEqual([`Node package n8n-nodes-acme-greeter rejected: ${nodeFile}: description.name is missing (still serving the version loaded before)`]);
    expect(body.data.find((d) => d.name === type)?.displayName).toBe('Acme Greeter 2');
    expect(await run(type, [{ name: 'Ana' }])).toEqual([{ name: 'Ana', greeting: 'Hello Ana :)' }]);
    expect(log.some((l) => l.includes('"node package reload rejected; the previous version stays"'))).toBe(true);

    writeFileSync(nodeFile, good.replace("displayName: 'Acme Greeter 2',", "displayName: 'Acme Greeter 4',"));
    const fixed = await eventually(nodeTypes, (b) => b.loadProblems.length === 0, 'the fix');
    expect(fixed.data.find((d) => d.name === type)?.displayName).toBe('Acme Greeter 4');
  });

  it('reloads an ES-module TypeScript package and the module it imports', async () => {
    const type = 'n8n-nodes-acme-echo.acmeEcho';
    expect(await run(type, [{ a: 1 }])).toEqual([{ a: 1, echo: 'one' }]);
    writeFileSync(join(esm, 'suffix.ts'), "export const suffix = (): string => 'two';\n");
    writeFileSync(join(esm, 'AcmeEcho.node.ts'), echoNode('Echo v2'));
    await eventually(() => displayName(type), (d) => d === 'Echo v2', 'the new ES-module description');
    expect(await run(type, [{ a: 1 }])).toEqual([{ a: 1, echo: 'two' }]);
  });
});
