// `gigaflow start --watch-nodes`: reloads a node package when a file in its folder changes, without
// restarting the host. ES modules are cached by URL, so a resolve hook (module.registerHooks, Node
// 24) appends `?gigaflow-reload=N` to every URL under a reloaded folder: the package's node files
// and their relative imports load afresh, while shared modules (n8n-workflow, host/) stay as they
// are. CommonJS files (compiled community packages) are cached by file name instead, so their
// require.cache entries under the folder are dropped. A reload that fails its checks leaves the
// previous version registered and says why (registry.tryLoadPackage). Development only: every
// reload keeps the old module instances in memory.
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import { sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from './types.ts';
import type { Registry } from './registry.ts';

const QUERY = 'gigaflow-reload';

/** Folder URL (ending in '/') → reload count; read by the resolve hook. */
const versions = new Map<string, number>();
let hooksRegistered = false;

function registerReloadHook(): void {
  if (hooksRegistered) return;
  hooksRegistered = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const result = nextResolve(specifier, context);
      if (!result.url.startsWith('file:')) return result;
      for (const [folder, version] of versions) {
        if (!result.url.startsWith(folder)) continue;
        const url = new URL(result.url);
        url.searchParams.set(QUERY, String(version));
        return { ...result, url: url.href };
      }
      return result;
    },
  });
}

/** Makes the next import of any file under `dir` load it again (ESM by URL version, CommonJS by cache). */
export function invalidatePackage(dir: string): void {
  registerReloadHook();
  const folder = pathToFileURL(dir.endsWith(sep) ? dir : dir + sep).href;
  versions.set(folder, (versions.get(folder) ?? 0) + 1);
  const cache = createRequire(import.meta.url).cache;
  for (const file of Object.keys(cache)) if (file.startsWith(dir + sep)) delete cache[file];
}

export interface NodeWatcher {
  /** Resolves once no reload is pending or running (tests wait on it). */
  idle(): Promise<void>;
  close(): void;
}

export interface WatchOptions {
  logger: Logger;
  /** Package folders to watch; default: every folder the registry tried to load. */
  dirs?: string[];
  /** Quiet time after the last change before reloading (editors write a file in several steps). */
  debounceMs?: number;
}

/** Watches node package folders and reloads a package after its files change. */
export function watchNodePackages(registry: Registry, opts: WatchOptions): NodeWatcher {
  const dirs = opts.dirs ?? registry.packageDirs();
  const debounceMs = opts.debounceMs ?? 150;
  const timers = new Map<string, NodeJS.Timeout>();
  let chain: Promise<void> = Promise.resolve();

  const reload = (dir: string) => {
    // One reload at a time: two packages reloading together would interleave their registrations.
    chain = chain.then(async () => {
      invalidatePackage(dir);
      // tryLoadPackage records and logs a rejection itself; it does not throw.
      const started = performance.now();
      if (await registry.tryLoadPackage(dir)) opts.logger.info('node package reloaded', { dir, ms: Math.round(performance.now() - started) });
      else opts.logger.warn('node package reload rejected; the previous version stays', { dir });
    });
  };

  const schedule = (dir: string) => {
    clearTimeout(timers.get(dir));
    timers.set(
      dir,
      setTimeout(() => {
        timers.delete(dir);
        reload(dir);
      }, debounceMs),
    );
  };

  const watchers: FSWatcher[] = [];
  for (const dir of dirs) {
    try {
      const w = watch(dir, { recursive: true }, (_event, file) => {
        // Installed dependencies inside a package are not its own code.
        if (file && String(file).split(sep).includes('node_modules')) return;
        schedule(dir);
      });
      w.on('error', (e) => opts.logger.warn('node package watch failed', { dir, error: e.message }));
      watchers.push(w);
    } catch (e) {
      opts.logger.warn('cannot watch node package', { dir, error: (e as Error).message });
    }
  }
  opts.logger.info('watching node packages', { count: watchers.length });

  return {
    async idle() {
      while (timers.size > 0) await new Promise((r) => setTimeout(r, debounceMs));
      await chain;
    },
    close() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      for (const w of watchers) w.close();
    },
  };
}
