// settings.maxConcurrency across queue workers (real processes, PostgreSQL, Redis): a fake HTTP
// peer counts the calls the workflow makes at once. Limit 2, two workers with concurrency 4 each,
// 10 webhook calls: never more than 2 at once; a limited backlog does not hold up another
// workflow's runs; and the slot of a worker killed while holding it frees once its lease runs out.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowInput } from '../../../host/model/index.ts';
import { startCoordinationCluster, waitFor } from './coordination-cluster.ts';
import type { CoordinationCluster, Proc } from './coordination-cluster.ts';

const SLOT_LEASE_MS = 1500;
let cluster: CoordinationCluster;
let main: Proc;
let peer: Server;
let peerUrl: string;
/** Calls in progress per workflow tag, the highest seen, and when each call arrived. */
const running = new Map<string, number>();
const peak = new Map<string, number>();
const arrivals: { tag: string; at: number }[] = [];

beforeAll(async () => {
  peer = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const tag = url.searchParams.get('tag') ?? '?';
    const ms = Number(url.searchParams.get('ms') ?? 500);
    arrivals.push({ tag, at: Date.now() });
    running.set(tag, (running.get(tag) ?? 0) + 1);
    peak.set(tag, Math.max(peak.get(tag) ?? 0, running.get(tag)!));
    let open = true;
    const done = () => {
      if (!open) return;
      open = false;
      running.set(tag, running.get(tag)! - 1);
    };
    // A killed worker's call ends when its socket closes.
    res.on('close', done);
    setTimeout(() => (res.headersSent || res.destroyed ? undefined : res.end(JSON.stringify({ ok: true }))), ms);
  });
  await new Promise<void>((r) => peer.listen(0, '127.0.0.1', r));
  peerUrl = `http://127.0.0.1:${(peer.address() as { port: number }).port}`;
  cluster = await startCoordinationCluster({
    env: { GIGAFLOW_QUEUE_SLOT_LEASE_MS: String(SLOT_LEASE_MS), GIGAFLOW_QUEUE_LOCK_DURATION_MS: '2000', GIGAFLOW_QUEUE_STALLED_INTERVAL_MS: '1000' },
  });
  main = await cluster.startMain();
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
  await new Promise((r) => peer?.close(r));
});

/** Webhook (answers at once) → HTTP Request to the peer, tagged; `ms` from the call's body. */
const callsPeer = (path: string, tag: string, maxConcurrency?: number): WorkflowInput => ({
  name: `calls the peer (${tag})`,
  settings: { executionOrder: 'v1', ...(maxConcurrency ? { maxConcurrency } : {}) },
  nodes: [
    { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path, responseMode: 'onReceived' } },
    { id: 'h', name: 'Peer', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [200, 0], parameters: { url: `=${peerUrl}/call?tag=${tag}&ms={{ $json.body.ms }}`, options: {} } },
  ],
  connections: { Webhook: { main: [[{ node: 'Peer', type: 'main', index: 0 }]] } },
});

async function deploy(wf: WorkflowInput): Promise<string> {
  const created = await cluster.api(main, '/api/v1/workflows', { method: 'POST', body: JSON.stringify(wf) });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await cluster.api(main, `/api/v1/workflows/${id}/activate`, { method: 'POST' })).status).toBe(200);
  return id;
}

const call = (path: string, ms: number) => fetch(`${main.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms }) });
const succeeded = async (workflowId: string) => (await cluster.storage.executions.list({ workflowId, status: 'success', limit: 100 })).data.length;

describe('per-workflow concurrency in queue mode', () => {
  it('never runs more than 2 at once over two workers, and does not hold up other workflows', { timeout: 60_000 }, async () => {
    const limited = await deploy(callsPeer('limited', 'limited', 2));
    const free = await deploy(callsPeer('free', 'free'));
    await cluster.startWorker(4);
    await cluster.startWorker(4);
    const answers = await Promise.all(Array.from({ length: 10 }, () => call('limited', 800)));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    await waitFor('the first limited calls', () => (running.get('limited') ?? 0) === 2, 10_000);
    // While 8 limited runs wait for a slot, another workflow's run goes straight through.
    const freeAsked = Date.now();
    expect((await call('free', 10)).status).toBe(200);
    await waitFor('the free run', async () => (await succeeded(free)) === 1, 10_000);
    expect(arrivals.find((a) => a.tag === 'free')!.at - freeAsked).toBeLessThan(1000);
    expect(await succeeded(limited)).toBeLessThan(6);
    await waitFor('all limited runs', async () => (await succeeded(limited)) === 10, 30_000);
    expect(peak.get('limited')).toBe(2);
    expect(arrivals.filter((a) => a.tag === 'limited')).toHaveLength(10);
  });

  it("frees a killed worker's slots once their lease runs out", { timeout: 60_000 }, async () => {
    for (const w of cluster.workers.splice(0)) {
      w.child.kill('SIGTERM');
      await w.exited;
    }
    const held = await deploy(callsPeer('held', 'held', 2));
    const doomed = await cluster.startWorker(4);
    for (let i = 0; i < 2; i++) expect((await call('held', 60_000)).status).toBe(200);
    await waitFor('both slots held by the doomed worker', () => (running.get('held') ?? 0) === 2, 10_000);
    const survivor = await cluster.startWorker(4);
    expect((await call('held', 10)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(arrivals.filter((a) => a.tag === 'held')).toHaveLength(2); // the third waits for a slot
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const killedAt = Date.now();
    // The third run starts once the dead worker's leases expire (not before: they were renewed
    // until the kill), and not much later.
    await waitFor('the third run reaches the peer', () => arrivals.filter((a) => a.tag === 'held').length >= 3, SLOT_LEASE_MS + 5000, survivor);
    const third = arrivals.filter((a) => a.tag === 'held')[2].at - killedAt;
    expect(third).toBeGreaterThan(SLOT_LEASE_MS / 3);
    // Generous under a loaded CI machine; a slot that never freed would wait for the test timeout.
    expect(third).toBeLessThan(SLOT_LEASE_MS + 4000);
    expect(peak.get('held')).toBeLessThanOrEqual(2);
    await waitFor('the third run', async () => (await succeeded(held)) >= 1, 10_000);
  });
});
