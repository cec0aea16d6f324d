import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INode, INodeParameters, WorkflowInput } from '../../../host/model/index.ts';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';

let t: TestHost;
beforeAll(async () => {
  t = await startTestHost();
});
afterAll(() => t?.close());

const node = (name: string, type: string, typeVersion: number, parameters: INodeParameters, x = 0): INode => ({ id: name, name, type: `n8n-nodes-base.${type}`, typeVersion, position: [x, 0], parameters });
const chain = (name: string, nodes: INode[], settings: WorkflowInput['settings'] = {}): WorkflowInput => ({
  name,
  nodes,
  settings: { executionOrder: 'v1', ...settings },
  connections: Object.fromEntries(nodes.slice(0, -1).map((n, i) => [n.name, { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] }])),
});
const setField = (name: string, field: string, value: string, type = 'number') =>
  node(name, 'set', 3.4, { includeOtherFields: true, assignments: { assignments: [{ id: '1', name: field, value, type }] } }, 200);

describe('Execute Workflow', () => {
  it('runs a sub-workflow with the items and returns its last node output', async () => {
    const sub = await t.host.storage.workflows.create(chain('double', [node('Start', 'executeWorkflowTrigger', 1.1, {}), setField('Double', 'doubled', '={{ $json.n * 2 }}')]));
    await t.deploy(
      chain('caller', [
        node('Webhook', 'webhook', 2, { httpMethod: 'POST', path: 'calc', responseMode: 'lastNode', responseData: 'allEntries' }),
        node('Split', 'set', 3.4, { mode: 'raw', jsonOutput: '={{ JSON.stringify({ n: $json.body.n }) }}' }, 100),
        node('Call', 'executeWorkflow', 1.2, { source: 'database', workflowId: { __rl: true, value: sub.id, mode: 'id' }, mode: 'once' }, 300),
      ]),
    );
    const res = await fetch(`${t.url}/webhook/calc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n": 21}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([{ n: 21, doubled: 42 }]);
    const subRuns = await t.host.storage.executions.list({ workflowId: sub.id });
    expect(subRuns.data[0]).toMatchObject({ mode: 'integrated', status: 'success' });
  });

  it('refuses a caller the sub-workflow policy does not allow, naming the node', async () => {
    const sub = await t.host.storage.workflows.create(chain('private', [node('Start', 'executeWorkflowTrigger', 1.1, {}), setField('X', 'x', '1')], { callerPolicy: 'none' }));
    await t.deploy(
      chain('intruder', [
        node('Webhook', 'webhook', 2, { path: 'intrude', responseMode: 'lastNode' }),
        node('Call', 'executeWorkflow', 1.2, { workflowId: sub.id }, 200),
      ]),
    );
    const res = await fetch(`${t.url}/webhook/intrude`);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ node: 'Call', detail: expect.stringContaining('does not allow other workflows to call it') });
  });
});

describe('error workflows', () => {
  it('runs the error workflow with the failed execution, error and last node', async () => {
    const errorFlow = await t.host.storage.workflows.create(
      chain('on error', [node('Error Trigger', 'errorTrigger', 1, {}), setField('Note', 'noted', 'yes', 'string')]),
    );
    await t.deploy(
      chain('fragile', [node('Webhook', 'webhook', 2, { path: 'fragile', responseMode: 'lastNode' }), setField('Broken', 'n', 'not a number')], {
        errorWorkflow: errorFlow.id,
      }),
    );
    const res = await fetch(`${t.url}/webhook/fragile`);
    expect(res.status).toBe(500);
    const { executionId } = (await res.json()) as { executionId: string };
    await expect.poll(async () => (await t.host.storage.executions.list({ workflowId: errorFlow.id })).data.length).toBe(1);
    const [summary] = (await t.host.storage.executions.list({ workflowId: errorFlow.id })).data;
    const run = await t.host.storage.executions.get(summary.id);
    expect(run).toMatchObject({ mode: 'error', status: 'success' });
    expect(run!.runData.Note[0].data!.main[0]![0].json).toMatchObject({
      noted: 'yes',
      execution: { id: executionId, mode: 'webhook', lastNodeExecuted: 'Broken', error: { node: 'Broken', message: expect.stringContaining("'n' expects a number") } },
      workflow: { name: 'fragile' },
    });
  });

  it('does not run the error workflow for a failed manual run', async () => {
    const errorFlow = await t.host.storage.workflows.create(chain('quiet', [node('Error Trigger', 'errorTrigger', 1, {}), setField('Note', 'noted', 'yes', 'string')]));
    const wf = await t.host.storage.workflows.create(chain('manual fail', [node('Start', 'manualTrigger', 1, {}), setField('Broken', 'n', 'nope')], { errorWorkflow: errorFlow.id }));
    const record = await t.host.executions.run({ workflow: wf, mode: 'manual' });
    expect(record.status).toBe('error');
    await new Promise((r) => setTimeout(r, 100));
    expect((await t.host.storage.executions.list({ workflowId: errorFlow.id })).data).toHaveLength(0);
  });
});
