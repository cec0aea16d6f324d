// Finds and reads the n8n-style translation files of a node: `translations/<locale>.json` in the
// node file's folder or, for packages that group several nodes (or versioned `v2/` subfolders),
// in the nearest parent folder up to the package folder.
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { translationFileProblem, type NodeTranslationFile } from './node-translations.ts';

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** The `translations` folder serving a node file: beside it, else in the nearest parent inside the package. */
export async function findTranslationsDir(nodeFile: string, packageDir: string): Promise<string | undefined> {
  let dir = dirname(nodeFile);
  for (;;) {
    const candidate = join(dir, 'translations');
    if (await isDirectory(candidate)) return candidate;
    const rel = relative(packageDir, dir);
    if (rel === '' || rel.startsWith('..') || rel.split(sep)[0] === '..') return undefined;
    dir = dirname(dir);
  }
}

/** The locale files of a translations folder: locale → path (`fr.json` → fr). */
export async function translationFilesIn(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir)) if (entry.endsWith('.json')) out.set(basename(entry, '.json'), join(dir, entry));
  return out;
}

/** Parses one translation file; throws an error naming the file (bad JSON or a bad shape). */
export async function readTranslationFile(path: string): Promise<NodeTranslationFile> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new Error(`Node translation file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  const problem = translationFileProblem(parsed);
  if (problem) throw new Error(`Node translation file ${path} is invalid: ${problem}`);
  return parsed as NodeTranslationFile;
}
