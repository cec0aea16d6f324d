// GenieACS NBI answers and transport failures as node errors a user can act on: which device,
// which task, what to check (credential, Base URL, the device id's escaping).
import type { HttpResponse } from '../../host/engine/http-request.ts';
import { NodeApiError } from '../../host/model/errors.ts';
import { looksLikeStoredId } from './device-id.ts';

/** What a request was for, so an error can name it. */
export interface RequestSubject {
  method: string;
  /** The path as sent (device ids double-encoded). */
  path: string;
  host: string;
  deviceId?: string;
  /** The task's name when the request posts a task. */
  taskName?: string;
  /** The task as sent, shown when GenieACS drops the connection on it. */
  task?: unknown;
  faultId?: string;
  /** The credential's authentication type, for 401/403 advice. */
  authType?: string;
}

const bodyText = (body: unknown): string => {
  if (body === undefined || body === null) return '';
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body);
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
};

/** True for "Device is in session" answers (503): worth another try in a moment. */
export const isInSession = (res: HttpResponse): boolean => res.statusCode === 503 && /in session/i.test(bodyText(res.body));

const ID_HINT =
  'Device ids are OUI-ProductClass-SerialNumber with every character other than letters, digits and _ in each part written as %XX (a "-" in a serial is %2D). Copy the id from GenieACS (or from Find Devices / Get Device by serial number), or build it from OUI, product class and serial number.';

function authAdvice(s: RequestSubject): string {
  if (s.authType === 'basic') return 'Check the user and password in the GenieACS credential.';
  if (s.authType === 'header') return 'Check the header name and value in the GenieACS credential.';
  return 'The credential sends no authentication, but something in front of the NBI asks for it: choose Basic Auth or Header in the GenieACS credential.';
}

/** A NodeApiError for a non-2xx NBI answer. `tries` is how many times it was sent. */
export function genieAcsError(node: string, res: HttpResponse, s: RequestSubject, tries = 1): NodeApiError {
  const status = res.statusCode;
  const said = bodyText(res.body);
  const code = `${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`;
  const fail = (message: string, ...details: string[]) =>
    new NodeApiError(node, message, { httpCode: status, description: [...details, said ? `GenieACS said: "${said}".` : ''].filter(Boolean).join(' '), responseBody: res.body });

  if (status === 401 || status === 407)
    return fail(`GenieACS at ${s.host} refused the credentials (${code}): check the GenieACS credential`, 'GenieACS has no login of its own; this answer comes from the proxy in front of the NBI.', authAdvice(s));
  if (status === 403) return fail(`The proxy in front of GenieACS at ${s.host} forbids ${s.method} ${s.path} (${code})`, authAdvice(s), 'The proxy may also allow only some addresses or paths.');
  if (status === 404 && /no such device/i.test(said) && s.deviceId)
    return fail(`No device "${s.deviceId}" in GenieACS (404 No such device)`, looksLikeStoredId(s.deviceId) ? ID_HINT : `"${s.deviceId}" has characters a stored id cannot have. ${ID_HINT}`);
  if (status === 404)
    return fail(`Not found in GenieACS: ${s.method} ${s.path} (${code})`, `Check that the Base URL points at the NBI (port 7557 by default), not at the web UI (3000) or the CWMP port (7547).`);
  if (status === 405) return fail(`GenieACS does not allow ${s.method} ${s.path} (${code})`, 'Check that the Base URL points at the NBI (port 7557 by default).');
  if (status === 503 && isInSession(res))
    return fail(
      `Device "${s.deviceId ?? s.faultId ?? ''}" is in a session with GenieACS right now (503); gave up after ${tries} ${tries === 1 ? 'try' : 'tries'}`,
      'GenieACS does not change a device\'s tasks or faults while it talks to the ACS. Try again in a few seconds.',
    );
  if (status === 429) return fail(`The proxy in front of GenieACS is rate limiting requests (${code}); gave up after ${tries} ${tries === 1 ? 'try' : 'tries'}`, 'Run fewer items at once.');
  if (status === 400) return fail(`GenieACS refused ${s.method} ${s.path}: ${said || 'bad request'} (${code})`, 'Check the query, sort or task JSON.');
  if (status >= 500) return fail(`GenieACS server error (${code}) on ${s.method} ${s.path}`, `The NBI at ${s.host} failed; its log (genieacs-nbi) has the details.`);
  return fail(`GenieACS answered ${code} to ${s.method} ${s.path}`);
}

/** Codes undici and Node give when the other side drops the connection mid-request. */
const DROPPED = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);

/** A request that got no answer (timeout, reset, refused) as a node error naming the host, and the task when there was one. */
export function transportError(node: string, err: unknown, s: RequestSubject, timeoutMs: number): unknown {
  const e = err as Error & { httpCode?: string };
  if (!(e instanceof NodeApiError) || e.httpCode === 'ECANCELED') return err;
  const dropped = DROPPED.has(e.httpCode ?? '') || /other side closed|socket hang up/i.test(e.message);
  if (s.taskName && dropped)
    return new NodeApiError(node, `GenieACS rejected the "${s.taskName}" task for device "${s.deviceId}" as invalid (it dropped the connection)`, {
      httpCode: e.httpCode,
      description: `The NBI checks a task before storing it; an invalid one (an unknown name, empty parameterNames or parameterValues, a value that is not text, a number or a boolean) crashes its worker, which closes the connection without an answer. The task sent was ${JSON.stringify(s.task)}.`,
    });
  if (dropped && s.method === 'GET')
    return new NodeApiError(node, `GenieACS dropped the connection on ${s.method} ${s.path}: the NBI could not run the query`, {
      httpCode: e.httpCode,
      description: 'The NBI crashes instead of answering when MongoDB rejects a query (an unknown $operator, a bad sort direction or skip). Check the query JSON, the sort and the skip.',
    });
  if (e.httpCode === 'ETIMEDOUT') {
    if (s.taskName)
      return new NodeApiError(node, `GenieACS at ${s.host} did not answer within ${timeoutMs} ms while device "${s.deviceId}" ran the "${s.taskName}" task`, {
        httpCode: 'ETIMEDOUT',
        description: 'The task was most likely stored and stays queued for the device\'s next session; list the device\'s tasks or faults in GenieACS to see what became of it. Raise "Max Wait (ms)" in the task options to wait longer.',
      });
    return new NodeApiError(node, `GenieACS at ${s.host} did not answer within ${timeoutMs} ms`, {
      httpCode: 'ETIMEDOUT',
      description: `${s.method} ${s.path} timed out. Raise "Timeout (ms)" in the GenieACS credential if the NBI is slow (large queries), or check that ${s.host} is up.`,
    });
  }
  return new NodeApiError(node, `Could not reach GenieACS at ${s.host}: ${e.message.replace(/^Could not reach \S+: /, '')}`, {
    httpCode: e.httpCode,
    description: 'Check the NBI Base URL in the GenieACS credential (the NBI listens on port 7557 by default) and that GenieACS is running and reachable from Gigaflow (firewall).',
  });
}
