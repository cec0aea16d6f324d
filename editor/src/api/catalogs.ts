// ERPNext doctype field catalogs shipped with the host (GET /api/v1/catalogs/erpnext[/:doctype]).
// They do not change while the editor runs: each answer is fetched once.
import { request } from './client.ts';

export interface ErpNextCatalogField {
  fieldname: string;
  label: string;
  fieldtype: string;
  options: string | null;
  reqd: 0 | 1;
  /** Table fields: the fields of one row. */
  children?: ErpNextCatalogField[];
}

export interface ErpNextCatalog {
  doctype: string;
  module: string;
  istable: 0 | 1;
  fields: ErpNextCatalogField[];
}

let list: Promise<{ doctype: string; module: string }[]> | null = null;
const byDoctype = new Map<string, Promise<ErpNextCatalog>>();

export function listErpNextCatalogs(): Promise<{ doctype: string; module: string }[]> {
  list ??= request<{ data: { doctype: string; module: string }[] }>('GET', '/catalogs/erpnext').then((r) => r.data);
  // A failure is not remembered: the next call asks again.
  list.catch(() => (list = null));
  return list;
}

export function getErpNextCatalog(doctype: string): Promise<ErpNextCatalog> {
  let p = byDoctype.get(doctype);
  if (!p) {
    p = request<ErpNextCatalog>('GET', `/catalogs/erpnext/${encodeURIComponent(doctype)}`);
    byDoctype.set(doctype, p);
    p.catch(() => byDoctype.delete(doctype));
  }
  return p;
}
