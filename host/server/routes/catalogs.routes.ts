// /api/v1/catalogs/erpnext: the ERPNext doctype field catalogs shipped with the ERPNext nodes, read
// only. The editor's variable picker shows them under an ERPNext Trigger before anything has run;
// the load-options route gives only "Label (fieldname)" strings, without child tables.
import { Router } from 'express';
import { NotFoundError } from '../../model/index.ts';
import { param } from '../params.ts';
import { shippedCatalogs, STANDARD_FIELDS } from '../../../nodes/erpnext/catalog.ts';
import type { Catalog, CatalogField } from '../../../nodes/erpnext/catalog.ts';

const TABLE_TYPES = new Set(['Table', 'Table MultiSelect']);

export interface CatalogFieldOut extends CatalogField {
  /** Table fields: the child doctype's fields (one row of the table). */
  children?: CatalogField[];
}

/** The doctype's own fields, then the standard ones it does not redefine; tables carry their rows' fields. */
export function catalogWithChildren(catalog: Catalog, all: Map<string, Catalog>): { doctype: string; module: string; istable: 0 | 1; fields: CatalogFieldOut[] } {
  const own = new Set(catalog.fields.map((f) => f.fieldname));
  const fields: CatalogFieldOut[] = catalog.fields.map((f) => {
    const child = TABLE_TYPES.has(f.fieldtype) && f.options ? all.get(f.options) : undefined;
    return child ? { ...f, children: child.fields } : { ...f };
  });
  for (const s of STANDARD_FIELDS) if (!own.has(s.fieldname)) fields.push({ ...s });
  return { doctype: catalog.doctype, module: catalog.module, istable: catalog.istable, fields };
}

export function catalogRoutes(): Router {
  const r = Router();

  // Doctypes that hold documents; child tables appear inside their parents' Table fields.
  r.get('/catalogs/erpnext', (_req, res) => {
    const data = [...shippedCatalogs().values()]
      .filter((c) => !c.istable)
      .map((c) => ({ doctype: c.doctype, module: c.module }))
      .sort((a, b) => a.doctype.localeCompare(b.doctype));
    res.json({ data });
  });

  r.get('/catalogs/erpnext/:doctype', (req, res) => {
    const doctype = param(req, 'doctype').trim();
    const all = shippedCatalogs();
    const catalog = all.get(doctype);
    if (!catalog) throw new NotFoundError(`No ERPNext catalog for doctype "${doctype}"; shipped: ${[...all.keys()].sort().join(', ')}`);
    res.json(catalogWithChildren(catalog, all));
  });

  return r;
}
