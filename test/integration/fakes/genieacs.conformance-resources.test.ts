// Conformance of the fake GenieACS NBI's other resources (integration-apis.md §2.6, lib/nbi.ts):
// tags, device deletion, faults, presets, provisions, virtual parameters and files. Over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_IDS, seedDevices, startFakeGenieAcs } from '../../fakes/genieacs/index.ts';
import type { FakeGenieAcs } from '../../fakes/genieacs/index.ts';
import { expectDropped, getDevice, ids, list, nbi, seg } from './genieacs-client.ts';
import type { Json } from './genieacs-client.ts';

const { tplink, zte, huawei, offline } = SEED_IDS;
let fake: FakeGenieAcs;
beforeAll(async () => {
  fake = await startFakeGenieAcs({ devices: seedDevices() });
});
afterAll(() => fake.close());

const tags = async (id: string): Promise<unknown> => (await getDevice(fake, id, '_tags'))._tags;

describe('tags', () => {
  it('POST adds a tag once (idempotent), DELETE removes it; both 200 with an empty body', async () => {
    const path = `/devices/${seg(zte)}/tags/needs-visit`;
    for (let n = 0; n < 2; n++) {
      const r = await nbi(fake, path, { method: 'POST' });
      expect([r.status, r.text, r.headers.get('genieacs-version')]).toEqual([200, '', '1.2.16']);
    }
    expect(await tags(zte)).toEqual(['pon-0-2-1', 'weak-signal', 'needs-visit']);
    expect(await ids(fake, { _tags: 'needs-visit' })).toEqual([zte]);
    for (let n = 0; n < 2; n++) expect((await nbi(fake, path, { method: 'DELETE' })).status).toBe(200);
    expect(await tags(zte)).toEqual(['pon-0-2-1', 'weak-signal']);
  });

  it('creates _tags on an untagged device and decodes %-escapes in the tag', async () => {
    expect((await nbi(fake, `/devices/${seg(offline)}/tags/sem%20sinal`, { method: 'POST' })).status).toBe(200);
    expect(await tags(offline)).toEqual(['sem sinal']);
    expect((await nbi(fake, `/devices/${seg(offline)}/tags/sem%20sinal`, { method: 'DELETE' })).status).toBe(200);
    expect(await tags(offline)).toEqual([]);
  });

  it('answers 404 "No such device" for unknown devices; tags outside [A-Za-z0-9-_%] are not a route', async () => {
    for (const method of ['POST', 'DELETE']) {
      const r = await nbi(fake, '/devices/000000-NOPE/tags/x', { method });
      expect([r.status, r.text]).toEqual([404, 'No such device']);
    }
    const dotted = await nbi(fake, `/devices/${seg(zte)}/tags/a.b`, { method: 'POST' });
    expect([dotted.status, dotted.text]).toEqual([404, '404 Not Found']);
    expect(await expectDropped(fake, `/devices/${seg(zte)}/tags/%E0%A4%A`, { method: 'POST' })).toMatch(/^URIError/);
  });
});

describe('devices and faults', () => {
  it('DELETE /devices/<id> removes the device, its tasks and its faults; unknown ids are 200 too', async () => {
    const id = fake.addDevice({ ...seedDevices()[1], serialNumber: 'ZTEGC88D9999', mode: 'faulting' });
    await nbi(fake, `/devices/${seg(id)}/tasks`, { method: 'POST', body: { name: 'reboot' } });
    await nbi(fake, `/devices/${seg(id)}/tasks?connection_request`, { method: 'POST', body: { name: 'factoryReset' } });
    expect(await list(fake, 'tasks', { query: { device: id } })).toHaveLength(2);
    expect(await list(fake, 'faults', { query: { device: id } })).toHaveLength(2);
    const r = await nbi(fake, `/devices/${seg(id)}`, { method: 'DELETE' });
    expect([r.status, r.text]).toEqual([200, '']);
    expect(await ids(fake, { _id: id })).toEqual([]);
    expect(await list(fake, 'tasks', { query: { device: id } })).toEqual([]);
    expect(await list(fake, 'faults', { query: { device: id } })).toEqual([]);
    expect((await nbi(fake, `/devices/${seg(id)}`, { method: 'DELETE' })).status).toBe(200);
  });

  it('DELETE /faults/<deviceId>:<channel> is 200 whether or not the fault exists', async () => {
    const r = await nbi(fake, `/faults/${seg(huawei)}:default`, { method: 'DELETE' });
    expect([r.status, r.text]).toEqual([200, '']);
  });
});

describe('presets and objects', () => {
  const preset = {
    weight: 0,
    precondition: JSON.stringify({ '_deviceId._ProductClass': 'XX230v' }),
    configurations: [{ type: 'value', name: 'Device.ManagementServer.PeriodicInformInterval', value: '300' }],
  };

  it('PUT stores the JSON body under the name (200, empty body), GET /presets lists it, DELETE removes it', async () => {
    const put = await nbi(fake, '/presets/inform-interval', { method: 'PUT', body: preset });
    expect([put.status, put.text]).toEqual([200, '']);
    expect(await list(fake, 'presets')).toEqual([{ ...preset, _id: 'inform-interval' }]);
    await nbi(fake, '/presets/inform-interval', { method: 'PUT', body: { ...preset, weight: 5 } });
    expect(await list(fake, 'presets', { query: { weight: 5 } })).toHaveLength(1);
    expect((await nbi(fake, '/presets/inform-interval', { method: 'DELETE' })).status).toBe(200);
    expect(await list(fake, 'presets')).toEqual([]);
  });

  it('answers 400 "SyntaxError: …" for a body that is not JSON', async () => {
    const r = await nbi(fake, '/presets/broken', { method: 'PUT', body: '{weight: 0' });
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/^SyntaxError: /);
    expect(await list(fake, 'presets')).toEqual([]);
    expect((await nbi(fake, '/objects/wan', { method: 'PUT', body: { _keys: ['Name'] } })).status).toBe(200);
    expect(await list(fake, 'objects')).toEqual([{ _keys: ['Name'], _id: 'wan' }]);
  });
});

describe('provisions and virtual parameters', () => {
  it('stores scripts as {_id, script}; a syntax error is 400 "SyntaxError: …"', async () => {
    const script = 'const now = Date.now();\ndeclare("Device.DeviceInfo.UpTime", {value: now});';
    const put = await nbi(fake, '/provisions/uptime', { method: 'PUT', body: script });
    expect([put.status, put.text]).toEqual([200, '']);
    expect(await list(fake, 'provisions')).toEqual([{ _id: 'uptime', script }]);
    const bad = await nbi(fake, '/provisions/broken', { method: 'PUT', body: 'declare("x", {value: 1}' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/^SyntaxError: /);
    expect((await nbi(fake, '/provisions/uptime', { method: 'DELETE' })).status).toBe(200);
    expect(await list(fake, 'provisions')).toEqual([]);
  });

  it('lists virtual parameters under /virtual_parameters', async () => {
    const script = 'return {writable: false, value: ["x", "xsd:string"]};';
    expect((await nbi(fake, '/virtual_parameters/rxdbm', { method: 'PUT', body: script })).status).toBe(200);
    expect(await list(fake, 'virtual_parameters')).toEqual([{ _id: 'rxdbm', script }]);
    expect(await list(fake, 'virtualParameters')).toHaveLength(1);
  });
});

describe('files', () => {
  it('PUT stores the raw body (201) with fileType/oui/productClass/version headers as metadata', async () => {
    const body = new Uint8Array([0x27, 0x05, 0x19, 0x56, 1, 2, 3, 4]);
    const put = await nbi(fake, '/files/XX230v_1.1.5.bin', {
      method: 'PUT',
      body,
      headers: { fileType: '1 Firmware Upgrade Image', oui: 'E848B8', productClass: 'XX230v', version: '1.1.5' },
    });
    expect([put.status, put.text]).toEqual([201, '']);
    const [file] = await list(fake, 'files', { query: { filename: 'XX230v_1.1.5.bin' } });
    expect(file).toEqual({
      _id: 'XX230v_1.1.5.bin',
      length: 8,
      chunkSize: 261120,
      uploadDate: expect.stringMatching(/Z$/),
      filename: 'XX230v_1.1.5.bin',
      metadata: { fileType: '1 Firmware Upgrade Image', oui: 'E848B8', productClass: 'XX230v', version: '1.1.5' },
    });
    expect(fake.fileContent('XX230v_1.1.5.bin')).toEqual(Buffer.from(body));
  });

  it('stores missing metadata headers as null; DELETE is 200, then 404 "404 Not Found"', async () => {
    expect((await nbi(fake, '/files/cfg.xml', { method: 'PUT', body: '<cfg/>', headers: { fileType: '3 Vendor Configuration File' } })).status).toBe(201);
    const [file] = await list(fake, 'files', { query: { _id: 'cfg.xml' } });
    expect((file as Json).metadata).toEqual({ fileType: '3 Vendor Configuration File', oui: null, productClass: null, version: null });
    expect((await nbi(fake, '/files/cfg.xml', { method: 'DELETE' })).status).toBe(200);
    const again = await nbi(fake, '/files/cfg.xml', { method: 'DELETE' });
    expect([again.status, again.text]).toEqual([404, '404 Not Found']);
  });
});

describe('untouched seed devices', () => {
  it('still lists every seeded device', async () => {
    expect(await ids(fake, {})).toEqual([tplink, zte, huawei, offline]);
  });
});
