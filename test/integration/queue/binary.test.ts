// Binary data in queue mode (n8n issue #5138: binary data a worker kept on its own disk was lost to
// the main). Here binary data travels inside the items (base64), so it is in the execution row in
// the shared database, and a Buffer answer of Respond to Webhook crosses Redis as base64. Real
// processes: one main, one worker, PostgreSQL.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ExecutionRecord, WorkflowInput } from '../../../host/model/index.ts';
import { startCoordinationCluster, waitFor } from './coordination-cluster.ts';
import type { CoordinationCluster, Proc } from './coordination-cluster.ts';

let cluster: CoordinationCluster;
let main: Proc;

beforeAll(async () => {
  cluster = await startCoordinationCluster();
  main = await cluster.startMain();
  await cluster.startWorker(2);
}, 60_000);
afterAll(() => cluster?.stop());

async function deploy(wf: WorkflowInput): Promise<string> {
  const created = await cluster.api(main, '/api/v1/workflows', { method: 'POST', body: JSON.stringify(wf) });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await cluster.api(main, `/api/v1/workflows/${id}/activate`, { method: 'POST' })).status).toBe(200);
  return id;
}

/** Job ids BullMQ reported completed (its event stream; completed jobs themselves are removed). */
async function completedJobs(): Promise<string[]> {
  const events = await cluster.redis.xrange(`${cluster.prefix}:executions:events`, '-', '+');
  return events.flatMap(([, fields]) => (fields[fields.indexOf('event') + 1] === 'completed' ? [fields[fields.indexOf('jobId') + 1]] : []));
}

/** Every byte value, then random bytes: survives no text or JSON round trip by accident. */
const payload = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(200_000)]);

it('a raw binary upload is run by the worker and answered byte for byte by Respond to Webhook', { timeout: 60_000 }, async () => {
  const id = await deploy({
    name: 'binary echo',
    settings: { executionOrder: 'v1' },
    nodes: [
      { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path: 'bin-echo', responseMode: 'responseNode', options: { rawBody: true } } },
      { id: 'r', name: 'Respond', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, position: [200, 0], parameters: { respondWith: 'binary', options: {} } },
    ],
    connections: { Webhook: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] } },
  });
  const res = await fetch(`${main.url}/webhook/bin-echo`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: payload });
  expect(res.status).toBe(200);
  expect(Buffer.from(await res.arrayBuffer()).equals(payload)).toBe(true);
  // The worker ran it (the main only queues in queue mode) and the row holds the bytes.
  await waitFor('the stored run', async () => (await cluster.storage.executions.list({ workflowId: id, status: 'success' })).data.length === 1, 10_000);
  const [summary] = (await cluster.storage.executions.list({ workflowId: id })).data;
  // A worker took the job (job id = execution id); BullMQ marks it completed just after the row is stored.
  await waitFor('the job completed by a worker', async () => (await completedJobs()).includes(summary.id), 10_000);
  const record = (await cluster.storage.executions.get(summary.id))!;
  const binary = record.runData.Webhook[0].data!.main[0]![0].binary!.data;
  expect(Buffer.from(binary.data, 'base64').equals(payload)).toBe(true);
});

it('a multipart file a worker received is readable through the main API', { timeout: 60_000 }, async () => {
  const id = await deploy({
    name: 'binary upload',
    settings: { executionOrder: 'v1' },
    nodes: [
      { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path: 'bin-upload', responseMode: 'lastNode', responseData: 'firstEntryJson' } },
      {
        id: 's',
        name: 'Set',
        type: 'n8n-nodes-base.set',
        typeVersion: 3.4,
        position: [200, 0],
        parameters: { assignments: { assignments: [{ id: '1', name: 'size', value: '={{ $binary.scan.fileSize }}', type: 'string' }] }, includeOtherFields: false, options: {} },
      },
    ],
    connections: { Webhook: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
  });
  const form = new FormData();
  form.append('note', 'a scan');
  form.append('scan', new Blob([payload], { type: 'image/png' }), 'scan.png');
  const res = await fetch(`${main.url}/webhook/bin-upload`, { method: 'POST', body: form });
  expect(res.status).toBe(200);
  const [summary] = (await cluster.storage.executions.list({ workflowId: id })).data;
  // Read back through the main process's API, as the editor does: the bytes are there.
  const fromApi = (await (await cluster.api(main, `/api/v1/executions/${summary.id}`)).json()) as ExecutionRecord;
  expect(fromApi.status).toBe('success');
  const item = fromApi.runData.Webhook[0].data!.main[0]![0];
  expect(item.json.body).toEqual({ note: 'a scan' });
  expect(item.binary!.scan).toMatchObject({ mimeType: 'image/png' });
  expect(Buffer.from(item.binary!.scan.data, 'base64').equals(payload)).toBe(true);
  await waitFor('the job completed by a worker', async () => (await completedJobs()).includes(summary.id), 10_000);
  // The Set node (on the worker) saw the binary data too.
  expect(fromApi.runData.Set[0].data!.main[0]![0].json.size).toBeTruthy();
});
