// Reads one node package folder into memory without registering anything: every listed file is
// imported and its description checked, so the registry can take the package whole or reject it
// whole (at start, and when --watch-nodes reloads it) and never serve half a package.
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';
import { credentialProblems, descriptionProblems } from '../kit/validate-description.ts';

export type LoadedType = INodeType | IVersionedNodeType;

export interface PackageJson {
  name?: string;
  keywords?: string[];
  n8n?: { nodes?: string[]; credentials?: string[] };
  /** Our folders declare the type prefix n8n uses for the nodes they stand in for (e.g. n8n-nodes-base). */
  gigaflow?: { typePrefix?: string };
}

export interface StagedNode {
  fullName: string;
  shortName: string;
  type: LoadedType;
  file: string;
}

export interface StagedPackage {
  dir: string;
  /** The package name, or the folder when it has none. */
  label: string;
  credentials: Array<{ type: ICredentialType; file: string }>;
  nodes: StagedNode[];
}

/** A package that cannot be loaded; `problems` each name the file and field at fault. */
export class PackageRejectedError extends Error {
  override name = 'PackageRejectedError';
  readonly problems: string[];
  constructor(label: string, problems: string[]) {
    super(`Node package ${label} rejected: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

export function isVersioned(t: LoadedType): t is IVersionedNodeType {
  return 'nodeVersions' in t;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object';
// Loose on purpose: a node whose description lacks a name is still a node, and gets the validator's message.
const looksLikeNode = (v: unknown): v is LoadedType => isObject(v) && (isObject(v.nodeVersions) || isObject(v.description));
const looksLikeCredential = (v: unknown): v is ICredentialType => isObject(v) && !('description' in v) && ('properties' in v || typeof v.name === 'string');

/**
 * The export n8n would take (`new exports[<file name>]()`, e.g. `Acme` from `Acme.node.js`) or else the
 * first export that is (or constructs) a node/credential. Constructor errors are returned to be reported.
 */
function pickExport<T>(mod: Record<string, unknown>, file: string, isIt: (v: unknown) => v is T): { value?: T; errors: string[] } {
  const className = basename(file).split('.')[0];
  const names = Object.keys(mod).filter((k) => k !== 'default' && k !== 'module.exports');
  names.sort((a, b) => Number(b === className) - Number(a === className));
  const errors: string[] = [];
  for (const name of names) {
    const value = mod[name];
    if (typeof value === 'function') {
      try {
        const instance: unknown = new (value as new () => unknown)();
        if (isIt(instance)) return { value: instance, errors };
      } catch (e) {
        if (name === className) errors.push(`constructing ${name} threw: ${(e as Error).message}`);
      }
    } else if (isIt(value)) return { value, errors };
  }
  return { errors };
}

/** The module, or undefined after noting why it cannot be imported (syntax error, missing file ...). */
async function importFile(file: string, problems: string[]): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    problems.push(`${file}: cannot be loaded: ${(e as Error).message}`);
    return undefined;
  }
}

export async function readPackageJson(dir: string): Promise<PackageJson> {
  const pkgPath = join(dir, 'package.json');
  try {
    return JSON.parse(await readFile(pkgPath, 'utf8')) as PackageJson;
  } catch (e) {
    throw new PackageRejectedError(dir, [`${pkgPath}: ${(e as Error).message}`]);
  }
}

/** Imports and checks every file the package lists; throws PackageRejectedError with every problem found. */
export async function readPackage(dir: string): Promise<StagedPackage> {
  const pkgPath = join(dir, 'package.json');
  const pkg = await readPackageJson(dir);
  const label = pkg.name ?? dir;
  if (!pkg.n8n) throw new PackageRejectedError(label, [`${pkgPath} has no "n8n" field listing nodes and credentials`]);
  const prefix = pkg.gigaflow?.typePrefix ?? pkg.name;
  if (!prefix) throw new PackageRejectedError(label, [`${pkgPath} needs a "name" to prefix its node types`]);
  const problems: string[] = [];
  const staged: StagedPackage = { dir, label, credentials: [], nodes: [] };

  for (const rel of pkg.n8n.credentials ?? []) {
    const file = resolve(dir, rel);
    const mod = await importFile(file, problems);
    if (!mod) continue;
    const { value, errors } = pickExport(mod, file, looksLikeCredential);
    if (!value) {
      problems.push(`${file} exports no credential type${errors.length ? ` (${errors.join('; ')})` : ''}`);
      continue;
    }
    const found = credentialProblems(value, { file });
    if (found.length) problems.push(...found);
    else staged.credentials.push({ type: value, file });
  }

  for (const rel of pkg.n8n.nodes ?? []) {
    const file = resolve(dir, rel);
    const mod = await importFile(file, problems);
    if (!mod) continue;
    const { value, errors } = pickExport(mod, file, looksLikeNode);
    if (!value) {
      problems.push(`${file} exports no node type${errors.length ? ` (${errors.join('; ')})` : ''}`);
      continue;
    }
    const found = nodeProblems(value, file);
    if (found.length) {
      problems.push(...found);
      continue;
    }
    const shortName = value.description.name;
    staged.nodes.push({ fullName: `${prefix}.${shortName}`, shortName, type: value, file });
  }
  const names = new Map<string, string>();
  for (const n of staged.nodes) {
    const other = names.get(n.fullName);
    if (other) problems.push(`${n.file}: description.name "${n.shortName}" is also the name of ${other}`);
    names.set(n.fullName, n.file);
  }
  if (problems.length) throw new PackageRejectedError(label, problems);
  return staged;
}

/** A plain node's description, or every version's description of a versioned node. */
function nodeProblems(type: LoadedType, file: string): string[] {
  if (!isVersioned(type)) return descriptionProblems(type.description, { file });
  const out: string[] = [];
  const base = type.description as unknown as Record<string, unknown> | undefined;
  if (!base || typeof base.name !== 'string' || !base.name) out.push(`${file}: description.name is missing`);
  const versions = Object.entries(type.nodeVersions ?? {});
  if (versions.length === 0) out.push(`${file}: nodeVersions is empty`);
  // Versions often share sub-descriptions that name a parameter only some versions have (as n8n's do).
  const alsoKnown = versions.flatMap(([, node]) => {
    const props = (node as INodeType | undefined)?.description?.properties;
    return Array.isArray(props) ? props.map((p) => p?.name).filter((n): n is string => typeof n === 'string') : [];
  });
  for (const [version, node] of versions) {
    out.push(...descriptionProblems((node as INodeType | undefined)?.description, { file, path: `nodeVersions[${version}].description`, alsoKnown }));
  }
  return out;
}
