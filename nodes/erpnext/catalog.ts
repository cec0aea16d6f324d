// Field catalogs: the doctypes our flows use, shipped as JSON in catalogs/ so the editor's
// dropdowns and value typing work without a server. scripts/refresh-catalogs.ts rewrites them
// from a live site (GET /api/resource/DocType/{name}).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CatalogField {
  fieldname: string;
  label: string;
  fieldtype: string;
  options: string | null;
  reqd: 0 | 1;
}

export interface Catalog {
  doctype: string;
  module: string;
  istable: 0 | 1;
  is_submittable: 0 | 1;
  fields: CatalogField[];
}

/** The doctypes we ship catalogs for; child tables they use are added by the refresh. */
export const CATALOG_DOCTYPES = [
  'Customer',
  'Quotation',
  'Service Contract',
  'Issue',
  'Subscription',
  'Dispatch Job',
  'Technician',
  'Service Location',
  'Service Equipment',
];

/** Fields every document has, which DocType metadata does not list. */
export const STANDARD_FIELDS: CatalogField[] = [
  { fieldname: 'name', label: 'ID', fieldtype: 'Data', options: null, reqd: 0 },
  { fieldname: 'owner', label: 'Created By', fieldtype: 'Link', options: 'User', reqd: 0 },
  { fieldname: 'creation', label: 'Created On', fieldtype: 'Datetime', options: null, reqd: 0 },
  { fieldname: 'modified', label: 'Last Updated On', fieldtype: 'Datetime', options: null, reqd: 0 },
  { fieldname: 'modified_by', label: 'Last Updated By', fieldtype: 'Link', options: 'User', reqd: 0 },
  { fieldname: 'docstatus', label: 'Document Status', fieldtype: 'Int', options: null, reqd: 0 },
  { fieldname: 'idx', label: 'Index', fieldtype: 'Int', options: null, reqd: 0 },
];

/** Form layout, not data: never offered as a field. */
const LAYOUT_TYPES = new Set(['Section Break', 'Column Break', 'Tab Break', 'HTML', 'Button', 'Fold', 'Heading', 'Image']);
const NUMBER_TYPES = new Set(['Int', 'Float', 'Currency', 'Percent', 'Check', 'Rating', 'Duration']);
const TABLE_TYPES = new Set(['Table', 'Table MultiSelect']);

const bit = (v: unknown): 0 | 1 => (v === 1 || v === true || v === '1' ? 1 : 0);

const toField = (f: Record<string, unknown>): CatalogField => ({
  fieldname: String(f.fieldname),
  label: String(f.label ?? f.fieldname),
  fieldtype: String(f.fieldtype ?? 'Data'),
  options: f.options === undefined || f.options === null || f.options === '' ? null : String(f.options),
  reqd: bit(f.reqd),
});
const isDataField = (f: Record<string, unknown>) => typeof f.fieldname === 'string' && !!f.fieldname && !LAYOUT_TYPES.has(String(f.fieldtype));

/**
 * A catalog from a DocType document as Frappe serves it, plus the site's Custom Field rows for it
 * (custom fields on standard doctypes are not DocFields), each placed after its `insert_after`.
 */
export function catalogFromDocType(doc: Record<string, unknown>, customFields: Record<string, unknown>[] = []): Catalog {
  const rows = Array.isArray(doc.fields) ? (doc.fields as Record<string, unknown>[]) : [];
  const fields = rows
    .filter(isDataField)
    .sort((a, b) => Number(a.idx ?? 0) - Number(b.idx ?? 0))
    .map(toField);
  for (const custom of customFields.filter(isDataField)) {
    if (fields.some((f) => f.fieldname === custom.fieldname)) continue;
    const after = fields.findIndex((f) => f.fieldname === custom.insert_after);
    fields.splice(after < 0 ? fields.length : after + 1, 0, toField(custom));
  }
  return { doctype: String(doc.name), module: String(doc.module ?? ''), istable: bit(doc.istable), is_submittable: bit(doc.is_submittable), fields };
}

/** "Service Equipment" → "service-equipment.json". */
export const catalogFileName = (doctype: string) => `${doctype.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.json`;

/** The JSON text a catalog file holds (stable: the refresh test compares bytes). */
export const catalogText = (catalog: Catalog) => `${JSON.stringify(catalog, null, 2)}\n`;

/** Child doctypes a catalog's Table fields point at. */
export const childDocTypes = (catalog: Catalog) => catalog.fields.filter((f) => TABLE_TYPES.has(f.fieldtype) && f.options).map((f) => f.options!);

export const CATALOG_DIR = fileURLToPath(new URL('./catalogs', import.meta.url));
let shipped: Map<string, Catalog> | undefined;

/** The shipped catalogs by doctype (read once). */
export function shippedCatalogs(): Map<string, Catalog> {
  if (!shipped) {
    shipped = new Map();
    for (const file of readdirSync(CATALOG_DIR).filter((f) => f.endsWith('.json')).sort()) {
      const catalog = JSON.parse(readFileSync(join(CATALOG_DIR, file), 'utf8')) as Catalog;
      shipped.set(catalog.doctype, catalog);
    }
  }
  return shipped;
}

export const catalogFor = (doctype: string): Catalog | undefined => shippedCatalogs().get(doctype);

/**
 * A value from a text box typed for its field, when the shipped catalog knows the field:
 * numbers for numeric fields, parsed JSON for child tables. Anything else stays as given.
 */
export function typedValue(doctype: string, fieldname: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const field = catalogFor(doctype)?.fields.find((f) => f.fieldname === fieldname) ?? STANDARD_FIELDS.find((f) => f.fieldname === fieldname);
  if (!field) return value;
  const text = value.trim();
  if (NUMBER_TYPES.has(field.fieldtype) && text !== '' && Number.isFinite(Number(text))) return Number(text);
  if (TABLE_TYPES.has(field.fieldtype) && /^[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return value;
    }
  }
  return value;
}

/** A GET returning Frappe's parsed JSON; failures carry the HTTP status as `httpCode` or `status`. */
export type JsonGet = (path: string, qs?: Record<string, string | number>) => Promise<unknown>;

const path = (doctype: string, name?: string) => `/api/resource/${encodeURIComponent(doctype)}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;

/** A doctype's catalog from a live site: its DocType document plus its Custom Fields (skipped when the user may not read them). */
export async function fetchCatalog(get: JsonGet, doctype: string): Promise<Catalog> {
  const doc = ((await get(path('DocType', doctype))) as { data: Record<string, unknown> }).data;
  let custom: Record<string, unknown>[] = [];
  try {
    const qs = { fields: '["fieldname","label","fieldtype","options","reqd","insert_after"]', filters: JSON.stringify([['dt', '=', doctype]]), limit_page_length: 0 };
    custom = ((await get(path('Custom Field'), qs)) as { data?: Record<string, unknown>[] }).data ?? [];
  } catch (err) {
    const e = err as { httpCode?: unknown; status?: unknown };
    if (String(e.httpCode ?? e.status) !== '403') throw err;
  }
  return catalogFromDocType(doc, custom);
}
