// Node registry: loads node packages the way n8n loads community packages. A package is a folder
// with a package.json whose `n8n` field lists node and credential files; our own folders under
// nodes/ follow the same convention, so there is one loader for ours and everyone else's.
import { dirname, resolve } from 'node:path';
import type { ICredentialType, INodeType, INodeTypeDescription } from 'n8n-workflow';
import type { NodeRegistry } from './registry-types.ts';
import type { NodeTranslation, NodeTranslationFile, PropertyTranslation } from './node-translations.ts';
import { findTranslationsDir, readTranslationFile, translationFilesIn } from './translation-files.ts';
import { discoverNodePackages, packagesOfPathEntry } from './node-packages.ts';
import { isVersioned, readPackage } from './package-read.ts';
import type { LoadedType, StagedPackage } from './package-read.ts';

export type { NodeRegistry } from './registry-types.ts';
export { PackageRejectedError } from './package-read.ts';

function versionsOf(description: INodeTypeDescription): number[] {
  return Array.isArray(description.version) ? description.version : [description.version];
}

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
  /** What each loaded package folder registered, so a reload can replace exactly that. */
  private readonly packages = new Map<string, { nodes: string[]; credentials: string[] }>();
  /** Every package folder tried (loaded or rejected), in order: what --watch-nodes watches. */
  private readonly tried = new Set<string>();
  /** The current problem of each package folder, and problems of no folder (a GIGAFLOW_NODES_PATH entry naming nothing). */
  private readonly problemsByDir = new Map<string, string>();
  private readonly otherProblems: string[] = [];
  /** Where rejected translation files and packages are reported; the host passes its logger. */
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

  /** Loads a package folder (with package.json `n8n` field): all of it, or nothing (PackageRejectedError naming file and field). */
  async loadPackage(dir: string): Promise<void> {
    await this.commit(await readPackage(resolve(dir)));
  }

  /** Node packages (and GIGAFLOW_NODES_PATH entries) rejected at load: each names the file and field at fault. */
  get loadProblems(): string[] {
    return [...this.otherProblems, ...this.problemsByDir.values()];
  }

  /**
   * Loads (or reloads) a package folder; a rejection is recorded in loadProblems and sent to `warn`
   * instead of thrown, so the other packages keep loading. On a reload the previous version stays.
   */
  async tryLoadPackage(dir: string): Promise<boolean> {
    const key = resolve(dir);
    this.tried.add(key);
    try {
      await this.loadPackage(key);
      this.problemsByDir.delete(key);
      return true;
    } catch (e) {
      const kept = this.packages.has(key) ? ' (still serving the version loaded before)' : '';
      const message = `${(e as Error).message}${kept}`;
      this.problemsByDir.set(key, message);
      this.warn(message);
      return false;
    }
  }

  /** Notes a load problem that belongs to no package folder: kept in loadProblems and sent to `warn`. */
  reject(message: string): void {
    this.otherProblems.push(message);
    this.warn(message);
  }

  /** Package folders this registry has tried to load (loaded or rejected). */
  packageDirs(): string[] {
    return [...this.tried];
  }

  /** Registers a checked package, replacing what the same folder registered before (a reload). */
  private async commit(pkg: StagedPackage): Promise<void> {
    const before = this.packages.get(pkg.dir);
    for (const name of before?.nodes ?? []) {
      this.types.delete(name);
      this.sources.delete(name);
      for (const byType of this.translations.values()) byType.delete(name);
    }
    for (const name of before?.credentials ?? []) this.credentials.delete(name);
    for (const { type } of pkg.credentials) this.addCredentialType(type);
    const translationFiles = new Map<string, NodeTranslationFile | null>();
    for (const node of pkg.nodes) {
      this.addNodeType(node.fullName, node.type);
      const source: NodeSource = { file: node.file, shortName: node.shortName, translationsDir: await findTranslationsDir(node.file, pkg.dir) };
      this.sources.set(node.fullName, source);
      await this.loadTranslations(node.fullName, source, translationFiles);
    }
    this.packages.set(pkg.dir, { nodes: pkg.nodes.map((n) => n.fullName), credentials: pkg.credentials.map((c) => c.type.name) });
  }

  /** Loads every package folder directly under `root` (e.g. nodes/); a rejected one is recorded, the others load. */
  async loadFolder(root: string): Promise<void> {
    for (const dir of await packagesOfPathEntry(root, [])) await this.tryLoadPackage(dir);
  }

  /** Loads a path from GIGAFLOW_NODES_PATH: a package folder, a folder of packages, or an installed npm package name. Throws on the first rejected package. */
  async loadPath(spec: string, resolveFrom = process.cwd()): Promise<void> {
    for (const dir of await packagesOfPathEntry(spec, [resolveFrom])) await this.loadPackage(dir);
  }
}

export const NODES_ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../../nodes');

export interface RegistryOptions {
  /** The host's data folder: community packages installed in `<dataDir>/nodes/node_modules` load too. */
  dataDir?: string;
}

/**
 * The registry with every node folder of this repository, the community packages installed in the
 * data folder and the extra paths given (GIGAFLOW_NODES_PATH). A package that fails its checks is
 * left out and listed in `loadProblems`; the others load.
 */
export async function createRegistry(extraPaths: string[] = [], warn?: (message: string) => void, opts: RegistryOptions = {}): Promise<Registry> {
  const registry = new Registry();
  if (warn) registry.warn = warn;
  await registry.loadFolder(NODES_ROOT);
  const found = await discoverNodePackages({ dataDir: opts.dataDir, nodesPath: extraPaths });
  for (const problem of found.problems) registry.reject(problem);
  for (const dir of found.dirs) await registry.tryLoadPackage(dir);
  return registry;
}
