// Body parsers. The API takes JSON only; webhooks take anything and keep the exact bytes in
// `req.rawBody` so nodes can check signatures. Both use the host's body limit (413 past it).
import express from 'express';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { checkBodyDepth } from './body-depth.ts';

declare global {
  namespace Express {
    interface Request {
      /** The request body exactly as received (after content decoding); webhooks only. */
      rawBody?: Buffer;
    }
  }
}

export interface BodyOptions {
  limitBytes: number;
}

/** JSON bodies for the REST API. Malformed JSON → 400 with the parser's message. */
export function apiBody(opts: BodyOptions): RequestHandler {
  const json = express.json({ limit: opts.limitBytes, type: ['application/json', 'application/*+json'] });
  return (req, res, next) => json(req, res, (err?: unknown) => (err ? next(err) : depthChecked(req.body, next)));
}

function depthChecked(body: unknown, next: (err?: unknown) => void): void {
  try {
    checkBodyDepth(body);
  } catch (err) {
    next(err);
    return;
  }
  next();
}

function keepRaw(req: IncomingMessage, _res: unknown, buf: Buffer): void {
  (req as express.Request).rawBody = buf;
}

/**
 * Webhook bodies: JSON (any JSON value), urlencoded (nested keys), text/* as a string and
 * everything else as a Buffer. Always sets `req.rawBody` (empty Buffer when there was no body)
 * and `req.body` (`{}` when there was no body).
 */
export function webhookBody(opts: BodyOptions): RequestHandler[] {
  const limit = opts.limitBytes;
  return [
    express.json({ limit, strict: false, type: ['application/json', 'application/*+json'], verify: keepRaw }),
    express.urlencoded({ limit, extended: true, verify: keepRaw }),
    express.text({ limit, type: 'text/*', verify: keepRaw }),
    // Only reached when no parser above read the body.
    express.raw({ limit, type: () => true, verify: keepRaw }),
    (req, _res, next) => {
      req.rawBody ??= Buffer.alloc(0);
      if (req.body === undefined) req.body = {};
      depthChecked(req.body, next);
    },
  ];
}
