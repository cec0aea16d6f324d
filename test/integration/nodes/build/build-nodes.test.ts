// `npm run build:nodes` produces the n8n community package n8n-nodes-gigafibre: every integration
// folder's nodes and credentials as CommonJS files that n8n's loader can take (require the file,
// `new` the export named after it), descriptions of the shape n8n's editor reads, a package.json
// n8n recognises, and no file reaching outside the package for anything but its dependencies.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { basename, join } from 'node:path';
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage, integrationFolders, REPO, run } from './build.ts';
import type { BuiltPackage } from './build.ts';
import type { LoadReport } from './load-like-n8n.ts';

const LOADER = join(import.meta.dirname, 'load-like-n8n.ts');
const repoPkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

let built: BuiltPackage;
let report: LoadReport;
beforeAll(async () => {
  built = await buildPackage();
  // A fresh process, as n8n is: nothing of this test's module graph is shared with the loaded files.
  const { stdout } = await run('npx', ['node', LOADER, built.dir], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 });
  report = JSON.parse(stdout) as LoadReport;
}, 120_000);
afterAll(() => built?.remove());

const instances = (kind: 'node' | 'credential') => report.loaded.filter((l) => l.kind === kind);
const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

describe('npm run build:nodes', () => {
  it('builds within the time budget', () => {
    expect(built.buildMs).toBeLessThan(30_000);
    expect(built.stdout).toMatch(/built \d+ node and credential files/);
  });

  it('lists every node and credential of every integration folder under n8n’s layout, and nothing of nodes/core', () => {
    const folders = integrationFolders();
    expect(folders.map((f) => f.folder)).toEqual(expect.arrayContaining(['diagnostics', 'erpnext', 'genieacs', 'olt-snmp', 'twilio']));
    const nodes = folders.flatMap((f) => f.nodes.map((n) => `dist/nodes/${f.folder}/${n.replace(/\.ts$/, '.js')}`));
    const credentials = folders.flatMap((f) => f.credentials.map((c) => `dist/credentials/${basename(c, '.ts')}.js`));
    expect([...built.pkg.n8n.nodes].sort()).toEqual(nodes.sort());
    expect([...built.pkg.n8n.credentials].sort()).toEqual(credentials.sort());
    for (const file of [...built.pkg.n8n.nodes, ...built.pkg.n8n.credentials]) expect(existsSync(join(built.dir, file)), file).toBe(true);
    expect(built.pkg.n8n.nodes.join(' ')).not.toMatch(/ManualTrigger|HttpRequest|StripeTrigger/);
  });

  it('writes a package.json n8n recognises as a community package', () => {
    const { pkg } = built;
    expect(pkg.name).toBe('n8n-nodes-gigafibre');
    expect(pkg.version).toBe(repoPkg.version);
    expect(pkg.description.length).toBeGreaterThan(20);
    expect(pkg.license).toBeTruthy();
    expect(pkg.keywords).toContain('n8n-community-node-package');
    expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
    expect(pkg.peerDependencies).toHaveProperty('n8n-workflow');
    expect(pkg.dependencies).not.toHaveProperty('n8n-workflow');
    for (const [name, version] of Object.entries(pkg.dependencies)) expect(version, name).toBe(repoPkg.dependencies[name] ?? repoPkg.devDependencies[name]);
    expect(pkg.dependencies).toMatchObject({ 'net-snmp': repoPkg.dependencies['net-snmp'], twilio: repoPkg.dependencies.twilio });
    expect(existsSync(join(built.dir, pkg.main))).toBe(true);
    expect(pkg.files).toContain('dist');
    expect(JSON.parse(readFileSync(join(built.dir, 'package.json'), 'utf8'))).not.toHaveProperty('type'); // .js files are CommonJS
    const readme = readFileSync(join(built.dir, 'README.md'), 'utf8');
    for (const l of report.loaded) expect(readme, l.className).toContain(`\`${l.className}\``);
  });

  it('every listed file loads the way n8n loads it: require, take the export named after the file, new', () => {
    expect(report.loaded).toHaveLength(built.pkg.n8n.nodes.length + built.pkg.n8n.credentials.length);
    for (const l of report.loaded) {
      expect(l.error, l.file).toBeUndefined();
      expect(l.exportNames, l.file).toContain(l.className);
      expect(l.instance, l.file).toBeTruthy();
    }
  });

  it('node descriptions have the shape n8n’s editor reads, and reference only the package’s credentials', () => {
    const credentialNames = new Set(instances('credential').map((c) => c.instance!.name as string));
    const typeNames = new Set<string>();
    for (const node of instances('node')) {
      const d = node.instance!.description as Record<string, unknown>;
      const at = node.file;
      for (const key of ['displayName', 'name', 'description']) expect(typeof d[key] === 'string' && d[key] !== '', `${at} ${key}`).toBe(true);
      expect(Array.isArray(d.group) && d.group.length > 0, `${at} group`).toBe(true);
      const versions = [d.version].flat();
      expect(versions.length > 0 && versions.every((v) => typeof v === 'number'), `${at} version`).toBe(true);
      expect(typeof (d.defaults as { name?: unknown })?.name, `${at} defaults.name`).toBe('string');
      expect(Array.isArray(d.inputs), `${at} inputs`).toBe(true);
      expect(Array.isArray(d.outputs) && (d.outputs as unknown[]).length > 0, `${at} outputs`).toBe(true);
      expect(Array.isArray(d.properties), `${at} properties`).toBe(true);
      for (const p of d.properties as INodeProperties[]) {
        expect(typeof p.name === 'string' && p.name !== '', `${at} property ${JSON.stringify(p).slice(0, 80)}`).toBe(true);
        expect(typeof p.type, `${at} ${p.name}.type`).toBe('string');
        expect(typeof p.displayName, `${at} ${p.name}.displayName`).toBe('string');
        expect(p, `${at} ${p.name}.default`).toHaveProperty('default');
      }
      for (const c of (d.credentials ?? []) as { name: string }[]) expect(credentialNames.has(c.name), `${at} credential ${c.name}`).toBe(true);
      expect(typeNames.has(d.name as string), `${at} duplicate name ${d.name}`).toBe(false);
      typeNames.add(d.name as string);
    }
  });

  it('credential types have name, displayName and properties of the shape n8n reads', () => {
    const names = instances('credential').map((c) => c.instance!.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of instances('credential')) {
      const cred = c.instance!;
      expect(typeof cred.name === 'string' && cred.name !== '', `${c.file} name`).toBe(true);
      expect(typeof cred.displayName === 'string' && cred.displayName !== '', `${c.file} displayName`).toBe(true);
      expect(Array.isArray(cred.properties) && (cred.properties as unknown[]).length > 0, `${c.file} properties`).toBe(true);
      for (const p of cred.properties as INodeProperties[]) {
        expect(typeof p.name, `${c.file} property`).toBe('string');
        expect(typeof p.type, `${c.file} ${p.name}.type`).toBe('string');
        expect(typeof p.displayName, `${c.file} ${p.name}.displayName`).toBe('string');
        expect(p, `${c.file} ${p.name}.default`).toHaveProperty('default');
      }
    }
  });

  it('the package’s files require nothing but their own files, node: builtins and declared dependencies', () => {
    const declared = new Set([...Object.keys(built.pkg.dependencies), ...Object.keys(built.pkg.peerDependencies)]);
    const fromFiles = report.resolutions.filter((r) => r.from !== 'package.json');
    // The bundles do require() their dependencies (else this check would prove nothing).
    expect(fromFiles.map((r) => r.specifier)).toEqual(expect.arrayContaining(['net-snmp', 'twilio']));
    const outside = fromFiles.filter((r) => {
      if (isBuiltin(r.specifier)) return false;
      if (r.specifier.startsWith('.') || r.specifier.startsWith('/')) return r.to.startsWith('/') || r.to.startsWith('..');
      return !declared.has(packageName(r.specifier));
    });
    expect(outside).toEqual([]);
    // No bundle carries a path of the machine it was built on.
    const bundles = [...built.pkg.n8n.nodes, ...built.pkg.n8n.credentials].map((f) => readFileSync(join(built.dir, f), 'utf8'));
    for (const code of bundles) expect(code).not.toContain(REPO);
  });

  it('data files the nodes read at run time ship and resolve from the CommonJS bundle (ERPNext catalogs)', async () => {
    const erpNextFile = built.pkg.n8n.nodes.find((f) => f.endsWith('/ErpNext.node.js'));
    expect(erpNextFile).toBeDefined();
    const { ErpNext } = createRequire(join(built.dir, 'package.json'))(join(built.dir, erpNextFile!)) as Record<string, new () => { methods: { loadOptions: Record<string, (this: unknown) => Promise<INodePropertyOptions[]>> } }>;
    // Without a credential the doctype dropdown comes from the shipped catalogs, read via import.meta.url in the source.
    const context = { getNode: () => ({ credentials: {} }) };
    const doctypes = await new ErpNext().methods.loadOptions.getDocTypes.call(context);
    const catalogDir = join(REPO, 'nodes/erpnext/catalogs');
    const expected = readdirSync(catalogDir)
      .map((f) => JSON.parse(readFileSync(join(catalogDir, f), 'utf8')) as { doctype: string; istable?: number })
      .filter((c) => !c.istable)
      .map((c) => c.doctype);
    expect(doctypes.map((d) => d.value).sort()).toEqual(expected.sort());
    expect(existsSync(join(built.dir, 'dist/nodes/erpnext/catalogs'))).toBe(true);
    expect(existsSync(join(built.dir, 'dist/nodes/diagnostics/diagnostic.schema.json'))).toBe(true);
  });
});
