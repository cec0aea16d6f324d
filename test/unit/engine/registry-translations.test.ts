// The registry finds translations/<locale>.json beside each node file (or in a parent folder inside
// the package, for grouped and versioned layouts), keeps them per locale, and rejects bad files
// with a message naming the file while the nodes still load.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Registry, createRegistry } from '../../../host/engine/registry.ts';

const root = mkdtempSync(join(tmpdir(), 'gigaflow-translations-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, content: string) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

const nodeFile = (cls: string, name: string, credential?: string) => `"use strict";
class ${cls} { constructor() { this.description = { displayName: '${cls}', name: '${name}', group: ['transform'], version: 1, description: 'English',
  defaults: { name: '${cls}' }, inputs: ['main'], outputs: ['main'], ${credential ? `credentials: [{ name: '${credential}' }],` : ''}
  properties: [{ displayName: 'Mode', name: 'mode', type: 'options', default: 'a', options: [{ name: 'Alpha', value: 'a' }] }] }; } }
exports.${cls} = ${cls};
`;

/** A package: Alpha and Beta share a package-level translations folder; Gamma sits in v2/ of a node folder holding its own. */
function writePackage(dir: string, frFiles: Record<string, string>) {
  write(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'n8n-nodes-demo', n8n: { nodes: ['Alpha.node.js', 'Beta.node.js', 'gamma/v2/Gamma.node.js'], credentials: ['DemoApi.credentials.js'] } }),
  );
  write(join(dir, 'Alpha.node.js'), nodeFile('Alpha', 'alpha', 'demoApi'));
  write(join(dir, 'Beta.node.js'), nodeFile('Beta', 'beta', 'demoApi'));
  write(join(dir, 'gamma/v2/Gamma.node.js'), nodeFile('Gamma', 'gamma'));
  write(
    join(dir, 'DemoApi.credentials.js'),
    `"use strict"; class DemoApi { constructor() { this.name = 'demoApi'; this.displayName = 'Demo'; this.properties = [{ displayName: 'Key', name: 'key', type: 'string', default: '' }]; } } exports.DemoApi = DemoApi;`,
  );
  for (const [rel, content] of Object.entries(frFiles)) write(join(dir, rel), content);
}

describe('registry node translations', () => {
  it('finds package-level and versioned-folder translation files and keys them by full type name', async () => {
    const dir = join(root, 'ok');
    writePackage(dir, {
      'translations/fr.json': JSON.stringify({
        alpha: { header: { displayName: 'Alpha FR' }, credentialsModal: { demoApi: { key: { displayName: 'Clé' } } } },
        beta: { nodeView: { mode: { options: { a: { displayName: 'Alpha (fr)' } } } }, credentialsModal: { demoApi: { key: { displayName: 'Autre', description: 'La clé' } } } },
      }),
      'gamma/translations/fr.json': JSON.stringify({ gamma: { header: { displayName: 'Gamma FR' } } }),
    });
    const registry = new Registry();
    await registry.loadPackage(dir);
    expect(registry.nodeSource('n8n-nodes-demo.gamma')?.translationsDir).toBe(join(dir, 'gamma/translations'));
    expect(registry.nodeSource('n8n-nodes-demo.alpha')?.translationsDir).toBe(join(dir, 'translations'));
    const fr = registry.nodeTranslations('fr');
    expect(Object.keys(fr).sort()).toEqual(['n8n-nodes-demo.alpha', 'n8n-nodes-demo.beta', 'n8n-nodes-demo.gamma']);
    expect(fr['n8n-nodes-demo.gamma'].header?.displayName).toBe('Gamma FR');
    // The first node's text wins; later nodes fill what it lacks.
    expect(registry.credentialTranslations('fr')).toEqual({ demoApi: { key: { displayName: 'Clé', description: 'La clé' } } });
    expect(registry.nodeTranslations('de')).toEqual({});
    expect(registry.translationProblems).toEqual([]);
  });

  it('rejects an invalid JSON file naming it, and still loads the nodes (and other files)', async () => {
    const dir = join(root, 'bad');
    writePackage(dir, { 'translations/fr.json': '{ "alpha": { "header": ', 'gamma/translations/fr.json': JSON.stringify({ gamma: { header: { displayName: 'Gamma FR' } } }) });
    const warnings: string[] = [];
    const registry = new Registry();
    registry.warn = (m) => warnings.push(m);
    await registry.loadPackage(dir);
    expect(registry.hasType('n8n-nodes-demo.alpha')).toBe(true);
    expect(registry.hasType('n8n-nodes-demo.beta')).toBe(true);
    // One problem for the file shared by alpha and beta, reported once.
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(join(dir, 'translations/fr.json'));
    expect(warnings[0]).toMatch(/not valid JSON/);
    expect(registry.translationProblems).toEqual(warnings);
    expect(Object.keys(registry.nodeTranslations('fr'))).toEqual(['n8n-nodes-demo.gamma']);
  });

  it('rejects a file of the wrong shape, naming the file and the key', async () => {
    const dir = join(root, 'shape');
    writePackage(dir, { 'translations/fr.json': JSON.stringify({ alpha: { header: { displayName: 42 } } }) });
    const registry = new Registry();
    registry.warn = () => {};
    await registry.loadPackage(dir);
    expect(registry.translationProblems).toEqual([`Node translation file ${join(dir, 'translations/fr.json')} is invalid: "alpha.header.displayName" must be a non-empty string or an object`]);
  });

  it('the repository nodes load their French files', async () => {
    const registry = await createRegistry([], () => {});
    expect(registry.translationProblems).toEqual([]);
    expect(registry.nodeSource('n8n-nodes-base.set')?.translationsDir).toMatch(/nodes\/core\/set\/translations$/);
    expect(registry.nodeSource('n8n-nodes-gigafibre.erpNextTrigger')?.translationsDir).toMatch(/nodes\/erpnext\/translations$/);
    expect(registry.nodeTranslations('fr')['n8n-nodes-base.set']?.header?.displayName).toBe('Modifier les champs (Set)');
  });
});
