// Tags and faults through real workflow runs against the fake NBI: add/remove a tag on a device
// whose id holds %2D, list faults of one device or all, delete a task's fault (and its task).
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_IDS, seedDevices } from '../../../fakes/genieacs/index.ts';
import { startAcsEnv } from './setup.ts';
import type { AcsEnv } from './setup.ts';

let env: AcsEnv;
beforeAll(async () => {
  env = await startAcsEnv({ devices: seedDevices() });
});
afterAll(() => env?.close());

const ok = async (params: INodeParameters) => {
  const r = await env.run(params);
  if (r.record.status !== 'success') throw new Error(`run failed: ${JSON.stringify(r.error)}`);
  return r.json;
};

/** Makes a device fault one getParameterValues task; returns the fault id. */
async function faultOnce(deviceId: string): Promise<string> {
  env.acs.setDeviceMode(deviceId, 'faulting');
  try {
    const [out] = await ok({ operation: 'getParameterValues', deviceId, parameterNames: 'InternetGatewayDevice.DeviceInfo.UpTime' });
    expect(out.status).toBe('faulted');
    return String((out.fault as IDataObject)._id);
  } finally {
    env.acs.setDeviceMode(deviceId, 'online');
  }
}

describe('GenieACS tags', () => {
  it('adds and removes a tag; the id is double-encoded in the path, the tag encoded', async () => {
    expect(await ok({ operation: 'addTag', deviceId: SEED_IDS.huawei, tag: 'vip client' })).toEqual([{ deviceId: SEED_IDS.huawei, tag: 'vip client', tagged: true }]);
    const post = env.acs.requests.filter((q) => q.method === 'POST' && q.path.includes('/tags/')).at(-1)!;
    expect(post.path).toBe('/devices/00259E-HG8245H-48575443%252D9A4B7C2E/tags/vip%20client');
    expect(env.acs.device(SEED_IDS.huawei)!._tags).toEqual(['business', 'vip client']);
    // Find it back by tag.
    const found = await ok({ operation: 'findDevices', conditions: { condition: [{ path: '_tags', value: 'vip client' }] }, projection: '_id' });
    expect(found).toEqual([{ _id: SEED_IDS.huawei }]);
    expect(await ok({ operation: 'removeTag', deviceId: SEED_IDS.huawei, tag: 'vip client' })).toEqual([{ deviceId: SEED_IDS.huawei, tag: 'vip client', tagged: false }]);
    expect(env.acs.device(SEED_IDS.huawei)!._tags).toEqual(['business']);
  });

  it('a tag on an unknown device names the device', async () => {
    const r = await env.run({ operation: 'addTag', deviceId: '00259E-HG8245H-48575443-9A4B7C2E', tag: 'x' });
    expect(r.error).toMatchObject({ httpCode: '404', message: 'No device "00259E-HG8245H-48575443-9A4B7C2E" in GenieACS (404 No such device)' });
    expect(r.error?.description).toContain('%2D');
  });
});

describe('GenieACS faults', () => {
  it('lists the faults of one device, or of all devices', async () => {
    const zteFault = await faultOnce(SEED_IDS.zte);
    const huaweiFault = await faultOnce(SEED_IDS.huawei);
    const zte = await ok({ operation: 'listFaults', deviceId: SEED_IDS.zte });
    expect(zte.map((f) => f._id)).toEqual([zteFault]);
    expect(zte[0]).toMatchObject({ device: SEED_IDS.zte, code: 'cwmp.9002', message: 'Internal error' });
    expect(JSON.parse(env.acs.requests.filter((q) => q.path === '/faults/').at(-1)!.query.query)).toEqual({ device: SEED_IDS.zte });
    const all = await ok({ operation: 'listFaults', faultScope: 'all', returnAll: true });
    expect(all.map((f) => f._id).sort()).toEqual([huaweiFault, zteFault].sort());
    expect(await ok({ operation: 'listFaults', faultScope: 'all', limit: 1 })).toHaveLength(1);
  });

  it('deletes a task\'s fault, which deletes the task too', async () => {
    const faultId = await faultOnce(SEED_IDS.tplink);
    const taskId = faultId.split(':task_')[1];
    expect(env.acs.tasks().some((t) => t._id === taskId)).toBe(true);
    expect(await ok({ operation: 'deleteFault', faultId })).toEqual([{ faultId, deviceId: SEED_IDS.tplink, deleted: true }]);
    expect(env.acs.faults().some((f) => f._id === faultId)).toBe(false);
    expect(env.acs.tasks().some((t) => t._id === taskId)).toBe(false);
  });

  it('deletes the fault of a device whose id holds %2D (sent as %252D)', async () => {
    const faultId = (await ok({ operation: 'listFaults', deviceId: SEED_IDS.huawei }))[0]._id as string;
    await ok({ operation: 'deleteFault', faultId });
    const del = env.acs.requests.filter((q) => q.method === 'DELETE' && q.path.startsWith('/faults/')).at(-1)!;
    expect(del.path).toBe(`/faults/00259E-HG8245H-48575443%252D9A4B7C2E:${faultId.split(':')[1]}`);
    expect(env.acs.faults().some((f) => f._id === faultId)).toBe(false);
  });

  it('refuses what is not a fault id', async () => {
    const r = await env.run({ operation: 'deleteFault', faultId: 'no-colon-here' });
    expect(r.error).toMatchObject({ parameter: 'faultId', message: '"no-colon-here" is not a fault id' });
  });
});
