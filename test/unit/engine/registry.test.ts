import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Registry, createRegistry } from '../../../host/engine/registry.ts';

const dir = mkdtempSync(join(tmpdir(), 'gigaflow-registry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A community package as n8n's starter builds it: CommonJS files listed in package.json "n8n". */
function writeCommunityPackage(root: string, name: string) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({
      name,
      version: '1.0.0',
      keywords: ['n8n-community-node-package'],
      n8n: { n8nNodesApiVersion: 1, nodes: ['dist/Acme.node.js'], credentials: ['dist/AcmeApi.credentials.js'] },
    }),
  );
  writeFileSync(
    join(root, 'dist/Acme.node.js'),
    `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
class Acme {
  constructor() {
    this.description = { displayName: 'Acme', name: 'acme', group: ['transform'], version: [1, 2], description: 'x',
      defaults: { name: 'Acme' }, inputs: ['main'], outputs: ['main'], properties: [] };
  }
  async execute() { return [this.getInputData().map((i) => ({ json: { ...i.json, acme: true } }))]; }
}
exports.Acme = Acme;
`,
  );
  writeFileSync(
    join(root, 'dist/AcmeApi.credentials.js'),
    `"use strict";
class AcmeApi { constructor() { this.name = 'acmeApi'; this.displayName = 'Acme API'; this.properties = [{ displayName: 'Key', name: 'key', type: 'string', default: '' }]; } }
exports.AcmeApi = AcmeApi;
`,
  );
}

describe('node registry', () => {
  it('loads the repository nodes under n8n type names', async () => {
    const registry = await createRegistry();
    expect(registry.get('n8n-nodes-base.set', 3.4)).toBeDefined();
    expect(registry.get('n8n-nodes-base.set', 1)).toBeUndefined();
    expect(registry.hasType('n8n-nodes-base.set')).toBe(true);
    expect(registry.get('n8n-nodes-base.webhook', 2)?.webhook).toBeTypeOf('function');
    expect(registry.credentialType('httpHeaderAuth')?.properties.map((p) => p.name)).toEqual(['name', 'value']);
    const names = registry.descriptions().map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.webhook', 'n8n-nodes-base.set', 'n8n-nodes-base.noOp']));
  });

  it('loads a community package folder the way n8n does (CommonJS, package.json "n8n" field)', async () => {
    const pkg = join(dir, 'n8n-nodes-acme');
    writeCommunityPackage(pkg, 'n8n-nodes-acme');
    const registry = new Registry();
    await registry.loadPath(pkg);
    expect(registry.get('n8n-nodes-acme.acme', 2)).toBeDefined();
    expect(registry.credentialType('acmeApi')?.displayName).toBe('Acme API');
  });

  it('loads an installed npm package by name', async () => {
    const project = join(dir, 'project');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    writeFileSync(join(project, 'package.json'), '{"name":"p"}');
    writeCommunityPackage(join(project, 'node_modules', '@acme/n8n-nodes-acme'), '@acme/n8n-nodes-acme');
    const registry = new Registry();
    await registry.loadPath('@acme/n8n-nodes-acme', project);
    expect(registry.get('@acme/n8n-nodes-acme.acme', 1)).toBeDefined();
  });

  it('names the file when a package lists something that is not a node', async () => {
    const pkg = join(dir, 'broken');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'n8n-nodes-broken', n8n: { nodes: ['x.js'] } }));
    writeFileSync(join(pkg, 'x.js'), 'exports.nothing = 42;');
    await expect(new Registry().loadPath(pkg)).rejects.toThrow(/x\.js exports no node type/);
  });
});
