// `gigaflow new-node`: writes a new node package, its fake and its test into a repository root,
// all or nothing. Everything is rendered in memory and checked first; the files are then written
// into a staging folder inside the root and renamed into place, so a failure leaves no half node.
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { ValidationError } from '../../model/index.ts';
import { TYPE_PREFIX, nodeNames } from './names.ts';
import type { NodeNames } from './names.ts';
import { renderTemplates } from './templates.ts';

export interface ScaffoldOptions {
  /** Repository root the paths are relative to (the one holding host/, nodes/, test/). */
  root: string;
  /** kebab-case: the node folder's name. */
  name: string;
  /** Shown in the editor and in API errors; default: the name in Title Case. */
  displayName?: string;
}

export interface ScaffoldResult {
  names: NodeNames;
  /** Written files, relative to the root, sorted. */
  files: string[];
  /** The generated test, relative to the root. */
  testFile: string;
}

/** The folders one node owns; none may exist beforehand. */
export function targetDirs(name: string): string[] {
  return [`nodes/${name}`, `test/fakes/${name}`, `test/integration/nodes/${name}`];
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function checkRoot(root: string): Promise<void> {
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new ValidationError(`--root ${root} is not a directory`, { field: 'root' });
}

/** Node and credential files of every package end up side by side in the published package, so their file names must be unique across nodes/. */
async function findClash(dir: string, fileNames: Set<string>): Promise<string | undefined> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = await findClash(path, fileNames);
      if (found) return found;
    } else if (fileNames.has(entry.name)) return path;
  }
  return undefined;
}

async function checkFree(root: string, names: NodeNames): Promise<void> {
  for (const dir of targetDirs(names.name)) {
    if (await exists(join(root, dir))) {
      throw new ValidationError(`${dir} already exists in ${root}; nothing was written (choose another <name> or remove it)`, { field: 'name' });
    }
  }
  const clash = await findClash(join(root, 'nodes'), new Set([`${names.pascal}.node.ts`, `${names.credentialClass}.credentials.ts`]));
  if (clash) {
    throw new ValidationError(
      `${relative(root, clash)} already exists in ${root}: a second file of that name would clash in the ${TYPE_PREFIX} package; nothing was written (choose another <name>)`,
      { field: 'name' },
    );
  }
}

/** Moves the staged target folders into the root; on any failure undoes what it moved or created. */
async function moveIntoPlace(staging: string, root: string, dirs: string[]): Promise<void> {
  const undo: string[] = [];
  try {
    for (const dir of dirs) {
      const target = join(root, dir);
      const createdParent = await mkdir(dirname(target), { recursive: true });
      if (createdParent) undo.push(createdParent);
      await rename(join(staging, dir), target);
      undo.push(target);
    }
  } catch (err) {
    for (const path of undo.reverse()) await rm(path, { recursive: true, force: true });
    throw err;
  }
}

export async function scaffoldNode(opts: ScaffoldOptions): Promise<ScaffoldResult> {
  const names = nodeNames(opts.name, opts.displayName);
  const root = resolve(opts.root);
  await checkRoot(root);
  await checkFree(root, names);
  const dirs = targetDirs(names.name);
  const files = await renderTemplates(names);
  const stray = files.find((f) => !dirs.some((d) => f.path.startsWith(`${d}/`)));
  if (stray) throw new Error(`scaffold template renders ${stray.path}, outside the node's folders`);

  const staging = await mkdtemp(join(root, `.new-node-${names.name}-`));
  try {
    for (const file of files) {
      const path = join(staging, file.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content, { flag: 'wx' });
    }
    await moveIntoPlace(staging, root, dirs);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const written = files.map((f) => f.path).sort();
  return { names, files: written, testFile: written.find((p) => p.endsWith('.test.ts'))! };
}
