// POST /api/v1/node-types/:type/load-options — a node's `methods.loadOptions[method]` for the
// editor's dynamic dropdowns (e.g. ERPNext doctypes), run with the node's current parameters and
// its decrypted credentials, never returning the credentials themselves.
import type { ILoadOptionsFunctions, IHttpRequestOptions, INodePropertyOptions } from 'n8n-workflow';
import { createHttpRequestWithAuthentication } from '../../engine/credential-auth.ts';
import { rawParameter } from '../../engine/parameters.ts';
import type { NodeRegistry } from '../../engine/registry-types.ts';
import type { CredentialsProvider } from '../../engine/types.ts';
import { httpRequest } from '../../engine/http-request.ts';
import type { ExpressionEvaluator } from '../../expressions/evaluate.ts';
import type { INode, INodeParameters } from '../../model/index.ts';
import { NotFoundError, ValidationError } from '../../model/index.ts';
import { HttpError } from '../middleware/errors.ts';

export interface LoadOptionsRequest {
  method: string;
  version?: number;
  parameters?: INodeParameters;
  credentials?: INode['credentials'];
}

export async function loadOptions(
  registry: NodeRegistry,
  credentials: CredentialsProvider,
  typeName: string,
  body: LoadOptionsRequest,
  expressions?: ExpressionEvaluator,
): Promise<INodePropertyOptions[]> {
  if (!body || typeof body.method !== 'string' || !body.method) throw new ValidationError('"method" must name a loadOptions method', { field: 'method' });
  const version = body.version ?? registry.descriptions().find((d) => d.name === typeName)?.version;
  const latest = Array.isArray(version) ? Math.max(...version) : version;
  if (latest === undefined) throw new NotFoundError(`Unknown node type "${typeName}"`);
  const type = registry.get(typeName, latest);
  if (!type) throw new NotFoundError(`Node type "${typeName}" has no version ${latest}`);
  const method = type.methods?.loadOptions?.[body.method];
  if (!method) throw new ValidationError(`Node type "${typeName}" has no loadOptions method "${body.method}"`, { field: 'method' });
  const parameters = body.parameters ?? {};
  const node: INode = { id: 'load-options', name: type.description.displayName, type: typeName, typeVersion: latest, position: [0, 0], parameters, credentials: body.credentials };
  const param = (name: string, fallback?: unknown) => rawParameter(type.description, parameters, name, latest) ?? fallback;
  const getCredentials = async (credType: string) => {
    const ref = body.credentials?.[credType];
    if (!ref) throw new ValidationError(`Select a "${credType}" credential first`, { field: `credentials.${credType}` });
    return credentials(credType, ref, node.name);
  };
  const send = (opts: IHttpRequestOptions) => httpRequest(node.name, { timeout: 15_000, ...opts });
  const ctx = {
    getNode: () => node,
    getNodeParameter: param,
    getCurrentNodeParameter: (name: string) => param(name),
    getCurrentNodeParameters: () => parameters,
    getCredentials,
    getTimezone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    helpers: {
      httpRequest: send,
      httpRequestWithAuthentication: createHttpRequestWithAuthentication({ registry, expressions, nodeName: node.name, getCredentials, send }),
    },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  } as unknown as ILoadOptionsFunctions;
  try {
    return await method.call(ctx);
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    throw new HttpError(502, `Loading options failed: ${(err as Error).message}`, { field: 'method' });
  }
}
