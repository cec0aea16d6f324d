// Bundles one node or credential file into one CommonJS file (n8n require()s them). Our own
// modules (the node folder, host/ helpers) are inlined; npm packages and node: builtins stay
// require() calls, so the package declares them as dependencies.
import { isBuiltin } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { rolldown } from 'rolldown';
import type { Plugin } from 'rolldown';
import type { SourceFile } from './discover.ts';

export interface BundleResult {
  file: SourceFile;
  /** Package names the bundle require()s (npm packages, not builtins). */
  externals: string[];
  /** Source folders whose modules locate files through import.meta: their data files must sit at the mirrored place. */
  mirroredDirs: string[];
  code: string;
}

const isBare = (id: string) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[A-Za-z]:[\\/]/.test(id);

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const toPosix = (p: string) => p.split(sep).join('/');

/**
 * CommonJS has no import.meta. A source module at <repo>/P that reads files next to itself
 * (new URL('./catalogs', import.meta.url)) gets the URL of <out>/dist/P instead, computed from the
 * bundle's own __dirname, and its data files are copied to <out>/dist/<dir of P>.
 */
function importMetaPlugin(repoRoot: string, outRoot: string, outFile: string, mirrored: Set<string>): Plugin {
  return {
    name: 'gigaflow-import-meta-to-cjs',
    transform(code, id) {
      if (!code.includes('import.meta')) return null;
      const rel = relative(repoRoot, id);
      if (rel.startsWith('..') || rel.split(sep).includes('node_modules')) return null;
      mirrored.add(dirname(id));
      const fromBundle = toPosix(relative(dirname(outFile), join(outRoot, 'dist', rel)));
      const filename = `require("node:path").join(__dirname, ${JSON.stringify(fromBundle)})`;
      return code
        .replace(/\bimport\.meta\.url\b/g, `require("node:url").pathToFileURL(${filename}).href`)
        .replace(/\bimport\.meta\.filename\b/g, filename)
        .replace(/\bimport\.meta\.dirname\b/g, `require("node:path").dirname(${filename})`);
    },
  };
}

export async function bundleFile(file: SourceFile, opts: { repoRoot: string; outRoot: string }): Promise<BundleResult> {
  const outFile = join(opts.outRoot, file.out);
  const mirrored = new Set<string>();
  const warnings: string[] = [];
  const build = await rolldown({
    input: file.src,
    platform: 'node',
    external: (id) => isBuiltin(id) || isBare(id),
    plugins: [importMetaPlugin(opts.repoRoot, opts.outRoot, outFile, mirrored)],
    onLog: (level, log) => {
      if (level === 'warn') warnings.push(log.message);
    },
  });
  try {
    const { output } = await build.write({ file: outFile, format: 'cjs', exports: 'named', codeSplitting: false });
    const chunk = output.find((o) => o.type === 'chunk');
    if (!chunk) throw new Error(`${file.src}: the bundler produced no code`);
    if (/\bimport\.meta\b/.test(chunk.code)) throw new Error(`${file.src}: import.meta is left in ${file.out} (CommonJS has none); use import.meta.url/filename/dirname only`);
    if (!chunk.exports.includes(file.className))
      throw new Error(`${file.src} must export a class named ${file.className} (n8n's loader takes the export named after the file); it exports ${chunk.exports.join(', ') || 'nothing'}`);
    for (const w of warnings) console.warn(`warning (${relative(opts.repoRoot, file.src)}): ${w}`);
    const externals = [...chunk.imports, ...chunk.dynamicImports].filter((id) => !isBuiltin(id)).map(packageNameOf);
    return { file, externals: [...new Set(externals)].sort(), mirroredDirs: [...mirrored], code: chunk.code };
  } finally {
    await build.close();
  }
}
