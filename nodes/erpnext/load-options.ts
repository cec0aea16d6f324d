// The editor's dynamic dropdowns: doctypes and the fields of the chosen doctype, live from the
// server when the node has a credential, else from the shipped catalogs.
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { fetchCatalog, shippedCatalogs, STANDARD_FIELDS } from './catalog.ts';
import type { CatalogField, JsonGet } from './catalog.ts';
import { CREDENTIAL_TYPE, erpNextRequest, resourcePath } from './transport.ts';

const hasCredential = (ctx: ILoadOptionsFunctions) => !!ctx.getNode().credentials?.[CREDENTIAL_TYPE];
const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

/** Doctypes that hold documents (child tables are left out). */
export async function getDocTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
  if (!hasCredential(this))
    return [...shippedCatalogs().values()]
      .filter((c) => !c.istable)
      .map((c) => ({ name: c.doctype, value: c.doctype, description: c.module }))
      .sort(byName);
  const body = await erpNextRequest<{ data?: { name: string; module?: string }[] }>(this, {
    method: 'GET',
    path: resourcePath('DocType'),
    qs: { fields: '["name","module"]', filters: '[["istable","=",0]]', order_by: 'name asc', limit_page_length: 0 },
    subject: { doctype: 'DocType', permission: 'read' },
  });
  return (body?.data ?? []).map((d) => ({ name: d.name, value: d.name, description: d.module ?? '' })).sort(byName);
}

const fieldOption = (f: CatalogField): INodePropertyOptions => ({ name: `${f.label} (${f.fieldname})`, value: f.fieldname, description: f.fieldtype + (f.options ? ` → ${f.options.split('\n').join(', ')}` : '') });

/** Fields of the node's `doctype` parameter, then the standard fields every document has. */
export async function getFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
  const doctype = this.getCurrentNodeParameter('doctype');
  // An expression doctype is only known at run time.
  if (typeof doctype !== 'string' || !doctype.trim() || doctype.startsWith('=')) return [];
  let fields: CatalogField[];
  if (hasCredential(this)) {
    const name = doctype.trim();
    const get: JsonGet = (path, qs) => erpNextRequest(this, { method: 'GET', path, qs, subject: { doctype: path === resourcePath('Custom Field') ? 'Custom Field' : name, permission: 'read' } });
    fields = (await fetchCatalog(get, name)).fields;
  } else fields = shippedCatalogs().get(doctype.trim())?.fields ?? [];
  const own = new Set(fields.map((f) => f.fieldname));
  return [...fields, ...STANDARD_FIELDS.filter((f) => !own.has(f.fieldname))].map(fieldOption);
}
