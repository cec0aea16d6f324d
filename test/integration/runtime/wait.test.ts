import { afterEach, describe, expect, it } from 'vitest';
import type { INode, INodeParameters, WorkflowInput } from '../../../host/model/index.ts';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';

const hosts: TestHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});
async function host(opts: { dataDir?: string } = {}) {
  const h = await startTestHost({ GIGAFLOW_WAIT_IN_MEMORY_MAX_MS: '0' }, {}, opts);
  hosts.push(h);
  return h;
}

const node = (name: string, type: string, typeVersion: number, parameters: INodeParameters, x = 0): INode => ({ id: name, name, type: `n8n-nodes-base.${type}`, typeVersion, position: [x, 0], parameters });
const flow = (name: string, wait: INodeParameters): WorkflowInput => ({
  name,
  settings: { executionOrder: 'v1' },
  nodes: [
    node('Webhook', 'webhook', 2, { httpMethod: 'POST', path: name }),
    node('Wait', 'wait', 1.1, wait, 200),
    node('After', 'set', 3.4, { includeOtherFields: true, assignments: { assignments: [{ id: '1', name: 'resumedAt', value: '={{ $now.toISO() }}', type: 'string' }] } }, 400),
  ],
  connections: {
    Webhook: { main: [[{ node: 'Wait', type: 'main', index: 0 }]] },
    Wait: { main: [[{ node: 'After', type: 'main', index: 0 }]] },
  },
});

async function onlyExecution(t: TestHost, workflowId: string) {
  const page = await t.host.storage.executions.list({ workflowId });
  return page.data[0] ? t.host.storage.executions.get(page.data[0].id) : undefined;
}

describe('Wait', () => {
  it('keeps a short wait in memory', async () => {
    const t = await startTestHost(); // default: waits up to 65 s stay in memory
    hosts.push(t);
    const id = await t.deploy(flow('short', { resume: 'timeInterval', amount: 0.3, unit: 'seconds' }));
    const t0 = Date.now();
    await fetch(`${t.url}/webhook/short`, { method: 'POST' });
    await expect.poll(async () => (await onlyExecution(t, id))?.status, { timeout: 3000 }).toBe('success');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  });

  it('parks a long wait in storage and resumes it after the host restarts', async () => {
    const first = await host();
    const id = await first.deploy(flow('long', { resume: 'timeInterval', amount: 1, unit: 'seconds' }));
    expect((await fetch(`${first.url}/webhook/long`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"order": 7}' })).status).toBe(200);
    await expect.poll(async () => (await onlyExecution(first, id))?.status).toBe('waiting');
    const parked = await onlyExecution(first, id);
    expect(parked?.waitTill).toBeTruthy();
    // the process goes away before the wait ends; a new one on the same data picks it up
    await first.close({ keepData: true });
    hosts.splice(hosts.indexOf(first), 1);
    const second = await host({ dataDir: first.dataDir });
    await expect.poll(async () => (await onlyExecution(second, id))?.status, { timeout: 5000 }).toBe('success');
    const done = await onlyExecution(second, id);
    expect(done?.id).toBe(parked?.id);
    expect(done?.runData.After[0].data!.main[0]![0].json).toMatchObject({ body: { order: 7 }, resumedAt: expect.any(String) });
    expect(done?.waitTill ?? null).toBeNull();
  });

  it('resumes on a call to $execution.resumeUrl with the call as the output', async () => {
    const t = await host();
    const wf = flow('approval', { resume: 'webhook', httpMethod: 'POST', responseMode: 'lastNode' });
    wf.nodes[2].parameters = { assignments: { assignments: [{ id: '1', name: 'approved', value: '={{ $json.body.approved }}', type: 'boolean' }] } };
    const id = await t.deploy(wf);
    await fetch(`${t.url}/webhook/approval`, { method: 'POST' });
    await expect.poll(async () => (await onlyExecution(t, id))?.status).toBe('waiting');
    const parked = (await onlyExecution(t, id))!;
    expect((await fetch(`${t.url}/webhook-waiting/${parked.id}`)).status).toBe(405);
    const res = await fetch(`${t.url}/webhook-waiting/${parked.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"approved": true}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ approved: true });
    expect((await onlyExecution(t, id))?.status).toBe('success');
    expect((await fetch(`${t.url}/webhook-waiting/${parked.id}`, { method: 'POST' })).status).toBe(404);
  });

  it('answers a resume call from Respond to Webhook (responseMode responseNode) and can wait again in the same execution', async () => {
    const t = await host();
    const respond = (name: string, body: string, code: number, x: number) =>
      node(name, 'respondToWebhook', 1.1, { respondWith: 'json', responseBody: body, options: { responseCode: code } }, x);
    const id = await t.deploy({
      name: 'loop',
      settings: { executionOrder: 'v1' },
      nodes: [
        node('Webhook', 'webhook', 2, { httpMethod: 'GET', path: 'loop', responseMode: 'responseNode' }),
        respond('Started', '={{ { resumeUrl: $execution.resumeUrl } }}', 202, 200),
        // Still busy when the first resume call arrives: that call must wait for the run to park.
        node('Slow Step', 'code', 2, { jsCode: 'const until = Date.now() + 300;\nwhile (Date.now() < until);\nreturn $input.all();' }, 300),
        node('Wait', 'wait', 1.1, { resume: 'webhook', httpMethod: 'POST', responseMode: 'responseNode' }, 400),
        node('Enough?', 'if', 2, { conditions: { jsonLogic: '{">=": [{"var": "body.n"}, 2]}' } }, 600),
        respond('Done', '={{ { done: $json.body.n } }}', 200, 800),
        respond('Again', '={{ { again: $json.body.n } }}', 409, 800),
      ],
      connections: {
        Webhook: { main: [[{ node: 'Started', type: 'main', index: 0 }]] },
        Started: { main: [[{ node: 'Slow Step', type: 'main', index: 0 }]] },
        'Slow Step': { main: [[{ node: 'Wait', type: 'main', index: 0 }]] },
        Wait: { main: [[{ node: 'Enough?', type: 'main', index: 0 }]] },
        'Enough?': { main: [[{ node: 'Done', type: 'main', index: 0 }], [{ node: 'Again', type: 'main', index: 0 }]] },
        Again: { main: [[{ node: 'Wait', type: 'main', index: 0 }]] },
      },
    });
    const started = await fetch(`${t.url}/webhook/loop`);
    expect(started.status).toBe(202);
    const { resumeUrl } = (await started.json()) as { resumeUrl: string };
    const url = `${t.url}${new URL(resumeUrl).pathname}`;
    // Called at once: the run may still be on its way to the Wait node; the call waits for it.
    const post = (n: number) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n }) });
    const first = await post(1);
    expect([first.status, await first.json()]).toEqual([409, { again: 1 }]);
    const second = await post(2);
    expect([second.status, await second.json()]).toEqual([200, { done: 2 }]);
    const done = (await onlyExecution(t, id))!;
    expect(done.status).toBe('success');
    expect(done.runData.Wait).toHaveLength(2);
    expect((await post(3)).status).toBe(404);
  });

  it('rejects a wait date that is not a date, naming the parameter', async () => {
    const t = await host();
    const id = await t.deploy(flow('baddate', { resume: 'specificTime', dateTime: 'next tuesday-ish' }));
    await fetch(`${t.url}/webhook/baddate`, { method: 'POST' });
    await expect.poll(async () => (await onlyExecution(t, id))?.status).toBe('error');
    expect((await onlyExecution(t, id))?.error).toMatchObject({ node: 'Wait', parameter: 'dateTime' });
  });
});
