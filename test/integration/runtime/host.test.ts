import { afterEach, describe, expect, it } from 'vitest';
import type { INodeParameters, WorkflowInput } from '../../../host/model/index.ts';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';

let t: TestHost | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const echoVar: WorkflowInput = {
  name: 'vars',
  settings: { executionOrder: 'v1' },
  nodes: [
    { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { path: 'vars', responseMode: 'lastNode' } },
    {
      id: 's',
      name: 'Set',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [200, 0],
      parameters: { assignments: { assignments: [{ id: '1', name: 'region', value: '={{ $vars.REGION }}', type: 'string' }] } },
    },
  ],
  connections: { Webhook: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
};

describe('host', () => {
  it('exposes GIGAFLOW_VAR_* as $vars and counts executions in /metrics', async () => {
    t = await startTestHost({ GIGAFLOW_VAR_REGION: 'laurentides' });
    await t.deploy(echoVar);
    expect(await (await fetch(`${t.url}/webhook/vars`)).json()).toEqual({ region: 'laurentides' });
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/gigaflow_executions_total\{mode="webhook",status="success"\} 1/);
    expect(metrics).toMatch(/gigaflow_execution_duration_seconds_count\{mode="webhook",status="success"\} 1/);
  });

  it('prunes executions on its own while it runs', async () => {
    t = await startTestHost({ GIGAFLOW_EXECUTIONS_MAX_COUNT: '1', GIGAFLOW_PRUNE_INTERVAL_MINUTES: '0.001' });
    const id = await t.deploy(echoVar);
    for (let i = 0; i < 3; i++) expect((await fetch(`${t.url}/webhook/vars`)).status).toBe(200);
    await expect.poll(async () => (await t!.host.storage.executions.list({ workflowId: id })).data.length).toBe(1);
  });
});

describe('schedules in the running host', () => {
  const scheduled = (interval: INodeParameters): WorkflowInput => ({
    name: 'tick',
    settings: { executionOrder: 'v1' },
    nodes: [
      { id: 's', name: 'Every second', type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1.2, position: [0, 0], parameters: { rule: { interval: [interval] } } },
      { id: 'n', name: 'Noop', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [200, 0], parameters: {} },
    ],
    connections: { 'Every second': { main: [[{ node: 'Noop', type: 'main', index: 0 }]] } },
  });

  it('fires an active schedule and stops when deactivated', async () => {
    t = await startTestHost();
    const id = await t.deploy(scheduled({ field: 'seconds', secondsInterval: 1 }));
    await expect.poll(async () => (await t!.host.storage.executions.list({ workflowId: id, mode: 'trigger' })).data.length, { timeout: 4000 }).toBeGreaterThan(0);
    await t.host.activation.deactivate(id);
    const count = (await t.host.storage.executions.list({ workflowId: id })).data.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect((await t.host.storage.executions.list({ workflowId: id })).data.length).toBe(count);
  });

  it('refuses an invalid cron expression on save, naming the node', async () => {
    t = await startTestHost();
    const res = await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify(scheduled({ field: 'cronExpression', expression: '61 * * * *' })) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ node: 'Every second', message: expect.stringContaining('Every second') });
    expect((await t.host.storage.workflows.list()).data).toHaveLength(0);
  });
});

describe('settings.triggerCondition', () => {
  const guarded = (rule: unknown): WorkflowInput => ({
    ...echoVar,
    name: 'only high priority',
    nodes: echoVar.nodes.map((n) => (n.name === 'Webhook' ? { ...n, parameters: { httpMethod: 'POST', path: 'issues', responseMode: 'lastNode' } } : n)),
    settings: { executionOrder: 'v1', triggerCondition: rule },
  });

  it('skips and counts a run whose trigger output does not match, and runs one that does', async () => {
    t = await startTestHost();
    const id = await t.deploy(guarded({ '==': [{ var: 'body.priority' }, 'High'] }));
    const post = (priority: string) => fetch(`${t!.url}/webhook/issues`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ priority }) });
    expect((await post('Low')).status).toBe(200);
    expect((await t.host.storage.executions.list({ workflowId: id })).data).toHaveLength(0);
    expect((await post('High')).status).toBe(200);
    expect((await t.host.storage.executions.list({ workflowId: id })).data).toHaveLength(1);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/gigaflow_executions_skipped_total\{mode="webhook"\} 1/);
  });

  it('refuses a rule with an unknown operator on save, naming the setting', async () => {
    t = await startTestHost();
    const res = await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify(guarded({ teleport: [1] })) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field: 'settings.triggerCondition' });
  });
});
