// Testing a credential the way n8n does: the credential type's declarative `test` request (sent
// with its `authenticate` applied, judged by status and `rules`), else a node's
// `methods.credentialTest[testedBy]`, else "no test". The answer is n8n's
// `{ status: 'OK' | 'Error', message }`, with an actionable message and no secret in it.
import type {
  ICredentialDataDecryptedObject,
  ICredentialTestFunction,
  ICredentialTestRequest,
  ICredentialType,
  IHttpRequestOptions,
  INodeCredentialTestResult,
} from 'n8n-workflow';
import { applyAuthentication, createHttpRequestWithAuthentication, resolveCredentialTemplate, withCredentialDefaults } from '../engine/credential-auth.ts';
import type { TemplateScope } from '../engine/credential-auth.ts';
import { httpRequest } from '../engine/http-request.ts';
import type { HttpResponse } from '../engine/http-request.ts';
import type { NodeRegistry } from '../engine/registry-types.ts';
import type { Logger } from '../engine/types.ts';
import type { ExpressionEvaluator } from '../expressions/evaluate.ts';
import type { IDataObject } from '../model/index.ts';
import { duration, httpFailureMessage, requestErrorMessage, SecretValues } from './credential-test-messages.ts';

export interface CredentialTestDeps {
  registry: NodeRegistry;
  /** For `$credentials` templates beyond plain references. */
  expressions?: ExpressionEvaluator;
  /** Whole-test limit, request included (default 15 s). */
  timeoutMs?: number;
  logger?: Logger;
}

/** n8n's ICredentialsDecrypted with data: what a testedBy method receives. */
export interface CredentialUnderTest {
  id: string;
  name: string;
  type: string;
  data: IDataObject;
}

export type CredentialTestResult = INodeCredentialTestResult;

export type CredentialTestPlan =
  | { kind: 'request'; test: ICredentialTestRequest }
  | { kind: 'method'; method: ICredentialTestFunction; nodeType: string };

const DEFAULT_TIMEOUT_MS = 15_000;
const DEADLINE_GRACE_MS = 500;
const OK_MESSAGE = 'Connection successful';

/** The credential type's own `test` first, then a node's `testedBy` (a method name, or a request), newest node version first — n8n's order. */
export function findCredentialTest(registry: NodeRegistry, type: ICredentialType): CredentialTestPlan | undefined {
  if (type.test) return { kind: 'request', test: type.test };
  for (const description of registry.descriptions()) {
    const versions = (Array.isArray(description.version) ? [...description.version] : [description.version]).sort((a, b) => b - a);
    for (const version of versions) {
      const node = registry.get(description.name, version);
      const declared = node?.description.credentials?.find((c) => c.name === type.name && c.testedBy);
      if (!node || !declared) continue;
      if (typeof declared.testedBy !== 'string') return { kind: 'request', test: declared.testedBy! };
      const method = node.methods?.credentialTest?.[declared.testedBy];
      if (method) return { kind: 'method', method, nodeType: description.name };
    }
  }
  return undefined;
}

/** Rejects after `ms` so a hanging server or test method cannot hold the caller. */
async function withDeadline<T>(work: Promise<T>, ms: number, controller: AbortController): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`The test did not finish within ${duration(ms)} — check that the service is reachable from Gigaflow`));
    }, ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function getPath(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split(/[.[\]]/).filter(Boolean)) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function targetUrl(opts: IHttpRequestOptions): URL | undefined {
  try {
    return opts.baseURL ? new URL(String(opts.url ?? '').replace(/^\//, ''), opts.baseURL.endsWith('/') ? opts.baseURL : `${opts.baseURL}/`) : new URL(String(opts.url));
  } catch {
    return undefined;
  }
}

interface RunScope extends TemplateScope {
  deps: CredentialTestDeps;
  type: ICredentialType;
  data: IDataObject;
  secrets: SecretValues;
  timeoutMs: number;
  signal: AbortSignal;
}

async function runTestRequest(s: RunScope, test: ICredentialTestRequest): Promise<CredentialTestResult> {
  const resolved = resolveCredentialTemplate(test.request, s.data, s) as IDataObject;
  // skipSslCertificateValidation is not supported by the host client; the request is sent verified.
  const { skipSslCertificateValidation: _skip, ...request } = resolved;
  const base = { method: 'GET', json: true, ...request, url: String(request.url ?? '') } as IHttpRequestOptions;
  const authenticated = await applyAuthentication(s.type, s.data, base, s);
  s.secrets.addApplied(base, authenticated);
  const url = targetUrl(authenticated);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    return { status: 'Error', message: `The test URL "${authenticated.baseURL ?? ''}${authenticated.url}" is not an http(s) URL — check the URL or domain in the credential` };
  let res: HttpResponse;
  try {
    const options = { ...authenticated, timeout: s.timeoutMs, returnFullResponse: true, ignoreHttpStatusErrors: true };
    res = (await httpRequest(s.nodeName, options, s.signal)) as HttpResponse;
  } catch (err) {
    return { status: 'Error', message: requestErrorMessage(err, s.timeoutMs) };
  }
  const rules = test.rules ?? [];
  if (res.statusCode < 200 || res.statusCode > 299) {
    for (const rule of rules)
      if (rule.type === 'responseCode' && Number(rule.properties.value) === res.statusCode)
        return { status: 'Error', message: `${rule.properties.message} (HTTP ${res.statusCode} from ${url.host})` };
    return { status: 'Error', message: httpFailureMessage(res.statusCode, res.statusMessage, url.host, res.body) };
  }
  for (const rule of rules)
    if (rule.type === 'responseSuccessBody' && getPath(res.body, String(rule.properties.key)) === rule.properties.value)
      return { status: 'Error', message: String(rule.properties.message) };
  return { status: 'OK', message: OK_MESSAGE };
}

/** n8n's deprecated `helpers.request` options (request-promise style), mapped onto the host client. */
function fromLegacyRequest(uriOrObject: string | IDataObject, options: IDataObject = {}): IHttpRequestOptions {
  const o: IDataObject = typeof uriOrObject === 'string' ? { ...options, uri: uriOrObject } : { ...uriOrObject, ...options };
  const headers = { ...((o.headers as IDataObject) ?? {}) };
  let body = o.body;
  if (o.form !== undefined) {
    body = o.form;
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  }
  const auth = o.auth as IDataObject | undefined;
  if (typeof auth?.bearer === 'string') headers.authorization = `Bearer ${auth.bearer}`;
  const user = auth?.user ?? auth?.username;
  return {
    url: String(o.uri ?? o.url ?? ''),
    baseURL: o.baseURL as string | undefined,
    method: (o.method as IHttpRequestOptions['method']) ?? 'GET',
    qs: o.qs as IDataObject | undefined,
    headers,
    body: body as IHttpRequestOptions['body'],
    json: o.json === true,
    auth: user !== undefined ? { username: String(user), password: String(auth?.pass ?? auth?.password ?? '') } : undefined,
    returnFullResponse: o.resolveWithFullResponse === true,
    ignoreHttpStatusErrors: o.simple === false,
    timeout: o.timeout as number | undefined,
    encoding: o.encoding === null ? 'arraybuffer' : undefined,
  };
}

async function runTestMethod(s: RunScope, method: ICredentialTestFunction, credential: CredentialUnderTest): Promise<CredentialTestResult> {
  const send = (opts: IHttpRequestOptions) => httpRequest(s.nodeName, { timeout: s.timeoutMs, ...opts }, s.signal);
  const log = s.deps.logger;
  const ctx = {
    logger: {
      debug: (m: string, meta?: object) => log?.debug(m, { credentialType: s.type.name, ...meta }),
      info: (m: string, meta?: object) => log?.info(m, { credentialType: s.type.name, ...meta }),
      warn: (m: string, meta?: object) => log?.warn(m, { credentialType: s.type.name, ...meta }),
      error: (m: string, meta?: object) => log?.error(m, { credentialType: s.type.name, ...meta }),
    },
    helpers: {
      httpRequest: send,
      request: (uriOrObject: string | IDataObject, options?: IDataObject) => send(fromLegacyRequest(uriOrObject, options)),
      httpRequestWithAuthentication: createHttpRequestWithAuthentication({ ...s, registry: s.deps.registry, getCredentials: async () => s.data, send }),
    },
  };
  const result = (await method.call(ctx as never, { id: credential.id, name: credential.name, type: credential.type, data: s.data as ICredentialDataDecryptedObject })) as Partial<CredentialTestResult> | undefined;
  if (result?.status !== 'OK' && result?.status !== 'Error') return { status: 'Error', message: 'The test method returned no result (expected { status: "OK" | "Error", message })' };
  return { status: result.status, message: typeof result.message === 'string' && result.message ? result.message : result.status === 'OK' ? OK_MESSAGE : 'The test failed' };
}

/** Tests one credential (stored or unsaved). Never throws for a failing test: the failure is the answer. */
export async function testCredential(deps: CredentialTestDeps, credential: CredentialUnderTest): Promise<CredentialTestResult> {
  const type = deps.registry.credentialType(credential.type);
  if (!type) return { status: 'Error', message: `Unknown credential type "${credential.type}"` };
  const plan = findCredentialTest(deps.registry, type);
  if (!plan) return { status: 'Error', message: `Credential type "${type.displayName ?? type.name}" has no test: neither it nor a node using it defines one` };
  const data = withCredentialDefaults(type, credential.data ?? {});
  const secrets = new SecretValues(type, data);
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const scope: RunScope = { deps, type, data, secrets, timeoutMs, signal: controller.signal, nodeName: `Test of ${type.name}`, expressions: deps.expressions };
  try {
    const work = plan.kind === 'request' ? runTestRequest(scope, plan.test) : runTestMethod(scope, plan.method, credential);
    // The request's own timeout (timeoutMs) answers first with the clearer message; the deadline
    // catches what that cannot (a hanging test method or authenticate function).
    const result = await withDeadline(work, timeoutMs + DEADLINE_GRACE_MS, controller);
    return { status: result.status, message: secrets.redact(result.message) };
  } catch (err) {
    deps.logger?.debug('credential test failed', { credentialType: type.name, error: secrets.redact((err as Error)?.message ?? String(err)) });
    return { status: 'Error', message: secrets.redact(requestErrorMessage(err, timeoutMs)) };
  }
}
