// Device queries for the NBI: rows of (parameter path, operator, value) ANDed together, or raw
// MongoDB-style JSON; plus projection and sort. The NBI itself appends `._value` to parameter
// paths and expands string values (numeric text also matches numbers, date text dates, `*`
// wildcards a regex), so values are sent mostly as typed.
import type { INodePropertyOptions } from 'n8n-workflow';

export const QUERY_OPERATORS: INodePropertyOptions[] = [
  { name: 'Equals ($eq)', value: '$eq', description: 'Text also matches the number or date it spells; * is a wildcard' },
  { name: 'Not Equal ($ne)', value: '$ne' },
  { name: 'Greater Than ($gt)', value: '$gt', description: 'Numbers, or dates such as 2026-01-01T00:00:00Z' },
  { name: 'Greater or Equal ($gte)', value: '$gte' },
  { name: 'Less Than ($lt)', value: '$lt' },
  { name: 'Less or Equal ($lte)', value: '$lte' },
  { name: 'In List ($in)', value: '$in', description: 'A JSON array or comma-separated values' },
  { name: 'Not In List ($nin)', value: '$nin', description: 'A JSON array or comma-separated values' },
  { name: 'Matches Regex ($regex)', value: '$regex', description: 'A regular expression, e.g. ^HG8245' },
  { name: 'Exists ($exists)', value: '$exists', description: 'true (default when empty) or false' },
];

const OPERATORS = new Set(QUERY_OPERATORS.map((o) => String(o.value)));
const COMPARISONS = new Set(['$gt', '$gte', '$lt', '$lte']);
const LISTS = new Set(['$in', '$nin']);

export interface QueryRow {
  path?: unknown;
  operator?: unknown;
  value?: unknown;
}

export type Fail = (message: string, description?: string) => never;

const isNumeric = (text: string) => /^-?\d+(\.\d+)?$/.test(text);

function booleanOf(value: unknown, row: string, fail: Fail): boolean {
  if (typeof value === 'boolean') return value;
  const text = String(value ?? '').trim().toLowerCase();
  if (text === '' || text === 'true') return true;
  if (text === 'false') return false;
  return fail(`${row}: "$exists" takes true or false, not "${String(value)}"`);
}

function listOf(value: unknown, row: string, fail: Fail): unknown[] {
  if (Array.isArray(value)) return value;
  const text = String(value ?? '').trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      return fail(`${row}: the list is not valid JSON`, 'Write a JSON array (["a", "b"]) or comma-separated values (a, b).');
    }
  }
  return text === '' ? [] : text.split(',').map((v) => v.trim());
}

/**
 * A row's value as the operator needs it: lists for $in/$nin, a boolean for $exists, numbers
 * for numeric comparisons; "true"/"false" become booleans for $eq/$ne (TR-069 booleans are
 * stored as booleans). Values from expressions that are not text pass through.
 */
export function operatorValue(operator: string, value: unknown, row: string, fail: Fail): unknown {
  if (operator === '$exists') return booleanOf(value, row, fail);
  if (LISTS.has(operator)) return listOf(value, row, fail);
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (operator === '$regex') {
    try {
      new RegExp(text);
    } catch (err) {
      return fail(`${row}: "${text}" is not a valid regular expression`, (err as Error).message);
    }
    return text;
  }
  if (COMPARISONS.has(operator) && isNumeric(text)) return Number(text);
  if ((operator === '$eq' || operator === '$ne') && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  return value;
}

/** Query-builder rows → one NBI query object; distinct paths share one object, repeated paths go into $and. */
export function rowsToQuery(rows: QueryRow[], fail: Fail): Record<string, unknown> {
  const conditions = rows.map((r, index) => {
    const path = String(r.path ?? '').trim();
    const row = `Condition ${index + 1}${path ? ` (${path})` : ''}`;
    if (!path) return fail(`${row} has no parameter path`, 'Set a parameter path such as InternetGatewayDevice.DeviceInfo.SoftwareVersion, _lastInform or _tags.');
    const operator = String(r.operator ?? '$eq').trim() || '$eq';
    if (!OPERATORS.has(operator)) return fail(`${row}: unknown operator "${operator}"`, `Use one of ${[...OPERATORS].join(', ')}.`);
    const value = operatorValue(operator, r.value, row, fail);
    return { path, condition: operator === '$eq' ? value : { [operator]: value } };
  });
  const paths = conditions.map((c) => c.path);
  if (new Set(paths).size === paths.length) return Object.fromEntries(conditions.map((c) => [c.path, c.condition]));
  return { $and: conditions.map((c) => ({ [c.path]: c.condition })) };
}

/** A query given as JSON text or as an object from an expression; must be an object. */
export function parseQuery(value: unknown, fail: Fail): Record<string, unknown> {
  let parsed = value;
  if (typeof value === 'string') {
    if (!value.trim()) return {};
    try {
      parsed = JSON.parse(value);
    } catch (err) {
      return fail('The query is not valid JSON', (err as Error).message);
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return fail('The query must be a JSON object', 'For example {"InternetGatewayDevice.DeviceInfo.ModelName": "HG8245Q2", "_tags": "vip"}.');
  return parsed as Record<string, unknown>;
}

/** A projection as the NBI takes it: comma-separated paths (text, or a list from an expression); '' for none. */
export function projectionText(value: unknown): string {
  const list = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[,\n]/);
  return list
    .map((p) => p.trim())
    .filter(Boolean)
    .join(',');
}

/** A sort object from JSON text (`{"_lastInform": -1}`); each value must be 1 or -1. */
export function parseSort(value: unknown, fail: Fail): Record<string, 1 | -1> | undefined {
  let parsed = value;
  if (typeof value === 'string') {
    if (!value.trim()) return undefined;
    try {
      parsed = JSON.parse(value);
    } catch (err) {
      return fail('The sort is not valid JSON', `${(err as Error).message}. Example: {"_lastInform": -1}.`);
    }
  }
  if (parsed === undefined || parsed === null) return undefined;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return fail('The sort must be a JSON object such as {"_lastInform": -1}');
  for (const [key, dir] of Object.entries(parsed)) if (dir !== 1 && dir !== -1) fail(`Sort "${key}" must be 1 (ascending) or -1 (descending), not ${JSON.stringify(dir)}`);
  return parsed as Record<string, 1 | -1>;
}
