import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualSetWorkflow, startHost } from './helpers.ts';
import type { TestHost } from './helpers.ts';

let t: TestHost;
let wfA: string;
let wfB: string;
const runsA: string[] = [];

beforeAll(async () => {
  t = await startHost();
  wfA = (await t.api('/workflows', { method: 'POST', body: manualSetWorkflow('Exec A') })).body.id;
  wfB = (await t.api('/workflows', { method: 'POST', body: manualSetWorkflow('Exec B') })).body.id;
  for (let i = 0; i < 3; i++) runsA.push((await t.api(`/workflows/${wfA}/run`, { method: 'POST', body: { input: [{ i }] } })).body.id);
  await t.api(`/workflows/${wfB}/run`, { method: 'POST' });
});
afterAll(() => t?.close());

describe('executions', () => {
  it('lists with filters and cursor pagination', async () => {
    const all = await t.api('/executions');
    expect(all.status).toBe(200);
    expect(all.body.data).toHaveLength(4);
    expect(all.body.data[0]).not.toHaveProperty('runData');

    const a = await t.api(`/executions?workflowId=${wfA}`);
    expect(a.body.data.map((e: { id: string }) => e.id).sort()).toEqual([...runsA].sort());

    expect((await t.api('/executions?status=success&mode=manual')).body.data).toHaveLength(4);
    expect((await t.api('/executions?status=error')).body.data).toHaveLength(0);
    expect((await t.api('/executions?startedAfter=2999-01-01T00:00:00Z')).body.data).toHaveLength(0);
    expect((await t.api('/executions?startedBefore=2999-01-01T00:00:00Z')).body.data).toHaveLength(4);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.api(`/executions?workflowId=${wfA}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...res.body.data.map((e: { id: string }) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...runsA].sort());
  });

  it('rejects bad filters naming the field', async () => {
    expect((await t.api('/executions?status=done')).body).toMatchObject({ error: 'bad_request', field: 'status' });
    expect((await t.api('/executions?mode=x')).body).toMatchObject({ field: 'mode' });
    expect((await t.api('/executions?startedAfter=yesterday')).body).toMatchObject({ field: 'startedAfter' });
  });

  it('reads one with per-node run data', async () => {
    const res = await t.api(`/executions/${runsA[0]}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: runsA[0], workflowId: wfA, status: 'success' });
    expect(res.body.runData.Start[0].executionStatus).toBe('success');
    expect(res.body.runData.Set[0].data.main[0][0].json).toMatchObject({ greeting: 'hello' });
    expect((await t.api('/executions/nope')).status).toBe(404);
  });

  it('retries a finished execution', async () => {
    const res = await t.api(`/executions/${runsA[1]}/retry`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ retryOf: runsA[1], mode: 'retry', status: 'success', workflowId: wfA });
    expect(res.body.id).not.toBe(runsA[1]);
    expect(res.body.runData.Set[0].data.main[0][0].json).toMatchObject({ i: 1, greeting: 'hello' });
    expect((await t.api('/executions/nope/retry', { method: 'POST' })).status).toBe(404);
  });

  it('cancel of a finished execution is a 409', async () => {
    const res = await t.api(`/executions/${runsA[2]}/cancel`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('conflict');
    expect((await t.api('/executions/nope/cancel', { method: 'POST' })).status).toBe(404);
  });

  it('deletes', async () => {
    expect((await t.api(`/executions/${runsA[2]}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.api(`/executions/${runsA[2]}`)).status).toBe(404);
    expect((await t.api(`/executions/${runsA[2]}`, { method: 'DELETE' })).status).toBe(404);
  });
});
