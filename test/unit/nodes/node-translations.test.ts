// Checker for the French node translations (n8n's format, docs in host/engine/node-translations.ts):
// every node type the host registers has a translations/fr.json beside its node file, with every
// text the settings panel shows (missing keys) and nothing that matches no English text (stale keys).
// One test per node so a failure names the node, the file and the exact keys.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../../host/engine/registry.ts';
import { checkNodeTranslation, type NodeTranslationFile } from '../../../host/engine/node-translations.ts';
import { readTranslationFile } from '../../../host/engine/translation-files.ts';

const LOCALE = 'fr';
const ROOT = join(import.meta.dirname, '../../..');
const registry = await createRegistry([], () => {});
const nodes = registry.descriptions().map((d) => ({ description: d, source: registry.nodeSource(d.name)! }));
const rel = (p: string) => relative(ROOT, p);

/** Each translation file read once: its content, or the load error naming it. */
const files = new Map<string, NodeTranslationFile | Error>();
async function fileOf(path: string): Promise<NodeTranslationFile | Error> {
  if (!files.has(path)) files.set(path, await readTranslationFile(path).catch((e: Error) => e));
  return files.get(path)!;
}

const frPath = (translationsDir: string | undefined) => (translationsDir ? join(translationsDir, `${LOCALE}.json`) : undefined);

describe(`node translations (${LOCALE})`, () => {
  it('the host registers node types to check', () => {
    expect(nodes.length).toBeGreaterThan(20);
    expect(registry.translationProblems).toEqual([]);
  });

  it.each(nodes.map((n) => [n.description.name, n] as const))('%s: translations complete and current', async (_name, { description, source }) => {
    const path = frPath(source.translationsDir);
    expect(path && existsSync(path), `no translations/${LOCALE}.json beside ${rel(source.file)}`).toBe(true);
    const file = await fileOf(path!);
    if (file instanceof Error) expect.fail(file.message);
    const entry = file[source.shortName];
    expect(entry, `${rel(path!)} has no "${source.shortName}" entry`).toBeTypeOf('object');
    const report = checkNodeTranslation(description, entry, (name) => registry.credentialType(name));
    expect(report, `${rel(path!)} → "${source.shortName}": keys to add (missing), remove (stale) or fix (invalid)`).toEqual({ missing: [], stale: [], invalid: [] });
  });

  // A node key in a file that no node of that folder has (renamed or removed node).
  const dirs = [...new Set(nodes.map((n) => n.source.translationsDir).filter((d): d is string => !!d))];
  it.each(dirs.map((d) => [rel(d), d] as const))('%s: no entry for an unknown node', async (_rel, dir) => {
    const path = frPath(dir)!;
    if (!existsSync(path)) return; // reported by the node tests above
    const file = await fileOf(path);
    if (file instanceof Error) expect.fail(file.message);
    const known = new Set(nodes.filter((n) => n.source.translationsDir === dir).map((n) => n.source.shortName));
    expect(Object.keys(file).filter((k) => !known.has(k)), `${rel(path)}: entries matching no node of this folder`).toEqual([]);
  });
});
