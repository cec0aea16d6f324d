// What a credential test tells the user: an actionable sentence (what to check) with the HTTP
// status and the server's own message, and never a secret of the credential, even when a server
// echoes the key it was sent.
import type { ICredentialType, IHttpRequestOptions } from 'n8n-workflow';
import type { IDataObject } from '../model/index.ts';
import { NodeApiError } from '../model/index.ts';

const MAX_SERVER_MESSAGE = 300;
// Fields whose name says "secret" are hidden even when the type forgot `typeOptions.password`.
const SECRET_NAME = /secret|token|passw|apikey|api_key|key$|signature|private|credential/i;
const MIN_SECRET_LENGTH = 3;
// n8n's editor sends this placeholder for a password field the user did not retype.
export const N8N_BLANK_VALUE_PREFIX = '__n8n_BLANK_VALUE_';

/** A field whose value is never shown: declared a password, or named like a secret. */
export function isSecretField(name: string, p: { typeOptions?: { password?: boolean } } | undefined): boolean {
  return p?.typeOptions?.password === true || SECRET_NAME.test(name);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

/** The values to strip from every message of one test: secret fields and what `authenticate` put on the request. */
export class SecretValues {
  private readonly values = new Set<string>();
  /** Values of plain fields (URL, user, account): shown in messages, also when authenticate copies them onto the request. */
  private readonly visible = new Set<string>();

  constructor(type: ICredentialType, data: IDataObject) {
    const declared = new Map((type.properties ?? []).map((p) => [p.name, p]));
    for (const [name, value] of Object.entries(data)) {
      const p = declared.get(name);
      // Undeclared fields (tokens a node stored, oauthTokenData) count as secret too.
      if (!p || isSecretField(name, p)) this.add(value);
      else if (typeof value === 'string') this.visible.add(value);
    }
  }

  add(value: unknown): void {
    if (typeof value === 'string') {
      if (value.length < MIN_SECRET_LENGTH) return;
      this.values.add(value);
      const encoded = encodeURIComponent(value);
      if (encoded !== value) this.values.add(encoded);
    } else if (Array.isArray(value)) value.forEach((v) => this.add(v));
    else if (isObject(value)) Object.values(value).forEach((v) => this.add(v));
  }

  /**
   * What `authenticate` added or changed on the request, unless it is a plain field's value: a
   * function may derive a token from the secrets (a signature, base64 of key:secret) that no
   * field holds. Header values count with their scheme stripped too; the Basic pair as sent.
   */
  addApplied(before: IHttpRequestOptions, after: IHttpRequestOptions): void {
    const addDerived = (v: unknown) => {
      if (typeof v === 'string' && this.visible.has(v)) return;
      this.add(v);
    };
    const changed = (a: unknown, b: unknown) => {
      if (!isObject(b)) return;
      for (const [k, v] of Object.entries(b)) {
        if (isObject(a) && a[k] === v) continue;
        addDerived(v);
        if (typeof v === 'string' && / ./.test(v)) addDerived(v.slice(v.indexOf(' ') + 1)); // "Bearer <token>" → <token>
      }
    };
    changed(before.headers, after.headers);
    changed(before.qs, after.qs);
    changed(before.body, after.body);
    if (after.auth) {
      this.add(after.auth.password);
      this.add(Buffer.from(`${after.auth.username}:${after.auth.password}`).toString('base64'));
    }
  }

  redact(message: string): string {
    let out = message;
    for (const v of [...this.values].sort((a, b) => b.length - a.length)) out = out.replaceAll(v, '***');
    return out;
  }
}

/** The sentence before the details: what the user should check for this status. */
function advice(status: number): string {
  if (status === 401 || status === 403) return 'Authorization failed — check the credentials';
  if (status === 404) return 'Not found — check the URL or domain in the credential';
  if (status === 408 || status === 504) return 'The service did not answer in time — try again';
  if (status === 429) return 'Rate limited by the service — wait a moment and test again';
  if (status >= 500) return 'The service failed — try again later or check the service';
  if (status >= 300 && status < 400) return 'The service redirected the test request — check the URL in the credential';
  return 'The service rejected the test request — check the credential fields';
}

const MESSAGE_KEYS = ['message', 'error_description', 'error', 'detail', 'title', 'msg', 'exception', 'exc_type', 'description'];

function fromObject(o: Record<string, unknown>, depth: number): string {
  for (const key of MESSAGE_KEYS) {
    const v = o[key];
    if (typeof v === 'string' && v.trim()) return v;
    if (isObject(v) && depth < 2) {
      const nested = fromObject(v, depth + 1);
      if (nested) return nested;
    }
  }
  const first = Array.isArray(o.errors) ? o.errors[0] : undefined;
  if (typeof first === 'string') return first;
  if (isObject(first) && depth < 2) return fromObject(first, depth + 1);
  return '';
}

/** The server's own words from an error body: a JSON message field, an HTML title, or the text. */
export function serverMessage(body: unknown): string {
  let text = '';
  if (Buffer.isBuffer(body)) body = body.toString('utf8');
  if (typeof body === 'string') {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body);
    text = title ? title[1]! : body.replace(/<[^>]+>/g, ' ');
  } else if (isObject(body)) text = fromObject(body, 0);
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > MAX_SERVER_MESSAGE ? `${text.slice(0, MAX_SERVER_MESSAGE)}…` : text;
}

/** e.g. "Authorization failed — check the credentials (HTTP 401 Unauthorized from api.example.com: Invalid API key)". */
export function httpFailureMessage(status: number, statusText: string, host: string, body: unknown): string {
  const server = serverMessage(body);
  return `${advice(status)} (HTTP ${status}${statusText ? ` ${statusText}` : ''} from ${host}${server ? `: ${server}` : ''})`;
}

/** "15 s", or "300 ms" for a limit below a second. */
export function duration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

/** A failure thrown by the host HTTP client (or by a test method), as a sentence that says what to check. */
export function requestErrorMessage(err: unknown, timeoutMs: number): string {
  if (!(err instanceof NodeApiError)) return err instanceof Error ? err.message : String(err);
  const code = err.httpCode ?? '';
  if (/^\d{3}$/.test(code)) {
    const server = serverMessage(err.responseBody);
    return `${advice(Number(code))} (${err.message}${server ? `: ${server}` : ''})`;
  }
  if (code === 'ETIMEDOUT') return `No answer within ${duration(timeoutMs)} — check the URL and that the service is reachable from Gigaflow (${err.message})`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Unknown host — check the URL or domain in the credential (${err.message})`;
  if (code === 'ECANCELED') return `The test was canceled (${err.message})`;
  return `${err.message} — check the URL and that the service is running`;
}
