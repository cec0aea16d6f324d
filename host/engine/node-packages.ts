// Finds node package folders the way n8n finds community packages: npm packages named
// `n8n-nodes-*` / `@scope/n8n-nodes-*` (or with the keyword `n8n-community-node-package`) that
// have an `n8n` field, installed in `<data dir>/nodes/node_modules` (n8n's ~/.n8n/nodes layout),
// plus every entry of GIGAFLOW_NODES_PATH: a package folder, a folder of packages, or a package name.
import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import type { PackageJson } from './package-read.ts';

const COMMUNITY_NAME = /^(@[^/]+\/)?n8n-nodes-/;
const COMMUNITY_KEYWORD = 'n8n-community-node-package';

export interface DiscoveredPackages {
  /** Package folders to load, in order. */
  dirs: string[];
  /** Entries that point at nothing loadable; each names the entry. */
  problems: string[];
}

export function isCommunityPackage(pkg: PackageJson): boolean {
  const named = typeof pkg.name === 'string' && COMMUNITY_NAME.test(pkg.name);
  const tagged = Array.isArray(pkg.keywords) && pkg.keywords.includes(COMMUNITY_KEYWORD);
  return (named || tagged) && !!pkg.n8n;
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

async function packageJsonOf(dir: string): Promise<PackageJson | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

/** Package folders directly in `root`, and one level down in `@scope` folders. */
async function packageDirsIn(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(root)).sort()) {
    const dir = join(root, entry);
    if (entry.startsWith('.') || !(await isDir(dir))) continue;
    if (entry.startsWith('@')) {
      for (const inner of (await readdir(dir)).sort()) if (await isDir(join(dir, inner))) out.push(join(dir, inner));
    } else out.push(dir);
  }
  return out;
}

/**
 * Community packages installed in a node_modules folder. Everything else there (n8n-workflow and
 * the packages' own dependencies) is skipped without a word, as n8n does.
 */
export async function communityPackagesIn(nodeModules: string): Promise<string[]> {
  if (!(await isDir(nodeModules))) return [];
  const out: string[] = [];
  for (const dir of await packageDirsIn(nodeModules)) {
    const pkg = await packageJsonOf(dir);
    if (pkg && isCommunityPackage(pkg)) out.push(dir);
  }
  return out;
}

/** Where n8n installs community packages: `<data dir>/nodes/node_modules`. */
export function installedPackagesFolder(dataDir: string): string {
  return join(dataDir, 'nodes', 'node_modules');
}

/**
 * One GIGAFLOW_NODES_PATH entry: a package folder; a folder of packages (a node_modules folder keeps
 * only community packages, any other folder every sub-folder with a package.json, so a package
 * without an `n8n` field there is reported rather than ignored); or an installed package name.
 */
export async function packagesOfPathEntry(spec: string, resolveFrom: string[]): Promise<string[]> {
  if (await packageJsonOf(spec)) return [resolve(spec)];
  if (await isDir(spec)) {
    if (basename(spec) === 'node_modules') return communityPackagesIn(resolve(spec));
    const dirs: string[] = [];
    for (const dir of await packageDirsIn(resolve(spec))) if (await packageJsonOf(dir)) dirs.push(dir);
    return dirs;
  }
  for (const from of resolveFrom) {
    try {
      return [dirname(createRequire(join(from, 'package.json')).resolve(`${spec}/package.json`))];
    } catch {
      // not installed there; try the next place
    }
  }
  throw new Error(`GIGAFLOW_NODES_PATH entry "${spec}" is neither a folder nor an installed npm package (looked in ${resolveFrom.join(', ')})`);
}

/** Every package folder to load besides the repository's nodes/, duplicates dropped (first wins). */
export async function discoverNodePackages(opts: { dataDir?: string; nodesPath?: string[]; cwd?: string }): Promise<DiscoveredPackages> {
  const dirs: string[] = [];
  const problems: string[] = [];
  const resolveFrom = [opts.cwd ?? process.cwd(), ...(opts.dataDir ? [join(opts.dataDir, 'nodes')] : [])];
  if (opts.dataDir) dirs.push(...(await communityPackagesIn(installedPackagesFolder(opts.dataDir))));
  for (const spec of opts.nodesPath ?? []) {
    try {
      dirs.push(...(await packagesOfPathEntry(spec, resolveFrom)));
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return { dirs: [...new Set(dirs)], problems };
}
