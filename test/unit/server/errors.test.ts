// The error handler on a bare Express app: only Express and our error classes, no services.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../../host/model/index.ts';
import { apiBody } from '../../../host/server/middleware/body.ts';
import { HttpError, errorHandler, notFound } from '../../../host/server/middleware/errors.ts';

let server: Server;
let base: string;
const logged: unknown[] = [];

beforeAll(async () => {
  const app = express();
  app.use(apiBody({ limitBytes: 100 }));
  app.get('/validation', () => {
    throw new ValidationError('Node "Set" has unknown type "x.y"', { node: 'Set', field: 'type' });
  });
  app.get('/conflict', () => {
    throw new ValidationError('path taken', { status: 409 });
  });
  app.get('/missing', async () => {
    throw new NotFoundError('Workflow w1 not found');
  });
  app.get('/http', () => {
    throw new HttpError(409, 'not running');
  });
  app.get('/boom', async () => {
    throw new Error('secret internals at /srv/db');
  });
  app.post('/echo', (req, res) => {
    res.json(req.body);
  });
  app.use(notFound());
  app.use(errorHandler({ logError: (_m, err) => logged.push(err) }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function get(path: string, init?: RequestInit) {
  const res = await fetch(base + path, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('errorHandler', () => {
  it('maps ValidationError with node and field', async () => {
    expect(await get('/validation')).toEqual({
      status: 400,
      body: { error: 'validation_error', message: 'Node "Set" has unknown type "x.y"', node: 'Set', field: 'type' },
    });
    expect(await get('/conflict')).toEqual({ status: 409, body: { error: 'conflict', message: 'path taken' } });
  });

  it('maps NotFoundError, HttpError and unknown routes', async () => {
    expect(await get('/missing')).toEqual({ status: 404, body: { error: 'not_found', message: 'Workflow w1 not found' } });
    expect(await get('/http')).toEqual({ status: 409, body: { error: 'conflict', message: 'not running' } });
    expect((await get('/nowhere')).body.error).toBe('not_found');
  });

  it('hides unexpected errors behind a generic 500 and logs them', async () => {
    const { status, body } = await get('/boom');
    expect(status).toBe(500);
    expect(body).toEqual({ error: 'internal_error', message: 'Internal server error' });
    expect(JSON.stringify(body)).not.toContain('secret');
    expect(logged).toHaveLength(1);
  });

  it('answers malformed JSON with 400 and the parser message, oversized with 413', async () => {
    const bad = await get('/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid_body');
    expect(bad.body.message).toMatch(/JSON/);
    const big = await get('/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 'x'.repeat(200) }) });
    expect(big.status).toBe(413);
    expect(big.body.error).toBe('payload_too_large');
  });
});
