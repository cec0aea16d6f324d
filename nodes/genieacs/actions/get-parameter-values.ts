import type { IExecuteFunctions } from 'n8n-workflow';
import { readDevice, withMetadata } from '../collections.ts';
import { projectionText } from '../query.ts';
import { runTask, taskOptionsOf } from '../tasks.ts';
import { flattenValues } from '../values.ts';
import { deviceIdOf, failFor, show } from './common.ts';
import type { GenieAcsAction } from './common.ts';

const OP = 'getParameterValues';

/** Parameter paths from text (comma- or line-separated) or a list from an expression. */
export function parameterNames(ctx: IExecuteFunctions, i: number): string[] {
  const names = projectionText(ctx.getNodeParameter('parameterNames', i, '')).split(',').filter(Boolean);
  if (!names.length) failFor(ctx, i, 'parameterNames')('"Parameter Names" is empty', 'Name at least one parameter, e.g. InternetGatewayDevice.DeviceInfo.SoftwareVersion.');
  return names;
}

/** Task getParameterValues; when the device ran it, the device re-read with those paths and their values flattened. */
export const getParameterValues: GenieAcsAction = {
  operation: { name: 'Get Parameter Values', value: OP, action: 'Get parameter values from a device', description: 'Fetch fresh values from the device (task getParameterValues)' },
  properties: [
    {
      displayName: 'Parameter Names',
      name: 'parameterNames',
      type: 'string',
      typeOptions: { rows: 3 },
      default: '',
      required: true,
      placeholder: 'InternetGatewayDevice.DeviceInfo.SoftwareVersion, InternetGatewayDevice.DeviceInfo.UpTime',
      displayOptions: show(OP),
      description: 'Parameter paths, comma-separated or one per line',
    },
  ],
  async run(ctx, i) {
    const deviceId = deviceIdOf(ctx, i);
    const names = parameterNames(ctx, i);
    const result = await runTask(ctx, deviceId, { name: 'getParameterValues', parameterNames: names }, taskOptionsOf(ctx, i));
    if (result.status === 'done') {
      const device = await readDevice(ctx, deviceId, withMetadata(names));
      result.values = flattenValues(device, names);
      result.device = device ?? null;
    }
    return [result];
  },
};
