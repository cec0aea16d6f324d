// The schema as Frappe stores it: one DocType document per doctype with its DocField rows,
// and Custom Field documents for fields added to standard doctypes (Customer.stripe_customer_id,
// Issue.service_location). As on a real site, GET /api/resource/DocType/Customer does NOT list
// custom fields; frappe.desk.form.load.getdoctype returns the merged meta.
import type { DocFieldDef, DocTypeDef } from './doctypes.ts';
import { hashName } from './naming.ts';
import { asDict } from './serialize.ts';
import { collationKey, getMeta, table } from './site.ts';
import type { Doc, Site } from './site.ts';

const fieldColumns = (df: DocFieldDef): Doc => ({
  fieldname: df.fieldname,
  label: df.label,
  fieldtype: df.fieldtype,
  options: df.options ?? null,
  reqd: df.reqd ?? 0,
  unique: df.unique ?? 0,
  default: df.default ?? null,
  allow_on_submit: df.allow_on_submit ?? 0,
  in_list_view: df.in_list_view ?? 0,
  read_only: df.read_only ?? 0,
});

function docTypeDoc(meta: DocTypeDef, fields: DocFieldDef[], stamp: Doc): Doc {
  return {
    name: meta.name,
    ...stamp,
    idx: 0,
    module: meta.module,
    custom: meta.custom,
    istable: meta.istable,
    issingle: meta.issingle,
    is_submittable: meta.is_submittable,
    is_tree: meta.is_tree,
    autoname: meta.autoname,
    naming_rule: meta.naming_rule,
    sort_field: meta.sort_field,
    sort_order: meta.sort_order,
    title_field: meta.title_field ?? null,
    fields: fields.map((df, i) => ({ name: hashName(), ...stamp, idx: i + 1, ...fieldColumns(df), parent: meta.name, parentfield: 'fields', parenttype: 'DocType' })),
  };
}

/** Fills the DocType and Custom Field tables from the schema. */
export function installMetaDocs(site: Site): void {
  const now = site.clock.now();
  const stamp: Doc = { owner: 'Administrator', creation: now, modified: now, modified_by: 'Administrator', docstatus: 0 };
  for (const meta of site.schema.values()) {
    const own = meta.fields.filter((df) => !df.custom_field);
    table(site, 'DocType').set(collationKey(meta.name), docTypeDoc(meta, own, stamp));
    for (const df of meta.fields.filter((d) => d.custom_field)) {
      const name = `${meta.name}-${df.fieldname}`;
      table(site, 'Custom Field').set(collationKey(name), { name, ...stamp, idx: 0, dt: meta.name, ...fieldColumns(df), insert_after: df.insert_after ?? null });
    }
  }
}

/** frappe.desk.form.load.getdoctype: the doctype and its child tables, custom fields merged in. */
export function metaBundle(site: Site, doctype: string): Doc[] {
  const meta = getMeta(site, doctype);
  const children = meta.fields.filter((df) => df.fieldtype === 'Table').map((df) => getMeta(site, df.options!));
  const docTypeMeta = getMeta(site, 'DocType');
  return [meta, ...children].map((m) => {
    const stored = table(site, 'DocType').get(collationKey(m.name)) as Doc;
    const stamp: Doc = { owner: stored.owner, creation: stored.creation, modified: stored.modified, modified_by: stored.modified_by, docstatus: 0 };
    const merged = docTypeDoc(m, m.fields, stamp);
    const out = asDict(site, docTypeMeta, merged, { noNulls: true, py: true });
    (out.fields as Doc[]).forEach((row, i) => {
      if (m.fields[i].custom_field) row.is_custom_field = 1;
    });
    return out;
  });
}
