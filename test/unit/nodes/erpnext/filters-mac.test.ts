// Filter rows → Frappe's filter JSON for every operator, MAC spellings, paging order, catalogs.
import { describe, expect, it } from 'vitest';
import { catalogFileName, catalogFromDocType, typedValue } from '../../../../nodes/erpnext/catalog.ts';
import { pagingOrder } from '../../../../nodes/erpnext/actions/list.ts';
import { FILTER_OPERATORS, rowsToFilters } from '../../../../nodes/erpnext/filters.ts';
import { normalizeMac } from '../../../../host/model/mac.ts';

const fail = (message: string): never => {
  throw new Error(message);
};

describe('rowsToFilters', () => {
  it('offers every Frappe operator', () => {
    expect(FILTER_OPERATORS.map((o) => o.value)).toEqual([
      'equals', '!=', '>', '<', '>=', '<=', 'like', 'not like', 'in', 'not in', 'is', 'between', 'timespan', 'starts with', 'ends with',
      'descendants of', 'descendants of (inclusive)', 'not descendants of', 'ancestors of', 'not ancestors of',
    ]);
  });
  it('sends scalar operators as [field, op, value], typing numbers by the catalog', () => {
    const rows = [
      { field: 'status', operator: 'equals', value: 'Open' },
      { field: 'onu_id', operator: '>=', value: '4' },
      { field: 'city', operator: 'like', value: '%Montr%' },
      { field: 'period', operator: 'Timespan', value: 'last week' },
    ];
    expect(rowsToFilters('Service Location', rows, fail)).toEqual([
      ['status', '=', 'Open'],
      ['onu_id', '>=', 4],
      ['city', 'like', '%Montr%'],
      ['period', 'timespan', 'last week'],
    ]);
  });
  it('takes lists as JSON arrays or comma-separated text, and arrays from expressions', () => {
    expect(rowsToFilters('Issue', [{ field: 'status', operator: 'in', value: '["Open", "Replied"]' }], fail)).toEqual([['status', 'in', ['Open', 'Replied']]]);
    expect(rowsToFilters('Issue', [{ field: 'status', operator: 'not in', value: 'Closed, Resolved' }], fail)).toEqual([['status', 'not in', ['Closed', 'Resolved']]]);
    expect(rowsToFilters('Issue', [{ field: 'opening_date', operator: 'between', value: ['2026-01-01', '2026-01-31'] }], fail)).toEqual([
      ['opening_date', 'between', ['2026-01-01', '2026-01-31']],
    ]);
    expect(rowsToFilters('Issue', [{ field: 'customer', operator: 'is', value: 'Not Set' }], fail)).toEqual([['customer', 'is', 'not set']]);
  });
  it('names what is wrong with a row', () => {
    expect(() => rowsToFilters('Issue', [{ field: 'opening_date', operator: 'between', value: '2026-01-01' }], fail)).toThrow('"opening_date between" needs two values');
    expect(() => rowsToFilters('Issue', [{ field: 'status', operator: 'in', value: '["Open"' }], fail)).toThrow('not a valid JSON array');
    expect(() => rowsToFilters('Issue', [{ field: 'customer', operator: 'is', value: 'empty' }], fail)).toThrow('"set" or "not set"');
    expect(() => rowsToFilters('Issue', [{ field: '', operator: '=', value: 'x' }], fail)).toThrow('Condition 1 has no field');
    expect(() => rowsToFilters('Issue', [{ field: 'status', operator: '~', value: 'x' }], fail)).toThrow('unknown operator "~"');
  });
});

describe('normalizeMac', () => {
  it('reads the common spellings into the stored form', () => {
    for (const v of ['aa-bb-cc-dd-ee-0f', 'aabbccddee0f', 'AA:BB:CC:DD:EE:0F', 'aabb.ccdd.ee0f', ' aa:bb:cc:dd:ee:0f ', 'AA BB CC DD EE 0F']) expect(normalizeMac(v)).toBe('AA:BB:CC:DD:EE:0F');
  });
  it('refuses what is not 12 hex digits', () => {
    for (const v of ['', 'aa:bb:cc:dd:ee', 'gg:bb:cc:dd:ee:ff', 'aabbccddeeff00', null]) expect(normalizeMac(v)).toBeUndefined();
  });
});

describe('pagingOrder', () => {
  it('adds name as the tie-breaker unless the order already has it', () => {
    expect(pagingOrder('')).toBe('creation asc, name asc');
    expect(pagingOrder('modified desc')).toBe('modified desc, name asc');
    expect(pagingOrder('customer_name asc')).toBe('customer_name asc, name asc');
    expect(pagingOrder('name desc')).toBe('name desc');
    expect(pagingOrder('`tabIssue`.`name` asc')).toBe('`tabIssue`.`name` asc');
  });
});

describe('catalogs', () => {
  it('builds a catalog from DocType metadata, leaving out layout fields, in idx order', () => {
    const catalog = catalogFromDocType({
      name: 'Technician',
      module: 'Gigafibre',
      istable: 0,
      is_submittable: 0,
      fields: [
        { fieldname: 'mobile_no', label: 'Mobile', fieldtype: 'Data', idx: 2 },
        { fieldname: 'sb', fieldtype: 'Section Break', idx: 3 },
        { fieldname: 'technician_name', label: 'Name', fieldtype: 'Data', reqd: 1, idx: 1, options: '' },
      ],
    });
    expect(catalog).toEqual({
      doctype: 'Technician',
      module: 'Gigafibre',
      istable: 0,
      is_submittable: 0,
      fields: [
        { fieldname: 'technician_name', label: 'Name', fieldtype: 'Data', options: null, reqd: 1 },
        { fieldname: 'mobile_no', label: 'Mobile', fieldtype: 'Data', options: null, reqd: 0 },
      ],
    });
    expect(catalogFileName('Service Equipment')).toBe('service-equipment.json');
  });
  it('types values by the shipped catalog: numbers, checks, child tables; unknown fields stay text', () => {
    expect(typedValue('Quotation', 'grand_total', '99.5')).toBe(99.5);
    expect(typedValue('Customer', 'disabled', '1')).toBe(1);
    expect(typedValue('Quotation', 'items', '[{"item_code":"FIBRE-1G","qty":1}]')).toEqual([{ item_code: 'FIBRE-1G', qty: 1 }]);
    expect(typedValue('Customer', 'mobile_no', '5145550100')).toBe('5145550100');
    expect(typedValue('Unknown', 'x', '5')).toBe('5');
    expect(typedValue('Issue', 'docstatus', '1')).toBe(1);
  });
});
