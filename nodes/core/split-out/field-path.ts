// Field paths the way n8n's data nodes read them (lodash-style "a.b[0].c"), shared by Split Out,
// Aggregate, Sort and Merge. With dot notation off a path is one literal key. Keys that would reach
// an object's prototype are never followed or written, so item data cannot pollute prototypes.
import type { IDataObject } from 'n8n-workflow';

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

/** "a.b[0]['c.d']" -> ["a", "b", "0", "c.d"]. */
export function parsePath(path: string): string[] {
  const keys: string[] = [];
  for (const m of path.matchAll(/\[(\d+)\]|\[(["'])(.*?)\2\]|([^.[\]]+)/g)) keys.push(m[1] ?? m[3] ?? m[4]);
  return keys;
}

/** An own property, or the length of an array or string (as `a.length` reads in n8n). */
function child(value: unknown, key: string): unknown {
  if (UNSAFE.has(key)) return undefined;
  if (typeof value === 'string') return key === 'length' ? value.length : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (Object.hasOwn(value, key)) return (value as Record<string, unknown>)[key];
  return Array.isArray(value) && key === 'length' ? value.length : undefined;
}

export function getField(obj: unknown, path: string, dotNotation = true): unknown {
  // lodash reads a key that literally contains dots before treating it as a path.
  if (!dotNotation || (obj !== null && typeof obj === 'object' && Object.hasOwn(obj, path))) return child(obj, path);
  let cur = obj;
  for (const key of parsePath(path)) {
    cur = child(cur, key);
    if (cur === undefined) return undefined;
  }
  return cur;
}

function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Sets `value` at `path`, creating objects (or arrays before a numeric key) on the way. */
export function setField(target: IDataObject, path: string, value: unknown, dotNotation = true): void {
  const keys = dotNotation ? parsePath(path) : [path];
  if (!keys.length || keys.some((k) => UNSAFE.has(k))) return;
  let cur: Record<string, unknown> = target;
  for (let i = 0; i < keys.length - 1; i++) {
    const next = Object.hasOwn(cur, keys[i]) ? cur[keys[i]] : undefined;
    if (next !== null && typeof next === 'object') {
      cur = next as Record<string, unknown>;
      continue;
    }
    const created = /^\d+$/.test(keys[i + 1]) ? [] : {};
    define(cur, keys[i], created);
    cur = created as Record<string, unknown>;
  }
  define(cur, keys[keys.length - 1], value);
}

/** Deletes the field at `path` if it exists. Mutates `target`: call it on a copy. */
export function unsetField(target: IDataObject, path: string, dotNotation = true): void {
  if (!dotNotation || Object.hasOwn(target, path)) {
    delete target[path];
    return;
  }
  const keys = parsePath(path);
  let cur: unknown = target;
  for (const key of keys.slice(0, -1)) {
    cur = child(cur, key);
    if (cur === null || typeof cur !== 'object') return;
  }
  const last = keys[keys.length - 1];
  if (last !== undefined && Object.hasOwn(cur as object, last)) delete (cur as Record<string, unknown>)[last];
}

/** A field list parameter: "a, b" or ["a", "b"] (both occur in n8n exports). */
export function fieldList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
  if (value === undefined || value === null) return [];
  return String(value).split(',').map((s) => s.trim()).filter(Boolean);
}
