// The `this` a node's webhook() sees: the subset of n8n's IWebhookFunctions listed in docs/node-api.md.
import type { Request, Response } from 'express';
import type { IHttpRequestOptions, INodeType, IWebhookFunctions } from 'n8n-workflow';
import { createHttpRequestWithAuthentication } from '../engine/credential-auth.ts';
import type { CredentialAuthDeps } from '../engine/credential-auth.ts';
import { httpRequest } from '../engine/http-request.ts';
import { rawParameter } from '../engine/parameters.ts';
import type { CredentialsProvider } from '../engine/types.ts';
import type { INode, Workflow } from '../model/index.ts';
import { NodeOperationError } from '../model/index.ts';

export interface WebhookCall {
  workflow: Workflow;
  node: INode;
  type: INodeType;
  req: Request;
  res: Response;
  params: Record<string, string>;
  mode: 'webhook' | 'manual';
  webhookUrl: string;
  credentials?: CredentialsProvider;
  /** Credential types and the sandbox for helpers.httpRequestWithAuthentication (the engine's deps fit). */
  auth?: CredentialAuthDeps;
}

const noCredentialTypes: CredentialAuthDeps = { registry: { credentialType: () => undefined } };

export function createWebhookContext(call: WebhookCall): IWebhookFunctions {
  const { node, type, req, res } = call;
  const getCredentials = async (credType: string) => {
    const ref = node.credentials?.[credType];
    if (!ref) throw new NodeOperationError(node.name, `Node "${node.name}" has no credential of type "${credType}" set`);
    if (!call.credentials) throw new NodeOperationError(node.name, 'No credential store is available');
    return call.credentials(credType, ref, node.name);
  };
  const send = (opts: IHttpRequestOptions) => httpRequest(node.name, opts);
  const ctx = {
    getRequestObject: () => req,
    getResponseObject: () => res,
    getHeaderData: () => req.headers,
    getQueryData: () => req.query ?? {},
    getBodyData: () => (req.body ?? {}) as object,
    getParamsData: () => call.params,
    getNode: () => node,
    getMode: () => call.mode,
    getWorkflow: () => ({ id: call.workflow.id, name: call.workflow.name, active: call.workflow.active }),
    getNodeWebhookUrl: () => call.webhookUrl,
    getWebhookName: () => 'default',
    getNodeParameter: (name: string, fallback?: unknown) => {
      const value = rawParameter(type.description, node.parameters ?? {}, name, node.typeVersion);
      return value === undefined ? fallback : value;
    },
    getCredentials,
    helpers: {
      httpRequest: send,
      httpRequestWithAuthentication: createHttpRequestWithAuthentication({ ...(call.auth ?? noCredentialTypes), nodeName: node.name, getCredentials, send }),
    },
  };
  return ctx as unknown as IWebhookFunctions;
}
