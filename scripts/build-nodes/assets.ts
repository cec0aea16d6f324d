// Copies the files nodes read at run time (JSON catalogs and schemas, translations, icons) next to
// the bundles, at the same relative place as in the source tree, so paths built from
// import.meta.url / `file:` icons resolve the same way in the package.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Not data: sources (bundled), the folder's own manifest and docs (the package has its own). */
const SKIP_FILES = new Set(['package.json', 'README.md']);
const SKIP_DIRS = new Set(['node_modules', 'scripts']);

const isData = (name: string) => !name.endsWith('.ts') && !name.startsWith('.') && !SKIP_FILES.has(name);

/** Copies the data files under `srcDir` (recursively) to the same places under `destDir`; returns them relative to destDir. */
export function copyDataFiles(srcDir: string, destDir: string): string[] {
  const copied: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const from = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(from);
      } else if (entry.isFile() && isData(entry.name)) {
        const to = join(destDir, relative(srcDir, from));
        mkdirSync(join(to, '..'), { recursive: true });
        copyFileSync(from, to);
        copied.push(relative(destDir, to));
      }
    }
  };
  walk(srcDir);
  return copied;
}
