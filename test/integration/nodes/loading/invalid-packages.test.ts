// Node packages whose descriptions are invalid (missing name, duplicate property names, bad
// displayOptions) are rejected at load with a message naming the file and the field; the host
// keeps running and serves the other nodes, over the API and in `gigaflow nodes`.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostHarness } from '../../../../host/kit/testing.ts';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';
import { GREETER, INVALID, ROOT, nodeOutput, workflowWith } from './fixtures.ts';
import type { RunResponse } from './fixtures.ts';

const NODES_PATH = `${GREETER}:${INVALID}`;
const expected = [
  `Node package n8n-nodes-bad-display-options rejected: ${INVALID}/n8n-nodes-bad-display-options/dist/BadDisplayOptions.node.js: description.properties[1].displayOptions.show.operation must be an array of values; ` +
    `${INVALID}/n8n-nodes-bad-display-options/dist/BadDisplayOptions.node.js: description.properties[2].displayOptions.show.mode refers to no property "mode"`,
  `Node package n8n-nodes-duplicate-property rejected: ${INVALID}/n8n-nodes-duplicate-property/dist/DuplicateProperty.node.js: description.properties[3].name "url" is used twice (also properties[1]) and both can show: give them displayOptions that exclude each other`,
  `Node package n8n-nodes-no-name rejected: ${INVALID}/n8n-nodes-no-name/dist/NoName.node.js: description.name is missing`,
];

let t: TestHost;
beforeAll(async () => {
  t = await startTestHost({ GIGAFLOW_NODES_PATH: NODES_PATH });
});
afterAll(() => t?.close());

describe('invalid node packages', () => {
  it('are listed with file and field in the node-types response; their nodes are not served', async () => {
    const body = (await (await t.api('/api/v1/node-types')).json()) as { data: Array<{ name: string }>; loadProblems: string[] };
    expect(body.loadProblems).toEqual(expected);
    const names = body.data.map((d) => d.name);
    expect(names).toContain('n8n-nodes-acme-greeter.acmeGreeter');
    expect(names).toContain('n8n-nodes-base.set');
    expect(names.filter((n) => /n8n-nodes-(no-name|duplicate-property|bad-display-options)/.test(n))).toEqual([]);
  });

  it('leave the host running the other nodes', async () => {
    // Through the node harness over the host's REST API (POST /api/v1/workflows/run).
    const harness = hostHarness({ base: t.url, apiKey: t.apiKey });
    const ran = await harness.runWorkflow(workflowWith('n8n-nodes-acme-greeter.acmeGreeter'), { input: [{ name: 'Ana' }] });
    expect(nodeOutput(ran.raw as RunResponse)).toEqual([{ name: 'Ana', greeting: 'Hello, Ana!' }]);
    await expect(harness.runWorkflow(workflowWith('n8n-nodes-duplicate-property.duplicateProperty'))).rejects.toThrow(
      /answered 400: .*n8n-nodes-duplicate-property\.duplicateProperty/,
    );
  });
});

describe('gigaflow nodes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gigaflow-nodes-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists the nodes that loaded, the rejected packages on stderr, and exits 1', async () => {
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(ROOT, 'host/cli/bin.ts'), 'nodes'],
        { env: { ...process.env, GIGAFLOW_DATA_DIR: dataDir, GIGAFLOW_NODES_PATH: NODES_PATH }, cwd: ROOT },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/n8n-nodes-acme-greeter\.acmeGreeter\s+v1\tAcme Greeter/);
    expect(out.stderr).toBe(`Rejected node packages (3):\n${expected.map((e) => `  ${e}\n`).join('')}`);
  });
});
