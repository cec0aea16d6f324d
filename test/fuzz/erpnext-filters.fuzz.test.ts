// Fuzz: the ERPNext filter builder (nodes/erpnext/filters.ts). Any rows or JSON the user can enter
// become Frappe filter JSON ([[field, op, value], ...] or an object), or a NodeOperationError that
// names the parameter at fault; nothing else escapes.
import fc from 'fast-check';
import './helpers/seed.ts';
import type { IExecuteFunctions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { FILTER_OPERATORS, filtersFor } from '../../nodes/erpnext/filters.ts';
import { NodeOperationError } from '../../host/model/errors.ts';

const KNOWN_OPS = new Set(FILTER_OPERATORS.map((o) => (o.value === 'equals' ? '=' : String(o.value))));

/** The two methods filtersFor reads, over fixed parameters (the node's real parameter lookup is the engine's). */
function context(params: Record<string, unknown>): IExecuteFunctions {
  return {
    getNode: () => ({ name: 'ERPNext' }),
    getNodeParameter: (name: string, _i: number, fallback?: unknown) => (name in params ? params[name] : fallback),
  } as unknown as IExecuteFunctions;
}

const odd = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined),
  fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('set', 'not set', ' SET ', '[1, 2]', '["2026-01-01", "2026-01-31"]', '[', 'a, b, c', '[1,', '', '𝒳'),
);
const operator = fc.oneof(
  fc.constantFrom(...FILTER_OPERATORS.map((o) => String(o.value))),
  fc.constantFrom('=', ' IN ', 'Between', 'regex', '', 'drop table'),
  odd,
);
const field = fc.oneof(fc.constantFrom('status', 'customer_name', 'grand_total', 'items', 'creation', 'name', '', '  '), odd);
const row = fc.record({ field, operator, value: odd }, { requiredKeys: [] });
// Rows as an imported workflow may hold them: not always objects, not always a list.
const rowsParam = fc.oneof(fc.record({ conditions: fc.array(fc.oneof({ weight: 5, arbitrary: row }, odd), { maxLength: 5 }) }), fc.record({ conditions: odd }), fc.constant({}), odd);
const jsonParam = fc.oneof(
  odd,
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.array(fc.tuple(field, operator, odd), { maxLength: 4 }).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 60 }).map((s) => `[["status", "=", "${s}"]`),
);
const doctype = fc.constantFrom('Quotation', 'Customer', 'Issue', 'Unknown Doctype', '');
const which = fc.constantFrom('filters' as const, 'orFilters' as const);

function check(params: Record<string, unknown>, dt: string, w: 'filters' | 'orFilters', mode: string): void {
  let out: string | undefined;
  try {
    out = filtersFor(context(params), 0, dt, w);
  } catch (err) {
    expect(err).toBeInstanceOf(NodeOperationError);
    const e = err as NodeOperationError;
    const expected = mode === 'json' ? `${w}Json` : w;
    expect(e.parameter).toBe(expected);
    const label = w === 'filters' ? 'Filters' : 'Or Filters';
    expect(e.message.startsWith(mode === 'json' ? `The "${label} (JSON)" value is ` : `${label}: `)).toBe(true);
    expect(e.node).toBe('ERPNext');
    return;
  }
  if (out === undefined) return;
  const parsed: unknown = JSON.parse(out);
  expect(typeof parsed).toBe('object');
  expect(parsed).not.toBeNull();
  if (mode !== 'json') {
    expect(Array.isArray(parsed)).toBe(true);
    for (const cond of parsed as unknown[]) {
      expect(Array.isArray(cond) && cond.length === 3).toBe(true);
      const [f, op] = cond as [unknown, unknown];
      expect(typeof f === 'string' && f.trim() === f && f.length > 0).toBe(true);
      expect(KNOWN_OPS.has(op as string)).toBe(true);
    }
  }
}

describe('ERPNext filter builder fuzz', () => {
  it('rows mode: Frappe [[field, op, value]] with known operators, or an error naming the parameter', () => {
    fc.assert(
      fc.property(rowsParam, doctype, which, (rows, dt, w) => check({ filterMode: 'rows', [w]: rows }, dt, w, 'rows')),
      { numRuns: 2000 },
    );
  });

  it('JSON mode: the JSON re-serialised, or an error naming the parameter', () => {
    fc.assert(
      fc.property(jsonParam, doctype, which, (json, dt, w) => check({ filterMode: 'json', [`${w}Json`]: json }, dt, w, 'json')),
      { numRuns: 2000 },
    );
  });
});

describe('ERPNext filter builder regressions (found by the fuzz above)', () => {
  it('conditions that are not a list, or a row that is not an object, are errors naming the parameter (was a TypeError)', () => {
    for (const rows of [{ conditions: 0 }, { conditions: 'status' }, { conditions: [null] }, { conditions: [{ field: 'status', value: 'Open' }, 7] }]) {
      expect(() => filtersFor(context({ filterMode: 'rows', filters: rows }), 0, 'Quotation', 'filters')).toThrow(NodeOperationError);
      check({ filterMode: 'rows', filters: rows }, 'Quotation', 'filters', 'rows');
    }
  });
});
