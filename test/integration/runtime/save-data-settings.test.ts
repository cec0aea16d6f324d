// settings.saveDataSuccessExecution / saveDataErrorExecution / saveManualExecutions against a real
// host over HTTP, with n8n's semantics: a run that is not kept still answers its caller, fires its
// live events and starts the error workflow; a waiting run is always kept.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { INode, INodeParameters, WorkflowInput } from '../../../host/model/index.ts';
import type { HostEvent } from '../../../host/runtime/types.ts';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';

let t: TestHost;
let peer: Server;
let peerUrl = '';
beforeAll(async () => {
  t = await startTestHost();
  // Answers /slow after 400 ms (longer than the 200 ms after which a running row is written).
  peer = createServer((req, res) => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"slow":true}'), req.url === '/slow' ? 400 : 0));
  await new Promise<void>((r) => peer.listen(0, '127.0.0.1', r));
  peerUrl = `http://127.0.0.1:${(peer.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => (peer.closeAllConnections(), peer.close(() => r())));
  await t?.close();
});
const hostsToClose: TestHost[] = [];
afterEach(async () => {
  for (const h of hostsToClose.splice(0)) await h.close();
});

const node = (name: string, type: string, typeVersion: number, parameters: INodeParameters, x = 0): INode => ({ id: name, name, type: `n8n-nodes-base.${type}`, typeVersion, position: [x, 0], parameters });

/** Webhook → (middle node) → Set; `path` is the webhook path. */
function flow(path: string, settings: Record<string, unknown>, middle?: INode): WorkflowInput {
  const nodes = [
    node('Webhook', 'webhook', 2, { httpMethod: 'GET', path, responseMode: 'lastNode' }),
    ...(middle ? [middle] : []),
    node('Done', 'set', 3.4, { assignments: { assignments: [{ id: '1', name: 'done', value: '={{ $json.query?.who ?? "x" }}', type: 'string' }] } }, 400),
  ];
  const connections: WorkflowInput['connections'] = {};
  nodes.slice(0, -1).forEach((n, i) => (connections[n.name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] }));
  return { name: path, nodes, connections, settings: { executionOrder: 'v1', ...settings } };
}

const stored = async (h: TestHost, workflowId: string) => (await h.host.storage.executions.list({ workflowId })).data;

function collectEvents(h: TestHost): { events: HostEvent[]; stop: () => void } {
  const events: HostEvent[] = [];
  return { events, stop: h.host.events.subscribe((e) => events.push(e)) };
}

describe('save-data settings', () => {
  it('saveDataSuccessExecution none: a successful production run answers its caller and fires its events, but is not kept', async () => {
    const id = await t.deploy(flow('no-success', { saveDataSuccessExecution: 'none' }));
    const { events, stop } = collectEvents(t);
    const res = await fetch(`${t.url}/webhook/no-success?who=ada`);
    stop();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: 'ada' });
    const finished = events.find((e) => e.type === 'execution.finished' && e.workflowId === id);
    expect(finished).toMatchObject({ status: 'success' });
    expect(await stored(t, id)).toEqual([]);
    expect((await t.api(`/api/v1/executions?workflowId=${id}`).then((r) => r.json())).data).toEqual([]);
    expect((await t.api(`/api/v1/executions/${(finished as { executionId: string }).executionId}`)).status).toBe(404);
  });

  it('saveDataSuccessExecution none keeps the failed runs; saveDataErrorExecution none drops them but the error workflow still runs', async () => {
    const catcher = await t.host.storage.workflows.create({
      name: 'catcher',
      nodes: [node('Error Trigger', 'errorTrigger', 1, {}), node('Note', 'noOp', 1, {}, 200)],
      connections: { 'Error Trigger': { main: [[{ node: 'Note', type: 'main', index: 0 }]] } },
      settings: { executionOrder: 'v1' },
    });
    const stopper = node('Stop', 'stopAndError', 1, { errorMessage: 'asked to fail' }, 200);
    // Success not kept, errors kept.
    const keepErrors = await t.deploy(flow('keep-errors', { saveDataSuccessExecution: 'none', errorWorkflow: catcher.id }, stopper));
    const failed = await fetch(`${t.url}/webhook/keep-errors?fail=1`);
    expect(failed.status).toBe(500);
    const kept = await stored(t, keepErrors);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ status: 'error', mode: 'webhook' });
    await expect.poll(async () => (await stored(t, catcher.id)).length).toBe(1);

    // Errors not kept: nothing stored for the flow, and the error workflow still ran (a second time).
    const dropErrors = await t.deploy(flow('drop-errors', { saveDataErrorExecution: 'none', errorWorkflow: catcher.id }, { ...stopper, id: 'stop2' }));
    expect((await fetch(`${t.url}/webhook/drop-errors?fail=1`)).status).toBe(500);
    await expect.poll(async () => (await stored(t, catcher.id)).length).toBe(2);
    expect(await stored(t, dropErrors)).toEqual([]);
    const errorRun = await t.host.storage.executions.get((await stored(t, catcher.id))[0].id);
    expect(errorRun?.runData['Error Trigger'][0].data?.main[0]?.[0].json).toMatchObject({ workflow: { id: dropErrors }, execution: { mode: 'webhook' } });
  });

  it('removes the running row of a long run that is not to be kept', async () => {
    const slow = node('Slow', 'httpRequest', 4.2, { url: `${peerUrl}/slow` }, 200);
    const id = await t.deploy(flow('slow-drop', { saveDataSuccessExecution: 'none' }, slow));
    const call = fetch(`${t.url}/webhook/slow-drop`);
    // The row shows while the run is going (written after 200 ms) ...
    await expect.poll(async () => (await stored(t, id))[0]?.status, { timeout: 2000, interval: 20 }).toBe('running');
    expect((await call).status).toBe(200);
    // ... and is gone once it finished.
    expect(await stored(t, id)).toEqual([]);
  });

  it('saveManualExecutions false: a manual run returns its data but is not kept; true keeps it even when production successes are dropped', async () => {
    const wf = await t.host.storage.workflows.create(flow('manual-drop', { saveManualExecutions: false }));
    const res = await t.api(`/api/v1/workflows/${wf.id}/run`, { method: 'POST', body: JSON.stringify({ input: [{ query: { who: 'grace' } }] }) });
    expect(res.status).toBe(200);
    const run = await res.json();
    expect(run.status).toBe('success');
    expect(run.runData.Done[0].data.main[0][0].json).toEqual({ done: 'grace' });
    expect(await stored(t, wf.id)).toEqual([]);
    expect((await t.api(`/api/v1/executions/${run.id}`)).status).toBe(404);

    const kept = await t.host.storage.workflows.create(flow('manual-keep', { saveManualExecutions: true, saveDataSuccessExecution: 'none' }));
    const keptRun = await (await t.api(`/api/v1/workflows/${kept.id}/run`, { method: 'POST', body: '{}' })).json();
    expect((await t.api(`/api/v1/executions/${keptRun.id}`)).status).toBe(200);
  });

  it('always keeps a waiting execution, then applies the policy when it finishes', async () => {
    const wait = node('Wait', 'wait', 1.1, { resume: 'webhook', httpMethod: 'POST' }, 200);
    const wf = flow('wait-drop', { saveDataSuccessExecution: 'none' }, wait);
    wf.nodes[0].parameters = { httpMethod: 'GET', path: 'wait-drop' };
    const id = await t.deploy(wf);
    expect((await fetch(`${t.url}/webhook/wait-drop`)).status).toBe(200);
    await expect.poll(async () => (await stored(t, id))[0]?.status).toBe('waiting');
    const parked = (await stored(t, id))[0];
    expect((await fetch(`${t.url}/webhook-waiting/${parked.id}`, { method: 'POST' })).status).toBe(200);
    await expect.poll(async () => (await stored(t, id)).length).toBe(0);
  });

  it('uses the host defaults (GIGAFLOW_EXECUTIONS_DATA_SAVE_*) when a workflow does not say or says DEFAULT', async () => {
    const h = await startTestHost({ GIGAFLOW_EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none', GIGAFLOW_EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'false' });
    hostsToClose.push(h);
    const byDefault = await h.deploy(flow('by-default', {}));
    const saysDefault = await h.deploy(flow('says-default', { saveDataSuccessExecution: 'DEFAULT' }));
    const overrides = await h.deploy(flow('overrides', { saveDataSuccessExecution: 'all' }));
    for (const path of ['by-default', 'says-default', 'overrides']) expect((await fetch(`${h.url}/webhook/${path}`)).status).toBe(200);
    expect(await stored(h, byDefault)).toEqual([]);
    expect(await stored(h, saysDefault)).toEqual([]);
    expect(await stored(h, overrides)).toHaveLength(1);
    await (await h.api(`/api/v1/workflows/${overrides}/run`, { method: 'POST', body: '{}' })).json();
    expect(await stored(h, overrides)).toHaveLength(1); // the manual run was not kept
    await expect(startTestHost({ GIGAFLOW_EXECUTIONS_DATA_SAVE_ON_ERROR: 'some' })).rejects.toThrow(/GIGAFLOW_EXECUTIONS_DATA_SAVE_ON_ERROR must be one of all, none/);
  });
});
