// Fuzz: webhook intake. Random content types, bodies and header values sent to live webhooks on a
// real host: the answer is 2xx or 4xx (413 past the body limit), never 5xx, the host keeps answering,
// and no request body pollutes the host's Object.prototype.
import fc from 'fast-check';
import './helpers/seed.ts';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowInput } from '../../host/model/index.ts';
import { startTestHost } from '../helpers/host.ts';
import type { TestHost } from '../helpers/host.ts';
import { body, contentType, headers } from './helpers/webhook-inputs.ts';

const LIMIT = 256 * 1024;

function hookWorkflow(path: string, responseMode: 'lastNode' | 'onReceived', options: Record<string, boolean | string>): WorkflowInput {
  const assignment = (name: string, value: string) => ({ id: `${path}-${name}`, name, value, type: 'string' });
  return {
    name: `fuzz ${path}`,
    nodes: [
      { id: `${path}-hook`, name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path, responseMode, options }, webhookId: `fuzz-${path}` },
      {
        id: `${path}-set`,
        name: 'Set',
        type: 'n8n-nodes-base.set',
        typeVersion: 3.4,
        position: [200, 0],
        parameters: {
          assignments: {
            assignments: [
              assignment('technician', '={{ $json.body.technician }}'),
              assignment('keys', '={{ Object.keys($json.body ?? {}).length }}'),
              assignment('type', "={{ $json.headers['content-type'] }}"),
            ],
          },
          options: {},
        },
      },
    ],
    connections: { Webhook: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
    settings: {},
  };
}

let t: TestHost;
beforeAll(async () => {
  t = await startTestHost({ GIGAFLOW_BODY_LIMIT: String(LIMIT) });
  await t.deploy(hookWorkflow('fuzz-last', 'lastNode', {}));
  await t.deploy(hookWorkflow('fuzz-raw', 'onReceived', { rawBody: true, allowedOrigins: '*' }));
});
afterAll(() => t?.close());

const target = fc.constantFrom('/webhook/fuzz-last', '/webhook/fuzz-raw', '/webhook-test/fuzz-last', '/webhook/no-such-hook');

async function send(path: string, type: string | null, bytes: Uint8Array, extra: Record<string, string>): Promise<{ status: number; text: string }> {
  const h: Record<string, string> = { ...extra };
  if (type !== null) h['content-type'] = type;
  const res = await fetch(`${t.url}${path}`, { method: 'POST', headers: h, body: new Uint8Array(bytes) });
  return { status: res.status, text: await res.text() };
}

async function alive(): Promise<void> {
  expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
}

describe('webhook intake fuzz', () => {
  it('random content types, bodies and headers: 2xx or 4xx, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(target, fc.option(contentType), body, headers, async (path, type, bytes, extra) => {
        const res = await send(path, type, bytes, extra);
        expect(res.status, res.text.slice(0, 300)).toBeGreaterThanOrEqual(200);
        expect(res.status, res.text.slice(0, 300)).toBeLessThan(500);
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      { numRuns: 400 },
    );
    await alive();
  });

  it('bodies past the limit get 413 whatever their content type', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/webhook/fuzz-last', '/webhook/fuzz-raw'), contentType, fc.integer({ min: LIMIT + 1, max: LIMIT * 3 }), async (path, type, size) => {
        const filler = type.includes('json') ? `"${'x'.repeat(size)}"` : 'x'.repeat(size);
        const res = await send(path, type, new TextEncoder().encode(filler), {});
        // An unsupported charset is refused (415) before the body is read; anything else is 413.
        if (res.status === 415) expect(res.text).toContain('charset');
        else expect(res.status, res.text.slice(0, 300)).toBe(413);
      }),
      { numRuns: 25 },
    );
    await alive();
  });

  it('regression: deeply nested JSON is a 400 naming the limit (was a 500: JSON.stringify overflowed storing the run)', async () => {
    for (const [open, close] of [['[', ']'], ['{"a":', '}']]) {
      const deep = await send('/webhook/fuzz-last', 'application/json', new TextEncoder().encode(open.repeat(20_000) + '1' + close.repeat(20_000)), {});
      expect(deep.status, deep.text).toBe(400);
      expect(deep.text).toContain('nests deeper than 1000 levels');
      // Just under the limit still runs the workflow.
      const ok = await send('/webhook/fuzz-last', 'application/json', new TextEncoder().encode(`{"technician":"Ana","d":${open.repeat(990)}1${close.repeat(990)}}`), {});
      expect(ok.status, ok.text).toBe(200);
      expect(JSON.parse(ok.text)).toMatchObject({ technician: 'Ana' });
    }
  });

  it('raw header bytes (what fetch refuses to send): the parser answers 4xx or the hook 2xx, never 5xx', async () => {
    const headerValue = fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('X-Fuzz', 'Content-Type', 'Origin', 'Transfer-Encoding', 'Content-Length', 'Host'), headerValue, async (name, value) => {
        const status = await rawRequest(`POST /webhook/fuzz-raw HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${name}: ${value}\r\nContent-Length: 2\r\n\r\n{}`);
        // null: the server closed the connection without an answer (a parser refusal).
        if (status !== null) expect(status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
    await alive();
  });
});

/** Sends raw bytes; resolves with the status code of the answer, or null if none came. */
function rawRequest(text: string): Promise<number | null> {
  const port = Number(new URL(t.url).port);
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    socket.setTimeout(5000, () => {
      socket.destroy();
      reject(new Error('no answer within 5 s'));
    });
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('error', () => resolve(null));
    socket.on('close', () => {
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(got);
      resolve(m ? Number(m[1]) : null);
    });
    socket.end(Buffer.from(text, 'latin1'));
  });
}
