import { readDevice, withMetadata } from '../collections.ts';
import { runTask, taskOptionsOf } from '../tasks.ts';
import { deviceIdOf, show } from './common.ts';
import type { GenieAcsAction } from './common.ts';

const OP = 'refreshObject';

/** Task refreshObject (re-reads a subtree from the device); when done, the device re-read with that subtree. */
export const refreshObject: GenieAcsAction = {
  operation: { name: 'Refresh Object', value: OP, action: 'Refresh an object of a device', description: 'Re-read a parameter subtree from the device (task refreshObject)' },
  properties: [
    {
      displayName: 'Object Name',
      name: 'objectName',
      type: 'string',
      default: '',
      placeholder: 'InternetGatewayDevice.LANDevice.1.Hosts',
      displayOptions: show(OP),
      description: 'The object path to refresh; empty refreshes the whole data model (slow)',
    },
  ],
  async run(ctx, i) {
    const deviceId = deviceIdOf(ctx, i);
    const objectName = String(ctx.getNodeParameter('objectName', i, '') ?? '').trim();
    const result = await runTask(ctx, deviceId, { name: 'refreshObject', objectName }, taskOptionsOf(ctx, i));
    if (result.status === 'done') result.device = (await readDevice(ctx, deviceId, objectName ? withMetadata([objectName]) : undefined)) ?? null;
    return [result];
  },
};
