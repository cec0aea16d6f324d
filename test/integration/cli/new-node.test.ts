// `gigaflow new-node`, run as a real process into a temporary root that mirrors the repository
// (symlinks to host/, node_modules/ and package.json), then the generated files checked for real:
// the generated test run by vitest in a child process, the files type-checked by tsc, the package
// loaded by the registry (French translations complete, credential test against the fake).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNodeTranslation } from '../../../host/engine/node-translations.ts';
import { Registry } from '../../../host/engine/registry.ts';
import { readTranslationFile } from '../../../host/engine/translation-files.ts';
import { credentialProblems, descriptionProblems } from '../../../host/kit/validate-description.ts';
import { testCredential } from '../../../host/runtime/credential-test.ts';

const REPO = join(import.meta.dirname, '../../..');
const BIN = join(REPO, 'host/cli/bin.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a Node script with this process's Node (24) and without the parent vitest's worker settings. */
function node(args: string[], cwd: string, timeout = 120_000): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_OPTIONS' && k !== 'TEST'));
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env, timeout, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const gigaflow = (root: string, ...args: string[]) => node([BIN, 'new-node', '--root', root, ...args], REPO);

/** Every path under a folder (dirs and files), relative, sorted: "nothing was written" means this did not change. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      out.push(relative(dir, path));
      if (entry.isDirectory() && !entry.isSymbolicLink()) walk(path);
    }
  };
  walk(dir);
  return out.sort();
}

/** A root the generated relative imports resolve in: ../../host/kit, vitest and n8n-workflow, "type": "module". */
function mirrorRepo(root: string, generated: string[]): void {
  for (const entry of ['host', 'node_modules', 'package.json']) symlinkSync(join(REPO, entry), join(root, entry));
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify({ extends: join(REPO, 'tsconfig.json'), include: generated, compilerOptions: { types: ['node'] } }, null, 2),
  );
  writeFileSync(
    join(root, 'vitest.config.ts'),
    "import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({ test: { include: ['test/**/*.test.ts'], pool: 'forks', testTimeout: 20_000 } });\n",
  );
}

const tempRoots: string[] = [];
function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'gigaflow-new-node-'));
  tempRoots.push(root);
  return root;
}
afterAll(() => {
  for (const root of tempRoots) rmSync(root, { recursive: true, force: true });
});

const EXPECTED_FILES = [
  'nodes/acme-crm/AcmeCrm.node.ts',
  'nodes/acme-crm/README.md',
  'nodes/acme-crm/credentials/GigafibreAcmeCrmApi.credentials.ts',
  'nodes/acme-crm/package.json',
  'nodes/acme-crm/translations/fr.json',
  'test/fakes/acme-crm/index.ts',
  'test/integration/nodes/acme-crm/acme-crm.test.ts',
];

describe('gigaflow new-node: the generated node', () => {
  let root: string;
  let created: Run;

  beforeAll(async () => {
    root = tempRoot();
    created = await gigaflow(root, 'acme-crm', '--display-name', 'Acme CRM');
    mirrorRepo(root, EXPECTED_FILES);
  });

  it('writes the node package, its fake and its test, and lists them', () => {
    expect(created.stderr).toContain('npx vitest run test/integration/nodes/acme-crm/acme-crm.test.ts');
    expect(created.code).toBe(0);
    expect(created.stdout.trim().split('\n')).toEqual(EXPECTED_FILES);
    for (const file of EXPECTED_FILES) expect(statSync(join(root, file)).isFile(), file).toBe(true);
    expect(readdirSync(root).filter((e) => e.startsWith('.'))).toEqual([]); // no staging folder left
    const pkg = JSON.parse(readFileSync(join(root, 'nodes/acme-crm/package.json'), 'utf8'));
    expect(pkg.gigaflow).toEqual({ typePrefix: 'n8n-nodes-gigafibre' });
    expect(pkg.n8n).toEqual({ n8nNodesApiVersion: 1, credentials: ['credentials/GigafibreAcmeCrmApi.credentials.ts'], nodes: ['AcmeCrm.node.ts'] });
    const readme = readFileSync(join(root, 'nodes/acme-crm/README.md'), 'utf8');
    expect(readme).toContain('npx vitest run test/integration/nodes/acme-crm');
    expect(readme).toContain('## What to edit next');
    // No placeholder left anywhere.
    for (const file of EXPECTED_FILES) expect(readFileSync(join(root, file), 'utf8'), file).not.toMatch(/__[A-Z][A-Z_]*__/);
  });

  it('its test passes as generated (vitest in a child process)', async () => {
    const report = join(root, 'vitest-report.json');
    const res = await node(
      [join(REPO, 'node_modules/vitest/vitest.mjs'), 'run', 'test/integration/nodes/acme-crm', '--root', root, '--reporter=json', `--outputFile=${report}`],
      root,
    );
    expect(res.code, `${res.stdout}\n${res.stderr}`).toBe(0);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json.testResults.map((f: { name: string }) => relative(root, f.name))).toEqual(['test/integration/nodes/acme-crm/acme-crm.test.ts']);
    expect({ passed: json.numPassedTests, failed: json.numFailedTests, skipped: json.numPendingTests + json.numTodoTests }).toEqual({ passed: 4, failed: 0, skipped: 0 });
  }, 180_000);

  it('its files type-check (tsc with the repository settings)', async () => {
    const res = await node([join(REPO, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', join(root, 'tsconfig.json')], root);
    expect(`${res.stdout}${res.stderr}`).toBe('');
    expect(res.code).toBe(0);
  }, 180_000);

  it('its package loads with complete French texts and a credential test that works against the fake', async () => {
    const registry = new Registry();
    registry.warn = (m) => expect.fail(m);
    await registry.loadPackage(join(root, 'nodes/acme-crm'));
    expect(registry.loadProblems).toEqual([]);
    const [description] = registry.descriptions();
    expect(description).toMatchObject({ name: 'n8n-nodes-gigafibre.acmeCrm', displayName: 'Acme CRM' });
    expect(descriptionProblems(description, { file: 'AcmeCrm.node.ts' })).toEqual([]);
    expect(credentialProblems(registry.credentialType('gigafibreAcmeCrmApi'), { file: 'GigafibreAcmeCrmApi.credentials.ts' })).toEqual([]);
    const source = registry.nodeSource('n8n-nodes-gigafibre.acmeCrm')!;
    const fr = await readTranslationFile(join(source.translationsDir!, 'fr.json'));
    const credentialType = (name: string) => registry.credentialType(name);
    expect(checkNodeTranslation({ ...description, name: source.shortName }, fr[source.shortName], credentialType)).toEqual({ missing: [], stale: [], invalid: [] });

    const { startFakeAcmeCrm } = await import(pathToFileURL(join(root, 'test/fakes/acme-crm/index.ts')).href);
    const fake = await startFakeAcmeCrm();
    try {
      const credential = (apiKey: string) => ({ id: 'c1', name: 'Acme', type: 'gigafibreAcmeCrmApi', data: { baseUrl: fake.url, apiKey } });
      expect(await testCredential({ registry }, credential(fake.apiKey))).toMatchObject({ status: 'OK' });
      const refused = await testCredential({ registry }, credential('wrong-key'));
      expect(refused.status).toBe('Error');
      expect(refused.message).toContain('401');
      expect(refused.message).not.toContain('wrong-key');
      expect(fake.requests.map((r: { path: string; apiKey?: string }) => [r.path, r.apiKey])).toEqual([
        ['/items', fake.apiKey],
        ['/items', 'wrong-key'],
      ]);
    } finally {
      await fake.close();
    }
  });
});

describe('gigaflow new-node: refusals write nothing', () => {
  it('refuses a name whose node folder exists, naming the path', async () => {
    const root = tempRoot();
    expect((await gigaflow(root, 'acme-crm')).code).toBe(0);
    writeFileSync(join(root, 'nodes/acme-crm/README.md'), 'edited by hand');
    const before = tree(root);
    const res = await gigaflow(root, 'acme-crm', '--display-name', 'Other');
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe(`gigaflow new-node: nodes/acme-crm already exists in ${root}; nothing was written (choose another <name> or remove it)`);
    expect(tree(root)).toEqual(before);
    expect(readFileSync(join(root, 'nodes/acme-crm/README.md'), 'utf8')).toBe('edited by hand');
  });

  it('refuses when only the fake or the test folder exists', async () => {
    for (const existing of ['test/fakes/beta-app', 'test/integration/nodes/beta-app']) {
      const root = tempRoot();
      mkdirSync(join(root, existing), { recursive: true });
      const before = tree(root);
      const res = await gigaflow(root, 'beta-app');
      expect(res.code).toBe(2);
      expect(res.stderr.trim()).toBe(`gigaflow new-node: ${existing} already exists in ${root}; nothing was written (choose another <name> or remove it)`);
      expect(tree(root)).toEqual(before);
    }
  });

  it('refuses a name whose node file would clash with another package\'s', async () => {
    const root = tempRoot();
    mkdirSync(join(root, 'nodes/betaapp'), { recursive: true });
    writeFileSync(join(root, 'nodes/betaapp/BetaApp.node.ts'), '');
    const before = tree(root);
    const res = await gigaflow(root, 'beta-app');
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe(
      `gigaflow new-node: nodes/betaapp/BetaApp.node.ts already exists in ${root}: a second file of that name would clash in the n8n-nodes-gigafibre package; nothing was written (choose another <name>)`,
    );
    expect(tree(root)).toEqual(before);
  });

  it.each(['AcmeCrm', 'acme_crm', 'a', '1acme', '-acme', 'acme-', 'acme--crm', 'acme crm', `a${'b'.repeat(41)}`])('refuses the bad name %j', async (bad) => {
    const root = tempRoot();
    const res = await gigaflow(root, '--', bad); // `--`: a name starting with '-' reaches the check
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe(
      `gigaflow new-node: invalid <name> "${bad}": use kebab-case, 2 to 41 characters: a lowercase letter, then lowercase letters, digits and single hyphens (e.g. acme-crm)`,
    );
    expect(tree(root)).toEqual([]);
  });

  it('refuses a display name that would break the generated code, and a missing root, naming the option', async () => {
    const root = tempRoot();
    const quote = await gigaflow(root, 'acme-crm', '--display-name', "Acme's CRM");
    expect(quote.code).toBe(2);
    expect(quote.stderr.trim()).toBe(
      `gigaflow new-node: invalid --display-name "Acme's CRM": use 1 to 60 letters, digits, spaces and . & ( ) + / - (starting with a letter or digit, no quotes)`,
    );
    expect(tree(root)).toEqual([]);
    const missing = await gigaflow(join(root, 'nope'), 'acme-crm');
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(`gigaflow new-node: --root ${join(root, 'nope')} is not a directory`);
    expect(existsSync(join(root, 'nope'))).toBe(false);
  });

  it('needs exactly one name and documents itself', async () => {
    const none = await node([BIN, 'new-node'], REPO);
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toBe('gigaflow new-node: new-node takes exactly one <name> (kebab-case, e.g. acme-crm)');
    const help = await node([BIN, 'new-node', '--help'], REPO);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: gigaflow new-node <name> [--display-name TEXT] [--root DIR]');
    expect((await node([BIN, '--help'], REPO)).stdout).toContain('new-node');
  });
});
