// Run as a fresh process: `node load-like-n8n.ts <package dir>`. Loads every file the package's
// `n8n` field lists the way n8n's loader does — require() the CommonJS file, take the export named
// after the file (OltSnmp.node.js → OltSnmp), `new` it — and records every module the package's
// own files resolve, so the test can check nothing comes from outside the package. Prints JSON.
import { createRequire, registerHooks } from 'node:module';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Resolution {
  /** The requiring file, relative to the package. */
  from: string;
  specifier: string;
  /** Where it resolved: a path relative to the package, an absolute path outside it, or node:<builtin>. */
  to: string;
}
export interface LoadedFile {
  file: string;
  kind: 'node' | 'credential';
  className: string;
  exportNames: string[];
  error?: string;
  /** The instance as JSON (functions become "[function]"). */
  instance?: Record<string, unknown>;
}
export interface LoadReport {
  loaded: LoadedFile[];
  resolutions: Resolution[];
}

const toJson = (value: unknown) => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'function' ? '[function]' : v))) as Record<string, unknown>;

function loadLikeN8n(pkgDir: string): LoadReport {
  const resolutions: Resolution[] = [];
  const insidePackage = (path: string) => {
    const rel = relative(pkgDir, path);
    return !rel.startsWith('..') && !rel.split('/').includes('node_modules');
  };
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const result = nextResolve(specifier, context);
      const parent = context.parentURL?.startsWith('file:') ? fileURLToPath(context.parentURL) : undefined;
      if (parent && insidePackage(parent)) {
        const target = result.url.startsWith('file:') ? fileURLToPath(result.url) : result.url;
        resolutions.push({ from: relative(pkgDir, parent), specifier, to: target.startsWith('/') && insidePackage(target) ? relative(pkgDir, target) : target });
      }
      return result;
    },
  });

  const require = createRequire(join(pkgDir, 'package.json'));
  const pkg = require('./package.json') as { n8n: { nodes?: string[]; credentials?: string[] } };
  const loaded: LoadedFile[] = [];
  const lists = [['node', pkg.n8n.nodes ?? [], '.node.js'], ['credential', pkg.n8n.credentials ?? [], '.credentials.js']] as const;
  for (const [kind, files, suffix] of lists) {
    for (const file of files) {
      const className = basename(file, suffix);
      const entry: LoadedFile = { file, kind, className, exportNames: [] };
      try {
        const mod = require(join(pkgDir, file)) as Record<string, new () => unknown>;
        entry.exportNames = Object.keys(mod);
        const Type = mod[className];
        if (typeof Type !== 'function') throw new Error(`exports no class named ${className}`);
        entry.instance = toJson(new Type());
      } catch (e) {
        entry.error = (e as Error).message;
      }
      loaded.push(entry);
    }
  }
  return { loaded, resolutions };
}

if (process.argv[1] === import.meta.filename) {
  const pkgDir = process.argv[2];
  if (!pkgDir) throw new Error('usage: load-like-n8n.ts <package dir>');
  process.stdout.write(JSON.stringify(loadLikeN8n(pkgDir)));
}
