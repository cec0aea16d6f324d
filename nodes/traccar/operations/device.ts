// Device → Get (by Traccar ID or unique identifier) and Get Many (with Traccar's filters).
import { NodeOperationError } from '../../../host/kit/index.ts';
import type { OperationHandler } from '../../../host/kit/index.ts';
import { traccarApi } from '../client.ts';
import { deviceItem } from '../positions.ts';
import { toDeviceId } from './position.ts';

/** Get: GET /api/devices?id=X (or ?uniqueId=X); Traccar answers [] for a device the user cannot see. */
export const getDevice: OperationHandler = async (ctx, itemIndex, p) => {
  const api = traccarApi(ctx, itemIndex);
  const lookupBy = p.options('lookupBy', ['id', 'uniqueId'] as const);
  const [device] =
    lookupBy === 'id'
      ? await api.devices({ id: [p.number('deviceId', { integer: true, min: 1 })] })
      : await api.devices({ uniqueId: [p.string('uniqueId', { required: true, trim: true })] });
  if (!device) {
    const parameter = lookupBy === 'id' ? 'deviceId' : 'uniqueId';
    const value = lookupBy === 'id' ? p.number('deviceId') : p.string('uniqueId', { trim: true });
    throw new NodeOperationError(ctx.getNode(), `Traccar has no device with ${lookupBy === 'id' ? 'ID' : 'unique identifier'} ${JSON.stringify(value)} that this user can see (parameter "${parameter}")`, {
      parameter,
      itemIndex,
      description: 'Check the value, and that the credential\'s Traccar user has access to the device',
    });
  }
  return deviceItem(device);
};

/** Get Many: the user's devices (ordered by name), or those of the filters. */
export const getManyDevices: OperationHandler = async (ctx, itemIndex, p) => {
  const ids = p.list('filters.ids').map((given) => {
    const id = toDeviceId(given);
    if (id === undefined)
      throw new NodeOperationError(ctx.getNode(), `Parameter "filters.ids" (Device IDs) has ${JSON.stringify(given)}, which is not a Traccar device ID (a whole number above 0)`, { parameter: 'filters.ids', itemIndex });
    return id;
  });
  const uniqueIds = p.list('filters.uniqueIds');
  const userId = p.number('filters.userId', { default: 0, integer: true, min: 0 });
  const all = p.boolean('filters.all', { default: false });
  const devices = await traccarApi(ctx, itemIndex).devices({
    ...(all ? { all: true } : {}),
    ...(userId > 0 ? { userId } : {}),
    ...(ids.length ? { id: ids } : {}),
    ...(uniqueIds.length ? { uniqueId: uniqueIds } : {}),
  });
  return devices.map(deviceItem);
};
