// Small request readers shared by the route files. Each throws HttpError(400) naming the field.
import type { Request } from 'express';
import { HttpError } from './middleware/errors.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 250;

/** A single string query parameter, or undefined. Repeated parameters are a 400. */
export function queryString(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `Query parameter "${name}" must be given once`, { field: name });
  return value;
}

export function queryBoolean(req: Request, name: string): boolean | undefined {
  const value = queryString(req, name);
  if (value === undefined) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new HttpError(400, `Query parameter "${name}" must be true or false`, { field: name });
}

export function queryLimit(req: Request): number {
  const value = queryString(req, 'limit');
  if (value === undefined) return DEFAULT_PAGE_SIZE;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE)
    throw new HttpError(400, `Query parameter "limit" must be an integer from 1 to ${MAX_PAGE_SIZE}`, { field: 'limit' });
  return n;
}

export function queryEnum<T extends string>(req: Request, name: string, allowed: readonly T[]): T | undefined {
  const value = queryString(req, name);
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new HttpError(400, `Query parameter "${name}" must be one of ${allowed.join(', ')}`, { field: name });
  return value as T;
}

/** An ISO date-time query parameter, normalised to ISO 8601 UTC. */
export function queryTimestamp(req: Request, name: string): string | undefined {
  const value = queryString(req, name);
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new HttpError(400, `Query parameter "${name}" must be an ISO 8601 timestamp`, { field: name });
  return new Date(t).toISOString();
}

/** The JSON body as an object; a missing or non-object body is a 400. */
export function bodyObject(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new HttpError(400, 'The request body must be a JSON object (Content-Type: application/json)', { field: 'body' });
  return body as Record<string, unknown>;
}

/** Route parameter as a string (Express 5 types allow string[] for wildcards). */
export function param(req: Request, name: string): string {
  const value = (req.params as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.join('/') : (value ?? '');
}
