// settings.maxConcurrency against a real host over HTTP: a fake HTTP peer that each run calls
// counts how many runs are inside it at once and in which order they arrive.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { INode, INodeParameters, WorkflowInput } from '../../../host/model/index.ts';
import { QUEUE_LOST_MESSAGE } from '../../../host/runtime/queue-recovery.ts';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';

/** A peer that holds each request `holdMs` and remembers the most requests it held at once. */
interface Peer {
  url: string;
  order: string[];
  inside: number;
  maxInside: number;
  /** Requests answered so far. */
  answered: number;
  holdMs: number;
  reset(): void;
  close(): Promise<void>;
}

async function startPeer(): Promise<Peer> {
  const peer: Peer = {
    url: '',
    order: [],
    inside: 0,
    maxInside: 0,
    answered: 0,
    holdMs: 250,
    reset() {
      this.order = [];
      this.maxInside = 0;
    },
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    peer.inside++;
    peer.maxInside = Math.max(peer.maxInside, peer.inside);
    peer.order.push(new URL(req.url!, 'http://x').searchParams.get('n') ?? '?');
    setTimeout(() => {
      peer.inside--;
      peer.answered++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    }, peer.holdMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  peer.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  peer.close = () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())));
  return peer;
}

let t: TestHost;
let peer: Peer;
beforeAll(async () => {
  [t, peer] = await Promise.all([startTestHost(), startPeer()]);
});
afterAll(async () => {
  await peer?.close();
  await t?.close();
});
afterEach(() => peer.reset());

const node = (name: string, type: string, typeVersion: number, parameters: INodeParameters, x = 0): INode => ({ id: name, name, type: `n8n-nodes-base.${type}`, typeVersion, position: [x, 0], parameters });

/** Webhook (GET /webhook/<path>?n=…) → HTTP Request to the peer with the same n. */
function flow(path: string, settings: Record<string, unknown>, responseMode = 'lastNode'): WorkflowInput {
  return {
    name: path,
    nodes: [
      node('Webhook', 'webhook', 2, { httpMethod: 'GET', path, responseMode }),
      node('Call peer', 'httpRequest', 4.2, { url: `={{ "${peer.url}/hold?n=" + $json.query.n }}` }, 200),
    ],
    connections: { Webhook: { main: [[{ node: 'Call peer', type: 'main', index: 0 }]] } },
    settings: { executionOrder: 'v1', ...settings },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const list = async (workflowId: string, status?: 'new') => (await t.host.storage.executions.list({ workflowId, status, limit: 100 })).data;

describe('per-workflow concurrency limit (settings.maxConcurrency)', () => {
  it('runs at most 2 webhook runs at once, queues the rest as `new` and starts them first come, first served', async () => {
    const id = await t.deploy(flow('limited', { maxConcurrency: 2 }));
    const seen: string[] = [];
    const unsubscribe = t.host.events.subscribe((e) => void (e.type.startsWith('execution.') && 'executionId' in e && seen.push(`${e.type}:${e.executionId}`)));
    const calls: Promise<Response>[] = [];
    for (let n = 0; n < 10; n++) {
      calls.push(fetch(`${t.url}/webhook/limited?n=${n}`));
      await sleep(25); // a known arrival order
    }
    // The runs waiting for a slot are visible in the executions list.
    await expect.poll(async () => (await list(id, 'new')).length, { interval: 20 }).toBeGreaterThanOrEqual(3);
    const answers = await Promise.all(calls);
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(peer.maxInside).toBe(2);
    expect(peer.order).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const done = await list(id);
    expect(done).toHaveLength(10);
    expect(done.every((e) => e.status === 'success')).toBe(true);
    // Live listeners (the executions view) learn of a queued run before it starts.
    unsubscribe();
    const queued = seen.filter((s) => s.startsWith('execution.queued:'));
    expect(queued.length).toBeGreaterThanOrEqual(3);
    for (const q of queued) {
      const executionId = q.split(':')[1];
      expect(seen.indexOf(q)).toBeLessThan(seen.indexOf(`execution.started:${executionId}`));
    }
  });

  it('does not limit manual runs, and a webhook with onReceived answers at once while its run waits in line', async () => {
    const id = await t.deploy(flow('one-at-a-time', { maxConcurrency: 1 }, 'onReceived'));
    peer.holdMs = 600;
    try {
      const answeredBefore = peer.answered;
      // One after the other (a known order); every call is answered before the first run is done.
      for (const n of [0, 1, 2]) expect((await fetch(`${t.url}/webhook/one-at-a-time?n=${n}`)).status).toBe(200);
      expect(peer.answered).toBe(answeredBefore);
      await expect.poll(async () => (await list(id, 'new')).length).toBe(2);
      // A manual run goes past the line: the peer sees it next to the webhook run.
      const manual = await t.api(`/api/v1/workflows/${id}/run`, { method: 'POST', body: JSON.stringify({ input: [{ query: { n: 'manual' } }] }) });
      expect((await manual.json()).status).toBe('success');
      expect(peer.maxInside).toBe(2);
      await expect.poll(async () => (await list(id)).filter((e) => e.status === 'success').length, { timeout: 5000 }).toBe(4);
      expect(peer.order.filter((n) => n !== 'manual')).toEqual(['0', '1', '2']);
    } finally {
      peer.holdMs = 250;
    }
  });

  it('cancels a queued run: it never starts and ends as canceled', async () => {
    const id = await t.deploy(flow('cancel-queued', { maxConcurrency: 1 }, 'onReceived'));
    await fetch(`${t.url}/webhook/cancel-queued?n=first`);
    await fetch(`${t.url}/webhook/cancel-queued?n=second`);
    const [queued] = await list(id, 'new');
    expect(queued).toBeDefined();
    const res = await t.api(`/api/v1/executions/${queued.id}/cancel`, { method: 'POST' });
    expect(res.status).toBe(200);
    await expect.poll(async () => (await t.host.storage.executions.get(queued.id))?.status).toBe('canceled');
    await expect.poll(async () => (await list(id)).filter((e) => e.status === 'success').length).toBe(1);
    await sleep(300);
    expect(peer.order).toEqual(['first']);
  });

  it('ends executions a stopped host left queued as errors saying why, at the next start', async () => {
    const first = await startTestHost();
    const wf = await first.host.storage.workflows.create(flow('left-behind', { maxConcurrency: 1 }));
    // What a host stopped mid-queue leaves behind: a row still `new`.
    const leftId = await first.host.storage.executions.create({ workflowId: wf.id, mode: 'webhook', status: 'new', startedAt: new Date().toISOString(), runData: {} });
    await first.close({ keepData: true });
    const second = await startTestHost({}, {}, { dataDir: first.dataDir });
    try {
      const row = await (await second.api(`/api/v1/executions/${leftId}`)).json();
      expect(row).toMatchObject({ status: 'error', error: { message: QUEUE_LOST_MESSAGE } });
      expect(row.stoppedAt).toEqual(expect.any(String));
      expect((await second.host.storage.executions.list({ status: 'new' })).data).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
