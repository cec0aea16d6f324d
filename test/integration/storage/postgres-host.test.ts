// The real host on PostgreSQL (GIGAFLOW_DATABASE_URL): a workflow created and activated through
// the API runs from its webhook, its executions are listed, and a host restarted on the same
// database finds everything again and keeps serving the webhook.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INode } from 'n8n-workflow';
import { type TestHost, startTestHost } from '../../helpers/host.ts';
import { type TestDatabase, createTestDatabase } from '../../helpers/postgres.ts';

let db: TestDatabase;
const hosts: TestHost[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const h of hosts) await h.close().catch(() => undefined);
  await db.drop();
});

// Processes sharing a database share the key; the data folder is new for each host.
const env = { GIGAFLOW_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
const start = async (): Promise<TestHost> => {
  const h = await startTestHost(env, {}, { postgresUrl: db.url });
  hosts.push(h);
  return h;
};

const node = (name: string, type: string, typeVersion: number, parameters: INode['parameters'], x = 0): INode => ({
  id: name,
  name,
  type: `n8n-nodes-base.${type}`,
  typeVersion,
  position: [x, 0],
  parameters,
});

const workflow = {
  name: 'PG intake',
  nodes: [
    node('Webhook', 'webhook', 2, { httpMethod: 'GET', path: 'pg-intake', responseMode: 'lastNode' }),
    node('Reply', 'set', 3.4, { assignments: { assignments: [{ id: '1', name: 'hello', value: '={{ $json.query.who }}', type: 'string' }] } }, 200),
  ],
  connections: { Webhook: { main: [[{ node: 'Reply', type: 'main', index: 0 }]] } },
  settings: { executionOrder: 'v1' },
};

describe('host on PostgreSQL', () => {
  it('creates, runs by webhook, lists executions, and finds everything again after a restart', async () => {
    const first = await start();
    expect(first.host.config.databaseUrl).toBe(db.url);
    const created = await first.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify(workflow) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await first.api(`/api/v1/workflows/${id}/activate`, { method: 'POST' })).status).toBe(200);
    const run = await fetch(`${first.url}/webhook/pg-intake?who=ada`);
    expect(run.status).toBe(200);
    expect(await run.json()).toMatchObject({ hello: 'ada' });
    const listed = (await (await first.api(`/api/v1/executions?workflowId=${id}`)).json()) as { data: { id: string; status: string; mode: string }[] };
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({ status: 'success', mode: 'webhook' });
    await first.close();

    const second = await start();
    const wf = (await (await second.api(`/api/v1/workflows/${id}`)).json()) as { name: string; active: boolean };
    expect(wf).toMatchObject({ name: 'PG intake', active: true });
    const again = (await (await second.api(`/api/v1/executions?workflowId=${id}`)).json()) as { data: { id: string }[] };
    expect(again.data.map((e) => e.id)).toEqual(listed.data.map((e) => e.id));
    const detail = (await (await second.api(`/api/v1/executions/${listed.data[0].id}`)).json()) as { runData?: Record<string, unknown>; data?: unknown };
    expect(JSON.stringify(detail)).toContain('ada');
    // The restored activation serves the webhook on the new host.
    const rerun = await fetch(`${second.url}/webhook/pg-intake?who=bob`);
    expect(await rerun.json()).toMatchObject({ hello: 'bob' });
    expect(((await (await second.api(`/api/v1/executions?workflowId=${id}`)).json()) as { data: unknown[] }).data).toHaveLength(2);
  });
});
