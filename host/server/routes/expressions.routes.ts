// POST /api/v1/expressions/preview: the editor's live preview of one expression parameter,
// evaluated in the host's sandbox (the same isolate and limits as workflow runs), never in the
// browser. The editor sends the data it shows (input items, upstream outputs) and gets back the
// value, or the expression's error as a 200: a wrong expression is the user's to fix, not a bad request.
import { Router } from 'express';
import type { ExpressionData, ExpressionEvaluator } from '../../expressions/evaluate.ts';
import { splitTemplate } from '../../expressions/template.ts';
import type { IDataObject, INodeExecutionData } from '../../model/index.ts';
import { ValidationError } from '../../model/index.ts';
import { isTimeZone } from '../../workflows/settings.ts';
import { HttpError } from '../middleware/errors.ts';
import { bodyObject } from '../params.ts';

export interface ExpressionRouteDeps {
  /** The host's evaluator (shared isolate, timeouts and memory limit). Without it the route answers 503. */
  expressions?: ExpressionEvaluator;
  /** `$vars` (GIGAFLOW_VAR_*). */
  vars?: Record<string, string>;
  /** Largest accepted context (JSON characters); default 2 MB. A preview needs samples, not whole runs. */
  maxContextChars?: number;
}

export interface PreviewRequest {
  expression: string;
  itemIndex: number;
  input: IDataObject[];
  nodes: Record<string, IDataObject[]>;
  workflowNodes: string[];
  node: { name: string; type: string; typeVersion: number };
  workflow: { id: string; name: string; active: boolean; timezone?: string };
  prevNode?: string;
}

export type PreviewAnswer =
  | { value: unknown; type: string }
  | { error: { message: string; description?: string; segment?: number } };

const DEFAULT_MAX_CONTEXT_CHARS = 2 * 1024 * 1024;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(field: string, message: string): never {
  throw new ValidationError(message, { field });
}

function itemList(v: unknown, field: string): IDataObject[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) bad(field, `"${field}" must be an array of item JSON objects`);
  v.forEach((item, i) => {
    if (!isObject(item)) bad(`${field}[${i}]`, `"${field}[${i}]" must be an item's JSON object`);
  });
  return v as IDataObject[];
}

function optionalString(v: unknown, field: string, fallback: string): string {
  if (v === undefined) return fallback;
  if (typeof v !== 'string') bad(field, `"${field}" must be a string`);
  return v;
}

/** Reads and checks the body; every problem is a 400 naming the field. */
export function readPreviewRequest(body: Record<string, unknown>): PreviewRequest {
  const { expression } = body;
  if (typeof expression !== 'string') bad('expression', '"expression" must be the parameter value as a string starting with "="');
  if (!expression.startsWith('=')) bad('expression', '"expression" must start with "=" (n8n marks expressions with a leading "=")');
  const itemIndex = body.itemIndex ?? 0;
  if (typeof itemIndex !== 'number' || !Number.isInteger(itemIndex) || itemIndex < 0) bad('itemIndex', '"itemIndex" must be an integer ≥ 0');
  const input = itemList(body.input, 'input');
  const nodes: Record<string, IDataObject[]> = {};
  if (body.nodes !== undefined) {
    if (!isObject(body.nodes)) bad('nodes', '"nodes" must map node names to arrays of item JSON objects');
    for (const [name, items] of Object.entries(body.nodes)) nodes[name] = itemList(items, `nodes.${name}`);
  }
  let workflowNodes = Object.keys(nodes);
  if (body.workflowNodes !== undefined) {
    if (!Array.isArray(body.workflowNodes) || body.workflowNodes.some((n) => typeof n !== 'string')) bad('workflowNodes', '"workflowNodes" must be an array of node names');
    workflowNodes = [...new Set([...workflowNodes, ...(body.workflowNodes as string[])])];
  }
  const node = body.node ?? {};
  if (!isObject(node)) bad('node', '"node" must be an object { name, type, typeVersion }');
  const typeVersion = node.typeVersion ?? 1;
  if (typeof typeVersion !== 'number') bad('node.typeVersion', '"node.typeVersion" must be a number');
  const workflow = body.workflow ?? {};
  if (!isObject(workflow)) bad('workflow', '"workflow" must be an object { id, name, active }');
  if (workflow.active !== undefined && typeof workflow.active !== 'boolean') bad('workflow.active', '"workflow.active" must be true or false');
  const timezone = workflow.timezone === undefined ? undefined : optionalString(workflow.timezone, 'workflow.timezone', '');
  if (timezone && !isTimeZone(timezone)) bad('workflow.timezone', `"workflow.timezone" is not a known time zone: ${timezone}`);
  const prevNode = body.prevNode === undefined ? undefined : optionalString(body.prevNode, 'prevNode', '');
  return {
    expression,
    itemIndex,
    input,
    nodes,
    workflowNodes,
    node: { name: optionalString(node.name, 'node.name', ''), type: optionalString(node.type, 'node.type', ''), typeVersion },
    workflow: { id: optionalString(workflow.id, 'workflow.id', ''), name: optionalString(workflow.name, 'workflow.name', ''), active: workflow.active === true, timezone },
    prevNode: prevNode || undefined,
  };
}

const wrap = (items: IDataObject[]): INodeExecutionData[] => items.map((json, i) => ({ json, pairedItem: { item: i } }));

/** The sandbox's view of the editor's context: the same ExpressionData a workflow run builds. */
export function previewData(req: PreviewRequest, vars: Record<string, string>): ExpressionData {
  const outputs = new Map(Object.entries(req.nodes).map(([name, items]) => [name, wrap(items)]));
  const known = new Set([...req.workflowNodes, req.node.name].filter(Boolean));
  return {
    itemIndex: req.itemIndex,
    runIndex: 0,
    inputItems: wrap(req.input),
    nodeOutput: (name) => outputs.get(name),
    // The editor's samples carry no pairing: the same position, or the only item there is.
    pairedItem: (name, index) => {
      const items = outputs.get(name);
      if (!items?.length) return undefined;
      return items[index] ?? (items.length === 1 ? items[0] : undefined);
    },
    hasNode: (name) => known.has(name),
    nodeParameters: () => undefined,
    node: req.node,
    execution: { id: '', mode: 'manual', resumeUrl: '' },
    workflow: { id: req.workflow.id, name: req.workflow.name, active: req.workflow.active },
    vars,
    prevNode: req.prevNode ? { name: req.prevNode, outputIndex: 0, runIndex: 0 } : undefined,
    timezone: req.workflow.timezone || Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}

/** JSON has no undefined, NaN or functions: the type tells the editor what the value was. */
function describe(value: unknown): { value: unknown; type: string } {
  if (value === undefined) return { value: null, type: 'undefined' };
  if (value === null) return { value: null, type: 'null' };
  if (Array.isArray(value)) return { value, type: 'array' };
  if (typeof value === 'number' && !Number.isFinite(value)) return { value: String(value), type: 'number' };
  return { value, type: typeof value };
}

/** Which `{{ }}` (0-based, in order) fails on its own, so the editor can underline it. */
function failingSegment(evaluator: ExpressionEvaluator, body: string, data: ExpressionData, err: Error): number | undefined {
  const codes = splitTemplate(body).filter((p): p is { code: string } => typeof p !== 'string');
  if (codes.length <= 1) return codes.length ? 0 : undefined;
  // Finding it means running the segments again: not for a failure that already cost the time or memory limit.
  if (/timed out|memory limit/i.test(err.message)) return undefined;
  for (let i = 0; i < codes.length; i++) {
    try {
      evaluator.evaluate(codes[i]!.code, data);
    } catch {
      return i;
    }
  }
  return undefined;
}

export function evaluatePreview(evaluator: ExpressionEvaluator, req: PreviewRequest, vars: Record<string, string>): PreviewAnswer {
  const data = previewData(req, vars);
  try {
    return describe(evaluator.resolve(req.expression, data, 'expression'));
  } catch (err) {
    const e = err as Error & { description?: string };
    const segment = failingSegment(evaluator, req.expression.slice(1), data, e instanceof Error ? e : new Error(String(err)));
    return {
      error: {
        message: e?.message || String(err),
        ...(e?.description ? { description: e.description } : {}),
        ...(segment !== undefined ? { segment } : {}),
      },
    };
  }
}

export function expressionRoutes(deps: ExpressionRouteDeps): Router {
  const r = Router();
  const maxChars = deps.maxContextChars ?? DEFAULT_MAX_CONTEXT_CHARS;

  r.post('/expressions/preview', (req, res) => {
    const body = bodyObject(req);
    const size = Number(req.headers['content-length'] ?? JSON.stringify(body).length);
    if (size > maxChars) throw new HttpError(413, `The preview context is larger than ${maxChars} bytes: send fewer sample items`, { field: 'body' });
    const request = readPreviewRequest(body);
    if (!deps.expressions) throw new HttpError(503, 'This host has no expression sandbox');
    res.json(evaluatePreview(deps.expressions, request, deps.vars ?? {}));
  });

  return r;
}
