// Errors that cross module boundaries. Each names what is at fault so the API can say it plainly.
import type { SerializedError } from './execution.ts';

/** Bad input from a user or client: the API answers it with a 4xx. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  readonly status: number;
  readonly node?: string;
  readonly field?: string;
  constructor(message: string, opts: { status?: number; node?: string; field?: string } = {}) {
    super(message);
    this.status = opts.status ?? 400;
    this.node = opts.node;
    this.field = opts.field;
  }
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
  readonly status = 404;
}

/** A node failed while running; carries the node name like n8n's NodeOperationError. */
export class NodeOperationError extends Error {
  override name = 'NodeOperationError';
  node?: string;
  description?: string;
  parameter?: string;
  itemIndex?: number;
  constructor(node: string | { name: string } | undefined, message: string, opts: { description?: string; parameter?: string; itemIndex?: number } = {}) {
    super(message);
    this.node = typeof node === 'string' ? node : node?.name;
    this.description = opts.description;
    this.parameter = opts.parameter;
    this.itemIndex = opts.itemIndex;
  }
}

/** An outside API answered with an error; httpCode holds its status, like n8n's NodeApiError. */
export class NodeApiError extends NodeOperationError {
  override name = 'NodeApiError';
  httpCode?: string;
  responseBody?: unknown;
  constructor(node: string | { name: string } | undefined, message: string, opts: { httpCode?: number | string; description?: string; responseBody?: unknown } = {}) {
    super(node, message, { description: opts.description });
    this.httpCode = opts.httpCode === undefined ? undefined : String(opts.httpCode);
    this.responseBody = opts.responseBody;
  }
}

/** An expression failed to parse or evaluate. `parameter` names the node parameter it came from. */
export class ExpressionError extends Error {
  override name = 'ExpressionError';
  parameter?: string;
  description?: string;
  constructor(message: string, opts: { parameter?: string; description?: string } = {}) {
    super(message);
    this.parameter = opts.parameter;
    this.description = opts.description;
  }
}

export function serializeError(err: unknown, node?: string): SerializedError {
  const e = err instanceof Error ? err : new Error(String(err));
  const anyErr = e as Error & { node?: string; description?: string; parameter?: string; field?: string; httpCode?: string };
  const out: SerializedError = { name: e.name || 'Error', message: e.message, timestamp: Date.now() };
  const nodeName = anyErr.node ?? node;
  if (nodeName) out.node = nodeName;
  if (anyErr.description) out.description = anyErr.description;
  if (anyErr.parameter ?? anyErr.field) out.parameter = anyErr.parameter ?? anyErr.field;
  if (anyErr.httpCode) out.httpCode = anyErr.httpCode;
  return out;
}
