// npm run build:nodes [-- --out DIR] [--nodes DIR]: builds the publishable n8n community package
// n8n-nodes-gigafibre from the integration folders under nodes/ (docs/publishing-nodes.md).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleFile } from './build-nodes/bundle.ts';
import { copyDataFiles } from './build-nodes/assets.ts';
import { discoverPackages, PACKAGE_PREFIX } from './build-nodes/discover.ts';
import { indexJs, packageJson, readme } from './build-nodes/manifest.ts';
import type { RepoPackageJson } from './build-nodes/manifest.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..');

/** `nodesRoot` is the repo's nodes/ unless a test builds fixture folders; versions always come from the repo's package.json. */
export async function buildNodesPackage(outRoot: string, nodesRoot = join(REPO_ROOT, 'nodes')): Promise<{ packageJsonPath: string; files: number }> {
  const packages = discoverPackages(nodesRoot);
  if (!packages.length) throw new Error(`no folder under ${nodesRoot} declares gigaflow.typePrefix "n8n-nodes-gigafibre"`);
  const repo = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as RepoPackageJson;
  refuseForeignFolder(outRoot);
  // A stale file from an earlier build would ship; start from an empty dist/.
  rmSync(join(outRoot, 'dist'), { recursive: true, force: true });
  mkdirSync(outRoot, { recursive: true });

  const files = packages.flatMap((p) => p.files);
  const bundles = await Promise.all(files.map((file) => bundleFile(file, { repoRoot: REPO_ROOT, outRoot })));
  for (const p of packages) copyDataFiles(p.dir, join(outRoot, 'dist', 'nodes', p.folder));
  // Modules outside the node folders (host/) that read files beside themselves.
  const nodeDirs = new Set(packages.map((p) => p.dir));
  for (const dir of new Set(bundles.flatMap((b) => b.mirroredDirs)))
    if (![...nodeDirs].some((d) => dir === d || dir.startsWith(d + '/'))) copyDataFiles(dir, join(outRoot, 'dist', relative(REPO_ROOT, dir)));

  const pkg = packageJson(bundles, repo);
  writeFileSync(join(outRoot, 'dist', 'index.js'), indexJs(pkg));
  writeFileSync(join(outRoot, 'README.md'), readme(packages, bundles, pkg));
  const packageJsonPath = join(outRoot, 'package.json');
  writeFileSync(packageJsonPath, `${JSON.stringify(pkg, null, 2)}\n`);
  return { packageJsonPath, files: files.length };
}

/** The build empties <out>/dist: never do that to a folder holding some other package (e.g. --out .). */
function refuseForeignFolder(outRoot: string): void {
  const existing = join(outRoot, 'package.json');
  if (!existsSync(existing)) return;
  const name = (JSON.parse(readFileSync(existing, 'utf8')) as { name?: string }).name;
  if (name !== PACKAGE_PREFIX) throw new Error(`--out ${outRoot} holds another package (${existing} is "${name}"); choose an empty folder or an earlier build's`);
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist/n8n-nodes-gigafibre' }, nodes: { type: 'string' } } });
  const outRoot = resolve(process.cwd(), values.out!);
  const started = Date.now();
  const { packageJsonPath, files } = await buildNodesPackage(outRoot, values.nodes ? resolve(process.cwd(), values.nodes) : undefined);
  console.log(`built ${files} node and credential files into ${outRoot} (${packageJsonPath}) in ${Date.now() - started} ms`);
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  main().catch((err: Error) => {
    console.error(`build:nodes failed: ${err.message}`);
    process.exit(1);
  });
}
