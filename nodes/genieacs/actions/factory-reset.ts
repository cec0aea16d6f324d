import { NodeOperationError } from '../../../host/model/errors.ts';
import { runTask, taskOptionsOf } from '../tasks.ts';
import { deviceIdOf, show } from './common.ts';
import type { GenieAcsAction } from './common.ts';

const OP = 'factoryReset';
const CONFIRM = "I understand this erases the device's configuration";

/** Task factoryReset, only with the confirmation ticked: it wipes the customer's settings (Wi-Fi, PPPoE, port forwards). */
export const factoryReset: GenieAcsAction = {
  operation: { name: 'Factory Reset', value: OP, action: 'Factory reset a device', description: 'Erase the device\'s configuration (task factoryReset)' },
  properties: [
    {
      displayName: CONFIRM,
      name: 'confirmFactoryReset',
      type: 'boolean',
      default: false,
      displayOptions: show(OP),
      description: 'Whether you really mean it: the device loses every setting (Wi-Fi name and key, PPPoE login, port forwards) and comes back as new',
    },
  ],
  async run(ctx, i) {
    const deviceId = deviceIdOf(ctx, i);
    if (ctx.getNodeParameter('confirmFactoryReset', i, false) !== true)
      throw new NodeOperationError(ctx.getNode().name, `Factory reset of "${deviceId}" refused: "${CONFIRM}" is not ticked`, {
        parameter: 'confirmFactoryReset',
        itemIndex: i,
        description: 'A factory reset erases the device\'s whole configuration. Tick the confirmation on the node to allow it.',
      });
    return [await runTask(ctx, deviceId, { name: 'factoryReset' }, taskOptionsOf(ctx, i))];
  },
};
