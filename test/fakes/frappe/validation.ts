// Document checks in the order and wording of frappe.model.document / base_document:
// values coerced per fieldtype (get_valid_dict), Link and Dynamic Link targets must exist
// (_validate_links), mandatory fields (_validate_mandatory), Select options (_validate_selects),
// unique columns and duplicate names (db_insert), fields frozen after submit.
import { pyStr } from './as-json.ts';
import { toDate, toDatetime } from './dates.ts';
import { dataFields, FLOAT_TYPES, getField, tableFields } from './doctypes.ts';
import type { DocFieldDef, DocTypeDef } from './doctypes.ts';
import { bold, FrappeError, frappeThrow, msgprint } from './errors.ts';
import { collationKey, findDoc, getMeta, allDocs } from './site.ts';
import type { Doc, Site } from './site.ts';

const flt = (v: unknown): number => {
  if (typeof v === 'boolean') return v ? 1 : 0;
  const n = typeof v === 'number' ? v : Number.parseFloat(String(v ?? '').replace(/,/g, ''));
  return Number.isFinite(n) ? n : 0;
};

/** Python str(datetime): no ".ffffff" when the microseconds are 0. */
const storedDatetime = (v: unknown): string => toDatetime(v).replace(/\.000000$/, '');

/** A value as the column stores it (get_valid_dict's conversions). */
export function coerce(df: DocFieldDef, value: unknown): unknown {
  if (Array.isArray(value) || (typeof value === 'object' && value !== null)) frappeThrow(`Value for ${df.label} cannot be a list`);
  switch (df.fieldtype) {
    case 'Check':
      return Math.trunc(flt(value)) ? 1 : 0;
    case 'Int':
      return Math.trunc(flt(value));
    case 'Float':
    case 'Currency':
    case 'Percent':
      return flt(value);
    case 'Date':
      return value === null || value === undefined || value === '' ? null : toDate(value);
    case 'Datetime':
      return value === null || value === undefined || value === '' ? null : storedDatetime(value);
    default: {
      if (value === null || value === undefined) return null;
      const text = typeof value === 'string' ? value : pyStr(value);
      return df.unique && text.trim() === '' ? null : text;
    }
  }
}

/** frappe.new_doc: defaults, 0 for numbers and checks, empty tables. */
export function newDocValues(meta: DocTypeDef): Doc {
  const doc: Doc = {};
  for (const df of dataFields(meta)) doc[df.fieldname] = df.default !== undefined ? coerce(df, df.default) : FLOAT_TYPES.has(df.fieldtype) || df.fieldtype === 'Int' || df.fieldtype === 'Check' ? 0 : null;
  for (const df of tableFields(meta)) doc[df.fieldname] = [];
  return doc;
}

/** doc.update(values) for the fields of the doctype (standard columns are handled by the caller). */
export function applyFieldValues(meta: DocTypeDef, doc: Doc, values: Doc): void {
  for (const df of dataFields(meta)) if (Object.hasOwn(values, df.fieldname)) doc[df.fieldname] = coerce(df, values[df.fieldname]);
}

type LinkProblem = { kind: 'missing' | 'cancelled'; text: string };

function linkProblems(site: Site, meta: DocTypeDef, doc: Doc, parentSubmittable: boolean, row?: number): LinkProblem[] {
  const out: LinkProblem[] = [];
  for (const df of meta.fields) {
    if (df.fieldtype !== 'Link' && df.fieldtype !== 'Dynamic Link') continue;
    const value = doc[df.fieldname];
    if (value === null || value === undefined || value === '') continue;
    let target: string;
    if (df.fieldtype === 'Link') target = df.options!;
    else {
      const dt = doc[df.options!];
      if (!dt) frappeThrow(`${getField(meta, df.options!)?.label ?? df.options} must be set first`);
      target = String(dt);
    }
    const targetMeta = getMeta(site, target);
    const found = findDoc(site, target, value);
    const text = row === undefined ? `${df.label}: ${String(value)}` : `Row #${row}: ${df.label}: ${String(value)}`;
    if (!found) out.push({ kind: 'missing', text });
    else {
      // MariaDB matched case-insensitively; the link keeps the target's own spelling.
      doc[df.fieldname] = found.name;
      if ((parentSubmittable || meta.is_submittable) && targetMeta.is_submittable && found.docstatus === 2) out.push({ kind: 'cancelled', text });
    }
  }
  return out;
}

/** _validate_links: LinkValidationError "Could not find Customer: X", CancelledLinkError. */
export function validateLinks(site: Site, meta: DocTypeDef, doc: Doc): void {
  const problems = linkProblems(site, meta, doc, false);
  for (const t of tableFields(meta)) {
    const childMeta = getMeta(site, t.options!);
    for (const row of (doc[t.fieldname] as Doc[]) ?? []) problems.push(...linkProblems(site, childMeta, row, !!meta.is_submittable, Number(row.idx)));
  }
  const missing = problems.filter((p) => p.kind === 'missing');
  if (missing.length) frappeThrow(`Could not find ${missing.map((p) => p.text).join(', ')}`, 'LinkValidationError');
  const cancelled = problems.filter((p) => p.kind === 'cancelled');
  if (cancelled.length) frappeThrow(`Cannot link cancelled document: ${cancelled.map((p) => p.text).join(', ')}`, 'CancelledLinkError');
}

const isMissing = (v: unknown): boolean => v === null || v === undefined || (Array.isArray(v) ? v.length === 0 : String(v).replace(/<[^>]*>/g, '').trim() === '');

/** _validate_mandatory: one plain msgprint per missing field, then MandatoryError "[Issue, ISS-…]: subject". */
export function validateMandatory(site: Site, meta: DocTypeDef, doc: Doc): void {
  const missing: Array<[string, string]> = [];
  for (const df of meta.fields) {
    if (!df.reqd || !isMissing(doc[df.fieldname])) continue;
    missing.push([df.fieldname, df.fieldtype === 'Table' ? `Error: Data missing in table ${df.label}` : `Error: Value missing for ${meta.name}: ${df.label}`]);
  }
  for (const t of tableFields(meta)) {
    const childMeta = getMeta(site, t.options!);
    for (const row of (doc[t.fieldname] as Doc[]) ?? []) {
      for (const df of childMeta.fields) {
        if (df.reqd && isMissing(row[df.fieldname])) missing.push([df.fieldname, `Error: ${bold(childMeta.name)} Row #${String(row.idx)}: Value missing for: ${df.label}`]);
      }
    }
  }
  if (!missing.length) return;
  throw new FrappeError('MandatoryError', { messages: missing.map(([, m]) => msgprint(m)), excText: `[${meta.name}, ${String(doc.name)}]: ${missing.map(([f]) => f).join(', ')}` });
}

/** _validate_selects: ' Status cannot be "X". It should be one of "Open", "Replied", …' (values are stripped first). */
export function validateSelects(site: Site, meta: DocTypeDef, doc: Doc, row?: number): void {
  for (const df of meta.fields) {
    if (df.fieldtype === 'Table') {
      const childMeta = getMeta(site, df.options!);
      for (const r of (doc[df.fieldname] as Doc[]) ?? []) validateSelects(site, childMeta, r, Number(r.idx));
      continue;
    }
    if (df.fieldtype !== 'Select' || !doc[df.fieldname] || !df.options) continue;
    const value = String(doc[df.fieldname]).trim();
    doc[df.fieldname] = value;
    const options = df.options.split('\n');
    if (!options.includes(value)) {
      const prefix = row === undefined ? '' : `Row #${row}:`;
      frappeThrow(`${prefix} ${df.label} cannot be "${value}". It should be one of "${options.join('", "')}"`);
    }
  }
}

/** db_insert's key checks: the primary key first (409), then unique columns (417). */
export function checkDuplicates(site: Site, meta: DocTypeDef, doc: Doc, isNew: boolean): void {
  const name = String(doc.name);
  if (isNew && findDoc(site, meta.name, name)) {
    throw new FrappeError('DuplicateEntryError', {
      messages: [msgprint(`${meta.name} ${bold(name)} already exists`, 'Duplicate Name', 'red')],
      excText: `('${meta.name}', '${name}', IntegrityError(1062, "Duplicate entry '${name}' for key 'PRIMARY'"))`,
    });
  }
  for (const df of dataFields(meta)) {
    const value = doc[df.fieldname];
    if (!df.unique || value === null || value === undefined || value === '') continue;
    const key = collationKey(String(value));
    const clash = allDocs(site, meta.name).find((other) => collationKey(String(other.name)) !== collationKey(name) && other[df.fieldname] != null && collationKey(String(other[df.fieldname])) === key);
    if (clash) {
      throw new FrappeError('UniqueValidationError', {
        messages: [msgprint(`${df.label} must be unique`)],
        excText: `('${meta.name}', '${name}', IntegrityError(1062, "Duplicate entry '${String(value)}' for key '${df.fieldname}'"))`,
      });
    }
  }
}

const sameValue = (a: unknown, b: unknown): boolean => (a ?? null) === (b ?? null) || ((a ?? null) !== null && (b ?? null) !== null && String(a) === String(b));

/** _validate_update_after_submit: fields without allow_on_submit are frozen once submitted. */
export function validateUpdateAfterSubmit(site: Site, meta: DocTypeDef, before: Doc, after: Doc, row?: number): void {
  for (const df of meta.fields) {
    if (df.allow_on_submit) continue;
    if (df.fieldtype === 'Table') {
      const a = (before[df.fieldname] as Doc[]) ?? [];
      const b = (after[df.fieldname] as Doc[]) ?? [];
      if (a.length !== b.length) changedAfterSubmit(df, a.length, b.length, row);
      const childMeta = getMeta(site, df.options!);
      b.forEach((r, i) => validateUpdateAfterSubmit(site, childMeta, a[i], r, Number(r.idx)));
      continue;
    }
    const old = before[df.fieldname];
    const now = after[df.fieldname];
    if ((old || now) && !sameValue(old, now)) changedAfterSubmit(df, old, now, row);
  }
}

function changedAfterSubmit(df: DocFieldDef, from: unknown, to: unknown, row?: number): never {
  const prefix = row === undefined ? '' : `Row #${row}:`;
  const show = (v: unknown): string => (typeof v === 'number' && FLOAT_TYPES.has(df.fieldtype) && Number.isInteger(v) ? `${v}.0` : pyStr(v ?? null));
  return frappeThrow(`${prefix} Not allowed to change ${bold(df.label)} after submission from ${bold(show(from))} to ${bold(show(to))}`, 'UpdateAfterSubmitError', 'Cannot Update After Submit');
}
