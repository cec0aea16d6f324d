// Bad input to `npm run build:nodes` stops the build with a message naming the file at fault,
// instead of publishing a package n8n cannot load. Fixture node folders are written to a temp
// folder and passed with --nodes.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, run } from './build.ts';

const temp = mkdtempSync(join(tmpdir(), 'build-nodes-errors-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const NODE = (className: string, extra = '') => `${extra}
export class ${className} {
  description = { displayName: 'Fixture', name: 'fixture', group: ['transform'], version: 1, description: 'x', defaults: { name: 'Fixture' }, inputs: ['main'], outputs: ['main'], properties: [] };
}
`;

let cases = 0;
/** A nodes/ root holding one folder `fixture` with these files; returns the build's outcome. */
async function build(files: Record<string, string>, n8n: { nodes: string[]; credentials?: string[] }, typePrefix = 'n8n-nodes-gigafibre', out?: string) {
  const root = join(temp, `case-${++cases}`);
  const dir = join(root, 'nodes', 'fixture');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@x/fixture', type: 'module', gigaflow: { typePrefix }, n8n: { n8nNodesApiVersion: 1, credentials: [], ...n8n } }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const outDir = out ?? join(root, 'out');
  try {
    const { stdout } = await run('npx', ['node', 'scripts/build-nodes.ts', '--nodes', join(root, 'nodes'), '--out', outDir], { cwd: REPO });
    return { ok: true, message: stdout, outDir };
  } catch (e) {
    return { ok: false, message: (e as { stderr: string }).stderr, outDir };
  }
}

describe('npm run build:nodes on bad input', () => {
  it('builds a well-formed fixture folder (the cases below fail for their own reason only)', async () => {
    const r = await build({ 'Fixture.node.ts': NODE('Fixture') }, { nodes: ['Fixture.node.ts'] });
    expect(r.message).toContain('built 1 node and credential files');
    expect(JSON.parse(readFileSync(join(r.outDir, 'package.json'), 'utf8')).n8n.nodes).toEqual(['dist/nodes/fixture/Fixture.node.js']);
  });

  it('refuses a node file whose class is not named after the file (n8n could not load it)', async () => {
    const r = await build({ 'Fixture.node.ts': NODE('FixtureNode') }, { nodes: ['Fixture.node.ts'] });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/Fixture\.node\.ts must export a class named Fixture .*it exports FixtureNode/);
  });

  it('refuses a package.json listing a file that does not exist', async () => {
    const r = await build({}, { nodes: ['Missing.node.ts'] });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/fixture[/\\]package\.json: n8n\.nodes lists "Missing\.node\.ts", which does not exist/);
  });

  it('refuses a node importing an npm package the repo does not declare (it would be missing in n8n)', async () => {
    const r = await build({ 'Fixture.node.ts': NODE('Fixture', "import leftPad from 'left-pad-not-declared';\nconsole.log(leftPad);") }, { nodes: ['Fixture.node.ts'] });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/Fixture\.node\.ts imports "left-pad-not-declared", which the repo's package\.json does not list/);
  });

  it('leaves out folders standing in for n8n’s own nodes, and says so when nothing is left', async () => {
    const r = await build({ 'Fixture.node.ts': NODE('Fixture') }, { nodes: ['Fixture.node.ts'] }, 'n8n-nodes-base');
    expect(r.ok).toBe(false);
    expect(r.message).toContain('declares gigaflow.typePrefix "n8n-nodes-gigafibre"');
  });

  it('refuses to empty an --out folder that holds another package', async () => {
    const foreign = join(temp, 'foreign');
    mkdirSync(join(foreign, 'dist'), { recursive: true });
    writeFileSync(join(foreign, 'package.json'), JSON.stringify({ name: 'something-else' }));
    writeFileSync(join(foreign, 'dist', 'keep.js'), '1');
    const r = await build({ 'Fixture.node.ts': NODE('Fixture') }, { nodes: ['Fixture.node.ts'] }, undefined, foreign);
    expect(r.ok).toBe(false);
    expect(r.message).toContain('holds another package');
    expect(readFileSync(join(foreign, 'dist', 'keep.js'), 'utf8')).toBe('1');
  });
});
