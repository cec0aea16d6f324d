// The Webhook node's caller checks over real HTTP: options.ipWhitelist and options.allowedOrigins (CORS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedOrigin, parseAllowList } from '../../../../nodes/core/webhook/access.ts';
import { startTestHost } from '../../../helpers/host.ts';
import type { TestHost } from '../../../helpers/host.ts';
import { setNode, webhookFlow } from './flows.ts';

let t: TestHost;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestHost();
  t.host.events.subscribe((e) => {
    if (e.type === 'execution.started') started.push(e.workflowId);
  });
  const ok = () => [setNode('Ok', { ok: true })];
  ids.local = await t.deploy(webhookFlow({ httpMethod: 'GET', path: 'ip/local', responseMode: 'lastNode', options: { ipWhitelist: '10.0.0.1, 127.0.0.1' } }, ok()));
  ids.range = await t.deploy(webhookFlow({ httpMethod: 'GET', path: 'ip/range', responseMode: 'lastNode', options: { ipWhitelist: '127.0.0.0/8' } }, ok()));
  ids.others = await t.deploy(webhookFlow({ httpMethod: 'GET', path: 'ip/others', responseMode: 'lastNode', options: { ipWhitelist: '10.0.0.0/8, 192.168.1.5, ::2' } }, ok()));
  ids.bad = await t.deploy(webhookFlow({ httpMethod: 'GET', path: 'ip/bad', responseMode: 'lastNode', options: { ipWhitelist: '127.0.0.1, office-router' } }, ok()));
  ids.open = await t.deploy(webhookFlow({ httpMethod: 'POST', path: 'cors/open', responseMode: 'lastNode' }, ok()));
  ids.listed = await t.deploy(
    webhookFlow({ httpMethod: 'POST', path: 'cors/listed', responseMode: 'lastNode', options: { allowedOrigins: 'https://ops.example.com, https://field.example.com' } }, ok()),
  );
});
afterAll(() => t?.close());

// Runs started per workflow. The webhook service starts a run before it answers and publishes
// execution.started synchronously, so this count is exact right after a response.
const started: string[] = [];
const executions = async (workflowId: string) => started.filter((id) => id === workflowId).length;

describe('options.ipWhitelist', () => {
  it('lets a listed address through (127.0.0.1 in a list, or in a CIDR range)', async () => {
    const listed = await fetch(`${t.url}/webhook/ip/local`);
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({ ok: true });
    expect((await fetch(`${t.url}/webhook/ip/range`)).status).toBe(200);
    expect(await executions(ids.local)).toBe(1);
  });

  it('answers 403 to an address not on the list and runs nothing', async () => {
    const res = await fetch(`${t.url}/webhook/ip/others`);
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('IP is not whitelisted to access the webhook!');
    expect(await executions(ids.others)).toBe(0);
  });

  it('ignores X-Forwarded-For: the connecting address decides', async () => {
    const res = await fetch(`${t.url}/webhook/ip/others`, { headers: { 'x-forwarded-for': '10.1.2.3', 'x-real-ip': '192.168.1.5' } });
    expect(res.status).toBe(403);
    expect(await executions(ids.others)).toBe(0);
  });

  it('a malformed entry is a configuration error naming the node and the option', async () => {
    const res = await fetch(`${t.url}/webhook/ip/bad`);
    expect(res.status).toBe(500);
    const body = (await res.json()) as { message: string };
    expect(body.message).toContain('Webhook node "Webhook"');
    expect(body.message).toContain('"office-router"');
    expect(body.message).toContain('ipWhitelist');
    expect(await executions(ids.bad)).toBe(0);
  });

  it('matches addresses and ranges, not substrings; IPv4-mapped IPv6 counts as IPv4', () => {
    const list = parseAllowList('10.0.0.1, 192.168.0.0/16, 2001:db8::/32');
    if (!list.ok) throw new Error('list should parse');
    expect(list.allows('10.0.0.1')).toBe(true);
    expect(list.allows('10.0.0.10')).toBe(false); // n8n's substring match would let this in
    expect(list.allows('::ffff:192.168.44.9')).toBe(true);
    expect(list.allows('2001:db8:1::7')).toBe(true);
    expect(list.allows('2001:db9::1')).toBe(false);
    expect(list.allows(undefined)).toBe(false);
    expect(parseAllowList('  ').ok).toBe(true);
    expect(parseAllowList('10.0.0.0/33')).toEqual({ ok: false, bad: '10.0.0.0/33' });
    expect(parseAllowList('10.0.0.0/8/1')).toEqual({ ok: false, bad: '10.0.0.0/8/1' });
  });
});

describe('options.allowedOrigins (CORS)', () => {
  it("by default ('*') lets any page read the answer, echoing its origin", async () => {
    const res = await fetch(`${t.url}/webhook/cors/open`, { method: 'POST', headers: { origin: 'https://anywhere.example.org' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://anywhere.example.org');
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it('sends no CORS header to a request without an Origin', async () => {
    const res = await fetch(`${t.url}/webhook/cors/open`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows exactly the listed origins', async () => {
    const allowed = await fetch(`${t.url}/webhook/cors/listed`, { method: 'POST', headers: { origin: 'https://field.example.com' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://field.example.com');
    const other = await fetch(`${t.url}/webhook/cors/listed`, { method: 'POST', headers: { origin: 'https://evil.example.net' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(allowedOrigin('https://ops.example.com/', 'https://ops.example.com')).toBe('https://ops.example.com');
  });

  it('answers a preflight OPTIONS for a registered path without running the flow', async () => {
    const before = await executions(ids.listed);
    const res = await fetch(`${t.url}/webhook/cors/listed`, {
      method: 'OPTIONS',
      headers: { origin: 'https://ops.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-trace' },
    });
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://ops.example.com');
    expect(res.headers.get('access-control-allow-methods')).toMatch(/\bPOST\b/);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-trace');
    const refused = await fetch(`${t.url}/webhook/cors/listed`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'POST' },
    });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect((await fetch(`${t.url}/webhook/cors/nothing-here`, { method: 'OPTIONS', headers: { origin: 'https://ops.example.com' } })).status).toBe(404);
    expect(await executions(ids.listed)).toBe(before);
  });
});
