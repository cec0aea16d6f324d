// Frappe list filters: every operator of Frappe's filter UI, entered as rows (field, operator,
// value) or as JSON in either of Frappe's shapes, sent as the JSON the API reads.
import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from '../../host/model/errors.ts';
import { typedValue } from './catalog.ts';

export const FILTER_OPERATORS: INodePropertyOptions[] = [
  // Not '=': a parameter value starting with '=' is an n8n expression.
  { name: '=', value: 'equals', description: 'Equals' },
  { name: '!=', value: '!=', description: 'Not equal' },
  { name: '>', value: '>' },
  { name: '<', value: '<' },
  { name: '>=', value: '>=' },
  { name: '<=', value: '<=' },
  { name: 'Like', value: 'like', description: 'Pattern with % as wildcard, e.g. %fibre%' },
  { name: 'Not Like', value: 'not like' },
  { name: 'In', value: 'in', description: 'One of a list: JSON array or comma-separated values' },
  { name: 'Not In', value: 'not in', description: 'None of a list: JSON array or comma-separated values' },
  { name: 'Is', value: 'is', description: 'Value "set" or "not set"' },
  { name: 'Between', value: 'between', description: 'Two values (usually dates): JSON array or "from, to"' },
  { name: 'Timespan', value: 'timespan', description: 'A keyword such as "last week", "this month", "next 30 days"' },
  { name: 'Starts With', value: 'starts with', description: 'Recent Frappe versions only' },
  { name: 'Ends With', value: 'ends with', description: 'Recent Frappe versions only' },
  { name: 'Descendants Of', value: 'descendants of', description: 'Tree doctypes' },
  { name: 'Descendants Of (Inclusive)', value: 'descendants of (inclusive)', description: 'Tree doctypes' },
  { name: 'Not Descendants Of', value: 'not descendants of', description: 'Tree doctypes' },
  { name: 'Ancestors Of', value: 'ancestors of', description: 'Tree doctypes' },
  { name: 'Not Ancestors Of', value: 'not ancestors of', description: 'Tree doctypes' },
];

/** The operator as Frappe spells it ('equals' is our option value for '='). */
const frappeOperator = (op: unknown) => {
  const o = String(op ?? 'equals').trim().toLowerCase();
  return o === 'equals' ? '=' : o;
};
const OPERATORS = new Set(FILTER_OPERATORS.map((o) => frappeOperator(o.value)));
const LIST_OPERATORS = new Set(['in', 'not in']);

type Display = INodeProperties['displayOptions'];

/** The filter-mode switch and the row/JSON parameters for `filters`, and for `or_filters` where `orShow` says. */
export function filterProperties(show: Display, orShow?: Display): INodeProperties[] {
  const inMode = (where: Display, mode: string): Display => ({ show: { ...where?.show, filterMode: [mode] } });
  const rows = (name: string, displayName: string, description: string, where: Display): INodeProperties => ({
    displayName,
    name,
    type: 'fixedCollection',
    typeOptions: { multipleValues: true },
    placeholder: 'Add Condition',
    default: {},
    displayOptions: inMode(where, 'rows'),
    description,
    options: [
      {
        name: 'conditions',
        displayName: 'Condition',
        values: [
          {
            displayName: 'Field Name or ID',
            name: 'field',
            type: 'options',
            typeOptions: { loadOptionsMethod: 'getFields', loadOptionsDependsOn: ['doctype'] },
            default: '',
            description: 'Choose from the list, or specify a fieldname using an expression',
          },
          { displayName: 'Operator', name: 'operator', type: 'options', options: FILTER_OPERATORS, default: 'equals' },
          { displayName: 'Value', name: 'value', type: 'string', default: '', description: 'For In / Not In / Between: a JSON array or comma-separated values' },
        ],
      },
    ],
  });
  const json = (name: string, displayName: string, where: Display): INodeProperties => ({
    displayName,
    name,
    type: 'json',
    default: '',
    displayOptions: inMode(where, 'json'),
    placeholder: '[["status", "=", "Open"], ["opening_date", "between", ["2026-01-01", "2026-01-31"]]]',
    description: 'A list of [field, operator, value] or an object {"field": value} / {"field": [operator, value]}',
  });
  const out: INodeProperties[] = [
    {
      displayName: 'Filter Mode',
      name: 'filterMode',
      type: 'options',
      options: [
        { name: 'Conditions Below', value: 'rows' },
        { name: 'JSON', value: 'json' },
      ],
      default: 'rows',
      displayOptions: show,
    },
    rows('filters', 'Filters', 'All conditions must match (AND)', show),
    json('filtersJson', 'Filters (JSON)', show),
  ];
  if (orShow) out.push(rows('orFilters', 'Or Filters', 'At least one of these must match (OR), together with Filters', orShow), json('orFiltersJson', 'Or Filters (JSON)', orShow));
  return out;
}

interface Row {
  field?: string;
  operator?: string;
  value?: unknown;
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A row's value in the shape its operator needs. */
export function conditionValue(doctype: string, row: Row, fail: (message: string) => never): unknown {
  const op = frappeOperator(row.operator);
  const field = String(row.field ?? '');
  const raw = row.value;
  const listOf = (): unknown[] => {
    if (Array.isArray(raw)) return raw;
    const text = String(raw ?? '').trim();
    if (!text.startsWith('[')) return splitList(text);
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // reported below
    }
    return fail(`The value for "${field} ${op}" is not a valid JSON array: ${text}`);
  };
  if (LIST_OPERATORS.has(op)) return listOf().map((v) => typedValue(doctype, field, v));
  if (op === 'between') {
    const pair = listOf();
    if (pair.length !== 2) fail(`"${field} between" needs two values (e.g. ["2026-01-01", "2026-01-31"]); got ${JSON.stringify(raw)}`);
    return pair.map((v) => typedValue(doctype, field, v));
  }
  if (op === 'is') {
    const v = String(raw ?? '').trim().toLowerCase();
    if (v !== 'set' && v !== 'not set') fail(`"${field} is" takes the value "set" or "not set", not ${JSON.stringify(raw)}`);
    return v;
  }
  return typedValue(doctype, field, raw);
}

/** Rows → Frappe's list form [[field, op, value], ...]. */
export function rowsToFilters(doctype: string, rows: Row[], fail: (message: string) => never): unknown[][] {
  return rows.map((row, n) => {
    const field = String(row.field ?? '').trim();
    const op = frappeOperator(row.operator);
    if (!field) fail(`Condition ${n + 1} has no field`);
    if (!OPERATORS.has(op)) fail(`Condition ${n + 1} uses the unknown operator "${row.operator}"`);
    return [field, op, conditionValue(doctype, { ...row, field, operator: op }, fail)];
  });
}

/** JSON filters as text Frappe accepts, or undefined when empty. */
function jsonFilters(value: unknown, fail: (message: string) => never): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch (err) {
      fail(`not valid JSON (${(err as Error).message})`);
    }
  }
  if (!parsed || typeof parsed !== 'object') fail('must be a JSON list of conditions or an object');
  if (Array.isArray(parsed) ? parsed.length === 0 : Object.keys(parsed as object).length === 0) return undefined;
  return JSON.stringify(parsed);
}

/** The `filters` or `or_filters` query value for item i, as JSON text; undefined when there are none. */
export function filtersFor(ctx: IExecuteFunctions, i: number, doctype: string, which: 'filters' | 'orFilters'): string | undefined {
  const node = ctx.getNode().name;
  const mode = String(ctx.getNodeParameter('filterMode', i, 'rows'));
  if (mode === 'json') {
    const name = `${which}Json`;
    return jsonFilters(ctx.getNodeParameter(name, i, ''), (message) => {
      throw new NodeOperationError(node, `The "${which === 'filters' ? 'Filters' : 'Or Filters'} (JSON)" value is ${message}`, { parameter: name, itemIndex: i });
    });
  }
  const fail = (message: string): never => {
    throw new NodeOperationError(node, `${which === 'filters' ? 'Filters' : 'Or Filters'}: ${message}`, { parameter: which, itemIndex: i });
  };
  // An imported workflow can hold anything here (found by test/fuzz/erpnext-filters.fuzz.test.ts).
  const param: unknown = ctx.getNodeParameter(which, i, {});
  const conditions: unknown = param === null || param === undefined || param === '' ? undefined : (param as { conditions?: unknown }).conditions;
  if (conditions !== undefined && conditions !== null && !Array.isArray(conditions)) fail('the conditions must be a list of {field, operator, value}');
  const list = (conditions ?? []) as unknown[];
  list.forEach((r, n) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) fail(`Condition ${n + 1} must be an object {field, operator, value}`);
  });
  const rows = (list as Row[]).filter((r) => r.field || r.value);
  if (!rows.length) return undefined;
  return JSON.stringify(rowsToFilters(doctype, rows, fail));
}
