// Community packages installed the way n8n installs them (`<data dir>/nodes/node_modules`, n8n's
// ~/.n8n/nodes layout): compiled CommonJS packages named n8n-nodes-* / @scope/n8n-nodes-* or tagged
// n8n-community-node-package load into a real host and run in a workflow; other installed packages
// (dependencies) are left alone.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostHarness } from '../../../../host/kit/testing.ts';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';
import { GREETER, installPackage, nodeOutput, workflowWith } from './fixtures.ts';
import type { RunResponse } from './fixtures.ts';

let t: TestHost;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gigaflow-community-'));
  const nodeModules = join(dataDir, 'nodes', 'node_modules');
  installPackage(nodeModules, GREETER, 'n8n-nodes-acme-greeter');
  installPackage(nodeModules, GREETER, '@acme/n8n-nodes-acme-greeter');
  // Not named n8n-nodes-*, but tagged with n8n's keyword: a community package too.
  installPackage(nodeModules, GREETER, 'acme-greeting-tools');
  // Neither the name nor the keyword (though it has an n8n field), and a plain dependency: skipped without a problem.
  installPackage(nodeModules, GREETER, 'acme-untagged', (pkg) => {
    pkg.keywords = [];
  });
  mkdirSync(join(nodeModules, 'left-pad'), { recursive: true });
  writeFileSync(join(nodeModules, 'left-pad', 'package.json'), '{"name":"left-pad","version":"1.3.0"}');
  t = await startTestHost({}, {}, { dataDir });
});
afterAll(() => t?.close());

async function run(type: string, parameters: Record<string, unknown>, input: unknown[]): Promise<RunResponse> {
  // Through the node harness over the host's REST API (POST /api/v1/workflows/run).
  const result = await hostHarness({ base: t.url, apiKey: t.apiKey }).runWorkflow(workflowWith(type, parameters), { input: input as IDataObject[] });
  return result.raw as RunResponse;
}

describe('community node packages in <data dir>/nodes/node_modules', () => {
  it('registers n8n-nodes-*, @scope/n8n-nodes-* and keyword-tagged packages under their package name, nothing else', async () => {
    const body = (await (await t.api('/api/v1/node-types')).json()) as { data: Array<{ name: string; displayName: string }>; loadProblems: string[] };
    const names = body.data.map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['n8n-nodes-acme-greeter.acmeGreeter', '@acme/n8n-nodes-acme-greeter.acmeGreeter', 'acme-greeting-tools.acmeGreeter']));
    expect(names.filter((n) => n.startsWith('acme-untagged') || n.startsWith('left-pad'))).toEqual([]);
    expect(body.loadProblems).toEqual([]);
    const cred = await t.api('/api/v1/credential-types/acmeGreeterApi');
    expect(((await cred.json()) as { displayName: string }).displayName).toBe('Acme Greeter API');
  });

  it('runs the CommonJS node in a workflow (its relative require and n8n-workflow resolve)', async () => {
    const greet = await run('n8n-nodes-acme-greeter.acmeGreeter', {}, [{ name: 'Ana' }, { name: 'Léo' }]);
    expect(greet.status).toBe('success');
    expect(nodeOutput(greet)).toEqual([
      { name: 'Ana', greeting: 'Hello, Ana!' },
      { name: 'Léo', greeting: 'Hello, Léo!' },
    ]);
    // The second `word` parameter (shown for mode=shout) supplies its own default.
    const shout = await run('@acme/n8n-nodes-acme-greeter.acmeGreeter', { mode: 'shout' }, [{ name: 'Ana' }]);
    expect(nodeOutput(shout)).toEqual([{ name: 'Ana', greeting: 'HEY, ANA!' }]);
  });

  it("reports the package's own NodeOperationError (n8n-workflow's class) as the run's error", async () => {
    const failed = await run('n8n-nodes-acme-greeter.acmeGreeter', { nameField: 'who' }, [{ name: 'Ana' }]);
    expect(failed.status).toBe('error');
    expect(failed.error?.message).toBe('Item 0 has no text in "who"');
  });
});
