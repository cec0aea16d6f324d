// Runs that use the generic credentials: HTTP Request with header/basic/bearer auth (a 200, a 401
// and an unreachable endpoint each), webhooks guarded by basic, header and HMAC credentials (good
// and bad requests), and the Stripe trigger (a signed and a badly signed event).
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import type { CanarySet } from './canaries.ts';
import type { CaptureHost } from './capture-host.ts';
import { chain, credential, node, runManual } from './flows.ts';

/** A target that answers 200 on /ok and 401 (with a WWW-Authenticate challenge) on /deny. */
async function startTarget(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/ok')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="scan"' }).end('{"error":"invalid credentials"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** A loopback port nothing listens on (a wrong endpoint). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export async function runHttpCredentials(h: CaptureHost, canaries: CanarySet): Promise<string[]> {
  const statuses: string[] = [];
  const target = await startTarget();
  const dead = `http://127.0.0.1:${await closedPort()}`;
  try {
    const user = 'scan-user';
    const creds = {
      httpHeaderAuth: await credential(h, 'httpHeaderAuth', { name: 'X-Api-Token', value: canaries.make('httpHeaderAuth.value') }),
      httpBasicAuth: await credential(h, 'httpBasicAuth', { user, password: canaries.make('httpBasicAuth.password', (v) => [`${user}:${v}`]) }),
      httpBearerAuth: await credential(h, 'httpBearerAuth', { token: canaries.make('httpBearerAuth.token') }),
    };
    for (const [type, id] of Object.entries(creds)) {
      for (const url of [`${target.url}/ok`, `${target.url}/deny`, `${dead}/nowhere`]) {
        const http = node(`HTTP ${type}`, 'n8n-nodes-base.httpRequest', { method: 'GET', url, authentication: 'genericCredentialType', genericAuthType: type }, { [type]: id }, { typeVersion: 4.2 });
        statuses.push(`${type} ${url}: ${await runManual(h, http)}`);
      }
    }
  } finally {
    await target.close();
  }
  statuses.push(...(await runGuardedWebhooks(h, canaries)));
  statuses.push(...(await runStripeTrigger(h, canaries)));
  return statuses;
}

async function runGuardedWebhooks(h: CaptureHost, canaries: CanarySet): Promise<string[]> {
  const user = 'hook-user';
  const basicPassword = canaries.make('httpBasicAuth.password (webhook)', (v) => [`${user}:${v}`]);
  const headerValue = canaries.make('httpHeaderAuth.value (webhook)');
  const hmacSecret = canaries.make('webhookHmacAuth.secret');
  const basic = await credential(h, 'httpBasicAuth', { user, password: basicPassword });
  const header = await credential(h, 'httpHeaderAuth', { name: 'X-Hook-Token', value: headerValue });
  const hmac = await credential(h, 'webhookHmacAuth', { secret: hmacSecret });
  const guarded: [string, string, string, string][] = [
    ['basicAuth', 'httpBasicAuth', basic, 'scan-basic'],
    ['headerAuth', 'httpHeaderAuth', header, 'scan-header'],
    ['hmacSha256', 'webhookHmacAuth', hmac, 'scan-hmac'],
  ];
  for (const [authentication, type, id, path] of guarded) {
    const wf = chain(`guarded ${path}`, [
      node('Webhook', 'n8n-nodes-base.webhook', { httpMethod: 'POST', path, responseMode: 'lastNode', authentication }, { [type]: id }, { typeVersion: 2 }),
      node('NoOp', 'n8n-nodes-base.noOp', {}),
    ]);
    const created = await h.api('/workflows', { method: 'POST', body: wf });
    await h.api(`/workflows/${created.body.id}/activate`, { method: 'POST' });
  }
  const body = '{"hello":"world"}';
  const send = async (path: string, headers: Record<string, string>) => {
    const res = await fetch(`${h.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    await h.record(`POST /webhook/${path}`, res);
    return `${path}: ${res.status}`;
  };
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return [
    await send('scan-basic', { authorization: `Basic ${b64(`${user}:${basicPassword}`)}` }),
    await send('scan-basic', { authorization: `Basic ${b64(`${user}:wrong`)}` }),
    await send('scan-header', { 'x-hook-token': headerValue }),
    await send('scan-header', { 'x-hook-token': 'wrong' }),
    await send('scan-hmac', { 'x-signature-256': `sha256=${createHmac('sha256', hmacSecret).update(body).digest('hex')}` }),
    await send('scan-hmac', { 'x-signature-256': 'sha256=00' }),
  ];
}

async function runStripeTrigger(h: CaptureHost, canaries: CanarySet): Promise<string[]> {
  const signatureSecret = canaries.make('stripeApi.signatureSecret');
  const cred = await credential(h, 'stripeApi', { secretKey: canaries.make('stripeApi.secretKey'), signatureSecret });
  const wf = chain('stripe scan', [
    node('Stripe Trigger', 'n8n-nodes-base.stripeTrigger', { events: ['payment_intent.succeeded'] }, { stripeApi: cred }, { webhookId: 'scan-stripe' }),
    node('NoOp', 'n8n-nodes-base.noOp', {}),
  ]);
  const created = await h.api('/workflows', { method: 'POST', body: wf });
  await h.api(`/workflows/${created.body.id}/activate`, { method: 'POST' });
  const payload = JSON.stringify({ id: 'evt_scan', object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_1', object: 'payment_intent', amount: 100 } } });
  const out: string[] = [];
  for (const secret of [signatureSecret, 'whsec_wrong']) {
    const res = await fetch(`${h.url}/webhook/scan-stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }) },
      body: payload,
    });
    await h.record('POST /webhook/scan-stripe', res);
    out.push(`stripe: ${res.status}`);
  }
  return out;
}
