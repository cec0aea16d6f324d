// Webhook intake: production calls for active workflows and one-shot test calls for a listening
// manual run. A webhook node turns the request into items; the execution service runs the flow;
// the node's responseMode decides when and what we answer.
import type { Request, Response } from 'express';
import type { INodeType } from 'n8n-workflow';
import { rawParameter } from '../engine/parameters.ts';
import type { EngineDeps, Logger, WebhookResponse } from '../engine/types.ts';
import type { ExecutionRecord, INode, INodeExecutionData, Workflow } from '../model/index.ts';
import { ValidationError } from '../model/index.ts';
import type { ExecutionService, WebhookService } from './types.ts';
import { createWebhookContext } from './webhook-context.ts';
import { compileRoute, matchRoute, normalizePath, routesOnPath } from './webhook-paths.ts';
import type { Route } from './webhook-paths.ts';

interface Hook {
  workflow: Workflow;
  node: INode;
  type: INodeType;
}

interface TestListener extends Hook {
  done: (record: ExecutionRecord) => void;
  fail: (err: Error) => void;
}

/** A responseNode webhook whose run ended without a Respond to Webhook node answers 200 with this message. */
export const NO_RESPOND_NODE = 'Workflow finished without running a Respond to Webhook node';

export interface WebhookDefinition {
  node: string;
  method: string;
  path: string;
}

/** The webhooks a workflow declares: enabled nodes whose type has a webhook() method. */
export function webhooksOf(workflow: Workflow, engine: Pick<EngineDeps, 'registry'>): (WebhookDefinition & { hookNode: INode; type: INodeType })[] {
  const out: (WebhookDefinition & { hookNode: INode; type: INodeType })[] = [];
  for (const node of workflow.nodes) {
    const type = engine.registry.get(node.type, node.typeVersion);
    if (node.disabled || !type?.webhook) continue;
    const method = String(rawParameter(type.description, node.parameters ?? {}, 'httpMethod', node.typeVersion) ?? 'GET').toUpperCase();
    const rawPath = String(rawParameter(type.description, node.parameters ?? {}, 'path', node.typeVersion) ?? '');
    const path = normalizePath(rawPath || node.webhookId || '');
    if (!path) throw new ValidationError(`Webhook node "${node.name}" has no path`, { node: node.name, field: 'path' });
    out.push({ node: node.name, method, path, hookNode: node, type });
  }
  return out;
}

/** What a webhook answers once its run ended (responseMode `lastNode`, or a failed run): pure, so test runs share it. */
export function lastNodeAnswer(
  hook: { node: INode; type: INodeType },
  record: Pick<ExecutionRecord, 'status' | 'runData' | 'lastNodeExecuted' | 'error'> & { id?: string },
): { status: number; body?: unknown; contentType?: string; empty?: boolean } {
  const { node, type } = hook;
  const param = (name: string, fallback: unknown) => rawParameter(type.description, node.parameters ?? {}, name, node.typeVersion) ?? fallback;
  if (record.status !== 'success')
    return { status: 500, body: { error: 'execution_failed', message: 'Error in workflow', executionId: record.id, node: record.error?.node, detail: record.error?.message } };
  const code = responseCode(hook);
  const last = record.lastNodeExecuted ? record.runData[record.lastNodeExecuted]?.at(-1) : undefined;
  const items: INodeExecutionData[] = last?.data?.main[0] ?? [];
  const responseData = String(param('responseData', 'firstEntryJson'));
  const options = (node.parameters?.options ?? {}) as { responseContentType?: string; responsePropertyName?: string };
  if (responseData === 'noData') return { status: code, empty: true };
  let body: unknown = responseData === 'allEntries' ? items.map((i) => i.json) : (items[0]?.json ?? {});
  if (responseData !== 'allEntries' && options.responsePropertyName) body = (body as Record<string, unknown>)[options.responsePropertyName];
  return { status: code, body, ...(options.responseContentType ? { contentType: options.responseContentType } : {}) };
}

/** What an `onReceived` webhook answers at once: the node's code, with its fixed text or n8n's message. */
export function onReceivedAnswer(hook: { node: INode; type: INodeType }): { status: number; body?: unknown; empty?: boolean } {
  const options = (hook.node.parameters?.options ?? {}) as { responseData?: string; noResponseBody?: boolean };
  const status = responseCode(hook);
  if (options.noResponseBody) return { status, empty: true };
  return { status, body: options.responseData ? options.responseData : { message: 'Workflow was started' } };
}

/** The webhook path of a request (Express 5's `*path` gives the segments), normalised. */
function pathSegments(req: Request): string[] {
  return normalizePath(([] as string[]).concat((req.params as { path?: string | string[] }).path ?? []).join('/')).split('/');
}

/** n8n v1 keeps the code at `responseCode`; v2 in `options.responseCode.values` ({ responseCode, customCode }). */
function responseCode(hook: { node: INode; type: INodeType }): number {
  const v2 = (hook.node.parameters?.options as { responseCode?: { values?: { responseCode?: number; customCode?: number } } } | undefined)?.responseCode?.values;
  const code = v2 ? (v2.customCode ?? v2.responseCode) : rawParameter(hook.type.description, hook.node.parameters ?? {}, 'responseCode', hook.node.typeVersion);
  const n = Number(code ?? 200);
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : 200;
}

/**
 * CORS preflight for a webhook path: answered here, nothing runs. The node's `options.allowedOrigins`
 * ('*' by default: echo the caller's Origin; else a comma list) decides the allowed origin.
 */
function preflight(req: Request, res: Response, routes: { method: string; target: { node: INode } }[]): boolean {
  if (!routes.length) return false;
  const wanted = String(req.headers['access-control-request-method'] ?? '').toUpperCase();
  const route = routes.find((r) => r.method === wanted) ?? routes[0];
  const allowed = String((route.target.node.parameters?.options as { allowedOrigins?: string } | undefined)?.allowedOrigins ?? '*').trim() || '*';
  const origin = req.headers.origin;
  const strip = (o: string) => o.trim().replace(/\/$/, '');
  if (origin && (allowed === '*' || allowed.split(',').map(strip).includes(strip(origin)))) res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Methods', ['OPTIONS', ...new Set(routes.map((r) => r.method))].join(', '));
  const requested = req.headers['access-control-request-headers'];
  if (requested) res.setHeader('Access-Control-Allow-Headers', String(requested));
  res.setHeader('Access-Control-Max-Age', '300');
  res.status(204).end();
  return true;
}

/** Writes a Respond to Webhook answer: Buffers as binary, strings as text, anything else as JSON. */
export function sendResponse(res: Response, response: WebhookResponse): void {
  res.status(response.statusCode);
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  const { body } = response;
  if (body === undefined || body === null) res.end();
  else if (Buffer.isBuffer(body)) {
    if (!res.hasHeader('content-type')) res.type('application/octet-stream');
    res.end(body);
  } else if (typeof body === 'string') {
    if (!res.hasHeader('content-type')) res.type('text/plain');
    res.send(body);
  } else res.json(body);
}

export interface WebhookServiceImpl extends WebhookService {
  register(workflow: Workflow): void;
  unregister(workflowId: string): void;
}

export function createWebhookService(deps: {
  engine: EngineDeps;
  executions: ExecutionService;
  publicUrl: string;
  logger?: Logger;
  /** Queue mode: an onReceived webhook answers once its run is stored and queued, not before. */
  answerOnceQueued?: boolean;
}): WebhookServiceImpl {
  let production: Route<Hook>[] = [];
  const tests = new Map<string, Route<TestListener>[]>();

  function notFound(res: Response, method: string, path: string, test: boolean) {
    res.status(404).json({
      error: 'not_found',
      message: `The requested webhook "${method} ${path}" is not registered.`,
      hint: test ? 'Click "Listen for test event" (or POST /api/v1/workflows/:id/listen) before calling the test URL.' : 'Activate the workflow to use its production URL.',
    });
  }

  async function respond(res: Response, hook: Hook, record: ExecutionRecord): Promise<void> {
    const answer = lastNodeAnswer(hook, record);
    if (answer.empty) return void res.status(answer.status).end();
    // With a custom content type n8n sends strings and bytes as they are and anything else as JSON text.
    if (answer.contentType) {
      res.status(answer.status).type(answer.contentType);
      return void res.send(typeof answer.body === 'string' || Buffer.isBuffer(answer.body) ? answer.body : JSON.stringify(answer.body));
    }
    res.status(answer.status).json(answer.body ?? null);
  }

  /** Answers one call; resolves with the execution it started, if any. */
  async function handle(req: Request, res: Response, routes: Route<Hook>[], mode: 'webhook' | 'manual', base: string): Promise<Promise<ExecutionRecord> | undefined> {
    const segments = pathSegments(req);
    const method = req.method.toUpperCase();
    const match = matchRoute(routes, method === 'HEAD' ? 'GET' : method, segments);
    if (!match) {
      if (method === 'OPTIONS' && preflight(req, res, routesOnPath(routes, segments))) return undefined;
      notFound(res, method, segments.join('/'), mode === 'manual');
      return undefined;
    }
    const hook = match.route.target;
    res.locals.workflowId = hook.workflow.id; // gigaflow_webhook_duration_seconds's workflow_id
    const ctx = createWebhookContext({
      ...hook,
      req,
      res,
      params: match.params,
      mode,
      webhookUrl: `${deps.publicUrl}/${base}/${match.route.path}`,
      credentials: deps.engine.credentials,
      auth: deps.engine,
    });
    const result = await hook.type.webhook!.call(ctx);
    if (result.noWebhookResponse || !result.workflowData) return undefined;
    const triggerItems = result.workflowData[0] ?? [];
    const responseMode = String(rawParameter(hook.type.description, hook.node.parameters ?? {}, 'responseMode', hook.node.typeVersion) ?? 'onReceived');
    if (responseMode === 'responseNode') {
      let answered = false;
      const respondOnce = (response: WebhookResponse) => {
        if (answered || res.headersSent) return;
        answered = true;
        sendResponse(res, response);
      };
      const execution = deps.executions.run({ workflow: hook.workflow, mode, startNode: hook.node.name, triggerItems, respond: respondOnce });
      const record = await execution;
      if (!answered && !res.headersSent) {
        if (record.status !== 'success') await respond(res, hook, record);
        else res.status(200).json({ message: NO_RESPOND_NODE, executionId: record.id });
      }
      return execution;
    }
    const execution = deps.executions.run({ workflow: hook.workflow, mode, startNode: hook.node.name, triggerItems, detached: responseMode !== 'lastNode' });
    if (responseMode === 'lastNode') {
      await respond(res, hook, await execution);
      return execution;
    }
    // Queue mode: a production run() resolves once the run is stored and queued, so waiting for it
    // gives the 200 only for an execution that will run; a database outage answers 503 instead.
    if (deps.answerOnceQueued && mode === 'webhook') await execution;
    // res.headersSent: the trigger answered the call itself and still started a run (Twilio's TwiML reply).
    if (!res.headersSent) {
      const answer = onReceivedAnswer(hook);
      if (answer.empty) res.status(answer.status).end();
      else if (typeof answer.body === 'string') res.status(answer.status).send(answer.body);
      else res.status(answer.status).json(answer.body);
    }
    execution.catch((err: Error) => deps.logger?.error('webhook execution failed', { workflowId: hook.workflow.id, error: err.message }));
    return execution;
  }

  return {
    register(workflow) {
      this.unregister(workflow.id);
      for (const def of webhooksOf(workflow, deps.engine)) production.push(compileRoute(def.method, def.path, { workflow, node: def.hookNode, type: def.type }));
    },
    unregister(workflowId) {
      production = production.filter((r) => r.target.workflow.id !== workflowId);
    },
    async handleProduction(req, res) {
      await handle(req, res, production, 'webhook', 'webhook');
    },
    async handleTest(req, res) {
      const all = [...tests.values()].flat();
      const segments = pathSegments(req);
      const match = matchRoute(all, req.method.toUpperCase(), segments);
      if (!match) return notFound(res, req.method, segments.join('/'), true);
      const listener = match.route.target;
      tests.delete(listener.workflow.id); // a test URL answers one call, like n8n's
      const routes = [compileRoute(match.route.method, match.route.path, listener as Hook)];
      try {
        const execution = await handle(req, res, routes, 'manual', 'webhook-test');
        if (execution) listener.done(await execution);
        else listener.fail(new ValidationError('The test call was rejected by the webhook node (authentication?)'));
      } catch (err) {
        listener.fail(err as Error);
        if (!res.headersSent) res.status(500).json({ error: 'webhook_failed', message: (err as Error).message });
      }
    },
    listenForTest(workflow, timeoutMs = 120_000) {
      return new Promise<ExecutionRecord>((resolve, reject) => {
        const defs = webhooksOf(workflow, deps.engine);
        if (!defs.length) return reject(new ValidationError('The workflow has no webhook node to listen on'));
        const timer = setTimeout(() => {
          tests.delete(workflow.id);
          reject(new ValidationError(`No test webhook call arrived within ${timeoutMs} ms`, { status: 408 }));
        }, timeoutMs);
        const settle = { done: (r: ExecutionRecord) => (clearTimeout(timer), resolve(r)), fail: (e: Error) => (clearTimeout(timer), reject(e)) };
        tests.set(
          workflow.id,
          defs.map((d) => compileRoute(d.method, d.path, { workflow, node: d.hookNode, type: d.type, ...settle })),
        );
      });
    },
  };
}
