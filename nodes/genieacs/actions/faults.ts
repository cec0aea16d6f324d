import { NodeOperationError } from '../../../host/model/errors.ts';
import { pagedQuery } from '../collections.ts';
import { pathSegment } from '../device-id.ts';
import { genieAcsRequest } from '../transport.ts';
import { deviceIdOf, deviceIdProperties, requiredString, show } from './common.ts';
import type { GenieAcsAction } from './common.ts';
import { pagingProperties, wholeNumber } from './find.ts';

const LIST = 'listFaults';

/** GET /faults/?query={"device": id} (or every fault): one item per fault. */
export const listFaults: GenieAcsAction = {
  operation: { name: 'List Faults', value: LIST, action: 'List faults', description: 'Faults of one device or of all devices, one item per fault' },
  properties: [
    {
      displayName: 'Faults Of',
      name: 'faultScope',
      type: 'options',
      options: [
        { name: 'One Device', value: 'device' },
        { name: 'All Devices', value: 'all' },
      ],
      default: 'device',
      displayOptions: show(LIST),
    },
    ...deviceIdProperties({ show: { operation: [LIST], faultScope: ['device'] } }),
    ...pagingProperties(LIST, 'fault'),
  ],
  async run(ctx, i) {
    const query = ctx.getNodeParameter('faultScope', i, 'device') === 'all' ? {} : { device: deviceIdOf(ctx, i) };
    const returnAll = ctx.getNodeParameter('returnAll', i, false) === true;
    return pagedQuery(ctx, 'faults', { query }, { returnAll, limit: returnAll ? 0 : wholeNumber(ctx, 'limit', i, 50, 1, 'Limit'), pageSize: 100 });
  },
};

/** DELETE /faults/<deviceId>:<channel>; a task's fault (channel task_<id>) takes its task with it. */
export const deleteFault: GenieAcsAction = {
  operation: { name: 'Delete Fault', value: 'deleteFault', action: 'Delete a fault', description: 'Clear a fault so GenieACS stops retrying it' },
  properties: [
    {
      displayName: 'Fault ID',
      name: 'faultId',
      type: 'string',
      default: '',
      required: true,
      placeholder: '202BC1-BM632w-000000:task_65f0c2a9e4b0a1b2c3d4e5f6',
      displayOptions: show('deleteFault'),
      description: 'The fault\'s _id, <device id>:<channel>, as List Faults outputs it',
    },
  ],
  async run(ctx, i) {
    const faultId = requiredString(ctx, 'faultId', i, 'Fault ID');
    const colon = faultId.indexOf(':');
    if (colon <= 0)
      throw new NodeOperationError(ctx.getNode().name, `"${faultId}" is not a fault id`, { parameter: 'faultId', itemIndex: i, description: 'A fault id is <device id>:<channel>, e.g. 202BC1-BM632w-000000:default — take it from List Faults (_id).' });
    const deviceId = faultId.slice(0, colon);
    await genieAcsRequest(ctx, { method: 'DELETE', path: `/faults/${pathSegment(deviceId)}:${pathSegment(faultId.slice(colon + 1))}`, subject: { deviceId, faultId } });
    return [{ faultId, deviceId, deleted: true }];
  },
};
