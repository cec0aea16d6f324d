// Documents as Frappe's BaseDocument.as_dict() returns them: standard columns, the fields in
// DocType order, "doctype", then child tables. The REST /api/resource answers serialise the
// Document through json_handler, i.e. as_dict(no_nulls=True); frappe.client.* return as_dict().
import { PyFloat } from './as-json.ts';
import { CHILD_FIELDS, dataFields, FLOAT_TYPES, STANDARD_FIELDS, tableFields } from './doctypes.ts';
import type { DocTypeDef } from './doctypes.ts';
import { getMeta } from './site.ts';
import type { Doc, Site } from './site.ts';

export interface AsDictOptions {
  /** Leave out null fields (json_handler's as_dict(no_nulls=True)). */
  noNulls?: boolean;
  /** Wrap Float/Currency/Percent values in PyFloat, for byte-exact Python JSON. */
  py?: boolean;
}

/** A column value ready for output: floats marked for Python when asked. */
export function outputValue(fieldtype: string | undefined, value: unknown, py: boolean): unknown {
  if (value === undefined) return null;
  if (py && fieldtype && FLOAT_TYPES.has(fieldtype) && typeof value === 'number') return new PyFloat(value);
  return value;
}

export function asDict(site: Site, meta: DocTypeDef, doc: Doc, opts: AsDictOptions = {}): Doc {
  const out: Doc = {};
  const put = (key: string, fieldtype: string | undefined, value: unknown): void => {
    const v = outputValue(fieldtype, value, !!opts.py);
    if (v === null && opts.noNulls) return;
    out[key] = v;
  };
  for (const key of STANDARD_FIELDS) put(key, key === 'docstatus' || key === 'idx' ? 'Int' : 'Data', doc[key]);
  for (const df of dataFields(meta)) put(df.fieldname, df.fieldtype, doc[df.fieldname]);
  if (meta.istable) for (const key of CHILD_FIELDS) put(key, 'Data', doc[key]);
  out.doctype = meta.name;
  for (const df of tableFields(meta)) {
    const childMeta = getMeta(site, df.options!);
    const rows = Array.isArray(doc[df.fieldname]) ? (doc[df.fieldname] as Doc[]) : [];
    out[df.fieldname] = rows.map((row) => asDict(site, childMeta, row, opts));
  }
  return out;
}

/** A deep copy of a stored document (rows are never handed out by reference). */
export const cloneDoc = (doc: Doc): Doc => structuredClone(doc);
