// EventSource cannot send headers: the event stream (and only it) takes the API key as `?apiKey=`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';

let t: TestHost;
beforeAll(async () => {
  t = await startTestHost();
});
afterAll(() => t?.close());

describe('GET /api/v1/events?apiKey=', () => {
  it('opens the stream with a valid key in the query', async () => {
    const controller = new AbortController();
    const res = await fetch(`${t.url}/api/v1/events?apiKey=${encodeURIComponent(t.apiKey)}`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const { value } = await reader.read();
    expect(value).toContain(': connected');
    controller.abort();
  });

  it('rejects a wrong key in the query', async () => {
    const res = await fetch(`${t.url}/api/v1/events?apiKey=nope`);
    expect(res.status).toBe(401);
    expect((await res.json()).message).toBe('Invalid API key');
  });

  it('ignores ?apiKey= on every other route', async () => {
    const res = await fetch(`${t.url}/api/v1/workflows?apiKey=${encodeURIComponent(t.apiKey)}`);
    expect(res.status).toBe(401);
    expect((await res.json()).message).toBe('Missing X-Api-Key header');
  });
});
