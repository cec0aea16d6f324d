import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../host/model/errors.ts';
import { decodeCursor, encodeCursor, isValidId, isoTimestamp, newId, newSortableId, newVersionId, pageSize, randomAlphanumeric } from '../../../host/storage/ids.ts';
import { normalizeWebhookPath, routeKey } from '../../../host/storage/sqlite/webhooks.ts';

describe('ids', () => {
  it('newId gives 16 alphanumeric characters, all different', () => {
    const ids = new Set(Array.from({ length: 2000 }, newId));
    expect(ids.size).toBe(2000);
    for (const id of ids) expect(id).toMatch(/^[0-9A-Za-z]{16}$/);
  });

  it('randomAlphanumeric uses the whole alphabet', () => {
    expect(new Set(randomAlphanumeric(20_000)).size).toBe(62);
  });

  it('newSortableId sorts by creation time', () => {
    const a = newSortableId(1_700_000_000_000);
    const b = newSortableId(1_700_000_000_001);
    const c = newSortableId(4_000_000_000_000);
    expect(a < b && b < c).toBe(true);
    expect(a).toMatch(/^[0-9a-z]{9}[0-9A-Za-z]{7}$/);
  });

  it('newVersionId is a uuid', () => {
    expect(newVersionId()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('isValidId accepts URL-unreserved ids only', () => {
    for (const ok of ['abc', 'A-b_c.d~1', '1', 'x'.repeat(128)]) expect(isValidId(ok)).toBe(true);
    for (const bad of ['', 'a/b', 'a b', 'ä', 'x'.repeat(129), 5, null]) expect(isValidId(bad)).toBe(false);
  });
});

describe('cursors and page sizes', () => {
  it('round-trips a cursor and rejects one of the wrong shape', () => {
    const c = encodeCursor(['2030-01-01T00:00:00.000Z', 'abc']);
    expect(c).toMatch(/^[\w-]+$/);
    expect(decodeCursor(c, ['string', 'string'])).toEqual(['2030-01-01T00:00:00.000Z', 'abc']);
    for (const bad of ['', '!!!', encodeCursor(['a']), encodeCursor([1, 'b']), Buffer.from('{}').toString('base64url')]) {
      expect(() => decodeCursor(bad, ['string', 'string'])).toThrow(ValidationError);
    }
  });

  it('pageSize defaults to 100, caps at 1000 and rejects non-positive values', () => {
    expect(pageSize(undefined)).toBe(100);
    expect(pageSize(5)).toBe(5);
    expect(pageSize(50_000)).toBe(1000);
    expect(() => pageSize(0)).toThrow(ValidationError);
    expect(() => pageSize(1.5)).toThrow(ValidationError);
  });

  it('isoTimestamp normalises to toISOString form', () => {
    expect(isoTimestamp('2030-01-01T01:00:00+01:00', 'x')).toBe('2030-01-01T00:00:00.000Z');
    expect(() => isoTimestamp('soon', 'startedAt')).toThrow(/startedAt/);
  });
});

describe('webhook paths', () => {
  it('strips leading slashes and reduces :params for clash detection', () => {
    expect(normalizeWebhookPath('//q/:mac')).toBe('q/:mac');
    expect(() => normalizeWebhookPath('/')).toThrow(ValidationError);
    expect(routeKey('q/:mac/x')).toBe('q/:/x');
    expect(routeKey('q/mac')).toBe('q/mac');
  });
});
