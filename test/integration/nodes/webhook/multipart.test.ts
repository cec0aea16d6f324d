// multipart/form-data uploads through the Webhook node over real HTTP: text fields become
// `$json.body`, files become binary data named by their form field, as in n8n.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';
import { webhookFlow } from './flows.ts';

let t: TestHost;
let workflowId: string;

beforeAll(async () => {
  t = await startTestHost();
  workflowId = await t.deploy(webhookFlow({ httpMethod: 'POST', path: 'upload', responseMode: 'lastNode', responseData: 'allEntries', options: { rawBody: true } }));
});
afterAll(() => t?.close());

const lastItem = async () => {
  const [summary] = (await t.host.storage.executions.list({ workflowId, limit: 1 })).data;
  const record = await t.host.storage.executions.get(summary!.id);
  return record!.runData.Webhook![0]!.data!.main[0]![0]!;
};

describe('Webhook: multipart/form-data', () => {
  it('fields go to body (a repeated one as a list), files to binary by field name', async () => {
    const photo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const form = new FormData();
    form.append('job', 'DJ-2026-00001');
    form.append('tag', 'a');
    form.append('tag', 'b');
    form.append('photo', new Blob([new Uint8Array(photo)], { type: 'image/png' }), 'label.png');
    form.append('photo', new Blob(['second']), 'notes.txt');
    const res = await fetch(`${t.url}/webhook/upload?x=1`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const [answer] = (await res.json()) as { body: unknown; query: unknown }[];
    expect(answer).toMatchObject({ body: { job: 'DJ-2026-00001', tag: ['a', 'b'] }, query: { x: '1' } });

    const item = await lastItem();
    expect(Object.keys(item.binary ?? {})).toEqual(['photo', 'photo1']);
    expect(item.binary!.photo).toMatchObject({ mimeType: 'image/png', fileName: 'label.png', fileSize: `${photo.length} B` });
    expect(Buffer.from(item.binary!.photo!.data, 'base64').equals(photo)).toBe(true);
    expect(item.binary!.photo1).toMatchObject({ mimeType: 'application/octet-stream', fileName: 'notes.txt' });
    expect(Buffer.from(item.binary!.photo1!.data, 'base64').toString()).toBe('second');
  });

  it('a malformed multipart body is a 400 that says so, and nothing runs', async () => {
    const before = (await t.host.storage.executions.list({ workflowId })).data.length;
    const res = await fetch(`${t.url}/webhook/upload`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=xyz' }, body: 'no parts here' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'bad_request', message: expect.stringContaining('multipart/form-data body could not be read') });
    expect((await t.host.storage.executions.list({ workflowId })).data).toHaveLength(before);
  });

  it('other bodies are unchanged: Raw Body still gives the bytes as binary "data"', async () => {
    const res = await fetch(`${t.url}/webhook/upload`, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]) });
    expect(res.status).toBe(200);
    const item = await lastItem();
    expect(Object.keys(item.binary ?? {})).toEqual(['data']);
    expect(item.binary!.data).toMatchObject({ mimeType: 'image/jpeg', data: Buffer.from([0xff, 0xd8, 0xff, 0xe0]).toString('base64') });
  });
});
