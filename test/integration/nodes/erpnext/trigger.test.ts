// ERPNext Trigger through a real host, called by the fake Frappe's Webhook sender: signatures
// (valid, invalid, missing), event/doctype from the query or the body, filtering, the 400 for an
// unnamed event, settings.triggerCondition, and PUT webhooks.
import { createHmac } from 'node:crypto';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowInput } from '../../../../host/model/index.ts';
import type { FakeFrappeWebhook } from '../../../fakes/frappe/index.ts';
import { CRED_TYPE, TRIGGER_TYPE, startErpEnv } from './setup.ts';
import type { ErpEnv } from './setup.ts';

const SECRET = 'frappe-webhook-secret-4b1d';
const ISSUE_JSON = '{"name": "{{ doc.name }}", "status": "{{ doc.status }}", "priority": "{{ doc.priority }}", "subject": {{ doc.subject | tojson }}}';
let env: ErpEnv;
const ids: Record<string, string> = {};
const started: string[] = [];

function flow(name: string, parameters: INodeParameters, credId?: string, settings: IDataObject = {}): WorkflowInput {
  return {
    name,
    nodes: [
      { id: 't', name: 'ERPNext Trigger', type: TRIGGER_TYPE, typeVersion: 1, position: [0, 0], webhookId: `${name}-id`, parameters, ...(credId ? { credentials: { [CRED_TYPE]: { id: credId, name: 'erp' } } } : {}) },
      { id: 'n', name: 'Seen', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [200, 0], parameters: {} },
    ],
    connections: { 'ERPNext Trigger': { main: [[{ node: 'Seen', type: 'main', index: 0 }]] } },
    settings: { executionOrder: 'v1', ...settings },
  };
}

beforeAll(async () => {
  env = await startErpEnv();
  env.t.host.events.subscribe((e) => {
    if (e.type === 'execution.started') started.push(e.workflowId);
  });
  const signed = await env.credential({ baseUrl: env.frappe.url, apiKey: env.frappe.apiKey, apiSecret: env.frappe.apiSecret, webhookSecret: SECRET });
  ids.issues = await env.t.deploy(flow('issues', { path: 'erpnext/issues', doctype: 'Issue', events: ['after_insert', 'on_update'] }, signed));
  ids.open = await env.t.deploy(flow('open', { path: 'erpnext/open', doctype: '*', events: ['*'] }));
  ids.urgent = await env.t.deploy(flow('urgent', { path: 'erpnext/urgent', doctype: 'Issue', events: ['*'] }, undefined, { triggerCondition: { '==': [{ var: 'body.priority' }, 'Urgent'] } }));
  ids.put = await env.t.deploy(flow('put', { path: 'erpnext/put', httpMethod: 'PUT', doctype: 'Customer', events: ['on_trash'] }));
});
afterAll(() => env?.close());

const url = (path: string, query = '') => `${env.t.url}/webhook/${path}${query}`;
const runsOf = async (workflowId: string) => (await env.t.host.storage.executions.list({ workflowId })).data;
const countStarted = (workflowId: string) => started.filter((id) => id === workflowId).length;
/** Hooks stay registered: each one only fires for documents with its own subject / name. */
const about = (text: string) => (doc: Record<string, unknown>) => doc.subject === text || doc.customer_name === text;
/** Adds a webhook, makes the change, waits for the delivery and returns it. */
async function deliver(hook: FakeFrappeWebhook, change: () => void) {
  env.frappe.addWebhook(hook);
  const before = env.frappe.webhookDeliveries.length;
  change();
  await env.frappe.settleWebhooks();
  const mine = env.frappe.webhookDeliveries.slice(before).filter((d) => d.url === hook.url);
  expect(mine).toHaveLength(1);
  return mine[0];
}
const newIssue = (subject: string, priority = 'Medium') => () => void env.frappe.insert('Issue', { subject, priority });

describe('ERPNext Trigger: signatures', () => {
  it('a signed Frappe delivery runs the flow with {headers, params, query, body, doctype, event, name}', async () => {
    const hook: FakeFrappeWebhook = { doctype: 'Issue', event: 'after_insert', url: url('erpnext/issues', '?event=after_insert&doctype=Issue'), secret: SECRET, json: ISSUE_JSON, condition: about('Fibre cut on Rang 4') };
    const delivery = await deliver(hook, newIssue('Fibre cut on Rang 4'));
    expect(delivery.status).toBe(200);
    expect(delivery.headers['Content-Type'] ?? delivery.headers['content-type']).toBeUndefined();
    await expect.poll(async () => (await runsOf(ids.issues))[0]?.status).toBe('success');
    const record = await env.t.host.storage.executions.get((await runsOf(ids.issues))[0].id);
    const json = record!.runData['ERPNext Trigger'][0].data!.main[0]![0].json as IDataObject;
    expect(json).toMatchObject({ doctype: 'Issue', event: 'after_insert', name: delivery.name, query: { event: 'after_insert', doctype: 'Issue' }, params: {} });
    expect(json.body).toEqual({ name: delivery.name, status: 'Open', priority: 'Medium', subject: 'Fibre cut on Rang 4' });
    expect((json.headers as IDataObject)['x-frappe-webhook-signature']).toBe(delivery.signature);
  });

  it('a wrong secret is refused with 401 and nothing runs', async () => {
    const before = countStarted(ids.issues);
    const hook: FakeFrappeWebhook = { doctype: 'Issue', event: 'on_update', url: url('erpnext/issues', '?event=on_update&doctype=Issue&try=wrong'), secret: 'someone-else', json: ISSUE_JSON, condition: about('Wrong secret') };
    const delivery = await deliver(hook, newIssue('Wrong secret'));
    expect(delivery.status).toBe(401);
    expect(countStarted(ids.issues)).toBe(before);
  });

  it('a missing signature is refused with 401 and says how to fix it', async () => {
    const payload = JSON.stringify({ name: 'ISS-X', status: 'Open' });
    const res = await fetch(url('erpnext/issues', '?event=on_update&doctype=Issue'), { method: 'POST', body: payload });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'missing_signature', message: expect.stringContaining('Enable Security') });
    const tampered = await fetch(url('erpnext/issues', '?event=on_update&doctype=Issue'), {
      method: 'POST',
      headers: { 'X-Frappe-Webhook-Signature': createHmac('sha256', SECRET).update(payload).digest('base64') },
      body: payload.replace('Open', 'Closed'),
    });
    expect(tampered.status).toBe(401);
    expect(((await tampered.json()) as { error: string }).error).toBe('invalid_signature');
    const delivered = await deliver({ doctype: 'Issue', event: 'after_insert', url: url('erpnext/issues', '?event=after_insert&doctype=Issue&unsigned=1'), json: ISSUE_JSON, condition: about('Unsigned') }, newIssue('Unsigned'));
    expect(delivered.status).toBe(401);
  });

  it('verifies the exact bytes: re-serialized JSON with the original signature fails', async () => {
    const payload = '{\n "doctype": "Issue",\n "event": "on_update",\n "name": "ISS-9"\n}';
    const signature = createHmac('sha256', SECRET).update(payload).digest('base64');
    const send = (body: string) => fetch(url('erpnext/issues'), { method: 'POST', headers: { 'X-Frappe-Webhook-Signature': signature }, body });
    expect((await send(payload)).status).toBe(200);
    expect((await send(JSON.stringify(JSON.parse(payload)))).status).toBe(401);
  });
});

describe('ERPNext Trigger: which event', () => {
  it('reads doctype and event from the body when the URL has none', async () => {
    const json = '{"doctype": "Issue", "event": "on_update", "name": "{{ doc.name }}", "status": "{{ doc.status }}"}';
    const issue = env.frappe.insert('Issue', { subject: 'Body names the event' });
    const before = (await runsOf(ids.issues)).length;
    const hook: FakeFrappeWebhook = { doctype: 'Issue', event: 'on_update', url: url('erpnext/issues'), secret: SECRET, json, condition: about('Body names the event') };
    const delivery = await deliver(hook, () => void env.frappe.update('Issue', String(issue.name), { status: 'Replied' }));
    expect(delivery.status).toBe(200);
    await expect.poll(async () => (await runsOf(ids.issues)).length).toBe(before + 1);
    const record = await env.t.host.storage.executions.get((await runsOf(ids.issues))[0].id);
    expect(record!.runData['ERPNext Trigger'][0].data!.main[0]![0].json).toMatchObject({ doctype: 'Issue', event: 'on_update', name: issue.name, query: {}, body: { status: 'Replied' } });
  });

  it('with a secret, a signed body replayed under a URL naming another event is refused', async () => {
    const before = countStarted(ids.issues);
    const payload = '{"doctype": "Issue", "event": "on_trash", "name": "ISS-7"}';
    const signature = createHmac('sha256', SECRET).update(payload).digest('base64');
    const replay = await fetch(url('erpnext/issues', '?event=on_update&doctype=Issue'), { method: 'POST', headers: { 'X-Frappe-Webhook-Signature': signature }, body: payload });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'conflicting_event', message: expect.stringContaining('event "on_update" in the URL, "on_trash" in the signed body') });
    expect(countStarted(ids.issues)).toBe(before);
  });

  it('another event or doctype is acknowledged with 200 {ignored} and runs nothing', async () => {
    const before = countStarted(ids.issues);
    const trash = await fetch(url('erpnext/issues', '?event=on_trash&doctype=Issue'), { method: 'POST', headers: { 'X-Frappe-Webhook-Signature': createHmac('sha256', SECRET).update('{}').digest('base64') }, body: '{}' });
    expect(trash.status).toBe(200);
    expect(await trash.json()).toEqual({ received: true, ignored: true, doctype: 'Issue', event: 'on_trash' });
    const customer = await deliver({ doctype: 'Customer', event: 'after_insert', url: url('erpnext/issues', '?event=after_insert&doctype=Customer'), secret: SECRET, json: '{"name": "{{ doc.name }}"}', condition: about('Érablière Roy') }, () => {
      env.frappe.insert('Customer', { customer_name: 'Érablière Roy' });
    });
    expect(customer.status).toBe(200);
    expect(countStarted(ids.issues)).toBe(before);
  });

  it('a filtering trigger answers 400 when the call does not say which event, naming the fix', async () => {
    const body = '{"name": "ISS-1"}';
    const res = await fetch(url('erpnext/issues'), { method: 'POST', headers: { 'X-Frappe-Webhook-Signature': createHmac('sha256', SECRET).update(body).digest('base64') }, body });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'unknown_event',
      message: expect.stringContaining('does not say which doctype or event it is about. Add ?event=on_update&doctype=Issue'),
    });
    // A trigger that takes anything does not need to know.
    const open = await fetch(url('erpnext/open'), { method: 'POST', body: 'not json' });
    expect(open.status).toBe(400);
    expect(((await open.json()) as { error: string }).error).toBe('invalid_body');
    const anything = await fetch(url('erpnext/open'), { method: 'POST', body });
    expect(anything.status).toBe(200);
    await expect.poll(async () => (await runsOf(ids.open))[0]?.status).toBe('success');
  });
});

describe('ERPNext Trigger: with the flow', () => {
  it('settings.triggerCondition on body.priority runs only the matching calls', async () => {
    const hook: FakeFrappeWebhook = {
      doctype: 'Issue',
      event: 'after_insert',
      url: url('erpnext/urgent', '?event=after_insert&doctype=Issue'),
      json: ISSUE_JSON,
      condition: (doc) => ['Whole street down', 'Password reset'].includes(String(doc.subject)),
    };
    env.frappe.addWebhook(hook);
    env.frappe.insert('Issue', { subject: 'Whole street down', priority: 'Urgent' });
    env.frappe.insert('Issue', { subject: 'Password reset', priority: 'Low' });
    await env.frappe.settleWebhooks();
    await expect.poll(async () => (await runsOf(ids.urgent)).length).toBe(1);
    const record = await env.t.host.storage.executions.get((await runsOf(ids.urgent))[0].id);
    expect((record!.runData['ERPNext Trigger'][0].data!.main[0]![0].json.body as IDataObject).subject).toBe('Whole street down');
  });

  it('a PUT webhook with the Form-style field map (sent as JSON) reaches a PUT trigger', async () => {
    const hook: FakeFrappeWebhook = {
      doctype: 'Customer',
      event: 'on_trash',
      method: 'PUT',
      url: url('erpnext/put', '?event=on_trash&doctype=Customer'),
      fields: [{ fieldname: 'name', key: 'name' }, { fieldname: 'territory', key: 'territory' }],
    };
    env.frappe.insert('Customer', { customer_name: 'Garage Côté', territory: 'Beauce' });
    const delivery = await deliver(hook, () => env.frappe.remove('Customer', 'Garage Côté'));
    expect([delivery.method, delivery.status]).toEqual(['PUT', 200]);
    await expect.poll(async () => (await runsOf(ids.put))[0]?.status).toBe('success');
    const record = await env.t.host.storage.executions.get((await runsOf(ids.put))[0].id);
    expect(record!.runData['ERPNext Trigger'][0].data!.main[0]![0].json).toMatchObject({ doctype: 'Customer', event: 'on_trash', name: 'Garage Côté', body: { name: 'Garage Côté', territory: 'Beauce' } });
    expect((await fetch(url('erpnext/put', '?event=on_trash&doctype=Customer'), { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
