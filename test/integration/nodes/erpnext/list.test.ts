// ERPNext List Documents against the fake Frappe: every filter operator (rows), or_filters, JSON
// filters in both shapes, fields, order and limit, and Return All paging across three pages.
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFieldService } from '../../../fakes/frappe/index.ts';
import { lastQuery, startErpEnv } from './setup.ts';
import type { ErpEnv } from './setup.ts';

const Y = 2026;
const iss = (n: number) => `ISS-${Y}-0000${n}`;
let env: ErpEnv;
beforeAll(async () => {
  env = await startErpEnv({ seed: seedFieldService({ year: Y }), now: () => new Date(`${Y}-03-05T15:00:00Z`) });
});
afterAll(() => env?.close());

type Condition = { field: string; operator: string; value: unknown };
const list = async (doctype: string, extra: IDataObject) => {
  const r = await env.run({ operation: 'getAll', doctype, returnAll: true, ...extra });
  if (r.record.status !== 'success') throw new Error(`run failed: ${JSON.stringify(r.error)}`);
  return r;
};
const names = async (doctype: string, conditions: Condition[], extra: IDataObject = {}) =>
  (await list(doctype, { filterMode: 'rows', filters: { conditions }, fields: ['name'], ...extra })).json.map((j) => j.name).sort();

describe('ERPNext list: each filter operator', () => {
  const cases: [string, string, Condition[], string[]][] = [
    ['equals', 'Issue', [{ field: 'status', operator: 'equals', value: 'Open' }], [iss(1), iss(3)]],
    ['!=', 'Issue', [{ field: 'status', operator: '!=', value: 'Open' }], [iss(2), iss(4)]],
    ['>', 'Service Location', [{ field: 'latitude', operator: '>', value: '46.81' }], ['SL-00001', 'SL-00004']],
    ['<', 'Service Location', [{ field: 'latitude', operator: '<', value: '46.6' }], ['SL-00003', 'SL-00005']],
    ['>=', 'Service Location', [{ field: 'latitude', operator: '>=', value: '46.8123' }], ['SL-00001', 'SL-00004']],
    ['<=', 'Service Location', [{ field: 'latitude', operator: '<=', value: '46.587' }], ['SL-00003', 'SL-00005']],
    ['like', 'Service Location', [{ field: 'city', operator: 'like', value: '%bec' }], ['SL-00001']],
    ['not like', 'Issue', [{ field: 'subject', operator: 'not like', value: '%Wi-Fi%' }], [iss(1), iss(3), iss(4)]],
    ['in (comma list)', 'Issue', [{ field: 'status', operator: 'in', value: 'Open, Closed' }], [iss(1), iss(3), iss(4)]],
    ['not in (JSON array)', 'Issue', [{ field: 'status', operator: 'not in', value: '["Open", "Closed"]' }], [iss(2)]],
    ['is set', 'Issue', [{ field: 'service_location', operator: 'is', value: 'set' }], [iss(1), iss(2), iss(3)]],
    ['is not set', 'Issue', [{ field: 'service_location', operator: 'is', value: 'not set' }], [iss(4)]],
    ['between', 'Issue', [{ field: 'opening_date', operator: 'between', value: `${Y}-03-01, ${Y}-03-04` }], [iss(1), iss(2)]],
    ['timespan', 'Issue', [{ field: 'opening_date', operator: 'timespan', value: 'today' }], [iss(3)]],
    ['starts with', 'Issue', [{ field: 'subject', operator: 'starts with', value: 'Wi' }], [iss(2)]],
    ['ends with', 'Issue', [{ field: 'subject', operator: 'ends with', value: 'storm' }], [iss(1)]],
    ['numbers typed by the catalog', 'Service Location', [{ field: 'onu_id', operator: '>=', value: '18' }], ['SL-00003', 'SL-00005']],
  ];
  for (const [label, doctype, conditions, expected] of cases) {
    it(`${label}`, async () => {
      expect(await names(doctype, conditions)).toEqual(expected);
      const sent = JSON.parse(lastQuery(env.frappe, `/api/resource/${doctype}`).filters) as unknown[][];
      expect(sent[0][1]).toBe(conditions[0].operator === 'equals' ? '=' : conditions[0].operator);
    });
  }

  it('tree operators are sent as Frappe spells them (the fake has no tree doctype, so ERPNext explains)', async () => {
    for (const operator of ['descendants of', 'descendants of (inclusive)', 'not descendants of', 'ancestors of', 'not ancestors of']) {
      const r = await env.run({ operation: 'getAll', doctype: 'Issue', filterMode: 'rows', filters: { conditions: [{ field: 'customer', operator, value: 'Jean Dupont' }] } });
      expect(JSON.parse(lastQuery(env.frappe, '/api/resource/Issue').filters)).toEqual([['customer', operator, 'Jean Dupont']]);
      expect(r.error?.message).toMatch(/^ERPNext could not read Issue: Operator ".+" needs a tree doctype.* \(417 ValidationError\)$/);
    }
  });

  it('ANDs filters and ORs or_filters', async () => {
    const got = await names('Issue', [{ field: 'status', operator: '!=', value: 'Closed' }], {
      orFilters: { conditions: [{ field: 'priority', operator: 'equals', value: 'Urgent' }, { field: 'issue_type', operator: 'equals', value: 'Wi-Fi' }] },
    });
    expect(got).toEqual([iss(1), iss(2)]);
    expect(JSON.parse(lastQuery(env.frappe, '/api/resource/Issue').or_filters)).toEqual([['priority', '=', 'Urgent'], ['issue_type', '=', 'Wi-Fi']]);
  });

  it('takes JSON filters as a list or an object, and names the parameter when the JSON is broken', async () => {
    const asList = await list('Issue', { filterMode: 'json', filtersJson: `[["opening_date", "between", ["${Y}-03-01", "${Y}-03-04"]]]`, fields: ['name'] });
    expect(asList.json.map((j) => j.name).sort()).toEqual([iss(1), iss(2)]);
    const asObject = await list('Issue', { filterMode: 'json', filtersJson: '{"status": "Open", "priority": ["in", ["High", "Low"]]}', orFiltersJson: '', fields: ['name'] });
    expect(asObject.json.map((j) => j.name)).toEqual([iss(3)]);
    const broken = await env.run({ operation: 'getAll', doctype: 'Issue', filterMode: 'json', filtersJson: '[["status", "=", "Open"' });
    expect(broken.error).toMatchObject({ parameter: 'filtersJson', message: expect.stringContaining('The "Filters (JSON)" value is not valid JSON') });
  });

  it('a bad row names the condition', async () => {
    const r = await env.run({ operation: 'getAll', doctype: 'Issue', filters: { conditions: [{ field: 'opening_date', operator: 'between', value: `${Y}-03-01` }] } });
    expect(r.error).toMatchObject({ parameter: 'filters', message: expect.stringContaining('"opening_date between" needs two values') });
  });
});

describe('ERPNext list: fields, order, limit', () => {
  it('returns only the fields chosen, in the order asked, up to the limit', async () => {
    const r = await list('Issue', { returnAll: false, limit: 2, fields: ['name', 'subject', 'opening_date'], orderBy: 'opening_date asc' });
    expect(r.json).toEqual([
      { name: iss(4), subject: 'Question about the March invoice', opening_date: `${Y}-02-20` },
      { name: iss(1), subject: 'No internet since the storm', opening_date: `${Y}-03-02` },
    ]);
    expect(lastQuery(env.frappe, '/api/resource/Issue')).toMatchObject({ limit_start: '0', limit_page_length: '2', order_by: 'opening_date asc' });
  });

  it('no fields chosen means every column', async () => {
    const r = await list('Technician', { returnAll: false, limit: 1 });
    expect(JSON.parse(lastQuery(env.frappe, '/api/resource/Technician').fields)).toEqual(['*']);
    expect(Object.keys(r.json[0])).toEqual(expect.arrayContaining(['name', 'technician_name', 'mobile_no', 'skills', 'active', 'modified']));
  });
});

describe('ERPNext list: Return All', () => {
  it('reads 3 pages with limit_start, in a stable order, without repeats', async () => {
    const total = env.frappe.docs('Service Equipment').length;
    expect(total).toBe(7);
    const before = env.frappe.requests.length;
    const r = await list('Service Equipment', { fields: ['name', 'serial_no'], listOptions: { pageSize: 3 } });
    const pages = env.frappe.requests.slice(before).filter((q) => q.path === '/api/resource/Service Equipment');
    expect(pages.map((p) => [p.query.limit_start, p.query.limit_page_length, p.query.order_by])).toEqual([
      ['0', '3', 'creation asc, name asc'],
      ['3', '3', 'creation asc, name asc'],
      ['6', '3', 'creation asc, name asc'],
    ]);
    expect(r.json.map((j) => j.name)).toEqual(env.frappe.docs('Service Equipment').map((d) => d.name).sort());
    expect(new Set(r.json.map((j) => j.name)).size).toBe(7);
  });

  it('keeps the user\'s order and adds name as tie-breaker; a full last page costs one empty read', async () => {
    const before = env.frappe.requests.length;
    const r = await list('Service Equipment', { fields: ['name', 'model'], orderBy: 'model desc', listOptions: { pageSize: 7 } });
    const pages = env.frappe.requests.slice(before).filter((q) => q.path === '/api/resource/Service Equipment');
    expect(pages.map((p) => [p.query.limit_start, p.query.order_by])).toEqual([
      ['0', 'model desc, name asc'],
      ['7', 'model desc, name asc'],
    ]);
    expect(r.json.map((j) => j.model)).toEqual(['ZTE F670L', 'ZTE F670L', 'ZTE F670L', 'TP-Link Deco X20', 'TP-Link Archer C6', 'Huawei HG8245Q2', 'Amino H200']);
  });
});
