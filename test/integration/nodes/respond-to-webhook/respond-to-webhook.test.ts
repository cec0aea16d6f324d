// Respond to Webhook in the engine: the answer each parameter set produces, and its pass-through.
import { describe, expect, it } from 'vitest';
import type { WebhookResponse } from '../../../../host/engine/types.ts';
import type { INodeExecutionData, INodeParameters } from '../../../../host/model/index.ts';
import { run, set, trigger, workflow } from '../../../helpers/engine.ts';

const respondNode = (parameters: INodeParameters, typeVersion = 1.1) => ({ name: 'Respond', type: 'n8n-nodes-base.respondToWebhook', typeVersion, parameters });

/** Start → Shape → Respond, run with a waiting "webhook"; returns what was sent and the run. */
async function respondWith(parameters: INodeParameters, triggerItems: INodeExecutionData[] = [{ json: { sn: 'ZTEG1' } }, { json: { sn: 'HWTC2' } }]) {
  const sent: WebhookResponse[] = [];
  const wf = workflow([trigger, set('Shape', { seen: '={{ $json.sn.toLowerCase() }}' }), respondNode(parameters)], [
    ['Start', 'Shape'],
    ['Shape', 'Respond'],
  ]);
  const result = await run(wf, { triggerItems, respond: (r) => sent.push(r) });
  return { sent, result };
}

const outputOf = (result: Awaited<ReturnType<typeof run>>, node: string) => result.runData[node]?.[0]?.data?.main[0] ?? [];

describe('Respond to Webhook', () => {
  it('firstIncomingItem (the default) answers 200 with the first item and passes every item on', async () => {
    const { sent, result } = await respondWith({});
    expect(result.status).toBe('success');
    expect(sent).toEqual([{ statusCode: 200, headers: {}, body: { sn: 'ZTEG1', seen: 'zteg1' } }]);
    expect(outputOf(result, 'Respond').map((i) => i.json.sn)).toEqual(['ZTEG1', 'HWTC2']);
  });

  it('allIncomingItems with responseKey nests the array under a dotted path', async () => {
    const { sent } = await respondWith({ respondWith: 'allIncomingItems', options: { responseKey: 'result.onus' } });
    expect(sent[0].body).toEqual({ result: { onus: [{ sn: 'ZTEG1', seen: 'zteg1' }, { sn: 'HWTC2', seen: 'hwtc2' }] } });
  });

  it('json parses the body, with expressions resolved against the first item', async () => {
    const { sent } = await respondWith({
      respondWith: 'json',
      responseBody: '={ "serial": "{{ $json.sn }}", "count": {{ $input.all().length }} }',
      options: { responseCode: 201, responseHeaders: { entries: [{ name: 'X-Trace', value: 't-1' }] } },
    });
    expect(sent).toEqual([{ statusCode: 201, headers: { 'x-trace': 't-1' }, body: { serial: 'ZTEG1', count: 2 } }]);
  });

  it('json with invalid JSON fails the node, naming the parameter', async () => {
    const { sent, result } = await respondWith({ respondWith: 'json', responseBody: '{ "a": ' });
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ node: 'Respond', parameter: 'responseBody', message: expect.stringContaining("Invalid JSON in 'Response Body'") });
    expect(sent).toEqual([]);
  });

  it('text answers the string as is', async () => {
    const { sent } = await respondWith({ respondWith: 'text', responseBody: '=OK {{ $json.sn }}' });
    expect(sent[0]).toEqual({ statusCode: 200, headers: {}, body: 'OK ZTEG1' });
  });

  it('noData answers with the code and no body; redirect defaults to 307 with Location', async () => {
    const none = await respondWith({ respondWith: 'noData', options: { responseCode: 204 } });
    expect(none.sent).toEqual([{ statusCode: 204, headers: {}, body: undefined }]);
    const away = await respondWith({ respondWith: 'redirect', redirectURL: '=https://portal.example.com/onu/{{ $json.sn }}' });
    expect(away.sent).toEqual([{ statusCode: 307, headers: { location: 'https://portal.example.com/onu/ZTEG1' }, body: undefined }]);
    const moved = await respondWith({ respondWith: 'redirect', redirectURL: 'https://x.example', options: { responseCode: 302 } });
    expect(moved.sent[0].statusCode).toBe(302);
  });

  it('binary answers the bytes of the first binary field (or the named one) with its MIME type', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const items: INodeExecutionData[] = [
      { json: { sn: 'A' }, binary: { photo: { data: png.toString('base64'), mimeType: 'image/png', fileName: 'onu.png' }, note: { data: 'aGk=', mimeType: 'text/plain' } } },
    ];
    const sent: WebhookResponse[] = [];
    const wf = workflow([trigger, respondNode({ respondWith: 'binary' })], [['Start', 'Respond']]);
    await run(wf, { triggerItems: items, respond: (r) => sent.push(r) });
    expect(Buffer.isBuffer(sent[0].body)).toBe(true);
    expect((sent[0].body as Buffer).equals(png)).toBe(true);
    expect(sent[0].headers['content-type']).toBe('image/png');

    const named: WebhookResponse[] = [];
    const wf2 = workflow([trigger, respondNode({ respondWith: 'binary', responseDataSource: 'set', inputFieldName: 'note' })], [['Start', 'Respond']]);
    await run(wf2, { triggerItems: items, respond: (r) => named.push(r) });
    expect((named[0].body as Buffer).toString()).toBe('hi');

    const missing = workflow([trigger, respondNode({ respondWith: 'binary', responseDataSource: 'set', inputFieldName: 'scan' })], [['Start', 'Respond']]);
    const failed = await run(missing, { triggerItems: items, respond: () => {} });
    expect(failed.error).toMatchObject({ node: 'Respond', parameter: 'inputFieldName', message: expect.stringContaining('"scan"') });
  });

  it('v1.1 fails when no webhook waits for an answer; v1 passes its items on', async () => {
    const strict = await run(workflow([trigger, respondNode({ respondWith: 'noData' })], [['Start', 'Respond']]), { triggerItems: [{ json: { a: 1 } }] });
    expect(strict.status).toBe('error');
    expect(strict.error).toMatchObject({ node: 'Respond', message: expect.stringContaining('No webhook is waiting') });

    const lenient = await run(workflow([trigger, respondNode({ respondWith: 'noData' }, 1)], [['Start', 'Respond']]), { triggerItems: [{ json: { a: 1 } }] });
    expect(lenient.status).toBe('success');
    expect(outputOf(lenient, 'Respond')).toEqual([expect.objectContaining({ json: { a: 1 } })]);
  });

  it('an out-of-range response code is an error naming the option', async () => {
    const { result } = await respondWith({ respondWith: 'noData', options: { responseCode: 700 } });
    expect(result.error).toMatchObject({ node: 'Respond', parameter: 'options.responseCode' });
  });
});
