// One error shape for every JSON error the host sends: { error: code, message, node?, field? }.
// Maps our model errors, body-parser errors and HttpError; anything else is a logged 500
// whose details (stack, internals) never reach the client.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { NotFoundError, ValidationError } from '../../model/index.ts';

export interface ErrorBody {
  /** Machine-readable code, e.g. `validation_error`, `not_found`. */
  error: string;
  message: string;
  node?: string;
  field?: string;
}

/** An error a route raises on purpose, with its status and code. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  constructor(status: number, message: string, opts: { code?: string; field?: string } = {}) {
    super(message);
    this.status = status;
    this.code = opts.code ?? codeForStatus(status);
    this.field = opts.field;
  }
}

export function codeForStatus(status: number): string {
  switch (status) {
    case 400: return 'bad_request';
    case 401: return 'unauthorized';
    case 403: return 'forbidden';
    case 404: return 'not_found';
    case 405: return 'method_not_allowed';
    case 409: return 'conflict';
    case 413: return 'payload_too_large';
    case 415: return 'unsupported_media_type';
    case 422: return 'unprocessable_entity';
    case 503: return 'unavailable';
    default: return status >= 500 ? 'internal_error' : 'bad_request';
  }
}

export function sendError(res: Response, status: number, body: ErrorBody): void {
  res.status(status).json(body);
}

/** Errors thrown by body-parser (http-errors with `type`, `status`, `expose`). */
interface ParserError extends Error {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

function bodyParserError(err: ParserError): { status: number; body: ErrorBody } | undefined {
  if (typeof err.type !== 'string') return undefined;
  const status = err.status ?? err.statusCode ?? 400;
  switch (err.type) {
    case 'entity.parse.failed':
      return { status: 400, body: { error: 'invalid_body', message: err.message } };
    case 'entity.too.large': {
      // Name the limit so the sender knows what to cut (or what to raise on the host).
      const limit = (err as ParserError & { limit?: number }).limit;
      const message = typeof limit === 'number' ? `Request body is larger than the limit of ${limit} bytes (GIGAFLOW_BODY_LIMIT)` : err.message;
      return { status: 413, body: { error: 'payload_too_large', message } };
    }
    default:
      if (status >= 400 && status < 500) return { status, body: { error: codeForStatus(status), message: err.message } };
      return undefined;
  }
}

export interface ErrorHandlerOptions {
  /** Called for unexpected (500) errors only. */
  logError?: (message: string, err: unknown) => void;
}

export function errorHandler(opts: ErrorHandlerOptions = {}): ErrorRequestHandler {
  const logError = opts.logError ?? ((message: string, err: unknown) => console.error(message, err));
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      // Too late for a JSON answer: let Express close the connection.
      next(err);
      return;
    }
    if (err instanceof ValidationError || (err instanceof Error && err.name === 'ValidationError' && 'status' in err)) {
      const v = err as ValidationError;
      const status = v.status ?? 400;
      const body: ErrorBody = { error: status === 409 ? 'conflict' : status === 404 ? 'not_found' : 'validation_error', message: v.message };
      if (v.node) body.node = v.node;
      if (v.field) body.field = v.field;
      sendError(res, status, body);
      return;
    }
    if (err instanceof NotFoundError || (err instanceof Error && err.name === 'NotFoundError')) {
      sendError(res, 404, { error: 'not_found', message: err.message });
      return;
    }
    if (err instanceof HttpError) {
      const body: ErrorBody = { error: err.code, message: err.message };
      if (err.field) body.field = err.field;
      sendError(res, err.status, body);
      return;
    }
    if (err instanceof Error) {
      const parsed = bodyParserError(err as ParserError);
      if (parsed) {
        sendError(res, parsed.status, parsed.body);
        return;
      }
    }
    logError(`Unhandled error on ${req.method} ${req.originalUrl}`, err);
    sendError(res, 500, { error: 'internal_error', message: 'Internal server error' });
  };
}

/** JSON 404 for anything no route answered. */
export function notFound(): RequestHandler {
  return (req, res) => {
    sendError(res, 404, { error: 'not_found', message: `No route for ${req.method} ${req.path}` });
  };
}
