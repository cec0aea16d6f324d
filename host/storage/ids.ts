// Identifiers and opaque pagination cursors shared by the storage implementations.
import { randomBytes, randomUUID } from 'node:crypto';
import { ValidationError } from '../model/errors.ts';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// Ids are minted on every execution: draw from a pooled random buffer instead of one
// getrandom call per id.
let pool = Buffer.alloc(0);
let poolOffset = 0;
function randomByte(): number {
  if (poolOffset >= pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  return pool[poolOffset++];
}

/** `length` characters from [0-9A-Za-z], uniformly (rejection sampling keeps it unbiased). */
export function randomAlphanumeric(length: number): string {
  let out = '';
  while (out.length < length) {
    const byte = randomByte();
    if (byte < 248) out += ALPHABET[byte % 62]; // 248 = 4 * 62
  }
  return out;
}

/** Workflow and credential ids: 16 random URL-safe characters, like n8n's. */
export function newId(): string {
  return randomAlphanumeric(16);
}

/** Execution ids: time-ordered (so inserts append to the index) then random; 16 URL-safe characters. */
export function newSortableId(now = Date.now()): string {
  return now.toString(36).padStart(9, '0') + randomAlphanumeric(7);
}

export function newVersionId(): string {
  return randomUUID();
}

/** What a caller may choose as an id: URL-unreserved characters only, so ids sit in paths unescaped. */
export function isValidId(id: unknown): id is string {
  return typeof id === 'string' && /^[A-Za-z0-9._~-]{1,128}$/.test(id);
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** A page size in 1..MAX_PAGE_SIZE; undefined gives the default. */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1) throw new ValidationError(`limit must be a positive integer, got ${limit}`, { field: 'limit' });
  return Math.min(limit, MAX_PAGE_SIZE);
}

/** Cursors are base64url JSON arrays of the sort key of the last row returned. */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, shape: ('string' | 'number')[]): (string | number)[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== shape.length || key.some((v, i) => typeof v !== shape[i])) {
    throw new ValidationError('Invalid pagination cursor', { field: 'cursor' });
  }
  return key as (string | number)[];
}

/** Normalises a timestamp to `toISOString()` form so stored values compare as text. */
export function isoTimestamp(value: unknown, field: string): string {
  const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : value instanceof Date ? value : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new ValidationError(`${field} must be an ISO timestamp, got ${JSON.stringify(value)}`, { field });
  return date.toISOString();
}
