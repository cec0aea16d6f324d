// Queue mode with two mains (`gigaflow start` processes) on one PostgreSQL database and one worker:
// a schedule every second fires once per slot, only the elected main fires it, and when that main
// is killed (SIGKILL: no lock release) the other takes over within the leader TTL, again without
// firing any slot twice.
import { afterEach, expect, it } from 'vitest';
import type { ExecutionRecord, WorkflowInput } from '../../../host/model/index.ts';
import { startCoordinationCluster, waitFor } from './coordination-cluster.ts';
import type { CoordinationCluster, Proc } from './coordination-cluster.ts';

const LEADER_TTL_MS = 1500;
let cluster: CoordinationCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

const everySecond: WorkflowInput = {
  name: 'tick every second',
  settings: { executionOrder: 'v1' },
  nodes: [
    { id: 's', name: 'Tick', type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1.2, position: [0, 0], parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: 1 }] } } },
    { id: 'n', name: 'Noop', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [200, 0], parameters: {} },
  ],
  connections: { Tick: { main: [[{ node: 'Noop', type: 'main', index: 0 }]] } },
};

/** The slot (the trigger item's timestamp) of an execution, queued or finished. */
function slotOf(record: ExecutionRecord): string | undefined {
  const queued = record.queueInput?.triggerItems?.[0]?.json.timestamp;
  const ran = record.runData.Tick?.[0]?.data?.main[0]?.[0]?.json.timestamp;
  return (queued ?? ran) as string | undefined;
}

async function firedSlots(c: CoordinationCluster, workflowId: string): Promise<string[]> {
  const { data } = await c.storage.executions.list({ workflowId, limit: 500 });
  const out: string[] = [];
  for (const summary of data) {
    const record = await c.storage.executions.get(summary.id);
    const slot = record && slotOf(record);
    if (slot) out.push(slot);
  }
  return out.sort();
}

async function leaderOf(c: CoordinationCluster): Promise<Proc | undefined> {
  const owner = await c.redis.get(`${c.prefix}:leader`);
  return c.mains.find((m) => owner?.split(':')[1] === String(m.child.pid));
}

it('fires once per slot across two mains, also across a leader killed with SIGKILL', { timeout: 90_000 }, async () => {
  cluster = await startCoordinationCluster({ env: { GIGAFLOW_QUEUE_LEADER_TTL_MS: String(LEADER_TTL_MS) } });
  const c = cluster;
  const [first, second] = [await c.startMain(), await c.startMain()];
  await c.startWorker(4);
  await waitFor('a leader', async () => !!(await leaderOf(c)), 5000);
  const leader = (await leaderOf(c))!;
  const follower = leader === first ? second : first;

  // Created and activated through the follower: the change reaches the leader over Redis.
  const created = await c.api(follower, '/api/v1/workflows', { method: 'POST', body: JSON.stringify(everySecond) });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await c.api(follower, `/api/v1/workflows/${id}/activate`, { method: 'POST' })).status).toBe(200);

  await waitFor('3 slots before the kill', async () => (await firedSlots(c, id)).length >= 3, 8000);
  leader.child.kill('SIGKILL');
  await leader.exited;
  const killedAt = Date.now();
  const beforeKill = await firedSlots(c, id);

  await waitFor('the other main leads', async () => (await leaderOf(c)) === follower, LEADER_TTL_MS + 2000);
  expect(Date.now() - killedAt).toBeLessThan(LEADER_TTL_MS + 1500);
  await waitFor('3 slots after the takeover', async () => (await firedSlots(c, id)).filter((s) => !beforeKill.includes(s)).length >= 3, 8000);

  const slots = await firedSlots(c, id);
  expect(slots.filter((s, i) => slots.indexOf(s) !== i)).toEqual([]); // no slot fired twice
  expect(slots.length).toBeGreaterThanOrEqual(6);
  // Apart from the handover (the newest missed slot fires, older ones are skipped), one slot a second.
  const times = slots.map((s) => Date.parse(s));
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  expect(gaps.every((g) => g % 1000 === 0 && g >= 1000)).toBe(true);
  expect(Math.max(...gaps)).toBeLessThanOrEqual(LEADER_TTL_MS + 2000);
  // The worker ran them (queue mode), and they succeeded.
  await waitFor('runs finished', async () => (await c.storage.executions.list({ workflowId: id, status: 'success', limit: 500 })).data.length >= slots.length, 10_000);
});

it('only the leading main prunes executions; after it is killed the new leader does', { timeout: 90_000 }, async () => {
  cluster = await startCoordinationCluster({
    env: { GIGAFLOW_QUEUE_LEADER_TTL_MS: String(LEADER_TTL_MS), GIGAFLOW_PRUNE_INTERVAL_MINUTES: '0.005', GIGAFLOW_EXECUTIONS_MAX_COUNT: '2' },
  });
  const c = cluster;
  const wf = await c.storage.workflows.create({ ...everySecond, name: 'pruned runs' });
  const addFinished = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const at = new Date(Date.now() - (n - i) * 1000).toISOString();
      await c.storage.executions.create({ workflowId: wf.id, mode: 'webhook', status: 'success', startedAt: at, stoppedAt: at, runData: {} });
    }
  };
  const count = async () => (await c.storage.executions.list({ workflowId: wf.id, limit: 100 })).data.length;
  const pruned = (p: Proc) => p.output().includes('pruned executions');
  await c.startMain();
  await c.startMain();
  await waitFor('a leader', async () => !!(await leaderOf(c)), 5000);
  const leader = (await leaderOf(c))!;
  const follower = c.mains.find((m) => m !== leader)!;

  // Three rounds: were both mains pruning, the follower would win some of them.
  for (let round = 0; round < 3; round++) {
    await addFinished(5);
    await waitFor('pruned to 2', async () => (await count()) === 2, 10_000);
  }
  // The prune's log line reaches us through a pipe, a moment after the rows are gone.
  await waitFor('the leader logs its prunes', async () => pruned(leader), 5000);
  expect(pruned(follower)).toBe(false);

  leader.child.kill('SIGKILL');
  await leader.exited;
  await waitFor('the other main leads', async () => (await leaderOf(c)) === follower, LEADER_TTL_MS + 2000);
  await addFinished(4);
  await waitFor('pruned to 2 again', async () => (await count()) === 2, 10_000);
  await waitFor('the new leader logs its prune', async () => pruned(follower), 5000);
});
