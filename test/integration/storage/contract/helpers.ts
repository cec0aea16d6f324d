import { expect } from 'vitest';
import { NotFoundError, ValidationError } from '../../../../host/model/errors.ts';
import type { Storage } from '../../../../host/storage/storage.ts';

export type GetStorage = () => Storage;

/** Awaits a rejection and checks its class, status and that the message names every given part. */
export async function expectRejects(
  promise: Promise<unknown>,
  kind: typeof ValidationError | typeof NotFoundError,
  status: number,
  ...messageParts: string[]
): Promise<Error> {
  let error: unknown;
  try {
    await promise;
  } catch (err) {
    error = err;
  }
  expect(error, 'expected a rejection').toBeInstanceOf(kind);
  expect((error as { status: number }).status).toBe(status);
  for (const part of messageParts) expect((error as Error).message).toContain(part);
  return error as Error;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const URL_SAFE_ID = /^[A-Za-z0-9_-]{8,32}$/;

/** Follows nextCursor until the last page and returns every row in order. */
export async function collectPages<T>(fetch: (cursor?: string) => Promise<{ data: T[]; nextCursor?: string }>): Promise<{ rows: T[]; pages: number }> {
  const rows: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await fetch(cursor);
    rows.push(...page.data);
    cursor = page.nextCursor;
    pages++;
    if (pages > 1000) throw new Error('pagination does not end');
  } while (cursor);
  return { rows, pages };
}
