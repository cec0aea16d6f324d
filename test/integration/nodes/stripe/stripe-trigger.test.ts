// Stripe Trigger through a real host: Stripe-Signature checks on the raw body, event filtering,
// and the executions that result (or do not).
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INode, INodeParameters, WorkflowInput } from '../../../../host/model/index.ts';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';

const SECRET = 'whsec_test_5f0c2a9d1b7e4c3a8f6e2d1c0b9a8f7e';
let t: TestHost;
let filtered: string;
let wildcard: string;
let unconfigured: string;

function stripeFlow(name: string, trigger: Partial<INode> & { parameters: INodeParameters }, credentialId: string): WorkflowInput {
  return {
    name,
    nodes: [
      { id: 'st', name: 'Stripe Trigger', type: 'n8n-nodes-base.stripeTrigger', typeVersion: 1, position: [0, 0], credentials: { stripeApi: { id: credentialId, name: 'stripe' } }, ...trigger },
      {
        id: 'set',
        name: 'Paid',
        type: 'n8n-nodes-base.set',
        typeVersion: 3.4,
        position: [200, 0],
        parameters: {
          assignments: {
            assignments: [
              { id: '1', name: 'eventId', value: '={{ $json.id }}', type: 'string' },
              { id: '2', name: 'amount', value: '={{ $json.data.object.amount }}', type: 'number' },
            ],
          },
        },
      },
    ],
    connections: { 'Stripe Trigger': { main: [[{ node: 'Paid', type: 'main', index: 0 }]] } },
    settings: { executionOrder: 'v1' },
  };
}

function event(type: string, id = `evt_${Math.random().toString(36).slice(2)}`) {
  // Stripe's own spacing differs from JSON.stringify's; signatures must be over these exact bytes.
  return `{\n  "id": "${id}",\n  "object": "event",\n  "type": "${type}",\n  "data": {\n    "object": { "id": "pi_1", "object": "payment_intent", "amount": 4900 }\n  }\n}`;
}

function send(path: string, payload: string, header?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (header !== undefined) headers['stripe-signature'] = header;
  return fetch(`${t.url}/webhook/${path}`, { method: 'POST', headers, body: payload });
}

const sign = (payload: string, opts: { secret?: string; timestamp?: number } = {}) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? SECRET, timestamp: opts.timestamp });
const executions = async (workflowId: string) => (await t.host.storage.executions.list({ workflowId })).data;
// The webhook service starts a run before it answers, and execution.started is published
// synchronously, so counting these right after a response shows whether anything started.
const started: string[] = [];
const startedFor = (workflowId: string) => started.filter((id) => id === workflowId).length;

beforeAll(async () => {
  t = await startTestHost();
  t.host.events.subscribe((e) => {
    if (e.type === 'execution.started') started.push(e.workflowId);
  });
  const cred = await t.host.storage.credentials.create({ name: 'stripe', type: 'stripeApi', data: { secretKey: 'sk_test_123', signatureSecret: SECRET } });
  const empty = await t.host.storage.credentials.create({ name: 'stripe no secret', type: 'stripeApi', data: { secretKey: 'sk_test_123' } });
  // No path: the node's webhookId is the path, as in n8n.
  filtered = await t.deploy(
    stripeFlow('stripe payments', { webhookId: 'b1c2d3e4-stripe', parameters: { events: ['payment_intent.succeeded', 'charge.refunded'] } }, cred.id),
  );
  wildcard = await t.deploy(stripeFlow('stripe everything', { webhookId: 'unused-id', parameters: { path: 'billing/stripe', events: ['*'] } }, cred.id));
  unconfigured = await t.deploy(stripeFlow('stripe no secret', { webhookId: 'no-secret', parameters: { events: ['*'] } }, empty.id));
});
afterAll(() => t?.close());

describe('Stripe Trigger', () => {
  it('a correctly signed event runs the flow with the event as the item', async () => {
    const payload = event('payment_intent.succeeded', 'evt_paid_1');
    const res = await send('b1c2d3e4-stripe', payload, sign(payload));
    expect(res.status).toBe(200);
    await expect.poll(async () => (await executions(filtered))[0]?.status).toBe('success');
    const [summary] = await executions(filtered);
    const record = await t.host.storage.executions.get(summary.id);
    expect(record?.mode).toBe('webhook');
    expect(record?.runData['Stripe Trigger'][0].data?.main[0]?.[0].json).toEqual(JSON.parse(payload));
    expect(record?.runData.Paid[0].data?.main[0]?.[0].json).toEqual({ eventId: 'evt_paid_1', amount: 4900 });
  });

  it('a tampered body is refused with 400 and nothing runs', async () => {
    const before = startedFor(filtered);
    const payload = event('payment_intent.succeeded');
    const res = await send('b1c2d3e4-stripe', payload.replace('4900', '1'), sign(payload));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_signature', message: expect.stringContaining('No signatures found matching') });
    expect(startedFor(filtered)).toBe(before);
  });

  it('re-serialized JSON (same data, other bytes) does not verify', async () => {
    const payload = event('payment_intent.succeeded');
    const res = await send('b1c2d3e4-stripe', JSON.stringify(JSON.parse(payload)), sign(payload));
    expect(res.status).toBe(400);
  });

  it('a signature older than 300 s is refused with 400; 290 s is still accepted', async () => {
    const before = startedFor(filtered);
    const payload = event('payment_intent.succeeded');
    const now = Math.floor(Date.now() / 1000);
    const old = await send('b1c2d3e4-stripe', payload, sign(payload, { timestamp: now - 301 }));
    expect(old.status).toBe(400);
    expect(((await old.json()) as { message: string }).message).toContain('tolerance');
    expect(startedFor(filtered)).toBe(before);
    const recent = await send('b1c2d3e4-stripe', payload, sign(payload, { timestamp: now - 290 }));
    expect(recent.status).toBe(200);
  });

  it('a missing header, a malformed header or another secret is refused with 400', async () => {
    const before = startedFor(filtered);
    const payload = event('payment_intent.succeeded');
    expect((await send('b1c2d3e4-stripe', payload)).status).toBe(400);
    expect((await send('b1c2d3e4-stripe', payload, 'garbage')).status).toBe(400);
    expect((await send('b1c2d3e4-stripe', payload, sign(payload, { secret: 'whsec_someone_else' }))).status).toBe(400);
    expect(startedFor(filtered)).toBe(before);
  });

  it('an event type that is not selected is acknowledged with 2xx and runs nothing', async () => {
    const before = startedFor(filtered);
    const payload = event('customer.created');
    const res = await send('b1c2d3e4-stripe', payload, sign(payload));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, ignored: 'customer.created' });
    expect(startedFor(filtered)).toBe(before);
  });

  it("'*' takes every event, on the node's own path", async () => {
    const payload = event('customer.created', 'evt_any');
    const res = await send('billing/stripe', payload, sign(payload));
    expect(res.status).toBe(200);
    await expect.poll(async () => (await executions(wildcard))[0]?.status).toBe('success');
    expect((await send('unused-id', payload, sign(payload))).status).toBe(404);
  });

  it('a credential without the signing secret is a configuration error naming the node; nothing runs', async () => {
    const payload = event('payment_intent.succeeded');
    const res = await send('no-secret', payload, sign(payload));
    expect(res.status).toBe(500);
    expect(((await res.json()) as { message: string }).message).toMatch(/Stripe Trigger node "Stripe Trigger".*signatureSecret/);
    expect(startedFor(unconfigured)).toBe(0);
    expect(await executions(unconfigured)).toEqual([]);
  });
});
