// The fake site's state: schema, tables, naming-series counters, users, clock.
// Tables are keyed the way MariaDB's utf8mb4_unicode_ci compares names: case- and
// accent-insensitive, trailing spaces ignored. So GET .../Customer/acme finds "Acme", as on a real site.
import type { Clock } from './dates.ts';
import { bare, FrappeError, msgprint } from './errors.ts';
import type { DocTypeDef } from './doctypes.ts';

export type Doc = Record<string, unknown>;

export type FrappeDocEvent = 'after_insert' | 'on_update' | 'on_submit' | 'on_cancel' | 'on_trash' | 'on_update_after_submit' | 'on_change';

export interface SiteUser {
  user: string;
  apiKey: string;
  apiSecret: string;
  /** Doctypes this user may not touch (PermissionError). */
  deny: Set<string>;
}

export interface Site {
  schema: Map<string, DocTypeDef>;
  tables: Map<string, Map<string, Doc>>;
  /** tabSeries: prefix → current counter. */
  series: Map<string, number>;
  clock: Clock;
  users: SiteUser[];
  allowTraceback: boolean;
  /** Called once a write has committed, with the document's final state and the doc events it ran. */
  afterCommit(doctype: string, doc: Doc, events: FrappeDocEvent[]): void;
}

/** Text folded as utf8mb4_unicode_ci compares it (for =, IN, unique keys, names, ORDER BY). */
export function collationKey(value: string): string {
  return fold(value).replace(/ +$/, '');
}

/** Case- and accent-folded text (LIKE also folds, but keeps trailing spaces). */
export function fold(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** frappe.get_meta: an unknown doctype is DoesNotExistError "DocType X not found". */
export function getMeta(site: Site, doctype: string): DocTypeDef {
  const meta = site.schema.get(doctype);
  if (!meta) {
    throw new FrappeError('DoesNotExistError', {
      messages: [{ message: `DocType ${doctype} not found`, title: 'Message', indicator: 'red', raise_exception: 1 }],
    });
  }
  return meta;
}

export function table(site: Site, doctype: string): Map<string, Doc> {
  let t = site.tables.get(doctype);
  if (!t) {
    t = new Map();
    site.tables.set(doctype, t);
  }
  return t;
}

export const findDoc = (site: Site, doctype: string, name: unknown): Doc | undefined =>
  name === null || name === undefined ? undefined : table(site, doctype).get(collationKey(String(name)));

/** Rows in insertion order (the order MariaDB returns ties in, for the fake). */
export const allDocs = (site: Site, doctype: string): Doc[] => [...table(site, doctype).values()];

/** frappe.get_doc(doctype, name): "Issue ISS-… not found" as DoesNotExistError. */
export function loadDoc(site: Site, doctype: string, name: unknown): Doc {
  getMeta(site, doctype);
  const doc = findDoc(site, doctype, name);
  if (!doc) {
    throw new FrappeError('DoesNotExistError', {
      messages: [{ message: `${doctype} ${String(name)} not found`, title: 'Message', indicator: 'red', raise_exception: 1 }],
    });
  }
  return doc;
}

export function userByName(site: Site, user: string): SiteUser | undefined {
  return site.users.find((u) => u.user === user);
}

/** Whether `user` may use `doctype` at all (Guest never may; Administrator always may). */
export function canAccess(site: Site, user: string, doctype: string): boolean {
  if (user === 'Administrator') return true;
  if (user === 'Guest') return false;
  return !userByName(site, user)?.deny.has(doctype);
}

/** Document.raise_no_permission_to: `_error_message` "Insufficient Permission for X (<strong>ptype</strong>)". */
export function checkDocPermission(site: Site, user: string, doctype: string, ptype: string): void {
  if (!canAccess(site, user, doctype)) throw bare('PermissionError', `Insufficient Permission for ${doctype} (<strong>${ptype}</strong>)`);
}

/** frappe.has_permission(doctype, throw=True): `_error_message` "No permission for X". */
export function checkListPermission(site: Site, user: string, doctype: string): void {
  if (!canAccess(site, user, doctype)) throw bare('PermissionError', `No permission for ${doctype}`);
}

/** check_permission_and_not_submitted on delete: a red msgprint, then PermissionError. */
export function checkDeletePermission(site: Site, user: string, doctype: string, name: string): void {
  if (!canAccess(site, user, doctype)) {
    throw new FrappeError('PermissionError', { messages: [{ ...msgprint(`User not allowed to delete ${doctype}: ${name}`, 'Message', 'red'), raise_exception: 1 }] });
  }
}
