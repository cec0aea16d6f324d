// The Insights arithmetic: what a run adds (digestRun), how runs fold into hourly rows (fold), and
// the percentiles and day buckets of the report (quantileMs, buildReport).
import { describe, expect, it } from 'vitest';
import { digestRun } from '../../../host/insights/digest.ts';
import type { RawInsight } from '../../../host/insights/digest.ts';
import { DURATION_BOUNDS_MS, bucketOf, fold, hourOf, quantileMs } from '../../../host/insights/fold.ts';
import { buildReport } from '../../../host/insights/report.ts';
import type { RunData, Workflow } from '../../../host/model/index.ts';

const task = (executionTime: number, items: object[] = [{}], status: 'success' | 'error' = 'success') => ({
  startTime: 0,
  executionTime,
  executionStatus: status,
  source: [],
  inputItemCounts: [1],
  data: { main: [items.map((json) => ({ json }))] },
  ...(status === 'error' ? { error: { name: 'Error', message: 'boom', timestamp: 0 } } : {}),
});

const workflow = {
  nodes: [
    { name: 'Hook', type: 'n8n-nodes-base.webhook', parameters: {} },
    { name: 'SMS', type: 'n8n-nodes-gigafibre.twilio', parameters: { operation: 'sendSms' } },
    { name: 'Check code', type: 'n8n-nodes-gigafibre.twilio', parameters: { operation: 'verifyOtp' } },
    { name: 'OTP', type: 'n8n-nodes-gigafibre.twilio', parameters: { operation: 'generateOtp' } },
    { name: 'Vision', type: 'n8n-nodes-gigafibre.geminiVision', parameters: {} },
  ],
} as unknown as Workflow;

describe('digestRun', () => {
  it('keeps per-node durations and errors, and counts cost-driver items that came out without an error', () => {
    const runData = {
      Hook: [task(1)],
      // Two runs (a loop): 3 SMS, one of them failed under continueOnFail.
      SMS: [task(120, [{ sid: 'a' }, { sid: 'b' }]), task(80, [{ sid: 'c' }, { error: 'invalid number' }])],
      'Check code': [task(40, [{ valid: true }])],
      OTP: [task(60, [{ challengeId: 'x' }])],
      Vision: [task(900, [{ label: 'ONT' }]), task(50, [], 'error')],
    } as unknown as RunData;
    const digest = digestRun({ runData, workflowData: workflow, error: { name: 'Error', message: '  Gemini   answered 429 ', node: 'Vision', timestamp: 0 } });
    expect(digest.nodes).toEqual([
      ['Hook', 'n8n-nodes-base.webhook', [1], 0],
      ['SMS', 'n8n-nodes-gigafibre.twilio', [120, 80], 0],
      ['Check code', 'n8n-nodes-gigafibre.twilio', [40], 0],
      ['OTP', 'n8n-nodes-gigafibre.twilio', [60], 0],
      ['Vision', 'n8n-nodes-gigafibre.geminiVision', [900, 50], 1],
    ]);
    // verifyOtp sends nothing; generateOtp sends one code by SMS.
    expect(digest.usage).toEqual({ sms: 4, vision: 1 });
    expect(digest.error).toEqual({ node: 'Vision', message: 'Gemini answered 429' });
  });

  it('cuts very long error messages so they group and fit an index', () => {
    const digest = digestRun({ runData: {}, error: { name: 'Error', message: 'x'.repeat(5000), timestamp: 0 } });
    expect(digest.error?.message).toHaveLength(300);
    expect(digest.error?.node).toBe('');
  });
});

describe('fold', () => {
  const raw = (over: Partial<RawInsight>): RawInsight => ({
    executionId: 'e1',
    workflowId: 'w1',
    status: 'success',
    startedAt: '2026-11-26T10:15:00.000Z',
    stoppedAt: '2026-11-26T10:15:00.250Z',
    ...over,
  });

  it('sums runs per workflow, hour and status, with a duration histogram per run and per node', () => {
    const f = fold([
      raw({ executionId: 'a', digest: { nodes: [['Code', 'n8n-nodes-base.code', [30, 70], 0]], usage: { sms: 2 } } }),
      raw({ executionId: 'b', startedAt: '2026-11-26T10:59:59.000Z', stoppedAt: '2026-11-26T11:00:01.000Z', digest: { nodes: [['Code', 'n8n-nodes-base.code', [5], 1]], usage: { sms: 1 } } }),
      raw({ executionId: 'c', status: 'error', startedAt: '2026-11-26T11:00:00.000Z', stoppedAt: '2026-11-26T11:00:00.010Z', digest: { error: { node: 'Code', message: 'boom' } } }),
      raw({ executionId: 'd', status: 'crashed', startedAt: '2026-11-26T11:30:00.000Z', stoppedAt: null }),
      raw({ executionId: 'e', status: 'waiting' as never }),
    ]);
    expect(f.runs).toEqual([
      { workflowId: 'w1', hour: '2026-11-26T10:00:00.000Z', status: 'success', runs: 2, durationMsSum: 2250, durationMsMax: 2000 },
      { workflowId: 'w1', hour: '2026-11-26T11:00:00.000Z', status: 'error', runs: 1, durationMsSum: 10, durationMsMax: 10 },
      { workflowId: 'w1', hour: '2026-11-26T11:00:00.000Z', status: 'crashed', runs: 1, durationMsSum: 0, durationMsMax: 0 },
    ]);
    expect(f.nodes).toEqual([{ workflowId: 'w1', hour: '2026-11-26T10:00:00.000Z', node: 'Code', nodeType: 'n8n-nodes-base.code', runs: 3, errors: 1, durationMsSum: 105, durationMsMax: 70 }]);
    const codeBuckets = f.durations.filter((d) => d.node === 'Code').map((d) => [d.bucket, d.count]);
    expect(codeBuckets).toEqual([[bucketOf(30), 1], [bucketOf(70), 1], [bucketOf(5), 1]]);
    expect(f.errors).toEqual([
      { workflowId: 'w1', hour: '2026-11-26T11:00:00.000Z', node: 'Code', message: 'boom', count: 1, lastExecutionId: 'c', lastAt: '2026-11-26T11:00:00.010Z' },
      { workflowId: 'w1', hour: '2026-11-26T11:00:00.000Z', node: '', message: 'The host stopped while the execution ran', count: 1, lastExecutionId: 'd', lastAt: '2026-11-26T11:30:00.000Z' },
    ]);
    expect(f.usage).toEqual([{ workflowId: 'w1', hour: '2026-11-26T10:00:00.000Z', kind: 'sms', count: 3 }]);
  });

  it('floors instants to their UTC hour', () => {
    expect(hourOf('2026-11-26T23:59:59.999Z')).toBe('2026-11-26T23:00:00.000Z');
    expect(hourOf('2026-11-27T00:00:00.000+01:00')).toBe('2026-11-26T23:00:00.000Z');
  });
});

describe('quantileMs', () => {
  it('interpolates inside the bucket that holds the rank, never above the largest duration seen', () => {
    const counts = new Array(DURATION_BOUNDS_MS.length + 1).fill(0);
    // 90 runs ≤ 10 ms (bucket 5..10), 10 runs in 200..500 ms.
    counts[bucketOf(8)] = 90;
    counts[bucketOf(300)] = 10;
    const p50 = quantileMs(counts, 0.5, 450)!;
    expect(p50).toBeGreaterThan(5);
    expect(p50).toBeLessThanOrEqual(10);
    const p95 = quantileMs(counts, 0.95, 450)!;
    expect(p95).toBeGreaterThan(200);
    expect(p95).toBeLessThanOrEqual(450);
    expect(quantileMs(counts, 1, 450)).toBe(450);
    expect(quantileMs(new Array(counts.length).fill(0), 0.5, 0)).toBeNull();
  });

  it('places durations beyond the last bound in the overflow bucket, capped by the maximum', () => {
    const counts = new Array(DURATION_BOUNDS_MS.length + 1).fill(0);
    counts[bucketOf(7_200_000)] = 1;
    expect(bucketOf(7_200_000)).toBe(DURATION_BOUNDS_MS.length);
    expect(quantileMs(counts, 0.5, 7_200_000)).toBeLessThanOrEqual(7_200_000);
  });
});

describe('buildReport', () => {
  it('fills every bucket of the range, joins workflow names and ranks nodes and errors', () => {
    const f = fold([
      { executionId: 'a', workflowId: 'w1', status: 'success', startedAt: '2026-11-26T10:15:00.000Z', stoppedAt: '2026-11-26T10:15:00.020Z', digest: { nodes: [['Slow', 't', [900], 0], ['Fast', 't', [2], 0]] } },
      { executionId: 'b', workflowId: 'gone', status: 'error', startedAt: '2026-11-26T12:15:00.000Z', stoppedAt: '2026-11-26T12:15:00.020Z', digest: { error: { node: '', message: 'bad input' } } },
    ]);
    const r = buildReport(f, new Map([['w1', 'Orders']]), { from: '2026-11-26T09:00:00.000Z', to: '2026-11-26T13:00:00.000Z', bucket: 'hour', tz: 'UTC' });
    expect(r.series.map((p) => [p.at.slice(11, 13), p.success, p.error])).toEqual([['09', 0, 0], ['10', 1, 0], ['11', 0, 0], ['12', 0, 1]]);
    expect(r.totals).toMatchObject({ executions: 2, success: 1, error: 1, errorRate: 0.5 });
    expect(r.workflows.map((w) => [w.workflowId, w.name])).toEqual([['gone', null], ['w1', 'Orders']]);
    expect(r.nodes.map((n) => n.node)).toEqual(['Slow', 'Fast']);
    expect(r.errors).toEqual([{ workflowId: 'gone', workflowName: null, node: '', message: 'bad input', count: 1, lastExecutionId: 'b', lastAt: '2026-11-26T12:15:00.020Z' }]);
    expect(r.usage).toMatchObject({ sms: 0, vision: 0 });
  });

  it('starts day buckets at local midnight, across a daylight-saving change', () => {
    // Paris leaves summer time on 2026-10-25: midnight is 22:00 UTC before, 23:00 UTC after.
    const r = buildReport(fold([]), new Map(), { from: '2026-10-23T22:00:00.000Z', to: '2026-10-27T23:00:00.000Z', bucket: 'day', tz: 'Europe/Paris' });
    expect(r.series.map((p) => p.at)).toEqual(['2026-10-23T22:00:00.000Z', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', '2026-10-26T23:00:00.000Z']);
    expect(r.totals.p50Ms).toBeNull();
  });
});
