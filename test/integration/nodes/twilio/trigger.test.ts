// Twilio Trigger through a real host, called by the fake Twilio's signed webhooks: inbound SMS and
// status callbacks with a valid signature run the flow; a missing, forged or wrongly-addressed
// signature is a 403 and nothing runs. The host's public URL (GIGAFLOW_PUBLIC_URL) is what Twilio
// signs — the fake posts to the local address and signs the public one, as through a proxy.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowInput } from '../../../../host/model/index.ts';
import { twilioSignature } from '../../../fakes/twilio/index.ts';
import { CRED_TYPE, sms, startTwilioEnv, TRIGGER_TYPE } from './setup.ts';
import type { TwilioEnv } from './setup.ts';

const PUBLIC = 'https://flows.gigafibre.test';
let env: TwilioEnv;
const ids: Record<string, string> = {};
const started: string[] = [];

function flow(name: string, parameters: INodeParameters, respond?: string): WorkflowInput {
  const nodes: WorkflowInput['nodes'] = [
    { id: 't', name: 'Twilio Trigger', type: TRIGGER_TYPE, typeVersion: 1, position: [0, 0], webhookId: `${name}-id`, parameters, credentials: { [CRED_TYPE]: { id: env.credId, name: 'twilio' } } },
    { id: 'n', name: 'Seen', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [200, 0], parameters: {} },
  ];
  const connections: WorkflowInput['connections'] = { 'Twilio Trigger': { main: [[{ node: 'Seen', type: 'main', index: 0 }]] } };
  if (respond) {
    nodes.push({
      id: 'r',
      name: 'Reply',
      type: 'n8n-nodes-base.respondToWebhook',
      typeVersion: 1,
      position: [400, 0],
      parameters: { respondWith: 'text', responseBody: respond, options: { responseHeaders: { entries: [{ name: 'Content-Type', value: 'text/xml' }] } } },
    });
    connections.Seen = { main: [[{ node: 'Reply', type: 'main', index: 0 }]] };
  }
  return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

beforeAll(async () => {
  env = await startTwilioEnv({ env: { GIGAFLOW_PUBLIC_URL: PUBLIC } });
  env.t.host.events.subscribe((e) => {
    if (e.type === 'execution.started') started.push(e.workflowId);
  });
  ids.both = await env.t.deploy(flow('both', { path: 'twilio/sms' }));
  ids.inbound = await env.t.deploy(flow('inbound', { path: 'twilio/inbound', events: 'inbound' }));
  ids.override = await env.t.deploy(flow('override', { path: 'twilio/override', publicUrl: 'https://sms.gigafibre.test/hooks/twilio-in' }));
  ids.reply = await env.t.deploy(flow('reply', { path: 'twilio/reply', responseMode: 'responseNode' }, '<Response><Message>Merci, un technicien vous rappelle.</Message></Response>'));
});
afterAll(() => env?.close());

const local = (path: string, query = '') => `${env.t.url}/webhook/${path}${query}`;
const signedAs = (path: string, query = '') => ({ signedUrl: `${PUBLIC}/webhook/${path}${query}` });
const runsOf = async (workflowId: string) => (await env.t.host.storage.executions.list({ workflowId })).data;
const countStarted = (workflowId: string) => started.filter((id) => id === workflowId).length;
async function lastOutput(workflowId: string, count: number): Promise<IDataObject> {
  await expect.poll(async () => (await runsOf(workflowId)).filter((r) => r.status === 'success').length).toBe(count);
  const record = await env.t.host.storage.executions.get((await runsOf(workflowId))[0].id);
  return record!.runData['Twilio Trigger'][0].data!.main[0]![0].json;
}
/** Lets a wrongly started run show up before asserting that none did. */
const settle = () => new Promise((r) => setTimeout(r, 150));
const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

describe('Twilio Trigger: signatures', () => {
  it('a signed inbound SMS runs the flow and is answered with empty TwiML', async () => {
    const res = await env.fake.inboundSms(local('twilio/sms'), { from: '+15145550100', to: '+15145550199', body: 'PANNE rue Principale', media: [{ url: 'https://api.twilio.com/media/ME1', contentType: 'image/jpeg' }] }, signedAs('twilio/sms'));
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/xml/);
    expect(res.body).toBe(TWIML);
    const json = await lastOutput(ids.both, 1);
    expect(json).toMatchObject({
      event: 'message',
      from: '+15145550100',
      to: '+15145550199',
      body: 'PANNE rue Principale',
      numMedia: 1,
      numSegments: 1,
      media: [{ url: 'https://api.twilio.com/media/ME1', contentType: 'image/jpeg' }],
      accountSid: env.fake.accountSid,
      fromCountry: 'CA',
    });
    expect(json.messageSid).toBe(res.params.MessageSid);
    expect((json.params as IDataObject).SmsStatus).toBe('received');
  });

  it('the query string of the call is part of the signed URL', async () => {
    const res = await env.fake.inboundSms(local('twilio/sms', '?site=qc&x=1'), { from: '+15145550100', to: '+15145550199', body: 'with query' }, signedAs('twilio/sms', '?site=qc&x=1'));
    expect(res.status).toBe(200);
    expect((await lastOutput(ids.both, 2)).body).toBe('with query');
  });

  it.each([
    ['a wrong Auth Token', { authToken: 'someone-elses-token' }, 'invalid_signature'],
    ['no X-Twilio-Signature', { signature: false as const }, 'missing_signature'],
    ['a signature over the local URL instead of the public one', { signedUrl: undefined }, 'invalid_signature'],
  ])('%s → 403, nothing runs', async (_name, opts, error) => {
    const before = countStarted(ids.both);
    const res = await env.fake.inboundSms(local('twilio/sms'), { from: '+15145550100', to: '+15145550199', body: 'forged' }, { ...signedAs('twilio/sms'), ...opts });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ error });
    await settle();
    expect(countStarted(ids.both)).toBe(before);
  });

  it('a body changed after signing → 403', async () => {
    const before = countStarted(ids.both);
    const signedParams = { From: '+15145550100', To: '+15145550199', Body: 'Rendez-vous OK', MessageSid: `SM${'c'.repeat(32)}`, AccountSid: env.fake.accountSid };
    const signature = twilioSignature(env.fake.authToken, `${PUBLIC}/webhook/twilio/sms`, signedParams);
    const res = await env.fake.postSigned(local('twilio/sms'), { ...signedParams, Body: 'Annulez tout' }, { signature });
    expect(res.status).toBe(403);
    await settle();
    expect(countStarted(ids.both)).toBe(before);
  });

  it('"Public URL Override" is the URL checked, instead of GIGAFLOW_PUBLIC_URL', async () => {
    const fields = { from: '+15145550100', to: '+15145550199', body: 'via proxy' };
    expect((await env.fake.inboundSms(local('twilio/override'), fields, signedAs('twilio/override'))).status).toBe(403);
    const ok = await env.fake.inboundSms(local('twilio/override'), fields, { signedUrl: 'https://sms.gigafibre.test/hooks/twilio-in' });
    expect(ok.status).toBe(200);
    expect((await lastOutput(ids.override, 1)).body).toBe('via proxy');
  });
});

describe('Twilio Trigger: status callbacks and events', () => {
  it('a status callback for a message the Twilio node sent runs the flow, with the error code explained', async () => {
    const sent = await env.run(sms('+15145550120', 'Votre technicien arrive', { options: { statusCallback: `${PUBLIC}/webhook/twilio/sms` } }));
    const sid = String(sent.json[0].sid);
    const res = await env.fake.deliverStatus(sid, 'undelivered', { errorCode: 30003, url: local('twilio/sms'), ...signedAs('twilio/sms') });
    expect(res.status).toBe(200);
    const json = await lastOutput(ids.both, 3);
    expect(json).toMatchObject({
      event: 'status',
      messageSid: sid,
      status: 'undelivered',
      errorCode: 30003,
      error: { code: 30003, meaning: 'unreachable handset', moreInfo: 'https://www.twilio.com/docs/errors/30003' },
      to: '+15145550120',
    });
    expect((json.error as IDataObject).hint).toMatch(/send again later/);
  });

  it('a delivered callback has no error', async () => {
    const sent = await env.run(sms('+15145550121', 'x', { options: { statusCallback: `${PUBLIC}/webhook/twilio/sms` } }));
    await env.fake.deliverStatus(String(sent.json[0].sid), 'delivered', { url: local('twilio/sms'), ...signedAs('twilio/sms') });
    expect(await lastOutput(ids.both, 4)).toMatchObject({ event: 'status', status: 'delivered', errorCode: null, error: null });
  });

  it('events "inbound": a status callback is acknowledged and ignored', async () => {
    const sent = await env.run(sms('+15145550122', 'x', { options: { statusCallback: `${PUBLIC}/webhook/twilio/inbound` } }));
    const res = await env.fake.deliverStatus(String(sent.json[0].sid), 'sent', { url: local('twilio/inbound'), ...signedAs('twilio/inbound') });
    expect(res.status).toBe(200);
    expect(res.body).toBe(TWIML);
    await settle();
    expect(countStarted(ids.inbound)).toBe(0);
    const inbound = await env.fake.inboundSms(local('twilio/inbound'), { from: '+15145550100', to: '+15145550199', body: 'hello' }, signedAs('twilio/inbound'));
    expect(inbound.status).toBe(200);
    expect((await lastOutput(ids.inbound, 1)).event).toBe('message');
  });

  it('"Respond: Using Respond to Webhook Node" lets the flow reply with TwiML', async () => {
    const res = await env.fake.inboundSms(local('twilio/reply'), { from: '+15145550100', to: '+15145550199', body: 'AIDE' }, signedAs('twilio/reply'));
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/xml/);
    expect(res.body).toBe('<Response><Message>Merci, un technicien vous rappelle.</Message></Response>');
    expect((await lastOutput(ids.reply, 1)).body).toBe('AIDE');
  });
});
