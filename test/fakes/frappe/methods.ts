// /api/method/<dotted.path>: frappe.handler.execute_cmd. The method is resolved first
// (unknown → 417 "Failed to get method for command …"), then whitelisting (Guest may call only
// allow_guest methods → 403), then the HTTP verb (writes are POST/PUT only → 403 "Not permitted").
// The return value becomes {"message": value}; a method returning None gives {}.
import { deleteDoc, insertDoc, saveDoc } from './documents.ts';
import { bold, FrappeError, frappeThrow } from './errors.ts';
import { buildPredicate, parseJsonArg } from './filters.ts';
import { pyRepr } from './as-json.ts';
import { getCount, getList, sbool } from './list.ts';
import { metaBundle } from './meta-docs.ts';
import { asDict } from './serialize.ts';
import { allDocs, canAccess, checkDocPermission, getMeta, loadDoc } from './site.ts';
import type { Doc, Site } from './site.ts';

export interface MethodContext {
  user: string;
  site: Site;
}

export type MethodHandler = (args: Record<string, unknown>, ctx: MethodContext) => unknown;

export interface MethodDef {
  handler: MethodHandler;
  /** Allowed HTTP verbs (frappe.whitelist(methods=...)); all by default. */
  methods?: string[];
  allowGuest?: boolean;
}

/** A method answer that sets top-level response keys instead of "message" (e.g. getdoctype's "docs"). */
export class ResponseKeys {
  readonly keys: Record<string, unknown>;
  constructor(keys: Record<string, unknown>) {
    this.keys = keys;
  }
}

const WRITE = ['POST', 'PUT'];
const py = (site: Site, doctype: string, doc: Doc): Doc => asDict(site, getMeta(site, doctype), doc, { py: true });

function required(args: Record<string, unknown>, fn: string, ...names: string[]): void {
  const missing = names.filter((n) => args[n] === undefined);
  if (missing.length) {
    const list = missing.map((n) => `'${n}'`).join(missing.length === 2 ? ' and ' : ', ');
    throw new FrappeError('TypeError', { excText: `${fn}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${list}`, status: 500 });
  }
}

const tryJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const asObject = (raw: unknown, what: string): Doc => {
  const v = parseJsonArg(raw);
  if (!v || typeof v !== 'object' || Array.isArray(v)) frappeThrow(`${what} must be a JSON object`);
  return v as Doc;
};

/** frappe.client.insert's insert_doc: a child row is appended to its parent, which is saved. */
function insertAny(site: Site, raw: Doc, user: string): { doctype: string; doc: Doc } {
  const doctype = String(raw.doctype ?? '');
  if (!doctype) frappeThrow('doctype is required');
  const meta = getMeta(site, doctype);
  if (meta.istable && raw.parenttype && raw.parent && raw.parentfield) {
    const parentType = String(raw.parenttype);
    const parent = loadDoc(site, parentType, raw.parent);
    const rows = [...((parent[String(raw.parentfield)] as Doc[]) ?? []), raw];
    return { doctype: parentType, doc: saveDoc(site, parentType, raw.parent, { [String(raw.parentfield)]: rows }, user) };
  }
  return { doctype, doc: insertDoc(site, doctype, raw, user) };
}

export const BUILTIN_METHODS: Record<string, MethodDef> = {
  ping: { handler: () => 'pong', allowGuest: true },
  'frappe.ping': { handler: () => 'pong', allowGuest: true },
  'frappe.auth.get_logged_user': { handler: (_a, ctx) => ctx.user },
  'frappe.client.get_list': {
    handler: (a, ctx) => {
      required(a, 'get_list', 'doctype');
      return getList(ctx.site, ctx.user, { ...a, doctype: String(a.doctype), limit_page_length: a.limit_page_length ?? 20 });
    },
  },
  'frappe.client.get_count': {
    handler: (a, ctx) => {
      required(a, 'get_count', 'doctype');
      return getCount(ctx.site, ctx.user, String(a.doctype), a.filters);
    },
  },
  'frappe.client.get': {
    handler: (a, ctx) => {
      required(a, 'get', 'doctype');
      const doctype = String(a.doctype);
      const meta = getMeta(ctx.site, doctype);
      let doc: Doc | undefined;
      if (a.name) doc = loadDoc(ctx.site, doctype, a.name);
      else {
        const filters = parseJsonArg(a.filters) ?? {};
        const match = buildPredicate(ctx.site, meta, filters, undefined);
        doc = allDocs(ctx.site, doctype)
          .filter(match)
          .sort((x, y) => String(y.modified).localeCompare(String(x.modified)))[0];
        if (!doc) throw new FrappeError('DoesNotExistError', { messages: [{ message: `${doctype} ${pyRepr(filters)} not found`, title: 'Message', indicator: 'red', raise_exception: 1 }] });
      }
      checkDocPermission(ctx.site, ctx.user, doctype, 'read');
      return py(ctx.site, doctype, doc);
    },
  },
  'frappe.client.get_value': {
    handler: (a, ctx) => {
      required(a, 'get_value', 'doctype', 'fieldname');
      const doctype = String(a.doctype);
      if (!canAccess(ctx.site, ctx.user, doctype)) frappeThrow(`No permission for ${doctype}`, 'PermissionError');
      let fields: unknown;
      try {
        fields = typeof a.fieldname === 'string' ? JSON.parse(a.fieldname) : a.fieldname;
      } catch {
        fields = [a.fieldname];
      }
      if (!Array.isArray(fields)) fields = [String(fields)];
      let filters = a.filters;
      if (typeof filters === 'string') {
        try {
          filters = JSON.parse(filters);
        } catch {
          // a plain name
        }
      }
      if (typeof filters === 'string' || typeof filters === 'number') filters = { name: String(filters) };
      const asDictOut = sbool(a.as_dict, true);
      const rows = getList(ctx.site, ctx.user, { doctype, fields, filters: filters || undefined, limit_page_length: 1, as_dict: asDictOut });
      if (asDictOut) return rows[0] ?? {};
      if (!rows.length) return undefined;
      const first = rows[0] as unknown[];
      return (fields as unknown[]).length > 1 ? first : first[0];
    },
  },
  'frappe.client.insert': {
    methods: WRITE,
    handler: (a, ctx) => {
      required(a, 'insert', 'doc');
      const { doctype, doc } = insertAny(ctx.site, asObject(a.doc, 'doc'), ctx.user);
      return py(ctx.site, doctype, doc);
    },
  },
  'frappe.client.insert_many': {
    methods: WRITE,
    handler: (a, ctx) => {
      const docs = parseJsonArg(a.docs);
      if (!Array.isArray(docs)) frappeThrow('docs must be a JSON list');
      if (docs.length > 200) frappeThrow('Only 200 inserts allowed in one request');
      return docs.map((d) => String(insertAny(ctx.site, d as Doc, ctx.user).doc.name));
    },
  },
  'frappe.client.save': {
    methods: WRITE,
    handler: (a, ctx) => {
      const doc = asObject(a.doc, 'doc');
      const doctype = String(doc.doctype ?? '');
      if (!doctype) frappeThrow('doctype is required');
      const saved = doc.name ? saveDoc(ctx.site, doctype, doc.name, doc, ctx.user, { replace: true }) : insertDoc(ctx.site, doctype, doc, ctx.user);
      return py(ctx.site, doctype, saved);
    },
  },
  'frappe.client.set_value': {
    methods: WRITE,
    handler: (a, ctx) => {
      required(a, 'set_value', 'doctype', 'name', 'fieldname');
      const doctype = String(a.doctype);
      if (['doctype', 'name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'idx', 'parent', 'parentfield', 'parenttype'].includes(String(a.fieldname))) frappeThrow('Cannot edit standard fields');
      let values: Doc;
      if (a.value === undefined || a.value === null || a.value === '') {
        const parsed = typeof a.fieldname === 'string' ? tryJson(a.fieldname) : a.fieldname;
        values = parsed && typeof parsed === 'object' ? (parsed as Doc) : { [String(a.fieldname)]: '' };
      } else values = { [String(a.fieldname)]: a.value };
      return py(ctx.site, doctype, saveDoc(ctx.site, doctype, a.name, values, ctx.user));
    },
  },
  'frappe.client.submit': {
    methods: WRITE,
    handler: (a, ctx) => {
      const doc = asObject(a.doc, 'doc');
      const doctype = String(doc.doctype ?? '');
      if (!doctype) frappeThrow('doctype is required');
      const saved = doc.name ? saveDoc(ctx.site, doctype, doc.name, doc, ctx.user, { replace: true, docstatus: 1 }) : insertDoc(ctx.site, doctype, { ...doc, docstatus: 1 }, ctx.user);
      return py(ctx.site, doctype, saved);
    },
  },
  'frappe.client.cancel': {
    methods: WRITE,
    handler: (a, ctx) => {
      required(a, 'cancel', 'doctype', 'name');
      return py(ctx.site, String(a.doctype), saveDoc(ctx.site, String(a.doctype), a.name, {}, ctx.user, { docstatus: 2 }));
    },
  },
  'frappe.client.delete': {
    methods: ['DELETE', 'POST'],
    handler: (a, ctx) => {
      required(a, 'delete', 'doctype', 'name');
      deleteDoc(ctx.site, String(a.doctype), a.name, ctx.user);
      return undefined;
    },
  },
  'frappe.desk.form.load.getdoctype': {
    handler: (a, ctx) => {
      required(a, 'getdoctype', 'doctype');
      return new ResponseKeys({ docs: metaBundle(ctx.site, String(a.doctype)), user_settings: '{}' });
    },
  },
};

/** frappe.get_attr failing: "No module named 'x'" or "module 'x' has no attribute 'y'". */
export function unknownMethod(cmd: string, known: Iterable<string>): FrappeError {
  const modules = new Set<string>(['frappe']);
  for (const path of known) {
    const parts = path.split('.');
    for (let i = 1; i < parts.length; i++) modules.add(parts.slice(0, i).join('.'));
  }
  let reason: string;
  if (!cmd.includes('.')) reason = `'${cmd}'`;
  else {
    const parts = cmd.split('.');
    const module = parts.slice(0, -1).join('.');
    if (modules.has(module)) reason = `module '${module}' has no attribute '${parts.at(-1)}'`;
    else {
      let i = 1;
      while (i < parts.length - 1 && modules.has(parts.slice(0, i).join('.'))) i++;
      reason = `No module named '${parts.slice(0, i).join('.')}'`;
    }
  }
  return new FrappeError('ValidationError', { messages: [{ message: `Failed to get method for command ${cmd} with ${reason}`, title: 'Message', indicator: 'red', raise_exception: 1 }] });
}

/** is_whitelisted for Guest: the "Method Not Allowed" message. */
export function notWhitelisted(cmd: string): FrappeError {
  const message = `<details><summary>You are not permitted to access this resource.</summary>Function ${bold(cmd)} is not whitelisted.</details>`;
  return new FrappeError('PermissionError', { messages: [{ message, title: 'Method Not Allowed', indicator: 'red', raise_exception: 1 }] });
}

/** throw_permission_error: a verb the method does not accept. */
export const notPermitted = (): FrappeError => new FrappeError('PermissionError', { messages: [{ message: 'Not permitted', title: 'Message', indicator: 'red', raise_exception: 1 }] });
