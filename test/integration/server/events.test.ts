import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../host/server/app.ts';
import { manualSetWorkflow, startHost } from './helpers.ts';
import type { TestHost } from './helpers.ts';

let t: TestHost;
beforeAll(async () => {
  t = await startHost();
});
afterAll(() => t?.close());

interface SseEvent {
  event: string;
  data: any;
}

/** Opens the SSE stream and collects events until `until` returns true. */
async function openStream(query = '') {
  const controller = new AbortController();
  const res = await fetch(`${t.base}/api/v1/events${query}`, { headers: { 'x-api-key': t.apiKey }, signal: controller.signal });
  const events: SseEvent[] = [];
  let raw = '';
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        raw += value;
        let sep: number;
        while ((sep = raw.indexOf('\n\n')) >= 0) {
          const block = raw.slice(0, sep);
          raw = raw.slice(sep + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    res,
    events,
    async waitFor(pred: (e: SseEvent[]) => boolean, ms = 5000) {
      const until = Date.now() + ms;
      while (!pred(events)) {
        if (Date.now() > until) throw new Error(`timed out; got ${JSON.stringify(events.map((e) => e.event))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}

describe('SSE /api/v1/events', () => {
  it('streams execution and node events of a run', async () => {
    const { body: wf } = await t.api('/workflows', { method: 'POST', body: manualSetWorkflow('Streamed') });
    const stream = await openStream();
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);

    const run = await t.api(`/workflows/${wf.id}/run`, { method: 'POST', body: { input: [{ a: 1 }] } });
    await stream.waitFor((e) => e.some((x) => x.event === 'execution.finished'));
    const mine = stream.events.filter((e) => e.data.executionId === run.body.id);
    expect(mine.map((e) => e.event)).toEqual(['execution.started', 'node.started', 'node.finished', 'node.started', 'node.finished', 'execution.finished']);
    expect(mine.at(-1)!.data).toMatchObject({ type: 'execution.finished', workflowId: wf.id, status: 'success' });
    expect(mine[4].data).toMatchObject({ node: 'Set', status: 'success', itemCount: 1 });
    await stream.close();
  });

  it('filters by workflowId and reports activation', async () => {
    const { body: a } = await t.api('/workflows', { method: 'POST', body: manualSetWorkflow('Filtered A') });
    const { body: b } = await t.api('/workflows', { method: 'POST', body: manualSetWorkflow('Filtered B') });
    const stream = await openStream(`?workflowId=${b.id}`);
    await t.api(`/workflows/${a.id}/run`, { method: 'POST' });
    await t.api(`/workflows/${b.id}/run`, { method: 'POST' });
    await stream.waitFor((e) => e.some((x) => x.event === 'execution.finished'));
    expect(stream.events.every((e) => e.data.workflowId === b.id)).toBe(true);
    await stream.close();
  });

  it('needs auth and unsubscribes on close', async () => {
    expect((await fetch(`${t.base}/api/v1/events`)).status).toBe(401);
    const stream = await openStream();
    await stream.close();
    // The server notices the closed socket; a run afterwards must not fail.
    const { body: wf } = await t.api('/workflows', { method: 'POST', body: manualSetWorkflow('After close') });
    expect((await t.api(`/workflows/${wf.id}/run`, { method: 'POST' })).body.status).toBe('success');
  });
});

describe('SSE heartbeat', () => {
  it('sends a comment line every heartbeat interval', async () => {
    // The host's real services in a second app with a short heartbeat.
    const { config, storage, registry, executions, activation, webhooks, events } = t.host;
    const app = createApp({ config, storage, registry, executions, activation, webhooks, events, sseHeartbeatMs: 50 });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const controller = new AbortController();
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/events`, {
        headers: { 'x-api-key': t.apiKey },
        signal: controller.signal,
      });
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      while ((text.match(/: heartbeat\n\n/g) ?? []).length < 2) text += (await reader.read()).value ?? '';
      expect(text.startsWith('retry: 3000\n')).toBe(true);
    } finally {
      controller.abort();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
