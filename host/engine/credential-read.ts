// What every HTTP integration node does with its credential before the first request: check the
// base URL a user typed, and read (and validate) the credential once per node run, not per item.
import { NodeOperationError } from '../model/index.ts';

/** The credential's base URL without trailing slashes; a clear error when it is missing or not http(s). */
export function credentialBaseUrl(node: string, value: unknown, opts: { system: string; field: string; example: string }): string {
  const baseUrl = String(value ?? '').trim().replace(/\/+$/, '');
  if (!baseUrl) throw new NodeOperationError(node, `The ${opts.system} credential has no ${opts.field}`, { description: `Set "${opts.field}" (e.g. ${opts.example}) in the credential.` });
  if (!/^https?:\/\//i.test(baseUrl)) throw new NodeOperationError(node, `The ${opts.system} Base URL "${baseUrl}" must start with http:// or https://`);
  return baseUrl;
}

/**
 * `read(ctx)` once per node context (one node run): later calls share the promise. A failed read
 * is forgotten, so the next item tries again and reports its own error.
 */
export function oncePerRun<C extends object, T>(read: (ctx: C) => Promise<T>): (ctx: C) => Promise<T> {
  const cache = new WeakMap<C, Promise<T>>();
  return (ctx) => {
    let p = cache.get(ctx);
    if (!p) {
      p = read(ctx);
      cache.set(ctx, p);
      p.catch(() => cache.delete(ctx));
    }
    return p;
  };
}
