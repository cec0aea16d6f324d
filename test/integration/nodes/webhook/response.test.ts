// What the Webhook node's answer looks like: response headers, content type and lastNode response data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';
import { setNode, webhookFlow } from './flows.ts';

let t: TestHost;
const headers = { entries: [{ name: 'X-Request-Source', value: 'gigaflow' }, { name: 'Cache-Control', value: 'no-store' }] };

beforeAll(async () => {
  t = await startTestHost();
  const shape = () => [setNode('Shape', { serial: '={{ $json.query.sn }}', n: 3 })];
  await t.deploy(webhookFlow({ httpMethod: 'GET', path: 'r/immediate', options: { responseHeaders: headers } }, shape()));
  await t.deploy(webhookFlow({ httpMethod: 'GET', path: 'r/last', responseMode: 'lastNode', options: { responseHeaders: headers } }, shape()));
  await t.deploy(
    webhookFlow({ httpMethod: 'GET', path: 'r/typed', responseMode: 'lastNode', responseData: 'firstEntryJson', options: { responseContentType: 'application/vnd.onu+json' } }, shape()),
  );
  await t.deploy(webhookFlow({ httpMethod: 'GET', path: 'r/all', responseMode: 'lastNode', responseData: 'allEntries' }, shape()));
  await t.deploy(webhookFlow({ httpMethod: 'GET', path: 'r/none', responseMode: 'lastNode', responseData: 'noData', options: { responseHeaders: headers } }, shape()));
  await t.deploy(webhookFlow({ httpMethod: 'GET', path: 'r/bad-header', options: { responseHeaders: { entries: [{ name: 'Bad Header', value: 'x' }] } } }, shape()));
});
afterAll(() => t?.close());

describe('Webhook response options', () => {
  it('adds options.responseHeaders to an immediate answer', async () => {
    const res = await fetch(`${t.url}/webhook/r/immediate?sn=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-source')).toBe('gigaflow');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ message: 'Workflow was started' });
  });

  it('adds options.responseHeaders to a last-node answer', async () => {
    const res = await fetch(`${t.url}/webhook/r/last?sn=ZTEG1`);
    expect(res.headers.get('x-request-source')).toBe('gigaflow');
    expect(await res.json()).toEqual({ serial: 'ZTEG1', n: 3 });
  });

  it('options.responseContentType replaces application/json on a last-node answer', async () => {
    const res = await fetch(`${t.url}/webhook/r/typed?sn=HWTC9`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.onu\+json/);
    expect(JSON.parse(await res.text())).toEqual({ serial: 'HWTC9', n: 3 });
  });

  it("responseData 'allEntries' answers an array of the last node's items", async () => {
    const res = await fetch(`${t.url}/webhook/r/all?sn=A`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual([{ serial: 'A', n: 3 }]);
  });

  it("responseData 'noData' answers with an empty body (headers still set)", async () => {
    const res = await fetch(`${t.url}/webhook/r/none?sn=A`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-source')).toBe('gigaflow');
    expect(await res.text()).toBe('');
  });

  it('an invalid header name is a configuration error naming the option', async () => {
    const res = await fetch(`${t.url}/webhook/r/bad-header`);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { message: string }).message).toMatch(/Webhook node "Webhook".*"Bad Header".*Response Headers/);
  });
});
