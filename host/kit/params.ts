// Typed, validated reads of one item's node parameters. Every error is a NodeOperationError that
// names the parameter, the node and the item, so the user knows which field to fix.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from '../model/index.ts';

/** Typed, validated parameter reads for one item; errors are NodeOperationError naming the parameter and item. */
export interface ParamReader {
  string(name: string, opts?: { required?: boolean; default?: string; trim?: boolean }): string;
  number(name: string, opts?: { min?: number; max?: number; integer?: boolean; default?: number }): number;
  boolean(name: string, opts?: { default?: boolean }): boolean;
  options<T extends string>(name: string, allowed: readonly T[]): T;
  /** A JSON parameter: object/array as is, a string parsed (error names the parameter on bad JSON). */
  json<T = unknown>(name: string, opts?: { default?: T }): T;
  /** A list: array as is, or a string split on commas/newlines, trimmed, empties dropped. */
  list(name: string, opts?: { required?: boolean }): string[];
  /** A collection / fixedCollection parameter as an object ({} when unset). */
  collection<T extends IDataObject = IDataObject>(name: string): T;
  /** ISO date-time (from a string or Date/Luxon value); error names the parameter. */
  dateTime(name: string, opts?: { required?: boolean }): string | undefined;
}

function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'an object';
  return String(value);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function isPlainObject(value: unknown): value is IDataObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A Luxon DateTime (what `{{ $now }}` gives) without importing Luxon: it has toJSDate(). */
function isLuxonLike(value: unknown): value is { toJSDate(): Date } {
  return value !== null && typeof value === 'object' && typeof (value as { toJSDate?: unknown }).toJSDate === 'function';
}

export function params(ctx: IExecuteFunctions, itemIndex: number): ParamReader {
  const node = ctx.getNode();
  const fail = (name: string, problem: string): NodeOperationError =>
    new NodeOperationError(node, `Parameter "${name}" ${problem} (node "${node.name}", item ${itemIndex})`, { parameter: name, itemIndex });

  // The engine resolves expressions and description defaults; `fallback` only applies when neither gives a value.
  const read = (name: string, fallback?: unknown): unknown => {
    try {
      return ctx.getNodeParameter(name, itemIndex, fallback as never);
    } catch (err) {
      if (err instanceof NodeOperationError && err.itemIndex === undefined) err.itemIndex = itemIndex;
      throw err;
    }
  };

  return {
    string(name, opts = {}) {
      const value = read(name, opts.default ?? '');
      if (isEmpty(value)) {
        if (opts.required) throw fail(name, 'is required');
        return opts.default ?? '';
      }
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw fail(name, `must be text, got ${shown(value)}`);
      const text = String(value);
      return opts.trim ? text.trim() : text;
    },

    number(name, opts = {}) {
      const value = read(name, opts.default);
      if (isEmpty(value)) {
        if (opts.default !== undefined) return opts.default;
        throw fail(name, 'is required');
      }
      const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
      if (!Number.isFinite(n)) throw fail(name, `must be a number, got ${shown(value)}`);
      if (opts.integer && !Number.isInteger(n)) throw fail(name, `must be a whole number, got ${n}`);
      if (opts.min !== undefined && n < opts.min) throw fail(name, `must be at least ${opts.min}, got ${n}`);
      if (opts.max !== undefined && n > opts.max) throw fail(name, `must be at most ${opts.max}, got ${n}`);
      return n;
    },

    boolean(name, opts = {}) {
      const value = read(name, opts.default ?? false);
      if (typeof value === 'boolean') return value;
      if (isEmpty(value)) return opts.default ?? false;
      // An expression may give the text "true"/"false".
      if (value === 'true' || value === 'false') return value === 'true';
      throw fail(name, `must be true or false, got ${shown(value)}`);
    },

    options<T extends string>(name: string, allowed: readonly T[]): T {
      const value = read(name);
      if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
      throw fail(name, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${shown(value)}`);
    },

    json<T = unknown>(name: string, opts: { default?: T } = {}): T {
      const value = read(name, opts.default);
      if (isEmpty(value)) {
        if (opts.default !== undefined) return opts.default;
        throw fail(name, 'is required (JSON)');
      }
      if (typeof value !== 'string') return value as T;
      try {
        return JSON.parse(value) as T;
      } catch (err) {
        throw fail(name, `is not valid JSON: ${(err as Error).message}`);
      }
    },

    list(name, opts = {}) {
      const value = read(name, '');
      let entries: string[];
      if (Array.isArray(value)) entries = value.filter((v) => v !== undefined && v !== null).map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)));
      else if (isEmpty(value)) entries = [];
      else if (typeof value === 'string' || typeof value === 'number') entries = String(value).split(/[,\n]/);
      else throw fail(name, `must be a list or comma-separated text, got ${shown(value)}`);
      const out = entries.map((e) => e.trim()).filter((e) => e !== '');
      if (opts.required && out.length === 0) throw fail(name, 'needs at least one entry');
      return out;
    },

    collection<T extends IDataObject = IDataObject>(name: string): T {
      const value = read(name, {});
      if (isEmpty(value)) return {} as T;
      if (!isPlainObject(value)) throw fail(name, `must be a collection of fields, got ${shown(value)}`);
      return value as T;
    },

    dateTime(name, opts = {}) {
      const value = read(name, '');
      if (isEmpty(value)) {
        if (opts.required) throw fail(name, 'is required (a date and time)');
        return undefined;
      }
      let date: Date;
      if (value instanceof Date) date = value;
      else if (isLuxonLike(value)) date = value.toJSDate();
      else if (typeof value === 'string') date = new Date(value.trim());
      else if (typeof value === 'number') date = new Date(value);
      else throw fail(name, `must be a date and time, got ${shown(value)}`);
      if (Number.isNaN(date.getTime())) throw fail(name, `must be a date and time (e.g. 2026-01-31T08:00:00Z), got ${shown(value)}`);
      return date.toISOString();
    },
  };
}
