// Node registry: loads node packages the way n8n loads community packages. A package is a folder
// with a package.json whose `n8n` field lists node and credential files; our own folders under
// nodes/ follow the same convention, so there is one loader for ours and everyone else's.
import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ICredentialType, INodeType, INodeTypeDescription, IVersionedNodeType } from 'n8n-workflow';
import type { NodeRegistry } from './registry-types.ts';
import type { NodeTranslation, NodeTranslationFile, PropertyTranslation } from './node-translations.ts';
import { findTranslationsDir, readTranslationFile, translationFilesIn } from './translation-files.ts';

export type { NodeRegistry } from './registry-types.ts';

interface PackageJson {
  name?: string;
  n8n?: { nodes?: string[]; credentials?: string[] };
  /** Our folders declare the type prefix n8n uses for the nodes they stand in for (e.g. n8n-nodes-base). */
  gigaflow?: { typePrefix?: string };
}

type LoadedType = INodeType | IVersionedNodeType;

function isVersioned(t: LoadedType): t is IVersionedNodeType {
  return 'nodeVersions' in t;
}

function versionsOf(description: INodeTypeDescription): number[] {
  return Array.isArray(description.version) ? description.version : [description.version];
}

/** The first export that is a node (or credential) class or instance. n8n expects the class name to match the file name; we accept any one. */
function pickExport<T>(mod: Record<string, unknown>, isIt: (v: unknown) => v is T): T | undefined {
  for (const value of Object.values(mod)) {
    if (typeof value === 'function') {
      try {
        const instance: unknown = new (value as new () => unknown)();
        if (isIt(instance)) return instance;
      } catch {
        // not a constructible export; try the next one
      }
    } else if (isIt(value)) return value;
  }
  return undefined;
}

const isNodeType = (v: unknown): v is LoadedType =>
  !!v && typeof v === 'object' && ('nodeVersions' in v || ('description' in v && typeof (v as INodeType).description?.name === 'string'));
const isCredentialType = (v: unknown): v is ICredentialType =>
  !!v && typeof v === 'object' && typeof (v as ICredentialType).name === 'string' && Array.isArray((v as ICredentialType).properties);

/** Where a registered node came from, for translation checks. */
export interface NodeSource {
  file: string;
  /** The node's `description.name`: its key in translation files. */
  shortName: string;
  /** The `translations` folder serving it, if any. */
  translationsDir?: string;
}

export class Registry implements NodeRegistry {
  private readonly types = new Map<string, LoadedType>();
  private readonly credentials = new Map<string, ICredentialType>();
  private readonly sources = new Map<string, NodeSource>();
  /** locale → full node type name → translation. */
  private readonly translations = new Map<string, Map<string, NodeTranslation>>();
  /** Translation files rejected at load (message names the file); the nodes load without them. */
  readonly translationProblems: string[] = [];
  /** Where rejected translation files are reported; the host passes its logger. */
  warn: (message: string) => void = (m) => console.warn(m);

  /** Registers a node type under its full name (`prefix.name`). Later registrations replace earlier ones. */
  addNodeType(fullName: string, type: LoadedType): void {
    this.types.set(fullName, type);
  }

  addCredentialType(type: ICredentialType): void {
    this.credentials.set(type.name, type);
  }

  get(type: string, typeVersion: number): INodeType | undefined {
    const t = this.types.get(type);
    if (!t) return undefined;
    if (isVersioned(t)) return t.nodeVersions[typeVersion];
    return versionsOf(t.description).includes(typeVersion) ? t : undefined;
  }

  hasType(type: string): boolean {
    return this.types.has(type);
  }

  knownVersions(type: string): number[] {
    const t = this.types.get(type);
    if (!t) return [];
    if (isVersioned(t)) return Object.keys(t.nodeVersions).map(Number);
    return versionsOf(t.description);
  }

  descriptions(): INodeTypeDescription[] {
    const out: INodeTypeDescription[] = [];
    for (const [fullName, t] of this.types) {
      const node = isVersioned(t) ? t.nodeVersions[t.currentVersion] : t;
      const version = isVersioned(t) ? Object.keys(t.nodeVersions).map(Number) : node.description.version;
      out.push({ ...node.description, name: fullName, version });
    }
    return out;
  }

  credentialType(name: string): ICredentialType | undefined {
    return this.credentials.get(name);
  }

  credentialTypes(): ICredentialType[] {
    return [...this.credentials.values()];
  }

  nodeSource(fullName: string): NodeSource | undefined {
    return this.sources.get(fullName);
  }

  /** Translations of the node types for a locale, keyed by full type name (only nodes that have one). */
  nodeTranslations(locale: string): Record<string, NodeTranslation> {
    return Object.fromEntries(this.translations.get(locale) ?? []);
  }

  /** Credential-type property translations for a locale, gathered from the credentialsModal of every node. */
  credentialTranslations(locale: string): Record<string, Record<string, PropertyTranslation>> {
    const out: Record<string, Record<string, PropertyTranslation>> = {};
    for (const tr of this.translations.get(locale)?.values() ?? []) {
      for (const [type, props] of Object.entries(tr.credentialsModal ?? {})) {
        const merged = (out[type] ??= {});
        // The first node to translate a property wins; later ones only fill what is missing.
        for (const [prop, text] of Object.entries(props)) {
          const before = merged[prop];
          merged[prop] = { ...text, ...before };
          if (text.options || before?.options) merged[prop].options = { ...text.options, ...before?.options };
        }
      }
    }
    return out;
  }

  /** Reads the translation files of a node (cached per file for packages holding several nodes). */
  private async loadTranslations(fullName: string, source: NodeSource, cache: Map<string, NodeTranslationFile | null>): Promise<void> {
    if (!source.translationsDir) return;
    for (const [locale, path] of await translationFilesIn(source.translationsDir)) {
      if (!cache.has(path)) {
        try {
          cache.set(path, await readTranslationFile(path));
        } catch (e) {
          cache.set(path, null);
          this.translationProblems.push((e as Error).message);
          this.warn((e as Error).message);
        }
      }
      const translation = cache.get(path)?.[source.shortName];
      if (!translation) continue;
      if (!this.translations.has(locale)) this.translations.set(locale, new Map());
      this.translations.get(locale)!.set(fullName, translation);
    }
  }

  /** Loads a package folder (with package.json `n8n` field). Errors name the file at fault. */
  async loadPackage(dir: string): Promise<void> {
    const pkgPath = join(dir, 'package.json');
    const pkg = JSON.parse(await readFile(pkgPath, 'utf8')) as PackageJson;
    if (!pkg.n8n) throw new Error(`${pkgPath} has no "n8n" field listing nodes and credentials`);
    const prefix = pkg.gigaflow?.typePrefix ?? pkg.name;
    if (!prefix) throw new Error(`${pkgPath} needs a "name" to prefix its node types`);
    for (const rel of pkg.n8n.credentials ?? []) {
      const file = resolve(dir, rel);
      const cred = pickExport(await import(pathToFileURL(file).href), isCredentialType);
      if (!cred) throw new Error(`${file} exports no credential type`);
      this.addCredentialType(cred);
    }
    const translationFiles = new Map<string, NodeTranslationFile | null>();
    for (const rel of pkg.n8n.nodes ?? []) {
      const file = resolve(dir, rel);
      const node = pickExport(await import(pathToFileURL(file).href), isNodeType);
      if (!node) throw new Error(`${file} exports no node type`);
      const fullName = `${prefix}.${node.description.name}`;
      this.addNodeType(fullName, node);
      const source: NodeSource = { file, shortName: node.description.name, translationsDir: await findTranslationsDir(file, dir) };
      this.sources.set(fullName, source);
      await this.loadTranslations(fullName, source, translationFiles);
    }
  }

  /** Loads every package folder directly under `root` (e.g. nodes/). */
  async loadFolder(root: string): Promise<void> {
    for (const entry of await readdir(root)) {
      const dir = join(root, entry);
      if ((await stat(dir)).isDirectory() && (await exists(join(dir, 'package.json')))) await this.loadPackage(dir);
    }
  }

  /** Loads a path from GIGAFLOW_NODES_PATH: a package folder, a folder of packages, or an installed npm package name. */
  async loadPath(spec: string, resolveFrom = process.cwd()): Promise<void> {
    if (await exists(join(spec, 'package.json'))) return this.loadPackage(spec);
    if (await exists(spec)) return this.loadFolder(spec);
    const require = createRequire(join(resolveFrom, 'package.json'));
    const pkgJson = require.resolve(`${spec}/package.json`);
    return this.loadPackage(dirname(pkgJson));
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

const NODES_ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../../nodes');

/** The registry with every node folder of this repository plus the extra paths given. */
export async function createRegistry(extraPaths: string[] = [], warn?: (message: string) => void): Promise<Registry> {
  const registry = new Registry();
  if (warn) registry.warn = warn;
  await registry.loadFolder(NODES_ROOT);
  for (const p of extraPaths) await registry.loadPath(p);
  return registry;
}
