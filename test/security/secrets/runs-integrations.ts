// Runs of the integration nodes against their fakes with canary secrets: for each a successful call
// (the fake is told the canary), a 401/400 with a wrong canary secret, and a wrong endpoint where
// that gives another error path. The fakes recorded requests are not scanned: sending the secret to
// the service is the point; only what Gigaflow keeps, answers or logs is.
import { startFakeFrappe } from '../../fakes/frappe/index.ts';
import { startFakeGemini } from '../../fakes/gemini/index.ts';
import { startFakeGenieAcs } from '../../fakes/genieacs/index.ts';
import { startFakeTraccar } from '../../fakes/traccar/index.ts';
import { startFakeTwilio } from '../../fakes/twilio/index.ts';
import { labelPng } from '../../integration/nodes/gemini-vision/images.ts';
import type { CanarySet } from './canaries.ts';
import type { CaptureHost } from './capture-host.ts';
import { credential, node, runManual } from './flows.ts';

const DEAD = 'http://127.0.0.1:9'; // discard port: nothing listens on loopback

export async function runIntegrations(h: CaptureHost, canaries: CanarySet): Promise<string[]> {
  const out: string[] = [];
  const run = async (label: string, type: string, credType: string, credId: string, parameters: Record<string, unknown>, input?: object[]) =>
    out.push(`${label}: ${await runManual(h, node(label, type, parameters as never, { [credType]: credId }), input as never)}`);

  // ERPNext (fake Frappe): token auth "token key:secret".
  const erpSecret = canaries.make('gigafibreErpNextApi.apiSecret', (v) => [`erp-scan-key:${v}`]);
  const frappe = await startFakeFrappe({ users: [{ user: 'Administrator', apiKey: 'erp-scan-key', apiSecret: erpSecret }] });
  try {
    const erp = 'n8n-nodes-gigafibre.erpNext';
    const ok = await credential(h, 'gigafibreErpNextApi', { baseUrl: frappe.url, apiKey: 'erp-scan-key', apiSecret: erpSecret, webhookSecret: canaries.make('gigafibreErpNextApi.webhookSecret') });
    const bad = await credential(h, 'gigafibreErpNextApi', { baseUrl: frappe.url, apiKey: 'erp-scan-key', apiSecret: canaries.make('gigafibreErpNextApi.apiSecret (wrong)', (v) => [`erp-scan-key:${v}`]) });
    const dead = await credential(h, 'gigafibreErpNextApi', { baseUrl: DEAD, apiKey: 'erp-scan-key', apiSecret: canaries.make('gigafibreErpNextApi.apiSecret (dead)', (v) => [`erp-scan-key:${v}`]), timeout: 2000 });
    await run('ERPNext ok', erp, 'gigafibreErpNextApi', ok, { operation: 'getAll', doctype: 'Customer' });
    await run('ERPNext 401', erp, 'gigafibreErpNextApi', bad, { operation: 'getAll', doctype: 'Customer' });
    await run('ERPNext dead', erp, 'gigafibreErpNextApi', dead, { operation: 'getAll', doctype: 'Customer' });
  } finally {
    await frappe.close();
  }

  // GenieACS behind a Basic-auth proxy; header auth is refused by that proxy.
  const acsPassword = canaries.make('gigafibreGenieAcsApi.password', (v) => [`acs-scan:${v}`]);
  const acs = await startFakeGenieAcs({ basicAuth: { username: 'acs-scan', password: acsPassword } });
  try {
    const type = 'n8n-nodes-gigafibre.genieAcs';
    const ok = await credential(h, 'gigafibreGenieAcsApi', { baseUrl: acs.url, authType: 'basic', username: 'acs-scan', password: acsPassword });
    const bad = await credential(h, 'gigafibreGenieAcsApi', { baseUrl: acs.url, authType: 'basic', username: 'acs-scan', password: canaries.make('gigafibreGenieAcsApi.password (wrong)', (v) => [`acs-scan:${v}`]) });
    const header = await credential(h, 'gigafibreGenieAcsApi', { baseUrl: acs.url, authType: 'header', headerName: 'X-Acs-Token', headerValue: canaries.make('gigafibreGenieAcsApi.headerValue') });
    for (const [label, id] of [['GenieACS ok', ok], ['GenieACS 401', bad], ['GenieACS header 401', header]]) await run(label, type, 'gigafibreGenieAcsApi', id, { operation: 'findDevices' });
  } finally {
    await acs.close();
  }

  // Twilio: Basic accountSid:authToken, or apiKeySid:apiKeySecret.
  const authToken = canaries.make('gigafibreTwilioApi.authToken');
  const twilio = await startFakeTwilio({ authToken });
  try {
    const type = 'n8n-nodes-gigafibre.twilio';
    const sid = twilio.accountSid;
    canaries.add('gigafibreTwilioApi.authToken (basic)', authToken, [`${sid}:${authToken}`]);
    const ok = await credential(h, 'gigafibreTwilioApi', { accountSid: sid, authToken, apiBaseUrl: twilio.url });
    const wrong = canaries.make('gigafibreTwilioApi.authToken (wrong)', (v) => [`${sid}:${v}`]);
    const bad = await credential(h, 'gigafibreTwilioApi', { accountSid: sid, authToken: wrong, apiBaseUrl: twilio.url });
    const apiKey = await credential(h, 'gigafibreTwilioApi', {
      authType: 'apiKey',
      accountSid: sid,
      apiKeySid: 'SK5ca90000000000000000000000000000',
      apiKeySecret: canaries.make('gigafibreTwilioApi.apiKeySecret', (v) => [`SK5ca90000000000000000000000000000:${v}`]),
      apiBaseUrl: twilio.url,
    });
    const sms = { operation: 'sendSms', to: '+15145550100', from: '+15005550006', message: 'scan' };
    for (const [label, id] of [['Twilio ok', ok], ['Twilio 401', bad], ['Twilio api key 401', apiKey]]) await run(label, type, 'gigafibreTwilioApi', id, sms);
  } finally {
    await twilio.close();
  }

  // Gemini: key in x-goog-api-key; an unknown key is a 400 API_KEY_INVALID.
  const geminiKey = canaries.make('gigafibreGeminiApi.apiKey');
  const gemini = await startFakeGemini({ apiKeys: [geminiKey] });
  try {
    const type = 'n8n-nodes-gigafibre.geminiVision';
    const image = { operation: 'describe', inputType: 'base64', base64Image: labelPng(3).toString('base64'), prompt: 'Read it.' };
    const ok = await credential(h, 'gigafibreGeminiApi', { apiKey: geminiKey, baseUrl: gemini.url });
    const bad = await credential(h, 'gigafibreGeminiApi', { apiKey: canaries.make('gigafibreGeminiApi.apiKey (wrong)'), baseUrl: gemini.url });
    const dead = await credential(h, 'gigafibreGeminiApi', { apiKey: canaries.make('gigafibreGeminiApi.apiKey (dead)'), baseUrl: DEAD });
    for (const [label, id] of [['Gemini ok', ok], ['Gemini 400', bad], ['Gemini dead', dead]]) await run(label, type, 'gigafibreGeminiApi', id, image);
  } finally {
    await gemini.close();
  }

  // Traccar: its token is the fake's own (random), so it joins the canaries as it is.
  const traccar = await startFakeTraccar();
  try {
    const type = 'n8n-nodes-gigafibre.traccar';
    canaries.add('gigafibreTraccarApi.token (fake)', traccar.token);
    const ok = await credential(h, 'gigafibreTraccarApi', { baseUrl: traccar.url, authType: 'token', token: traccar.token });
    const bad = await credential(h, 'gigafibreTraccarApi', { baseUrl: traccar.url, authType: 'token', token: canaries.make('gigafibreTraccarApi.token (wrong)') });
    const basic = await credential(h, 'gigafibreTraccarApi', {
      baseUrl: traccar.url,
      authType: 'basic',
      email: traccar.email,
      password: canaries.make('gigafibreTraccarApi.password (wrong)', (v) => [`${traccar.email}:${v}`]),
    });
    for (const [label, id] of [['Traccar ok', ok], ['Traccar 401', bad], ['Traccar basic 401', basic]]) await run(label, type, 'gigafibreTraccarApi', id, { resource: 'device', operation: 'getMany' });
  } finally {
    await traccar.close();
  }

  // The device-side types: stored (listed, exported, tested below), not run (no fake on loopback here).
  await credential(h, 'gigafibreOltSnmp', {
    host: '127.0.0.1',
    port: 9,
    version: 'v3',
    community: canaries.make('gigafibreOltSnmp.community'),
    username: 'olt',
    securityLevel: 'authPriv',
    authProtocol: 'sha',
    authKey: canaries.make('gigafibreOltSnmp.authKey'),
    privProtocol: 'aes',
    privKey: canaries.make('gigafibreOltSnmp.privKey'),
    timeoutMs: 300,
    retries: 0,
  });
  await credential(h, 'gigafibreTplinkModem', { address: '127.0.0.1:9', username: 'admin', password: canaries.make('gigafibreTplinkModem.password', (v) => [`admin:${v}`]) });
  return out;
}
