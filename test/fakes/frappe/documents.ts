// Document.insert / save / submit / cancel and frappe.delete_doc, in Frappe's order of checks,
// with the doc events each runs (what webhooks listen to):
//   insert: after_insert, on_update (+ on_submit when inserted with docstatus 1) — no on_change,
//           because run_webhooks drops on_change while flags.in_insert is set;
//   save: on_update, on_change; submit: on_update, on_submit, on_change;
//   cancel: on_cancel, on_change; update after submit: on_update_after_submit, on_change;
//   delete: on_trash, on_change.
import { runOnCancel, runOnSubmit, runValidate } from './controllers.ts';
import { tableFields } from './doctypes.ts';
import type { DocTypeDef } from './doctypes.ts';
import { bare, FrappeError, frappeThrow } from './errors.ts';
import { claimName, hashName, newName, revertSeriesIfLast } from './naming.ts';
import { checkDeletePermission, checkDocPermission, collationKey, getMeta, loadDoc, table, allDocs, findDoc } from './site.ts';
import type { Doc, FrappeDocEvent, Site } from './site.ts';
import { applyFieldValues, checkDuplicates, newDocValues, validateLinks, validateMandatory, validateSelects, validateUpdateAfterSubmit } from './validation.ts';
import { cint } from './list.ts';

type Action = 'save' | 'submit' | 'cancel' | 'update_after_submit';

const isPlainObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Child rows from the request: kept by name when they already exist, new ones get a hash name. */
function buildChildren(site: Site, meta: DocTypeDef, doc: Doc, values: Doc, existing: Doc | undefined): void {
  for (const t of tableFields(meta)) {
    if (!Object.hasOwn(values, t.fieldname)) continue;
    const rows = values[t.fieldname];
    if (!Array.isArray(rows)) frappeThrow(`Value for ${t.label} must be a list`);
    const childMeta = getMeta(site, t.options!);
    const before = new Map(((existing?.[t.fieldname] as Doc[] | undefined) ?? []).map((r) => [String(r.name), r]));
    doc[t.fieldname] = rows.map((raw, i) => {
      if (!isPlainObject(raw)) frappeThrow(`Row #${i + 1} of ${t.label} must be an object`);
      const old = typeof raw.name === 'string' ? before.get(raw.name) : undefined;
      const row: Doc = old ? { ...old } : { name: hashName(), ...newDocValues(childMeta) };
      applyFieldValues(childMeta, row, raw);
      row.idx = i + 1;
      row.parentfield = t.fieldname;
      row.parenttype = meta.name;
      return row;
    });
  }
}

/** Stamps children with the parent's name, owner, timestamps and docstatus (set_parent_in_children). */
function stampChildren(meta: DocTypeDef, doc: Doc): void {
  for (const t of tableFields(meta)) {
    for (const row of (doc[t.fieldname] as Doc[]) ?? []) {
      row.parent = doc.name;
      row.owner ??= doc.owner;
      row.creation ??= doc.modified;
      row.modified = doc.modified;
      row.modified_by = doc.modified_by;
      row.docstatus = doc.docstatus;
    }
  }
}

function assertWritable(meta: DocTypeDef, ptype: string): void {
  if (meta.readOnly) throw bare('PermissionError', `Insufficient Permission for ${meta.name} (<strong>${ptype}</strong>)`);
  if (meta.istable) throw bare('PermissionError');
}

/** check_docstatus_transition from `from` to `to`; the contract adds: non-submittable doctypes stay drafts. */
function transition(meta: DocTypeDef, from: number, to: number): Action {
  if (![0, 1, 2].includes(to)) frappeThrow('Invalid docstatus');
  if (!meta.is_submittable && to !== 0) frappeThrow('Document Type is not submittable');
  if (from === 0) {
    if (to === 0) return 'save';
    if (to === 1) return 'submit';
    throw new FrappeError('DocstatusTransitionError', { excText: 'Cannot change docstatus from 0 (Draft) to 2 (Cancelled)', messages: [{ message: 'Cannot change docstatus from 0 (Draft) to 2 (Cancelled)', title: 'Message', indicator: 'red', raise_exception: 1 }] });
  }
  if (from === 1) {
    if (to === 1) return 'update_after_submit';
    if (to === 2) return 'cancel';
    throw new FrappeError('DocstatusTransitionError', { excText: 'Cannot change docstatus from 1 (Submitted) to 0 (Draft)', messages: [{ message: 'Cannot change docstatus from 1 (Submitted) to 0 (Draft)', title: 'Message', indicator: 'red', raise_exception: 1 }] });
  }
  return frappeThrow('Cannot edit cancelled document');
}

export interface InsertOptions {
  /** Seeding: keep the given name, owner and timestamps; links are checked after the whole seed. */
  seed?: boolean;
}

/** new_doc(doctype, **values).insert(): the REST create, frappe.client.insert and fake.insert. */
export function insertDoc(site: Site, doctype: string, values: Doc, user: string, opts: InsertOptions = {}): Doc {
  const meta = getMeta(site, doctype);
  if (!opts.seed) assertWritable(meta, 'create');
  const doc: Doc = newDocValues(meta);
  applyFieldValues(meta, doc, values);
  buildChildren(site, meta, doc, values, undefined);
  const now = site.clock.now();
  doc.owner = opts.seed && values.owner ? values.owner : user;
  doc.creation = opts.seed && values.creation ? values.creation : now;
  doc.modified = opts.seed && values.modified ? values.modified : doc.creation;
  doc.modified_by = opts.seed && values.modified_by ? values.modified_by : user;
  doc.docstatus = cint(values.docstatus ?? 0);
  doc.idx = opts.seed ? cint(values.idx ?? 0) : 0;
  const action = opts.seed ? (doc.docstatus === 1 ? 'submit' : 'save') : transition(meta, 0, doc.docstatus as number);
  if (!opts.seed) validateLinks(site, meta, doc);
  checkDocPermission(site, user, doctype, 'create');
  if (action === 'submit') checkDocPermission(site, user, doctype, 'submit');
  const seededName = opts.seed && typeof values.name === 'string' && values.name ? values.name : undefined;
  const naming = seededName ? { name: seededName, commit: () => claimName(site, meta, seededName) } : newName(site, meta, doc, values.name);
  doc.name = naming.name;
  stampChildren(meta, doc);
  runValidate(doctype, doc, site);
  validateMandatory(site, meta, doc);
  validateSelects(site, meta, doc);
  checkDuplicates(site, meta, doc, true);
  naming.commit();
  table(site, doctype).set(collationKey(String(doc.name)), doc);
  if (action === 'submit') runOnSubmit(doctype, doc, site);
  if (!opts.seed) site.afterCommit(doctype, doc, action === 'submit' ? ['after_insert', 'on_update', 'on_submit'] : ['after_insert', 'on_update']);
  return doc;
}

export interface SaveOptions {
  /** frappe.client.save / submit: the document is rebuilt from the given dict (absent fields are lost). */
  replace?: boolean;
  /** Force a docstatus (submit → 1, cancel → 2), as Document.submit()/cancel() do. */
  docstatus?: number;
}

/** frappe.get_doc(doctype, name).update(values).save(): PUT, set_value, save, submit, cancel. */
export function saveDoc(site: Site, doctype: string, name: unknown, values: Doc, user: string, opts: SaveOptions = {}): Doc {
  const meta = getMeta(site, doctype);
  const stored = loadDoc(site, doctype, name);
  assertWritable(meta, 'write');
  checkDocPermission(site, user, doctype, 'write');
  const doc: Doc = opts.replace ? { ...newDocValues(meta), name: stored.name, owner: stored.owner, creation: stored.creation, idx: stored.idx } : structuredClone(stored);
  applyFieldValues(meta, doc, values);
  buildChildren(site, meta, doc, values, stored);
  const to = opts.docstatus ?? (Object.hasOwn(values, 'docstatus') ? cint(values.docstatus) : opts.replace ? 0 : (stored.docstatus as number));
  doc.docstatus = to;
  const newModified = site.clock.now();
  // check_if_latest: a `modified` sent back must be the stored one.
  const original = Object.hasOwn(values, 'modified') ? values.modified : opts.replace ? null : stored.modified;
  if (String(original ?? '') !== String(stored.modified)) {
    frappeThrow(
      `Error: ${String(stored.name)} (${doctype}) has been modified after you have opened it (${String(stored.modified)}, ${newModified}). Please refresh to get the latest document.`,
      'TimestampMismatchError',
    );
  }
  const action = transition(meta, stored.docstatus as number, to);
  if (action === 'submit' || action === 'update_after_submit') checkDocPermission(site, user, doctype, 'submit');
  if (action === 'cancel') checkDocPermission(site, user, doctype, 'cancel');
  doc.modified = newModified;
  doc.modified_by = user;
  stampChildren(meta, doc);
  if (action !== 'cancel') validateLinks(site, meta, doc);
  if (action === 'save' || action === 'submit') runValidate(doctype, doc, site);
  if (action !== 'cancel') {
    validateMandatory(site, meta, doc);
    validateSelects(site, meta, doc);
  }
  if (action === 'update_after_submit') validateUpdateAfterSubmit(site, meta, stored, doc);
  checkDuplicates(site, meta, doc, false);
  table(site, doctype).set(collationKey(String(doc.name)), doc);
  const events: Record<Action, FrappeDocEvent[]> = {
    save: ['on_update', 'on_change'],
    submit: ['on_update', 'on_submit', 'on_change'],
    cancel: ['on_cancel', 'on_change'],
    update_after_submit: ['on_update_after_submit', 'on_change'],
  };
  if (action === 'submit') runOnSubmit(doctype, doc, site);
  if (action === 'cancel') runOnCancel(doctype, doc, site);
  site.afterCommit(doctype, doc, events[action]);
  return doc;
}

/** The first live document that links to `doc` (check_if_doc_is_linked / _dynamically_linked). */
function findBackLink(site: Site, doctype: string, name: string): { doctype: string; name: string } | undefined {
  const key = collationKey(name);
  for (const meta of site.schema.values()) {
    if (meta.readOnly || meta.istable) continue;
    const links = meta.fields.filter((df) => (df.fieldtype === 'Link' && df.options === doctype) || df.fieldtype === 'Dynamic Link');
    if (!links.length) continue;
    for (const other of allDocs(site, meta.name)) {
      if (Number(other.docstatus) >= 2 || (meta.name === doctype && collationKey(String(other.name)) === key)) continue;
      const hit = links.some((df) => (df.fieldtype === 'Link' || other[df.options!] === doctype) && other[df.fieldname] != null && collationKey(String(other[df.fieldname])) === key);
      if (hit) return { doctype: meta.name, name: String(other.name) };
    }
  }
  return undefined;
}

/** frappe.delete_doc(doctype, name, ignore_missing=False): REST DELETE and frappe.client.delete. */
export function deleteDoc(site: Site, doctype: string, name: unknown, user: string): void {
  const meta = getMeta(site, doctype);
  const doc = findDoc(site, doctype, name);
  if (!doc) throw bare('DoesNotExistError');
  assertWritable(meta, 'delete');
  checkDeletePermission(site, user, doctype, String(doc.name));
  if (meta.is_submittable && doc.docstatus === 1) {
    frappeThrow(
      `${doctype} ${String(doc.name)}: Submitted Record cannot be deleted. You must <a href='https://docs.erpnext.com//docs/user/manual/en/setting-up/articles/delete-submitted-document' target='_blank'> Cancel </a> it first.`,
    );
  }
  const link = findBackLink(site, doctype, String(doc.name));
  if (link) {
    if (meta.fields.some((df) => df.fieldname === 'disabled' || df.fieldname === 'enabled')) frappeThrow(`You can disable this ${doctype} instead of deleting it.`, 'LinkExistsError');
    const a = (dt: string, dn: string): string => `<a href="/app/Form/${dt}/${dn}">${dn}</a>`;
    frappeThrow(`Cannot delete or cancel because ${doctype} ${a(doctype, String(doc.name))} is linked with ${link.doctype} ${a(link.doctype, link.name)} `, 'LinkExistsError');
  }
  table(site, doctype).delete(collationKey(String(doc.name)));
  revertSeriesIfLast(site, meta, String(doc.name));
  site.afterCommit(doctype, doc, ['on_trash', 'on_change']);
}
