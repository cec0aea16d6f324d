// Frappe's error answers turned into node errors a user can act on: which document, which
// permission, what the server said (its `_server_messages` are JSON text inside JSON text).
import type { HttpResponse } from '../../host/engine/http-request.ts';
import { NodeApiError } from '../../host/model/errors.ts';

/** What a request was for, so an error can name it. */
export interface RequestSubject {
  method: string;
  path: string;
  host: string;
  doctype?: string;
  name?: string;
  /** Dotted path of a whitelisted method (/api/method/...). */
  methodName?: string;
  /** The Frappe permission the request needs: read, create, write, delete, submit, cancel. */
  permission?: string;
}

type Body = Record<string, unknown>;
const asBody = (body: unknown): Body => (body && typeof body === 'object' && !Array.isArray(body) ? (body as Body) : {});

const ENTITIES: Record<string, string> = { '&quot;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#39;': "'", '&nbsp;': ' ' };

/** Server text without HTML markup (Frappe messages often carry <b>, <br>, links). */
export function plainText(text: string): string {
  return text
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(quot|amp|lt|gt|#39|nbsp);/g, (m) => ENTITIES[m] ?? m)
    .replace(/\s+/g, ' ')
    .trim();
}

/** The messages in `_server_messages`: a JSON list of JSON-encoded {message, title, ...} objects. */
export function serverMessages(body: unknown): string[] {
  const raw = asBody(body)._server_messages;
  if (typeof raw !== 'string' || !raw) return [];
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    return [plainText(raw)];
  }
  if (!Array.isArray(list)) return [];
  return list
    .map((entry: unknown) => {
      let value = entry;
      if (typeof value === 'string') {
        try {
          value = JSON.parse(value);
        } catch {
          // a plain string message
        }
      }
      if (value && typeof value === 'object' && 'message' in value) return plainText(String((value as { message: unknown }).message));
      return typeof value === 'string' ? plainText(value) : '';
    })
    .filter(Boolean);
}

export function excType(body: unknown): string | undefined {
  const t = asBody(body).exc_type;
  return typeof t === 'string' && t ? t : undefined;
}

/** The best human-readable text of an error answer: server messages, then exception, then the body. */
export function errorText(body: unknown): string {
  const messages = serverMessages(body);
  if (messages.length) return messages.join(' ');
  const b = asBody(body);
  // `exception` is the traceback's last line, "frappe.exceptions.ValidationError: text".
  if (typeof b.exception === 'string' && b.exception) return plainText(b.exception.replace(/^[\w.]+(Error|Exception)\s*:\s*/, ''));
  for (const key of ['_error_message', 'message']) if (typeof b[key] === 'string' && b[key]) return plainText(b[key] as string);
  if (typeof body === 'string') return plainText(body).slice(0, 300);
  return '';
}

const VERBS: Record<string, string> = { read: 'read', create: 'create', write: 'update', delete: 'delete', submit: 'submit', cancel: 'cancel', call: 'run' };

function subjectText(s: RequestSubject): string {
  if (s.methodName) return `method "${s.methodName}"`;
  if (s.doctype && s.name) return `${s.doctype} "${s.name}"`;
  if (s.doctype) return s.doctype;
  return `${s.method} ${s.path}`;
}

function headerOf(res: HttpResponse, name: string): string | undefined {
  const key = Object.keys(res.headers ?? {}).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : res.headers[key];
}

/** True for Frappe's rate-limit answers: any 429, or a 417 whose exc_type is RateLimitExceededError. */
export function isRateLimited(res: HttpResponse): boolean {
  return res.statusCode === 429 || (res.statusCode === 417 && excType(res.body) === 'RateLimitExceededError');
}

/** A NodeApiError for a non-2xx Frappe answer. `tries` is how many times it was sent. */
export function erpNextError(node: string, res: HttpResponse, s: RequestSubject, tries = 1): NodeApiError {
  const status = res.statusCode;
  const type = excType(res.body);
  const said = errorText(res.body);
  const server = said ? `ERPNext says: "${said}"` : '';
  const what = subjectText(s);
  const verb = VERBS[s.permission ?? ''] ?? 'process';
  const code = `${status}${type ? ` ${type}` : ''}`;
  const fail = (message: string, ...details: string[]) =>
    new NodeApiError(node, message, { httpCode: status, description: [...details, server].filter(Boolean).join(' '), responseBody: res.body });

  if (isRateLimited(res)) {
    const after = headerOf(res, 'retry-after');
    return fail(
      `ERPNext is rate limiting requests (${code}); gave up after ${tries} ${tries === 1 ? 'try' : 'tries'}`,
      after ? `The server asked to wait ${after}${/^\d+$/.test(after.trim()) ? ' s' : ''}.` : '',
      'Run fewer items at once or raise the site\'s rate_limit (site_config.json).',
    );
  }
  if (status === 401 || type === 'AuthenticationError' || type === 'SessionExpired' || type === 'InvalidAuthorizationToken')
    return fail(
      `ERPNext rejected the credentials (${code}): check the ERPNext API key and API secret in the credential`,
      `${s.host} did not accept "token <api key>:<api secret>". Generate the keys again (User → Settings → API Access) and copy both into the credential.`,
    );
  if (status === 403 || type === 'PermissionError') {
    const perm = s.permission ?? 'read';
    if (s.methodName) return fail(`No permission to run ${what} in ERPNext (${code})`, 'The API key\'s user may not call this method.');
    return fail(
      `No permission to ${VERBS[perm] ?? perm} ${s.doctype ?? what} in ERPNext (${code})`,
      `The API key's user lacks the "${perm}" permission on ${s.doctype ?? 'this doctype'}. Give that user a role with it (Role Permission Manager → ${s.doctype ?? 'the doctype'}).`,
    );
  }
  if (status === 404 || type === 'DoesNotExistError') {
    if (s.methodName) return fail(`ERPNext has no whitelisted method "${s.methodName}" (${code})`, 'Check the dotted path and that the function is decorated with @frappe.whitelist().');
    if (s.doctype && s.name) return fail(`${s.doctype} "${s.name}" does not exist in ERPNext (${code})`, 'Check the document name (not its title) and the doctype.');
    if (s.doctype) return fail(`DocType "${s.doctype}" does not exist in ERPNext (${code})`, 'Check the spelling: doctype names are case-sensitive, with spaces ("Service Equipment").');
    return fail(`Not found in ERPNext: ${what} (${code})`);
  }
  if (status === 409 || type === 'DuplicateEntryError') {
    const hint = 'Another document has the same name. Use Update for an existing document.';
    if (s.doctype && s.name) return fail(`${what} already exists in ERPNext (${code})`, hint);
    return fail(`ERPNext could not ${verb} ${what}: ${said || 'a document with the same name already exists'} (${code})`, hint);
  }
  if (status >= 500)
    return fail(`ERPNext server error (${code}) while trying to ${verb} ${what}`, `${s.method} ${s.path} on ${s.host} failed inside ERPNext; its Error Log has the traceback.`);
  return fail(`ERPNext could not ${verb} ${what}: ${said || `HTTP ${status}`} (${code})`);
}

/** A request that got no answer (timeout, refused connection) as a node error naming the host. */
export function transportError(node: string, err: unknown, s: RequestSubject, timeoutMs: number): unknown {
  const e = err as Error & { httpCode?: string };
  if (!(e instanceof NodeApiError) || e.httpCode === 'ECANCELED') return err;
  if (e.httpCode === 'ETIMEDOUT')
    return new NodeApiError(node, `ERPNext at ${s.host} did not answer within ${timeoutMs} ms`, {
      httpCode: 'ETIMEDOUT',
      description: `${s.method} ${s.path} timed out. Raise "Timeout (ms)" in the ERPNext credential if the server is slow, or check that ${s.host} is up.`,
    });
  return new NodeApiError(node, `Could not reach ERPNext at ${s.host}: ${e.message}`, {
    httpCode: e.httpCode,
    description: 'Check the Base URL in the ERPNext credential and that the server is running and reachable from Gigaflow.',
  });
}
