import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = new URL('../../..', import.meta.url).pathname;
const fixture = join(root, 'test/fixtures/workflows/n8n-manual-set.json');
let dataDir: string;

function gigaflow(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'host/cli/bin.ts'), ...args], { env: { ...process.env, GIGAFLOW_DATA_DIR: dataDir }, cwd: root }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'gigaflow-cli-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('gigaflow CLI', () => {
  it('has help for the command and each subcommand', async () => {
    const top = await gigaflow('--help');
    expect(top.code).toBe(0);
    for (const c of ['start', 'import', 'export', 'run', 'apikey', 'nodes', 'prune']) expect(top.stdout).toContain(c);
    const sub = await gigaflow('export', '--help');
    expect(sub.stdout).toContain('--out DIR');
    expect((await gigaflow('bogus')).code).toBe(2);
  });

  it('imports an n8n export and exports stable JSON without volatile fields', async () => {
    const imported = await gigaflow('import', fixture);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Xk2mP9qLr4TzA1bC');
    const out = join(dataDir, 'out');
    expect((await gigaflow('export', '--all', '--out', out)).code).toBe(0);
    const [file] = readdirSync(out);
    expect(file).toBe('greet-a-customer.Xk2mP9qLr4TzA1bC.json');
    const first = readFileSync(join(out, file), 'utf8');
    const json = JSON.parse(first);
    for (const volatile of ['createdAt', 'updatedAt', 'versionId', 'triggerCount', 'active']) expect(json).not.toHaveProperty(volatile);
    expect(json.tags).toEqual(['customers']);
    // importing the export again and re-exporting gives the same bytes
    expect((await gigaflow('import', join(out, file))).code).toBe(0);
    expect((await gigaflow('export', '--all', '--out', out)).code).toBe(0);
    expect(readFileSync(join(out, file), 'utf8')).toBe(first);
  });

  it('rejects an import with an unknown node type, naming node and type, storing nothing', async () => {
    const bad = JSON.parse(readFileSync(fixture, 'utf8'));
    bad.nodes[1].type = 'n8n-nodes-base.teleport';
    const dir = join(dataDir, 'in');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a-good.json'), JSON.stringify({ ...bad, id: 'good1', nodes: [JSON.parse(readFileSync(fixture, 'utf8')).nodes[0]], connections: {} }));
    writeFileSync(join(dir, 'b-bad.json'), JSON.stringify(bad));
    const res = await gigaflow('import', dir);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Node "Edit Fields" has unknown type "n8n-nodes-base.teleport"');
    const listed = await gigaflow('export', '--all');
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });

  it('runs a workflow file with input and prints the execution', async () => {
    const res = await gigaflow('run', fixture, '--input', '{"name":"Ada","spend":150}');
    expect(res.code).toBe(0);
    const record = JSON.parse(res.stdout);
    expect(record.status).toBe('success');
    expect(record.runData['Edit Fields'][0].data.main[0][0].json).toEqual({ name: 'Ada', spend: 150, greeting: 'Bonjour Ada', customer: { tier: 'gold' } });
  });

  it('exits non-zero when the execution fails and on bad --input', async () => {
    const wf = JSON.parse(readFileSync(fixture, 'utf8'));
    wf.nodes[1].parameters.assignments.assignments[0] = { id: 'x', name: 'n', value: 'abc', type: 'number' };
    const file = join(dataDir, 'failing.json');
    writeFileSync(file, JSON.stringify(wf));
    const res = await gigaflow('run', file);
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout)).toMatchObject({ status: 'error', error: { node: 'Edit Fields' } });
    const badInput = await gigaflow('run', fixture, '--input', '{nope');
    expect(badInput.code).toBe(2);
    expect(badInput.stderr).toContain('--input is not valid JSON');
  });

  it('creates, lists and revokes API keys, printing the key only once', async () => {
    const created = await gigaflow('apikey', 'create', '--name', 'ops');
    const key = created.stdout.trim();
    expect(key).toMatch(/^gf_/);
    const listed = await gigaflow('apikey', 'list');
    expect(listed.stdout).toContain('ops');
    expect(listed.stdout).not.toContain(key);
    expect((await gigaflow('apikey', 'revoke', 'ops')).code).toBe(0);
    expect((await gigaflow('apikey', 'list')).stdout).not.toContain('ops');
  });

  it('lists node types and prunes', async () => {
    const nodes = await gigaflow('nodes');
    expect(nodes.stdout).toMatch(/n8n-nodes-base\.set\s+v3\.3, 3\.4/);
    const pruned = await gigaflow('prune', '--max-age-days', '0', '--max-count', '0');
    expect(pruned.stdout).toMatch(/Deleted \d+ execution/);
  });
});
