// Parameter and lookup errors a user can act on, missing objects as null, and sessions always
// closed (no UDP socket left open, also after a failure). v3 failures: snmpd.test.ts (a real USM).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOlt } from '../../../fakes/olt/index.ts';
import type { FakeOlt } from '../../../fakes/olt/index.ts';
import { credentialFor, startOltEnv } from './setup.ts';
import type { OltEnv } from './setup.ts';

let env: OltEnv;
let olt: FakeOlt;
let cred: string;
beforeAll(async () => {
  olt = await startFakeOlt({ vendor: 'huawei', onus: [{ port: '0/1/0', onuId: 1 }] });
  env = await startOltEnv();
  cred = await env.credential(credentialFor(olt));
});
afterAll(async () => {
  await env?.close();
  await olt?.close();
});

const onu = { operation: 'onuOptical', vendor: 'huawei', ponPort: '0/1/0', onuScope: 'one', onuId: 1 };
/** UDP sockets this process holds (net-snmp unrefs its sockets, so they do not show as active handles). */
function udpSockets(): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // closed while listing
    }
  }
  const udp = readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1).map((line) => line.trim().split(/\s+/)[9]);
  return udp.filter((inode) => inode && inodes.has(inode)).length;
}

describe('OLT SNMP errors', () => {
  it('an ONU the OLT does not have, and a port without ONUs, are errors that say what to check', async () => {
    const one = await env.run({ ...onu, onuId: 42 }, { credId: cred });
    expect(one.error).toMatchObject({ message: 'No ONU 42 on PON port 0/1/0 (ifIndex 4194312192) on the OLT at 127.0.0.1' });
    expect(one.error?.description).toContain('"OLT Vendor" matches the OLT');
    const empty = await env.run({ ...onu, ponPort: '0/3/1', onuScope: 'all' }, { credId: cred });
    expect(empty.error?.message).toMatch(/^No ONUs on PON port 0\/3\/1 \(ifIndex 4194328832\)/);
    // The wrong vendor profile for this OLT finds nothing either.
    const zte = await env.run({ ...onu, vendor: 'zte-c300', ponPort: '1/1/1' }, { credId: cred });
    expect(zte.error?.message).toMatch(/^No ONU 1 on PON port 1\/1\/1/);
  });

  it('bad parameters are named before anything is sent', async () => {
    const before = olt.requests.length;
    const port = await env.run({ ...onu, ponPort: '0-1-0' }, { credId: cred });
    expect(port.error).toMatchObject({ parameter: 'ponPort', message: '"0-1-0" is not a PON port: Huawei MA5600T/MA5800 ports are written frame/slot/port, e.g. 0/1/0' });
    const frame = await env.run({ ...onu, ponPort: '1/1/0' }, { credId: cred });
    expect(frame.error?.message).toMatch(/^The frame must be 0–0/);
    const id = await env.run({ ...onu, onuId: 128 }, { credId: cred });
    expect(id.error).toMatchObject({ parameter: 'onuId', message: 'ONU ID 128 is out of range: Huawei MA5600T/MA5800 numbers ONUs 0–127' });
    const zteId = await env.run({ ...onu, vendor: 'zte-c600', ponPort: '1/3/1', onuId: 0 }, { credId: cred });
    expect(zteId.error?.message).toBe('ONU ID 0 is out of range: ZTE C600 numbers ONUs 1–128');
    const oid = await env.run({ operation: 'get', oids: 'sysName.0' }, { credId: cred });
    expect(oid.error).toMatchObject({ parameter: 'oids', message: '"sysName.0" is not a numeric OID' });
    expect(olt.requests.length).toBe(before);
  });

  it('credential problems are named', async () => {
    const noCommunity = await env.run(onu, { credId: await env.credential({ host: '127.0.0.1', port: olt.port, version: 'v2c' }) });
    expect(noCommunity.error?.message).toBe('The OLT SNMP credential has no community');
    const shortKey = await env.run(onu, { credId: await env.credential(credentialFor(olt, 'v3', { authKey: 'short' })) });
    expect(shortKey.error?.message).toBe('The SNMPv3 auth key must have at least 8 characters');
  });

  it('noSuchObject / noSuchInstance come back as null values, not errors', async () => {
    const r = await env.run({ operation: 'get', oids: '1.3.6.1.2.1.1.5.0\n1.3.6.1.2.1.1.9.0\n1.3.6.1.4.1.2011.6.128.1.1.2.51.1.4.4194312192.99' }, { credId: cred });
    expect(r.error).toBeUndefined();
    expect(r.json[0].values).toEqual({ '1.3.6.1.2.1.1.5.0': 'fake-huawei', '1.3.6.1.2.1.1.9.0': null, '1.3.6.1.4.1.2011.6.128.1.1.2.51.1.4.4194312192.99': null });
    expect((r.json[0].varbinds as Array<{ type: string }>).map((v) => v.type)).toEqual(['OctetString', 'NoSuchObject', 'NoSuchInstance']);
  });

  it('closes every session: no UDP socket is left open after successes and failures', async () => {
    const baseline = udpSockets();
    await env.run({ ...onu, onuScope: 'all' }, { credId: cred });
    await env.run({ ...onu, onuId: 42 }, { credId: cred });
    await env.run(onu, { credId: await env.credential(credentialFor(olt, 'v2c', { community: 'wrong', timeoutMs: 100 })) });
    await new Promise((r) => setTimeout(r, 50));
    // The fake OLT's own socket is in the baseline.
    expect(baseline).toBeGreaterThanOrEqual(1);
    expect(udpSockets()).toBe(baseline);
  });
});
