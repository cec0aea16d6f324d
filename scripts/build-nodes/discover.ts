// Finds what goes into the published package: every folder under nodes/ whose package.json
// declares our type prefix (nodes/core and nodes/stripe stand in for n8n's own nodes, so they
// stay out), with the node and credential files its `n8n` field lists.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

export const PACKAGE_PREFIX = 'n8n-nodes-gigafibre';

export interface SourceFile {
  kind: 'node' | 'credential';
  /** Absolute path of the .ts source. */
  src: string;
  /** Path inside the built package, e.g. dist/nodes/olt-snmp/OltSnmp.node.js. */
  out: string;
  /** The export n8n's loader takes: the file's base name without .node.ts / .credentials.ts. */
  className: string;
}

export interface SourcePackage {
  /** Folder name under nodes/, kept as the folder under dist/nodes/. */
  folder: string;
  dir: string;
  description: string;
  files: SourceFile[];
}

interface FolderPackageJson {
  description?: string;
  gigaflow?: { typePrefix?: string };
  n8n?: { nodes?: string[]; credentials?: string[] };
}

const SUFFIX = { node: '.node.ts', credential: '.credentials.ts' } as const;

function sourceFile(kind: SourceFile['kind'], pkgDir: string, folder: string, rel: string, pkgPath: string): SourceFile {
  const src = join(pkgDir, rel);
  if (!rel.endsWith(SUFFIX[kind])) throw new Error(`${pkgPath}: n8n.${kind === 'node' ? 'nodes' : 'credentials'} entry "${rel}" must end with ${SUFFIX[kind]}`);
  if (!existsSync(src)) throw new Error(`${pkgPath}: n8n.${kind === 'node' ? 'nodes' : 'credentials'} lists "${rel}", which does not exist`);
  const className = basename(rel, SUFFIX[kind]);
  // Nodes keep their place inside their folder; credentials share one flat folder, as in n8n packages.
  const out = kind === 'node' ? `dist/nodes/${folder}/${rel.replace(/\.ts$/, '.js')}` : `dist/credentials/${className}.credentials.js`;
  return { kind, src, out, className };
}

/** The repo's integration packages, sorted by folder; throws naming the package.json at fault. */
export function discoverPackages(nodesRoot: string): SourcePackage[] {
  const packages: SourcePackage[] = [];
  for (const folder of readdirSync(nodesRoot).sort()) {
    const dir = join(nodesRoot, folder);
    const pkgPath = join(dir, 'package.json');
    if (!statSync(dir).isDirectory() || !existsSync(pkgPath)) continue;
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as FolderPackageJson;
    if (pkg.gigaflow?.typePrefix !== PACKAGE_PREFIX) continue;
    if (!pkg.n8n) throw new Error(`${pkgPath} has no "n8n" field listing nodes and credentials`);
    const files = [
      ...(pkg.n8n.nodes ?? []).map((rel) => sourceFile('node', dir, folder, rel, pkgPath)),
      ...(pkg.n8n.credentials ?? []).map((rel) => sourceFile('credential', dir, folder, rel, pkgPath)),
    ];
    packages.push({ folder, dir, description: pkg.description ?? '', files });
  }
  const seen = new Map<string, string>();
  for (const file of packages.flatMap((p) => p.files)) {
    const before = seen.get(file.out);
    if (before) throw new Error(`${relative(nodesRoot, file.src)} and ${relative(nodesRoot, before)} would both build to ${file.out}`);
    seen.set(file.out, file.src);
  }
  return packages;
}
