// The Traccar node inside workflows (Schedule or Manual Trigger → Traccar → Set) through the
// harness, and its credential's declarative test against the fake.
import type { INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../../../host/engine/registry.ts';
import { buildWorkflow } from '../../../../host/kit/testing.ts';
import { testCredential } from '../../../../host/runtime/credential-test.ts';
import { createExpressionEvaluator } from '../../../../host/expressions/evaluate.ts';
import { CRED_TYPE, startTraccarBench, TRACCAR_TYPE } from './setup.ts';
import type { TraccarBench } from './setup.ts';

let b: TraccarBench;
beforeAll(async () => {
  b = await startTraccarBench({ devices: 5, staleStepMinutes: 10 });
});
afterAll(() => b?.close());

const dispatchLabel = {
  name: 'Dispatch',
  type: 'n8n-nodes-base.set',
  typeVersion: 3.4,
  parameters: {
    assignments: {
      assignments: [
        { id: '1', name: 'label', type: 'string', value: '={{ $json.name }} at {{ $json.latitude.toFixed(3) }},{{ $json.longitude.toFixed(3) }} ({{ $json.speedKmh }} km/h)' },
        { id: '2', name: 'available', type: 'boolean', value: '={{ !$json.stale }}' },
      ],
    },
    includeOtherFields: false,
  },
};
const traccarNode = (parameters: INodeParameters) => ({ name: 'Traccar', type: TRACCAR_TYPE, parameters });

describe('Traccar in a workflow', () => {
  it('Schedule Trigger → Traccar (latest of a list) → Set: a dispatch board', async () => {
    const wf = buildWorkflow(
      [
        { name: 'Every 5 minutes', type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1.2, parameters: { rule: { interval: [{ field: 'minutes', minutesInterval: 5 }] } } },
        traccarNode({ resource: 'position', operation: 'getLatest', deviceIds: '1,2,3', options: { staleAfterMinutes: 25 } }),
        dispatchLabel,
      ],
      [
        ['Every 5 minutes', 'Traccar'],
        ['Traccar', 'Dispatch'],
      ],
    );
    const r = await b.harness.runWorkflow(wf, { credentials: { [CRED_TYPE]: b.token } });
    expect(r.status, r.error?.message).toBe('success');
    const device = (id: number) => b.fake.positions.find((p) => p.id === b.fake.devices[id - 1]!.positionId)!;
    expect(r.json).toEqual(
      [1, 2, 3].map((id) => ({
        label: `Tech 0${id} at ${device(id).latitude.toFixed(3)},${device(id).longitude.toFixed(3)} (${Math.round(device(id).speed * 1.852 * 10) / 10} km/h)`,
        available: id < 3, // 10 and 20 minutes old: fresh; 30: stale
      })),
    );
    expect(r.output('Traccar').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
  });

  it('Manual Trigger → Device Get Many → Traccar (one device per item) → Set', async () => {
    const wf = buildWorkflow(
      [
        { name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} },
        { name: 'Technicians', type: TRACCAR_TYPE, parameters: { resource: 'device', operation: 'getMany', filters: { ids: '4,2' } } },
        traccarNode({ resource: 'position', operation: 'getLatest', deviceSource: 'inputItems', deviceIdField: 'deviceId', concurrency: 2, options: { staleAfterMinutes: 25 } }),
        dispatchLabel,
      ],
      [
        ['Start', 'Technicians'],
        ['Technicians', 'Traccar'],
        ['Traccar', 'Dispatch'],
      ],
    );
    const r = await b.harness.runWorkflow(wf, { credentials: { [CRED_TYPE]: b.basic } });
    expect(r.status, r.error?.message).toBe('success');
    expect(r.output('Traccar').map((i) => i.json.deviceId)).toEqual([4, 2]);
    expect(r.json.map((j) => j.available)).toEqual([false, true]); // 40 and 20 minutes old
  });
});

describe('Traccar credential test', () => {
  const deps = async () => ({ registry: await createRegistry(), expressions: createExpressionEvaluator() });
  const test = async (data: object) => testCredential(await deps(), { id: '', name: 'traccar', type: CRED_TYPE, data: data as never });

  it('OK with a valid token or email/password, also when the URL ends in /api/', async () => {
    expect(await test(b.token)).toMatchObject({ status: 'OK' });
    expect(await test({ ...b.basic, baseUrl: `${b.fake.url}/api/` })).toMatchObject({ status: 'OK' });
    const sent = b.fake.requests.filter((q) => q.path === '/api/devices').slice(-2);
    expect(sent.map((q) => [q.auth, q.query])).toEqual([
      ['bearer', { id: ['0'] }],
      ['basic', { id: ['0'] }],
    ]);
  });

  it('Error naming what to check on a 401', async () => {
    const r = await test({ ...b.token, token: 'wrong' });
    expect(r.status).toBe('Error');
    expect(r.message).toMatch(/^Traccar rejected the login: check the email and password, or the API token \(HTTP 401/);
  });
});
