// The OLT SNMP node against a real SNMP peer: Debian's snmpd (Net-SNMP 5.9) started for this file
// with its own config. Expected values come from the kernel (/sys/class/net, os), not from snmpd.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedUdpPort } from '../../../helpers/ports.ts';
import { startSnmpd } from '../../../helpers/snmpd.ts';
import type { Snmpd } from '../../../helpers/snmpd.ts';
import { CRED_TYPE, credentialFor, startOltEnv } from './setup.ts';
import type { OltEnv } from './setup.ts';

let env: OltEnv;
let snmpd: Snmpd;
const creds: Record<'v2c' | 'v3', string> = { v2c: '', v3: '' };

beforeAll(async () => {
  snmpd = await startSnmpd();
  env = await startOltEnv();
  creds.v2c = await env.credential(credentialFor(snmpd, 'v2c'));
  creds.v3 = await env.credential(credentialFor(snmpd, 'v3'));
});
afterAll(async () => {
  await env?.close();
  await snmpd?.close();
});

/** The kernel's interfaces: ifIndex → name, as IF-MIB's ifTable should list them. */
function kernelInterfaces(): Map<number, string> {
  const out = new Map<number, string>();
  for (const name of readdirSync('/sys/class/net')) out.set(Number(readFileSync(`/sys/class/net/${name}/ifindex`, 'utf8')), name);
  return out;
}

describe.each(['v2c', 'v3'] as const)('OLT SNMP against snmpd over %s', (version) => {
  it('gets sysName.0 and sysDescr.0', async () => {
    const r = await env.run({ operation: 'get', oids: '1.3.6.1.2.1.1.5.0, .1.3.6.1.2.1.1.1.0' }, { credId: creds[version] });
    expect(r.error).toBeUndefined();
    const [item] = r.json as Array<{ olt: string; values: Record<string, string>; varbinds: Array<{ oid: string; type: string; value: string }> }>;
    expect(item.olt).toBe('127.0.0.1');
    expect(item.values['1.3.6.1.2.1.1.5.0']).toBe(snmpd.sysName);
    expect(item.values['1.3.6.1.2.1.1.1.0'].startsWith(`${os.type()} ${os.hostname()} ${os.release()}`)).toBe(true);
    expect(item.varbinds.map((v) => [v.oid, v.type])).toEqual([
      ['1.3.6.1.2.1.1.5.0', 'OctetString'],
      ['1.3.6.1.2.1.1.1.0', 'OctetString'],
    ]);
  });

  it('walks the IF-MIB ifDescr column: one item per kernel interface', async () => {
    const r = await env.run({ operation: 'walk', oid: '1.3.6.1.2.1.2.2.1.2', maxRepetitions: 2, limit: 0 }, { credId: creds[version] });
    expect(r.error).toBeUndefined();
    const seen = new Map(r.json.map((j) => [Number(j.index), j.value]));
    expect(seen).toEqual(kernelInterfaces());
    expect(r.json.every((j) => j.oid === `1.3.6.1.2.1.2.2.1.2.${j.index}` && j.type === 'OctetString')).toBe(true);
  });

  it('stops a walk at the row limit', async () => {
    const r = await env.run({ operation: 'walk', oid: '1.3.6.1.2.1.2.2.1', limit: 3 }, { credId: creds[version] });
    expect(r.json).toHaveLength(3);
  });

  it('port status from IF-MIB: the loopback by name, counters as numbers', async () => {
    const r = await env.run({ operation: 'portStatus', port: 'lo' }, { credId: creds[version] });
    expect(r.error).toBeUndefined();
    const rxAfter = Number(readFileSync('/sys/class/net/lo/statistics/rx_bytes', 'utf8'));
    expect(r.json).toHaveLength(1);
    const lo = r.json[0];
    expect(lo).toMatchObject({ source: 'olt-snmp', olt: '127.0.0.1', ifIndex: Number(readFileSync('/sys/class/net/lo/ifindex', 'utf8')), name: 'lo', adminStatus: 'up', operStatus: 'up' });
    expect(lo).not.toHaveProperty('ponPort');
    expect(typeof lo.inOctets).toBe('number');
    expect(lo.inOctets as number).toBeGreaterThan(0);
    expect(lo.inOctets as number).toBeLessThanOrEqual(rxAfter);
    expect(typeof lo.outOctets).toBe('number');
  });
});

describe('OLT SNMP errors against snmpd', () => {
  const v3 = (extra: IDataObject) => env.credential(credentialFor(snmpd, 'v3', extra));
  const get = { operation: 'get', oids: '1.3.6.1.2.1.1.5.0' };

  it('v3 with a wrong auth key says so, naming the agent and the user', async () => {
    const r = await env.run(get, { credId: await v3({ authKey: 'not-the-auth-key' }) });
    expect(r.error).toMatchObject({ node: 'OLT SNMP', httpCode: 'EAUTH', message: `SNMPv3 authentication failed at 127.0.0.1:${snmpd.port}: wrong auth key for user "gfops"` });
    expect(r.error?.description).toContain('Auth Key');
    expect(JSON.stringify(r.record)).not.toContain('not-the-auth-key');
  });

  it('v3 with an unknown user says the agent does not know it', async () => {
    const r = await env.run(get, { credId: await v3({ username: 'nobody' }) });
    expect(r.error?.message).toBe(`SNMPv3 authentication failed at 127.0.0.1:${snmpd.port}: the OLT does not know user "nobody"`);
  });

  it('v3 with a wrong privacy key: snmpd drops what it cannot decrypt, so a timeout that points at the privacy key', async () => {
    const r = await env.run(get, { credId: await v3({ privKey: 'not-the-priv-key', timeoutMs: 300 }) });
    expect(r.error).toMatchObject({ httpCode: 'ETIMEDOUT', message: `The OLT at 127.0.0.1:${snmpd.port} did not answer within 300 ms` });
    expect(r.error?.description).toContain('Privacy Key');
  });

  it('a wrong v2c community gets no answer: a timeout that mentions the community', async () => {
    const cred = await env.credential(credentialFor(snmpd, 'v2c', { community: 'wrong-community', timeoutMs: 300 }));
    const r = await env.run(get, { credId: cred });
    expect(r.error).toMatchObject({ httpCode: 'ETIMEDOUT', message: `The OLT at 127.0.0.1:${snmpd.port} did not answer within 300 ms` });
    expect(r.error?.description).toContain('Community');
  });

  it('a closed UDP port: a timeout naming host:port and the time limit, retries counted', async () => {
    const port = await closedUdpPort();
    const cred = await env.credential({ host: '127.0.0.1', port, version: 'v2c', community: snmpd.community, timeoutMs: 5000, retries: 3 });
    const started = Date.now();
    // The node's options override the credential's timing.
    const r = await env.run({ ...get, options: { timeoutMs: 250, retries: 0 } }, { credId: cred });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(r.error).toMatchObject({ httpCode: 'ETIMEDOUT', message: `The OLT at 127.0.0.1:${port} did not answer within 250 ms` });
    const twice = await env.run({ ...get, options: { timeoutMs: 150, retries: 1 } }, { credId: cred });
    expect(twice.error?.message).toBe(`The OLT at 127.0.0.1:${port} did not answer within 150 ms; sent 2 times`);
  });

  it('continueOnFail turns a failure into an error item and keeps going', async () => {
    const cred = await env.credential(credentialFor(snmpd, 'v2c', { community: 'wrong-community', timeoutMs: 200 }));
    const r = await env.run(get, { credId: cred, node: { onError: 'continueRegularOutput' }, input: [{ a: 1 }, { a: 2 }] });
    expect(r.record.status).toBe('success');
    expect(r.json).toHaveLength(2);
    expect(r.json[0].error).toMatchObject({ httpCode: 'ETIMEDOUT', message: expect.stringContaining('did not answer within 200 ms') });
    expect(r.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('the credential test reads sysName.0', async () => {
    const call = async (data: Record<string, unknown>) => (await (await env.t.api('/api/v1/credentials/test', { method: 'POST', body: JSON.stringify({ type: CRED_TYPE, data }) })).json()) as { status: string; message: string };
    expect(await call(credentialFor(snmpd, 'v3'))).toEqual({ status: 'OK', message: `Connected to ${snmpd.sysName} at 127.0.0.1:${snmpd.port} (SNMPv3)` });
    const wrong = await call(credentialFor(snmpd, 'v3', { authKey: 'not-the-auth-key' }));
    expect(wrong.status).toBe('Error');
    expect(wrong.message).toContain('wrong auth key');
    expect(JSON.stringify(wrong)).not.toContain('not-the-auth-key');
  });
});
