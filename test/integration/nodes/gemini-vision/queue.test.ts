// When Gemini is slow, down or overloaded, a scan is not lost: the photo goes into the host's
// durable job queue, the node answers {status: 'queued', scanId}, the host retries with backoff
// (also after a restart), and the late result starts the workflows with a Scan Result trigger.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGemini } from '../../../fakes/gemini/index.ts';
import type { FakeGemini } from '../../../fakes/gemini/index.ts';
import { labelPng } from './images.ts';
import { startVisionEnv, waitFor } from './setup.ts';
import type { VisionEnv } from './setup.ts';

const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function env(opts: Parameters<typeof startVisionEnv>[0] = {}): Promise<VisionEnv> {
  const e = await startVisionEnv(opts);
  open.push(e);
  return e;
}

const ANSWER = { qrContent: null, serialNumber: 'HWTC7F00AA01', macAddress: '3c-fa-d3-00-11-22', model: 'EG8145V5', confidence: 0.88 };
const sameBytes = (bytes: Buffer) => (r: { images: { bytes: Buffer }[] }) => r.images.some((i) => i.bytes.equals(bytes));

describe('durable retry queue', () => {
  it('a timeout queues the scan; the host retries it and the late result starts the Scan Result workflows', async () => {
    const e = await env();
    const photo = labelPng(21);
    e.fake.answerFor(sameBytes(photo), ANSWER);
    const uploadId = await e.deployUpload('scan', {
      operation: 'scanLabel',
      options: { timeout: 300, queueRetryDelay: 0.2, reference: '={{ $json.query.job }}' },
    });
    const everyResult = await e.deployResults();
    const withImage = await e.deployResults({ fromWorkflows: `${uploadId}, another`, attachImage: true });
    const elsewhere = await e.deployResults({ fromWorkflows: 'some-other-workflow' });

    e.fake.setHang(true);
    const res = await fetch(`${e.t.url}/webhook/scan?job=WO-1042`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array(photo) });
    const queued = (await res.json()) as Record<string, string>;
    expect(res.status).toBe(200);
    expect(queued).toEqual({ status: 'queued', scanId: expect.any(String), reason: 'Gemini did not answer within 300 ms', retryAt: expect.any(String), reference: 'WO-1042' });

    const stored = await e.t.host.storage.jobs.get(queued.scanId, { withData: true });
    expect(stored).toMatchObject({ kind: 'gemini-scan', nodeType: 'n8n-nodes-gigafibre.geminiVision', workflowId: uploadId, node: 'Gemini Vision' });
    expect(stored?.data?.equals(photo)).toBe(true);
    expect(stored?.payload).toMatchObject({ reference: 'WO-1042', mimeType: 'image/png', model: 'gemini-2.5-flash', timeoutMs: 300 });
    expect(JSON.stringify(stored)).not.toContain('test-gemini-key');

    // Still hanging: the queue's attempts time out too and are rescheduled.
    const retried = await waitFor(async () => (await e.t.host.storage.jobs.get(queued.scanId))?.lastError, 5000, 'a failed queued attempt');
    expect(retried).toBe('Gemini did not answer within 300 ms');
    expect(await e.results(everyResult)).toEqual([]);
    e.fake.setHang(false);

    const [items] = await waitFor(async () => {
      const r = await e.results(everyResult);
      return r.length ? r : undefined;
    }, 10_000, 'the Scan Result run');
    expect(items).toHaveLength(1);
    expect(items[0].json).toMatchObject({
      status: 'done',
      source: 'gemini',
      scanId: queued.scanId,
      reference: 'WO-1042',
      serialNumber: 'HWTC7F00AA01',
      macAddress: '3C:FA:D3:00:11:22',
      model: 'EG8145V5',
      valid: true,
      problems: [],
      origin: { workflowId: uploadId, node: 'Gemini Vision', executionId: expect.any(String) },
    });
    expect(items[0].json.attempts).toBeGreaterThanOrEqual(2);
    expect(items[0].binary).toBeUndefined();

    const [[imaged]] = await waitFor(async () => {
      const r = await e.results(withImage);
      return r.length ? r : undefined;
    }, 5000, 'the run with the image');
    expect(Buffer.from(imaged.binary!.data.data, 'base64').equals(photo)).toBe(true);
    expect(imaged.binary!.data.mimeType).toBe('image/png');
    expect(await e.results(elsewhere)).toEqual([]);

    const done = await e.t.host.storage.jobs.get(queued.scanId, { withData: true });
    expect(done).toMatchObject({ status: 'done', result: { serialNumber: 'HWTC7F00AA01', scanId: queued.scanId } });
    expect(done?.data).toBeUndefined();
  });

  it('survives a restart: queued while Gemini is down, finished by the next host, trigger fired there', async () => {
    const fake: FakeGemini = await startFakeGemini();
    open.push(fake);
    const photo = labelPng(22);
    const first = await startVisionEnv({ fake });
    const resultsId = await first.deployResults();
    await first.deployUpload('scan', { operation: 'scanLabel', options: { queueRetryDelay: 0.2 } });
    await fake.stop();
    const queued = await first.upload('scan', photo);
    expect(queued.body).toMatchObject({ status: 'queued', reason: expect.stringMatching(/^Could not reach Gemini: ECONNREFUSED/) });
    const scanId = String(queued.body.scanId);
    await waitFor(async () => ((await first.t.host.storage.jobs.get(scanId))?.attempts ?? 0) >= 2, 5000, 'retries while Gemini is down');
    await first.close({ keepData: true });

    await fake.restart();
    fake.answerFor(sameBytes(photo), ANSWER);
    const second = await env({ dataDir: first.t.dataDir, fake, credId: first.credId });
    const [[item]] = await waitFor(async () => {
      const r = await second.results(resultsId);
      return r.length ? r : undefined;
    }, 10_000, 'the Scan Result run after the restart');
    expect(item.json).toMatchObject({ status: 'done', scanId, source: 'gemini', macAddress: '3C:FA:D3:00:11:22' });
    expect(fake.calls.filter((c) => c.status === 200)).toHaveLength(1);
    expect(await second.t.host.storage.jobs.get(scanId)).toMatchObject({ status: 'done' });
  });

  it('503s that outlast the node retries queue the scan; a job out of attempts is reported as failed', async () => {
    const e = await env();
    const resultsId = await e.deployResults();
    const quietId = await e.deployResults({ includeFailed: false });
    const photo = labelPng(23);
    e.fake.failNext({ status: 503, times: 100 });
    const { json } = await e.run({
      operation: 'scanLabel',
      inputType: 'base64',
      base64Image: photo.toString('base64'),
      options: { maxTries: 2, retryDelayMs: 10, queueRetryDelay: 0.05, queueMaxAttempts: 2 },
    });
    expect(json[0]).toMatchObject({ status: 'queued', reason: 'The model is overloaded. Please try again later.' });
    const [[item]] = await waitFor(async () => {
      const r = await e.results(resultsId);
      return r.length ? r : undefined;
    }, 10_000, 'the failed-scan run');
    expect(item.json).toMatchObject({ status: 'failed', scanId: json[0].scanId, attempts: 2, error: 'Gave up after 2 attempts: The model is overloaded. Please try again later.' });
    // 2 tries in the node, then 2 queued attempts.
    expect(e.fake.calls.map((c) => c.status)).toEqual([503, 503, 503, 503]);
    expect(await e.t.host.storage.jobs.get(String(json[0].scanId))).toMatchObject({ status: 'failed', attempts: 2 });
    expect(await e.results(quietId)).toEqual([]);
  });

  it('a deactivated Scan Result workflow no longer starts; an edited active one keeps listening', async () => {
    const e = await env();
    const offId = await e.deployResults();
    const editedId = await e.deployResults();
    expect((await e.t.api(`/api/v1/workflows/${offId}/deactivate`, { method: 'POST' })).status).toBe(200);
    const edited = (await (await e.t.api(`/api/v1/workflows/${editedId}`)).json()) as { name: string };
    expect((await e.t.api(`/api/v1/workflows/${editedId}`, { method: 'PATCH', body: JSON.stringify({ name: `${edited.name} (edited)` }) })).status).toBe(200);
    const photo = labelPng(25);
    e.fake.answerFor(sameBytes(photo), ANSWER);
    e.fake.failNext({ status: 503, times: 1 });
    const { json } = await e.run({ operation: 'scanLabel', inputType: 'base64', base64Image: photo.toString('base64'), options: { maxTries: 1, queueRetryDelay: 0.05 } });
    expect(json[0]).toMatchObject({ status: 'queued' });
    const [[item]] = await waitFor(async () => {
      const r = await e.results(editedId);
      return r.length ? r : undefined;
    }, 10_000, 'the edited workflow run');
    expect(item.json).toMatchObject({ status: 'done', scanId: json[0].scanId });
    // Published to both at the same moment: had the deactivated one listened, it would have run by now.
    await new Promise((r) => setTimeout(r, 300));
    expect(await e.results(offId)).toEqual([]);
    expect((await e.t.host.storage.executions.list({ workflowId: editedId })).data).toHaveLength(1);
  });

  it('with "Queue When Gemini Is Unavailable" off, a timeout is an error', async () => {
    const e = await env();
    e.fake.setHang(true);
    const { error } = await e.run({ operation: 'scanLabel', inputType: 'base64', base64Image: labelPng(24).toString('base64'), options: { timeout: 200, queue: false } });
    expect(error).toMatchObject({ httpCode: 'ETIMEDOUT', message: 'Gemini did not answer within 200 ms' });
    expect(await e.t.host.storage.jobs.list()).toEqual([]);
  });
});
