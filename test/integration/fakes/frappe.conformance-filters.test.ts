// Conformance of the fake Frappe's list queries: every filter operator with MariaDB's NULL and
// collation rules as frappe.model.db_query applies them, or_filters, fields, order_by, as_dict=0,
// and paging. The site clock is fixed at Wednesday 2026-03-11 (weeks start on Sunday).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeFrappe } from '../../fakes/frappe/index.ts';
import type { FakeFrappe } from '../../fakes/frappe/index.ts';
import { call, messagesText, names, qs } from './frappe-client.ts';

const NOW = new Date('2026-03-11T15:30:00Z');
const issue = (n: number, row: Record<string, unknown>): Record<string, unknown> => ({ name: `ISS-2026-0000${n}`, ...row });

let fake: FakeFrappe;
beforeAll(async () => {
  fake = await startFakeFrappe({
    now: () => NOW,
    seed: {
      Customer: [{ customer_name: 'Alpha Telecom' }, { customer_name: 'Émilie Roy', customer_group: 'Residential' }, { customer_name: 'Café Central', disabled: 1 }],
      Issue: [
        issue(1, { subject: 'Fibre cut on Rue Saint-Jean', status: 'Open', priority: 'Urgent', customer: 'Alpha Telecom', opening_date: '2026-03-11', issue_type: 'Outage', creation: '2026-03-11 08:00:00.000000', modified: '2026-03-11 08:00:00.000000' }),
        issue(2, { subject: 'Wi-Fi slow upstairs', status: 'Replied', priority: 'Medium', customer: 'Émilie Roy', opening_date: '2026-03-10', creation: '2026-03-10 23:59:59.500000', modified: '2026-03-11 09:00:00.000000' }),
        issue(3, { subject: 'ONT reboot loop', status: 'Open', priority: 'High', customer: 'Alpha Telecom', opening_date: '2026-03-03', issue_type: 'Hardware', creation: '2026-03-03 10:00:00.000000', modified: '2026-03-11 07:00:00.000000' }),
        issue(4, { subject: 'Billing question', status: 'Closed', priority: 'Low', customer: 'Café Central', opening_date: '2026-02-15', issue_type: 'Billing', creation: '2026-02-15 09:00:00.000000', modified: '2026-03-11 10:00:00.000000' }),
        issue(5, { subject: 'Relocation request', status: 'On Hold', priority: 'Medium', opening_date: '2026-03-16', issue_type: '', creation: '2026-03-09 12:00:00.000000', modified: '2026-03-11 06:00:00.000000' }),
        issue(6, { subject: 'Café internet down', status: 'Open', priority: 'High', customer: 'Émilie Roy', creation: '2026-03-10 00:00:00.000000', modified: '2026-03-11 11:00:00.000000' }),
      ],
      Quotation: [
        { name: 'SAL-QTN-2026-00001', party_name: 'Alpha Telecom', transaction_date: '2026-03-01', items: [{ item_code: 'FIBRE-1G', qty: 1, rate: 100 }] },
        { name: 'SAL-QTN-2026-00002', party_name: 'Café Central', transaction_date: '2026-03-02', items: [{ item_code: 'ROUTER', qty: 2, rate: 80 }] },
      ],
    },
  });
});
afterAll(() => fake.close());

/** Issue numbers (1–6) matching `filters` (and `or_filters`), in name order. */
async function matching(filters: unknown, orFilters?: unknown): Promise<number[]> {
  const r = await call(fake, `/api/resource/Issue${qs({ filters, ...(orFilters ? { or_filters: orFilters } : {}), order_by: 'name asc', limit_page_length: 0 })}`);
  expect(r.status, r.text).toBe(200);
  return names(r).map((n) => Number(n.slice(-1)));
}

describe('filter operators', () => {
  it('= and != compare case-insensitively; != and "" match NULL columns (ifnull), = does not', async () => {
    expect(await matching([['status', '=', 'open']])).toEqual([1, 3, 6]);
    expect(await matching([['status', '!=', 'Open']])).toEqual([2, 4, 5]);
    expect(await matching([['issue_type', '!=', 'Outage']])).toEqual([2, 3, 4, 5, 6]);
    expect(await matching([['issue_type', '=', '']])).toEqual([2, 5, 6]);
    expect(await matching([['customer', '=', 'emilie roy']])).toEqual([2, 6]);
  });

  it('>, <, >=, <= on a Date: NULL never matches > / >=, but does match < / <= (ifnull to 0001-01-01)', async () => {
    expect(await matching([['opening_date', '>', '2026-03-10']])).toEqual([1, 5]);
    expect(await matching([['opening_date', '>=', '2026-03-10']])).toEqual([1, 2, 5]);
    expect(await matching([['opening_date', '<', '2026-03-05']])).toEqual([3, 4, 6]);
    expect(await matching([['opening_date', '<=', '2026-03-03']])).toEqual([3, 4, 6]);
    expect(await matching([['creation', '>=', '2026-03-10']])).toEqual([1, 2, 6]);
  });

  it('like / not like: % and _ wildcards, case- and accent-insensitive; not like matches NULL', async () => {
    expect(await matching([['subject', 'like', '%wi-fi%']])).toEqual([2]);
    expect(await matching([['subject', 'like', '_NT%']])).toEqual([3]);
    expect(await matching([['subject', 'like', '%cafe%']])).toEqual([6]);
    expect(await matching([['subject', 'like', 'Wi-Fi']])).toEqual([]);
    expect(await matching([['subject', 'not like', '%request%']])).toEqual([1, 2, 3, 4, 6]);
    expect(await matching([['issue_type', 'not like', '%ware']])).toEqual([1, 2, 4, 5, 6]);
  });

  it('in / not in take a list or a comma string; not in matches NULL', async () => {
    expect(await matching([['status', 'in', ['Open', 'Closed']]])).toEqual([1, 3, 4, 6]);
    expect(await matching([['status', 'in', 'Open, Closed']])).toEqual([1, 3, 4, 6]);
    expect(await matching([['priority', 'not in', ['Low', 'Medium']]])).toEqual([1, 3, 6]);
    expect(await matching([['customer', 'not in', 'Alpha Telecom']])).toEqual([2, 4, 5, 6]);
  });

  it('is set / is not set (an empty string is not set)', async () => {
    expect(await matching([['customer', 'is', 'set']])).toEqual([1, 2, 3, 4, 6]);
    expect(await matching([['customer', 'is', 'not set']])).toEqual([5]);
    expect(await matching([['issue_type', 'is', 'set']])).toEqual([1, 3, 4]);
    expect(await matching([['issue_type', 'is', 'not set']])).toEqual([2, 5, 6]);
  });

  it('between is inclusive; on a Datetime the end date covers the whole day', async () => {
    expect(await matching([['opening_date', 'between', ['2026-03-01', '2026-03-10']]])).toEqual([2, 3]);
    expect(await matching([['creation', 'between', ['2026-03-10', '2026-03-10']]])).toEqual([2, 6]);
  });

  it('timespan / previous / next, relative to the site date (Wed 2026-03-11, weeks from Sunday)', async () => {
    const cases: Array<[string, number[]]> = [
      ['today', [1]],
      ['yesterday', [2]],
      ['this week', [1, 2]],
      ['last week', [3]],
      ['next week', [5]],
      ['this month', [1, 2, 3, 5]],
      ['last month', [4]],
      ['last 7 days', [1, 2]],
      ['next 7 days', [1, 5]],
    ];
    for (const [span, expected] of cases) expect(await matching([['opening_date', 'timespan', span]]), span).toEqual(expected);
    // Sunday 2026-03-01 belongs to last week only when weeks start on Sunday (System Settings default).
    const quotations = await call(fake, `/api/resource/Quotation${qs({ filters: [['transaction_date', 'timespan', 'last week']], order_by: 'name asc' })}`);
    expect(names(quotations)).toEqual(['SAL-QTN-2026-00001', 'SAL-QTN-2026-00002']);
    expect(await matching([['opening_date', 'previous', '1 week']])).toEqual([3]);
    expect(await matching([['opening_date', 'next', '1 week']])).toEqual([5]);
    const unknown = await call(fake, `/api/resource/Issue${qs({ filters: [['opening_date', 'timespan', 'someday']] })}`);
    expect(unknown.status).toBe(417);
  });

  it('starts with / ends with, and operators in any case', async () => {
    expect(await matching([['subject', 'starts with', 'wi']])).toEqual([2]);
    expect(await matching([['subject', 'ends with', 'DOWN']])).toEqual([6]);
    expect(await matching([['subject', 'LIKE', '%loop']])).toEqual([3]);
    expect(await matching([['opening_date', 'Between', ['2026-03-03', '2026-03-03']]])).toEqual([3]);
    expect(await matching([['priority', 'Not In', ['High']]])).toEqual([1, 2, 4, 5]);
  });

  it('accepts legacy 4-tuples, dicts ({f: v} and {f: [op, v]}), child-table conditions and Check columns', async () => {
    expect(await matching([['Issue', 'status', '=', 'Open']])).toEqual([1, 3, 6]);
    expect(await matching({ status: 'Open', priority: ['in', ['High', 'Urgent']] })).toEqual([1, 3, 6]);
    const child = await call(fake, `/api/resource/Quotation${qs({ filters: [['Quotation Item', 'item_code', '=', 'router']] })}`);
    expect(names(child)).toEqual(['SAL-QTN-2026-00002']);
    const active = await call(fake, `/api/resource/Customer${qs({ filters: { disabled: '0' }, order_by: 'name asc' })}`);
    expect(names(active)).toEqual(['Alpha Telecom', 'Émilie Roy']);
  });

  it('ORs or_filters together and ANDs them with filters', async () => {
    const or = [['priority', '=', 'Urgent'], ['customer', '=', 'Café Central']];
    expect(await matching([], or)).toEqual([1, 4]);
    expect(await matching({ status: 'Open' }, or)).toEqual([1]);
    expect(await matching(undefined, { status: 'Closed', priority: 'High' })).toEqual([3, 4, 6]);
  });

  it('417s an unknown operator, a tree operator (no tree doctypes here) and an unknown field', async () => {
    const op = await call(fake, `/api/resource/Issue${qs({ filters: [['status', '~=', 'Open']] })}`);
    expect([op.status, op.body?.exc_type]).toEqual([417, 'ValidationError']);
    expect(messagesText(op.body)[0]).toMatch(/^Operator must be one of =, !=, >, <, >=, <=, like, not like, in, not in, is, between, timespan/);
    const tree = await call(fake, `/api/resource/Issue${qs({ filters: [['customer', 'descendants of', 'Alpha Telecom']] })}`);
    expect([tree.status, tree.body?.exc_type]).toEqual([417, 'ValidationError']);
    expect(messagesText(tree.body)[0]).toContain('not a tree doctype');
    const field = await call(fake, `/api/resource/Issue${qs({ filters: [['colour', '=', 'red']] })}`);
    expect([field.status, field.body?.exc_type, messagesText(field.body)]).toEqual([417, 'DataError', ['Field not permitted in query: colour']]);
    const count = await call(fake, `/api/method/frappe.client.get_count${qs({ doctype: 'Issue', filters: { colour: 'red' } })}`);
    expect(count.status).toBe(417);
  });
});

describe('fields, order_by, as_dict', () => {
  it('returns the requested fields, "*" for every column (NULLs included), dotted link fields under the target column name', async () => {
    const r = await call(fake, `/api/resource/Issue${qs({ fields: ['name', 'customer', 'customer.customer_group', 'customer.disabled as customer_disabled'], filters: { name: 'ISS-2026-00002' } })}`);
    expect(r.body?.data).toEqual([{ name: 'ISS-2026-00002', customer: 'Émilie Roy', customer_group: 'Residential', customer_disabled: 0 }]);
    const star = (await call(fake, `/api/resource/Issue${qs({ fields: ['*'], filters: { name: 'ISS-2026-00006' } })}`)).body?.data as Array<Record<string, unknown>>;
    expect(Object.keys(star[0])).toEqual(['name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'idx', 'subject', 'status', 'priority', 'issue_type', 'customer', 'raised_by', 'description', 'opening_date', 'service_location']);
    expect(star[0]).toMatchObject({ issue_type: null, opening_date: null, creation: '2026-03-10 00:00:00.000000' });
    const bad = await call(fake, `/api/resource/Issue${qs({ fields: ['name', 'colour'] })}`);
    expect([bad.status, messagesText(bad.body)]).toEqual([417, ['Field not permitted in query: colour']]);
  });

  it('orders by "modified desc" by default, by order_by otherwise (NULLs first ascending), and 500s an unknown column', async () => {
    expect(names(await call(fake, '/api/resource/Issue'))).toEqual(['ISS-2026-00006', 'ISS-2026-00004', 'ISS-2026-00002', 'ISS-2026-00001', 'ISS-2026-00003', 'ISS-2026-00005']);
    const byDate = await call(fake, `/api/resource/Issue${qs({ order_by: 'opening_date asc, name asc' })}`);
    expect(names(byDate)).toEqual(['ISS-2026-00006', 'ISS-2026-00004', 'ISS-2026-00003', 'ISS-2026-00002', 'ISS-2026-00001', 'ISS-2026-00005']);
    const multi = await call(fake, `/api/resource/Issue${qs({ order_by: '`tabIssue`.`priority` desc, creation asc' })}`);
    expect(names(multi)).toEqual(['ISS-2026-00001', 'ISS-2026-00005', 'ISS-2026-00002', 'ISS-2026-00004', 'ISS-2026-00003', 'ISS-2026-00006']);
    const unknown = await call(fake, `/api/resource/Issue${qs({ order_by: 'colour desc' })}`);
    expect([unknown.status, unknown.body?.exc_type]).toEqual([500, 'OperationalError']);
  });

  it('returns rows as arrays in fields order with as_dict=0 (resource and get_list)', async () => {
    const r = await call(fake, `/api/resource/Issue${qs({ fields: ['priority', 'name'], filters: { status: 'Open' }, order_by: 'name asc', as_dict: '0' })}`);
    expect(r.body?.data).toEqual([
      ['Urgent', 'ISS-2026-00001'],
      ['High', 'ISS-2026-00003'],
      ['High', 'ISS-2026-00006'],
    ]);
    const m = await call(fake, '/api/method/frappe.client.get_list', { method: 'POST', json: { doctype: 'Issue', fields: ['name'], filters: { priority: 'Low' }, as_dict: false } });
    expect(m.body).toEqual({ message: [['ISS-2026-00004']] });
  });
});

describe('paging', () => {
  it('defaults to 20 rows; walks 3 pages with a stable order; limit is an alias; limit_page_length=0 is all', async () => {
    const paged = await startFakeFrappe({ now: () => NOW });
    try {
      for (let i = 1; i <= 25; i++) paged.insert('Technician', { technician_name: `Tech ${String(i).padStart(2, '0')}` });
      expect(names(await call(paged, '/api/resource/Technician')).length).toBe(20);
      const seen: string[] = [];
      const sizes: number[] = [];
      for (let start = 0; ; start += 10) {
        const page = names(await call(paged, `/api/resource/Technician${qs({ order_by: 'creation asc, name asc', limit_start: String(start), limit_page_length: '10' })}`));
        sizes.push(page.length);
        seen.push(...page);
        if (page.length < 10) break;
      }
      expect(sizes).toEqual([10, 10, 5]);
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `TECH-${String(i + 1).padStart(4, '0')}`));
      expect(names(await call(paged, `/api/resource/Technician${qs({ order_by: 'name asc', limit: '5', limit_start: '5' })}`))).toEqual(['TECH-0006', 'TECH-0007', 'TECH-0008', 'TECH-0009', 'TECH-0010']);
      expect(names(await call(paged, `/api/resource/Technician${qs({ limit_page_length: '0' })}`)).length).toBe(25);
      const viaMethod = await call(paged, `/api/method/frappe.client.get_list${qs({ doctype: 'Technician' })}`);
      expect((viaMethod.body?.message as unknown[]).length).toBe(20);
      expect((await call(paged, `/api/method/frappe.client.get_count${qs({ doctype: 'Technician' })}`)).body).toEqual({ message: 25 });
    } finally {
      await paged.close();
    }
  });
});
