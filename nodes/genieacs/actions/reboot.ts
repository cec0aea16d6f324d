import { runTask, taskOptionsOf } from '../tasks.ts';
import { deviceIdOf } from './common.ts';
import type { GenieAcsAction } from './common.ts';

/** Task reboot. */
export const reboot: GenieAcsAction = {
  operation: { name: 'Reboot', value: 'reboot', action: 'Reboot a device', description: 'Restart the device (task reboot)' },
  properties: [],
  async run(ctx, i) {
    return [await runTask(ctx, deviceIdOf(ctx, i), { name: 'reboot' }, taskOptionsOf(ctx, i))];
  },
};
