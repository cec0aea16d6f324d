// /api/resource endpoints (frappe/api/v1.py): list, create, read, update, delete, run_method.
// Documents come back through json_handler, i.e. as_dict(no_nulls=True): null fields are absent.
import { deleteDoc, insertDoc, saveDoc } from './documents.ts';
import { bare, FrappeError, frappeThrow } from './errors.ts';
import { getList } from './list.ts';
import { notWhitelisted } from './methods.ts';
import { asDict } from './serialize.ts';
import { canAccess, getMeta, loadDoc } from './site.ts';
import type { Doc, Site } from './site.ts';

export interface ResourceRequest {
  site: Site;
  user: string;
  method: string;
  doctype: string;
  name?: string;
  /** frappe.form_dict: the JSON body when there is one, else query + form fields. */
  form: Record<string, unknown>;
  /** The raw request body as text. */
  rawBody: string;
  docMethods: Map<string, DocMethodHandler>;
}

export type DocMethodHandler = (doc: Doc, args: Record<string, unknown>, ctx: { user: string }) => unknown;

export interface ResourceResult {
  status?: number;
  data: unknown;
}

/** Thrown for werkzeug HTTPExceptions, which Frappe returns as werkzeug's own HTML. */
export class HttpException extends Error {
  readonly status: 404 | 405;
  readonly description: string;
  constructor(status: 404 | 405, description: string) {
    super(description);
    this.status = status;
    this.description = description;
  }
}

const noNulls = (site: Site, doctype: string, doc: Doc): Doc => asDict(site, getMeta(site, doctype), doc, { noNulls: true, py: true });

/** get_request_form_data: form_dict.data, else the raw body as JSON, else the form itself. */
function requestData(req: ResourceRequest): Doc {
  const source = req.form.data ?? req.rawBody;
  if (typeof source === 'object' && source !== null && !Array.isArray(source)) return { ...(source as Doc) };
  try {
    const parsed: unknown = JSON.parse(String(source));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Doc;
  } catch {
    // not JSON: fall back to the form fields
  }
  return { ...req.form };
}

/** Methods of Document that exist but are not whitelisted (calling them is a PermissionError). */
const DOCUMENT_METHODS = new Set(['save', 'insert', 'delete', 'reload', 'run_method', 'get', 'set', 'db_set', 'validate', 'as_dict', 'append']);

function runDocMethod(req: ResourceRequest): ResourceResult {
  const method = req.form.run_method;
  if (method === undefined) throw new FrappeError('KeyError', { excText: "'run_method'", status: 500 });
  const doc = loadDoc(req.site, req.doctype, req.name);
  const name = String(method);
  const custom = req.docMethods.get(`${req.doctype}:${name}`);
  if (!custom && name !== 'submit' && name !== 'cancel') {
    if (DOCUMENT_METHODS.has(name)) throw notWhitelisted(`frappe.model.document.${name}`);
    throw new HttpException(404, `Method ${name} not found`);
  }
  if (!canAccess(req.site, req.user, req.doctype)) frappeThrow('Not permitted', 'PermissionError');
  const args = Object.fromEntries(Object.entries(req.form).filter(([k]) => k !== 'run_method'));
  if (custom) return { data: custom(structuredClone(asDict(req.site, getMeta(req.site, req.doctype), doc)), args, { user: req.user }) ?? undefined };
  const saved = saveDoc(req.site, req.doctype, req.name, {}, req.user, { docstatus: name === 'submit' ? 1 : 2 });
  return { data: noNulls(req.site, req.doctype, saved) };
}

export function handleResource(req: ResourceRequest): ResourceResult {
  const { site, user, doctype } = req;
  if (req.name === undefined) {
    if (req.method === 'GET') {
      const form = { ...req.form };
      // document_list: `limit` is an alias; Python's `or` keeps "0" (a non-empty string).
      const truthy = (v: unknown): boolean => v !== undefined && v !== null && v !== '' && v !== 0 && v !== false;
      form.limit_page_length = truthy(form.limit) ? form.limit : truthy(form.limit_page_length) ? form.limit_page_length : 20;
      return { data: getList(site, user, { ...form, doctype }) };
    }
    if (req.method === 'POST') {
      const data = requestData(req);
      delete data.doctype;
      return { data: noNulls(site, doctype, insertDoc(site, doctype, data, user)) };
    }
    throw new HttpException(405, 'The method is not allowed for the requested URL.');
  }
  switch (req.method) {
    case 'GET': {
      if (req.form.run_method !== undefined) return runDocMethod(req);
      const doc = loadDoc(site, doctype, req.name);
      if (!canAccess(site, user, doctype)) throw bare('PermissionError');
      return { data: noNulls(site, doctype, doc) };
    }
    case 'PUT': {
      const data = requestData(req);
      delete data.flags;
      return { data: noNulls(site, doctype, saveDoc(site, doctype, req.name, data, user)) };
    }
    case 'DELETE':
      deleteDoc(site, doctype, req.name, user);
      return { status: 202, data: 'ok' };
    case 'POST':
      return runDocMethod(req);
    default:
      throw new HttpException(405, 'The method is not allowed for the requested URL.');
  }
}
