// `gigaflow export --format n8n`: conditions as n8n's filters, nodes that keep JSONLogic named on
// stderr and in meta.gigaflowUnconverted; an unknown format is a usage error.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../..', import.meta.url).pathname;
const fixture = join(root, 'test/compat/conditions/switch-subscriptions.json');
let dataDir: string;

function gigaflow(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'host/cli/bin.ts'), ...args], { env: { ...process.env, GIGAFLOW_DATA_DIR: dataDir }, cwd: root }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gigaflow-cli-n8n-'));
  // The same workflow once more with a Switch rule n8n's filter cannot hold.
  const odd = JSON.parse(readFileSync(fixture, 'utf8'));
  odd.id = 'OddRules0000001';
  odd.name = 'Odd rules';
  odd.nodes[1].parameters.rules.values[2].conditions = { jsonLogic: { or: [{ '==': [{ var: 'a' }, 1] }, { and: [{ '==': [{ var: 'b' }, 2] }, { '==': [{ var: 'c' }, 3] }] }] } };
  writeFileSync(join(dataDir, 'odd.json'), JSON.stringify(odd));
  expect((await gigaflow('import', fixture)).code).toBe(0);
  expect((await gigaflow('import', join(dataDir, 'odd.json'))).code).toBe(0);
}, 60_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('gigaflow export --format n8n', () => {
  it('writes n8n filters, and the default stays JSONLogic', async () => {
    const n8n = await gigaflow('export', '--id', 'Rk8pW2sD4fH6jL1z', '--format', 'n8n');
    expect(n8n.code).toBe(0);
    const rules = JSON.parse(n8n.stdout).nodes[1].parameters.rules.values;
    expect(rules.map((r: { conditions: { conditions: { operator: { type: string; operation: string } }[] } }) => r.conditions.conditions.map((c) => `${c.operator.type}.${c.operator.operation}`)))
      .toEqual([['string.equals'], ['number.gt'], ['array.contains', 'dateTime.before']]);
    expect(n8n.stderr).toBe('');
    const plain = JSON.parse((await gigaflow('export', '--id', 'Rk8pW2sD4fH6jL1z')).stdout);
    expect(plain.nodes[1].parameters.rules.values[0].conditions).toHaveProperty('jsonLogic');
  });

  it('names the nodes that keep JSONLogic, and refuses an unknown format', async () => {
    const all = await gigaflow('export', '--all', '--format', 'n8n');
    expect(all.code).toBe(0);
    const odd = JSON.parse(all.stdout).find((wf: { id: string }) => wf.id === 'OddRules0000001');
    expect(odd.meta.gigaflowUnconverted).toEqual(['Route by status']);
    expect(odd.nodes[1].parameters.rules.values[0].conditions).toHaveProperty('jsonLogic');
    expect(all.stderr).toContain('Workflow "Odd rules": node "Route by status" keeps JSONLogic, n8n cannot read it: rules.values[2].conditions: "and" inside "or"');
    const bad = await gigaflow('export', '--all', '--format', 'yaml');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format must be one of gigaflow, n8n');
  });
});
