// Frappe's exceptions and how app.handle_exception answers them (frappe/app.py, frappe/utils/response.py):
// JSON `{exc_type, exception?, exc?, _server_messages?, _error_message?}` when the client takes JSON,
// an HTML page otherwise. `_server_messages` is json.dumps of a list of json.dumps'ed messages.
import { pyJsonDumps, responseJson } from './as-json.ts';

/** One frappe.msgprint: {message, title, indicator?, raise_exception?} in Python's key order. */
export interface MessageLogEntry {
  message: string;
  title: string;
  indicator?: string;
  raise_exception?: 1;
}

/** http_status_code of frappe.exceptions (and the few non-Frappe exceptions the fake raises). */
const STATUS: Record<string, number> = {
  ValidationError: 417,
  MandatoryError: 417,
  LinkValidationError: 417,
  CancelledLinkError: 417,
  UniqueValidationError: 417,
  DataError: 417,
  DocstatusTransitionError: 417,
  UpdateAfterSubmitError: 417,
  TimestampMismatchError: 417,
  LinkExistsError: 417,
  RateLimitExceededError: 417,
  AuthenticationError: 401,
  InvalidAuthorizationToken: 400,
  PermissionError: 403,
  DoesNotExistError: 404,
  DuplicateEntryError: 409,
  TooManyRequestsError: 429,
};

/** Module path on the traceback's last line, e.g. "frappe.exceptions.ValidationError: text". */
const MODULE: Record<string, string> = { OperationalError: 'pymysql.err', JSONDecodeError: 'json.decoder', Exception: '' };

/** A Frappe exception in flight: what app.handle_exception turns into the error response. */
export class FrappeError extends Error {
  readonly excType: string;
  httpStatus: number;
  /** frappe.local.message_log at the time of the raise (`_server_messages`). */
  readonly messages: MessageLogEntry[];
  /** frappe.flags.error_message (`_error_message`), set by permission checks. */
  readonly errorMessage?: string;
  /** str(exception): the text after the class name on the traceback's last line. */
  readonly excText: string;

  constructor(excType: string, opts: { messages?: MessageLogEntry[]; errorMessage?: string; excText?: string; status?: number } = {}) {
    const text = opts.excText ?? opts.messages?.at(-1)?.message ?? opts.errorMessage ?? '';
    super(text ? `${excType}: ${text}` : excType);
    this.name = 'FrappeError';
    this.excType = excType;
    this.httpStatus = opts.status ?? STATUS[excType] ?? 500;
    this.messages = opts.messages ?? [];
    this.errorMessage = opts.errorMessage;
    this.excText = text;
  }

  /** The human text: the messages, else the error message, else str(exception). */
  get text(): string {
    return this.messages.map((m) => m.message).join('\n') || this.errorMessage || this.excText;
  }
}

/** frappe.throw(msg, exc): one red message with raise_exception, then the exception. */
export function frappeThrow(message: string, excType = 'ValidationError', title = 'Message'): never {
  throw new FrappeError(excType, { messages: [{ message, title, indicator: 'red', raise_exception: 1 }], excText: message });
}

/** frappe.msgprint(msg) without raising: title "Message", no indicator. */
export const msgprint = (message: string, title = 'Message', indicator?: string): MessageLogEntry => (indicator ? { message, title, indicator } : { message, title });

/** `raise frappe.X` with no message at all (e.g. DoesNotExistError from the router, PermissionError). */
export const bare = (excType: string, errorMessage?: string): FrappeError => new FrappeError(excType, { errorMessage, excText: '' });

export const bold = (text: unknown): string => `<strong>${String(text)}</strong>`;

/** `_server_messages`: json.dumps([json.dumps(m) for m in message_log]), default separators. */
export function encodeServerMessages(messages: MessageLogEntry[]): string {
  return pyJsonDumps(messages.map((m) => pyJsonDumps(m)));
}

function tracebackLine(err: FrappeError): string {
  const module = MODULE[err.excType] ?? 'frappe.exceptions';
  const cls = module ? `${module}.${err.excType}` : err.excType;
  return err.excText ? `${cls}: ${err.excText}` : cls;
}

export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ErrorContext {
  /** Request Accept header ('' when absent). */
  accept: string;
  acceptPresent: boolean;
  ajax: boolean;
  path: string;
  /** System Settings allow_error_traceback (on by default in the fake). */
  allowTraceback: boolean;
  /** The request was a /api/method call (form_dict.cmd set), so errprint does not fill `exc`. */
  isMethodCall: boolean;
}

/** app.handle_exception's choice: JSON for AJAX / Accept: application/json, or /api/ paths unless Accept starts with "text". */
export function respondsAsJson(ctx: Pick<ErrorContext, 'accept' | 'acceptPresent' | 'ajax' | 'path'>): boolean {
  return (ctx.acceptPresent && (ctx.ajax || ctx.accept.includes('application/json'))) || (ctx.path.startsWith('/api/') && !ctx.accept.startsWith('text'));
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** frappe.respond_as_web_page, reduced to the page card Frappe renders. */
export function webPage(title: string, html: string, status: number): ErrorResponse {
  const body = `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body>\n<div class="page-card">\n<h4 class="page-card-head"><span class="indicator red">${escapeHtml(title)}</span></h4>\n<div class="page-card-body">${html}</div>\n</div>\n</body>\n</html>\n`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
}

/** The answer to a raised FrappeError, as handle_exception + report_error build it (API v1). */
export function errorResponse(err: FrappeError, ctx: ErrorContext): ErrorResponse {
  const status = err.httpStatus;
  const traceback = `Traceback (most recent call last):\n  File "apps/frappe/frappe/app.py", line 114, in application\n    response = frappe.api.handle(request)\n${tracebackLine(err)}\n`;
  if (respondsAsJson(ctx)) {
    const body: Record<string, unknown> = {};
    // report_error: the traceback's last line only when tracebacks are allowed, never for 404s.
    const showTraceback = ctx.allowTraceback && status !== 404;
    if (showTraceback) body.exception = tracebackLine(err);
    body.exc_type = err.excType;
    if (showTraceback && !ctx.isMethodCall) body.exc = pyJsonDumps([traceback]);
    if (err.messages.length) body._server_messages = encodeServerMessages(err.messages);
    if (err.errorMessage) body._error_message = err.errorMessage;
    return { status, headers: { 'content-type': 'application/json' }, body: responseJson(body) };
  }
  if (status === 401) return webPage('Session Expired', 'Your session has expired, please login again to continue.', status);
  if (status === 403) return webPage('Not Permitted', 'You do not have enough permissions to complete the action', status);
  if (status === 404) return webPage('Not Found', 'The resource you are looking for is not available', status);
  if (status === 429) return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Too Many Requests' };
  return webPage('Server Error', ctx.allowTraceback ? `<pre>${escapeHtml(traceback)}</pre>` : '', status);
}

/** werkzeug's own HTML for HTTPExceptions that Frappe returns untouched (404 NotFound, 405). */
export function werkzeugPage(status: 404 | 405, description: string, extraHeaders: Record<string, string> = {}): ErrorResponse {
  const title = status === 404 ? 'Not Found' : 'Method Not Allowed';
  const body = `<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${escapeHtml(description)}</p>\n`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', ...extraHeaders }, body };
}

/** An unexpected JS error in the fake or in a registered method: Frappe's 500 with the class name. */
export function asFrappeError(err: unknown): FrappeError {
  if (err instanceof FrappeError) return err;
  const e = err instanceof Error ? err : new Error(String(err));
  const excType = e.constructor === Error || !e.name || e.name === 'Error' ? 'Exception' : e.name;
  return new FrappeError(excType, { excText: e.message, status: 500 });
}

/** json.loads failure as Python reports it, for filters/fields that are not JSON. */
export function jsonDecodeError(): FrappeError {
  return new FrappeError('JSONDecodeError', { excText: 'Expecting value: line 1 column 1 (char 0)', status: 500 });
}
