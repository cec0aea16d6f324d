// The Redis message codec of queue mode: binary webhook bodies survive JSON as base64; replies
// carry only what a waiting caller needs.
import { describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../../../host/model/index.ts';
import { decodeResponse, encodeResponse, slimRecord } from '../../../host/queue/messages.ts';

describe('queue messages', () => {
  it('round-trips a binary body through JSON as base64', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const wire = JSON.parse(JSON.stringify(encodeResponse({ statusCode: 201, headers: { 'content-type': 'image/png' }, body: bytes })));
    expect(wire.bodyBase64).toBe(bytes.toString('base64'));
    const back = decodeResponse(wire);
    expect(back.statusCode).toBe(201);
    expect(back.headers).toEqual({ 'content-type': 'image/png' });
    expect(Buffer.isBuffer(back.body) && back.body.equals(bytes)).toBe(true);
  });

  it('keeps JSON and text bodies as they are', () => {
    expect(decodeResponse(encodeResponse({ statusCode: 200, headers: {}, body: { a: 1 } })).body).toEqual({ a: 1 });
    expect(decodeResponse(encodeResponse({ statusCode: 200, headers: {}, body: 'ok' })).body).toBe('ok');
  });

  it('slims a record to the last node’s last run, without snapshot, resume state or queue input', () => {
    const run = (n: number) => ({ startTime: n, executionTime: 1, executionStatus: 'success' as const, source: [], inputItemCounts: [], data: { main: [[{ json: { n } }]] } });
    const record: ExecutionRecord = {
      id: 'x', workflowId: 'w', mode: 'webhook', status: 'success', startedAt: '2026-01-01T00:00:00.000Z', lastNodeExecuted: 'B',
      runData: { A: [run(1)], B: [run(2), run(3)] }, workflowData: { id: 'w' } as never, resumeState: { big: true }, queueInput: { kind: 'start' },
    };
    const slim = slimRecord(record);
    expect(slim.runData).toEqual({ B: [run(3)] });
    expect(slim).not.toHaveProperty('workflowData');
    expect(slim).not.toHaveProperty('resumeState');
    expect(slim).not.toHaveProperty('queueInput');
    expect(slim).toMatchObject({ id: 'x', status: 'success', lastNodeExecuted: 'B' });
  });
});
