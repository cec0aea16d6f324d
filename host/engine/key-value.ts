// helpers.keyValue (Gigaflow extension): the host's key-value store as a node sees it, scoped to
// the node's type, so every workflow and execution using that type shares it and nothing else
// does. State that must outlive a run and be shared by concurrent runs (OTP challenges, cursors)
// belongs here rather than in workflow static data, which is per workflow and written at the end
// of a run (concurrent runs overwrite each other).
import type { KeyValueRepository } from '../storage/storage.ts';

export interface KeyValueOptions {
  /** Time to live in ms; the entry reads as absent afterwards. Absent: never expires (set), unchanged (update). */
  ttlMs?: number;
}

export interface NodeKeyValue {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, options?: KeyValueOptions): Promise<void>;
  /** True when a live entry was deleted. */
  delete(key: string): Promise<boolean>;
  /** Atomic read-modify-write; `change` is synchronous and returns the new value, or undefined to delete. */
  update<T>(key: string, change: (current: T | undefined) => T | undefined, options?: KeyValueOptions): Promise<T | undefined>;
  /**
   * Hex HMAC-SHA256 of `text` under a secret derived from the host's encryption key and this
   * namespace: store this instead of a secret you only need to recognise later (an OTP code).
   */
  digest(text: string): string;
}

const expiry = (options?: KeyValueOptions) => (options?.ttlMs === undefined ? undefined : Date.now() + Math.max(0, options.ttlMs));

export function scopedKeyValue(repo: KeyValueRepository, namespace: string): NodeKeyValue {
  return {
    get: async <T>(key: string) => (await repo.get(namespace, key)) as T | undefined,
    set: (key, value, options) => repo.set(namespace, key, value, expiry(options)),
    delete: (key) => repo.delete(namespace, key),
    update: (key, change, options) => repo.update(namespace, key, change, expiry(options)),
    digest: (text) => repo.digest(namespace, text),
  };
}

/** The store of a node's `this`, or undefined on a host that has none (n8n). */
export function keyValueOf(ctx: { helpers: object }): NodeKeyValue | undefined {
  return (ctx.helpers as { keyValue?: NodeKeyValue }).keyValue;
}
