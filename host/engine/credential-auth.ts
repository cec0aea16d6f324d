// n8n's credential conventions for outgoing requests: a credential type's `authenticate` (the
// generic `{ type: 'generic', properties: { headers, qs, body, auth } }` form with `$credentials`
// templates, or a function) is applied to a node's request. One module, used by the execute,
// loadOptions and webhook contexts and by credential tests, so every caller authenticates alike.
import type { IAdditionalCredentialOptions, ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions } from 'n8n-workflow';
import type { ExpressionEvaluator } from '../expressions/evaluate.ts';
import { splitTemplate } from '../expressions/template.ts';
import type { ExpressionData } from '../expressions/types.ts';
import type { IDataObject } from '../model/index.ts';
import { NodeOperationError } from '../model/index.ts';
import type { NodeRegistry } from './registry-types.ts';

export interface CredentialAuthDeps {
  registry: Pick<NodeRegistry, 'credentialType'>;
  /** Evaluates templates that are more than a plain `$credentials.x` reference; without it those are an error. */
  expressions?: ExpressionEvaluator;
}

/** Who asks (for error messages) and how templates beyond plain references are evaluated. */
export interface TemplateScope {
  nodeName: string;
  expressions?: ExpressionEvaluator;
}

// `$credentials`, `$credentials.a.b`, `$credentials["a"]`, `$credentials['a'][0]`: read directly, no sandbox needed.
const PLAIN_REFERENCE = /^\$credentials((?:\s*\.\s*[A-Za-z_$][\w$]*|\s*\[\s*(?:"[^"\\]*"|'[^'\\]*'|\d+)\s*\])*)$/;
const REFERENCE_STEP = /\.\s*([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)'|(\d+))\s*\]/g;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const NEEDS_SANDBOX = Symbol('needs sandbox');

/** The value at a plain path; a missing field (or a path through one) is undefined, which n8n turns into ''. */
function readReference(path: string, credentials: IDataObject): unknown {
  let value: unknown = credentials;
  for (const m of path.matchAll(REFERENCE_STEP)) {
    const key = m[1] ?? m[2] ?? m[3] ?? m[4]!;
    if (value === undefined || value === null) return undefined;
    // A property of a string or number (`.length`): JavaScript's answer, from the sandbox.
    if (typeof value !== 'object') return NEEDS_SANDBOX;
    // Own properties only: `$credentials.constructor` is not a credential field.
    if (!Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** What the sandbox sees: the credentials as the only item, bound to `$credentials` by the wrapper below. */
function sandboxData(credentials: IDataObject, nodeName: string): ExpressionData {
  return {
    itemIndex: 0,
    runIndex: 0,
    inputItems: [{ json: credentials }],
    nodeOutput: () => undefined,
    pairedItem: () => undefined,
    hasNode: () => false,
    nodeParameters: () => undefined,
    node: { name: nodeName, type: 'credential', typeVersion: 1 },
    execution: { id: '', mode: 'internal', resumeUrl: '' },
    workflow: { id: '', name: '', active: false },
    vars: {},
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}

function evaluateSegment(code: string, credentials: IDataObject, scope: TemplateScope): unknown {
  const trimmed = code.trim();
  const plain = PLAIN_REFERENCE.exec(trimmed);
  if (plain) {
    const value = readReference(plain[1]!, credentials);
    if (value !== NEEDS_SANDBOX) return value;
  }
  if (!scope.expressions)
    throw new NodeOperationError(scope.nodeName, `The credential template "{{ ${trimmed} }}" needs the expression sandbox, which is not available here`);
  // The evaluator has no `$credentials` of its own: the code runs inside an arrow function whose
  // parameter is `$credentials`, called with the current item, which is the credential data.
  // The data travels as data, so the compiled code is the same for every credential of a type.
  const body = trimmed.replace(/;+\s*$/, '');
  return scope.expressions.evaluate(`(($credentials) => (${body}\n))($json)`, sandboxData(credentials, scope.nodeName));
}

function segmentText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * Resolves one value of an `authenticate` or `test` definition. Strings starting with '=' are n8n
 * templates over `$credentials` (`={{$credentials.token}}`, `=token {{$credentials.key}}:{{$credentials.secret}}`);
 * anything else is returned as is. A single `{{ }}` keeps its type; text with segments is a string.
 * Arrays and plain objects are resolved deeply.
 */
export function resolveCredentialTemplate(value: unknown, credentials: IDataObject, scope: TemplateScope): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveCredentialTemplate(v, credentials, scope));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveCredentialTemplate(v, credentials, scope);
    return out;
  }
  if (typeof value !== 'string' || !value.startsWith('=')) return value;
  const parts = splitTemplate(value.slice(1));
  if (parts.length === 1 && typeof parts[0] !== 'string') return evaluateSegment(parts[0]!.code, credentials, scope);
  return parts.map((p) => (typeof p === 'string' ? p : segmentText(evaluateSegment(p.code, credentials, scope)))).join('');
}

/** n8n turns every resolved `authenticate` key and value into a string, and every falsy result (a missing field too) into ''. */
function authString(v: unknown): string {
  if (!v) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** The stored fields plus the defaults of the fields the credential type declares but the data lacks (n8n applies them too). */
export function withCredentialDefaults(type: ICredentialType, data: IDataObject): IDataObject {
  const out: IDataObject = { ...data };
  for (const p of type.properties ?? []) {
    if (out[p.name] === undefined && p.default !== undefined && p.type !== 'notice') out[p.name] = p.default as IDataObject[string];
  }
  return out;
}

/** A copy the authenticator may change freely: the caller's headers, qs, body and auth objects stay untouched. */
function copyOptions(options: IHttpRequestOptions): IHttpRequestOptions {
  return {
    ...options,
    headers: { ...(options.headers ?? {}) },
    ...(options.qs ? { qs: { ...options.qs } } : {}),
    ...(isPlainObject(options.body) ? { body: { ...options.body } } : {}),
    ...(options.body instanceof URLSearchParams ? { body: new URLSearchParams(options.body) } : {}),
    ...(options.auth ? { auth: { ...options.auth } } : {}),
  };
}

function setGeneric(options: IHttpRequestOptions, target: string, key: string, value: string, typeName: string, nodeName: string): void {
  switch (target) {
    case 'headers': {
      const headers = options.headers as Record<string, unknown>;
      // Header names are case-insensitive: the credential's value replaces the node's, whatever its case.
      for (const name of Object.keys(headers)) if (name.toLowerCase() === key.toLowerCase()) delete headers[name];
      headers[key] = value;
      return;
    }
    case 'qs':
      options.qs = { ...(options.qs ?? {}), [key]: value };
      return;
    case 'body':
      if (options.body === undefined || options.body === null) options.body = { [key]: value };
      else if (isPlainObject(options.body)) (options.body as Record<string, unknown>)[key] = value;
      else if (options.body instanceof URLSearchParams) options.body.set(key, value);
      // n8n silently skips a string or binary body here; sending the request without its credential is worse.
      else throw new NodeOperationError(nodeName, `Credential type "${typeName}" adds "${key}" to the request body, but the body is not an object`);
      return;
    case 'auth':
      options.auth = { username: '', password: '', ...(options.auth ?? {}), [key]: value };
      return;
    default:
    // n8n's IRequestOptionsSimplifiedAuth has no other targets that carry credentials (url, skipSslCertificateValidation): ignored.
  }
}

/** The request with the credential type's `authenticate` applied; the caller's options object is not changed. */
export async function applyAuthentication(
  type: ICredentialType,
  credentials: IDataObject,
  options: IHttpRequestOptions,
  scope: TemplateScope,
): Promise<IHttpRequestOptions> {
  const request = copyOptions(options);
  const auth = type.authenticate;
  if (!auth) return request;
  // A class method keeps its `this` (the credential type), as in n8n.
  if (typeof auth === 'function') return (await auth.call(type, credentials as ICredentialDataDecryptedObject, request)) ?? request;
  const generic = auth as { type: string; properties?: Record<string, unknown> };
  if (generic.type !== 'generic')
    throw new NodeOperationError(scope.nodeName, `Credential type "${type.name}" uses authenticate type "${generic.type}"; only "generic" and functions are supported`);
  for (const [target, entries] of Object.entries(generic.properties ?? {})) {
    if (!isPlainObject(entries)) continue;
    for (const [rawKey, rawValue] of Object.entries(entries)) {
      const key = authString(resolveCredentialTemplate(rawKey, credentials, scope));
      const value = authString(resolveCredentialTemplate(rawValue, credentials, scope));
      setGeneric(request, target, key, value, type.name, scope.nodeName);
    }
  }
  return request;
}

export interface AuthenticatedRequestScope extends CredentialAuthDeps {
  nodeName: string;
  /** The decrypted credential of this type that the node references. */
  getCredentials(type: string): Promise<IDataObject>;
  /** The host HTTP client, already bound to the context's node, defaults and cancellation. */
  send(options: IHttpRequestOptions): Promise<unknown>;
}

/** `helpers.httpRequestWithAuthentication(credentialsType, requestOptions, additionalCredentialOptions?)` for one context. */
export function createHttpRequestWithAuthentication(scope: AuthenticatedRequestScope) {
  return async (credentialsType: string, requestOptions: IHttpRequestOptions, additional?: IAdditionalCredentialOptions): Promise<unknown> => {
    const type = scope.registry.credentialType(credentialsType);
    if (!type) throw new NodeOperationError(scope.nodeName, `Unknown credential type "${credentialsType}": no installed node package provides it`);
    const data = (additional?.credentialsDecrypted?.data as IDataObject | undefined) ?? (await scope.getCredentials(credentialsType));
    const request = await applyAuthentication(type, withCredentialDefaults(type, data), requestOptions, scope);
    return scope.send(request);
  };
}
