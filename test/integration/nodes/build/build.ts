// Runs `npm run build:nodes`' script as n8n users would get its output: a child process building
// into a temp folder, then the package's dependencies made resolvable beside it (what `npm install`
// in ~/.n8n/nodes does; here a link to the repo's node_modules, which holds the same versions).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const REPO = resolve(import.meta.dirname, '../../../..');
export const run = promisify(execFile);

export interface BuiltPackageJson {
  name: string;
  version: string;
  description: string;
  license: string;
  keywords: string[];
  main: string;
  files: string[];
  n8n: { n8nNodesApiVersion: number; nodes: string[]; credentials: string[] };
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}

export interface BuiltPackage {
  dir: string;
  pkg: BuiltPackageJson;
  buildMs: number;
  stdout: string;
  remove(): void;
}

export async function buildPackage(): Promise<BuiltPackage> {
  const dir = mkdtempSync(join(tmpdir(), 'n8n-nodes-gigafibre-'));
  const started = Date.now();
  const { stdout } = await run('npx', ['node', 'scripts/build-nodes.ts', '--out', dir], { cwd: REPO });
  const buildMs = Date.now() - started;
  const link = join(dir, 'node_modules');
  symlinkSync(join(REPO, 'node_modules'), link, 'dir');
  return {
    dir,
    pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as BuiltPackageJson,
    buildMs,
    stdout,
    remove() {
      // The link first, so removing the folder can never reach the repo's node_modules.
      unlinkSync(link);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface IntegrationFolder {
  folder: string;
  nodes: string[];
  credentials: string[];
}

/** What the package must contain, read from the repo's folders (independently of the build script). */
export function integrationFolders(): IntegrationFolder[] {
  const out: IntegrationFolder[] = [];
  for (const folder of readdirSync(join(REPO, 'nodes'))) {
    let pkg: { gigaflow?: { typePrefix?: string }; n8n?: { nodes?: string[]; credentials?: string[] } };
    try {
      pkg = JSON.parse(readFileSync(join(REPO, 'nodes', folder, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (pkg.gigaflow?.typePrefix === 'n8n-nodes-gigafibre') out.push({ folder, nodes: pkg.n8n?.nodes ?? [], credentials: pkg.n8n?.credentials ?? [] });
  }
  return out;
}
