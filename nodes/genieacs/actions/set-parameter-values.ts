import type { INodePropertyOptions } from 'n8n-workflow';
import { readDevice, withMetadata } from '../collections.ts';
import { runTask, taskOptionsOf } from '../tasks.ts';
import { coerceValue, flattenValues, inferXsdType, storedType } from '../values.ts';
import { deviceIdOf, failFor, show } from './common.ts';
import type { GenieAcsAction } from './common.ts';

const OP = 'setParameterValues';

const TYPE_OPTIONS: INodePropertyOptions[] = [
  { name: 'Automatic', value: '', description: 'The type GenieACS has on record for the parameter, else guessed from the value' },
  { name: 'String', value: 'xsd:string' },
  { name: 'Boolean', value: 'xsd:boolean' },
  { name: 'Unsigned Int', value: 'xsd:unsignedInt' },
  { name: 'Int', value: 'xsd:int' },
  { name: 'Date Time', value: 'xsd:dateTime' },
];

interface ValueRow {
  path?: string;
  value?: unknown;
  type?: string;
}

/** Task setParameterValues with typed values; when done, the device re-read with those paths and their values flattened. */
export const setParameterValues: GenieAcsAction = {
  operation: { name: 'Set Parameter Values', value: OP, action: 'Set parameter values on a device', description: 'Write values to the device (task setParameterValues)' },
  properties: [
    {
      displayName: 'Values',
      name: 'parameterValues',
      type: 'fixedCollection',
      typeOptions: { multipleValues: true },
      placeholder: 'Add Value',
      default: {},
      displayOptions: show(OP),
      options: [
        {
          name: 'value',
          displayName: 'Value',
          values: [
            { displayName: 'Parameter Path', name: 'path', type: 'string', default: '', placeholder: 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID' },
            { displayName: 'Value', name: 'value', type: 'string', default: '' },
            { displayName: 'Type', name: 'type', type: 'options', options: TYPE_OPTIONS, default: '', description: 'The xsd type sent with the value' },
          ],
        },
      ],
    },
  ],
  async run(ctx, i) {
    const deviceId = deviceIdOf(ctx, i);
    const fail = failFor(ctx, i, 'parameterValues');
    const rows = (ctx.getNodeParameter('parameterValues', i, {}) as { value?: ValueRow[] }).value ?? [];
    if (!rows.length) fail('No values to set', 'Add at least one row of parameter path and value.');
    const paths = rows.map((r, n) => String(r.path ?? '').trim() || fail(`Value ${n + 1} has no parameter path`));
    // The types GenieACS has on record are the surest guess for rows left on Automatic.
    const known = rows.some((r) => !r.type) ? await readDevice(ctx, deviceId, withMetadata(paths)) : undefined;
    const parameterValues = rows.map((r, n) => {
      const type = r.type || storedType(known, paths[n]) || inferXsdType(r.value);
      return [paths[n], coerceValue(r.value, type, `Value ${n + 1} (${paths[n]})`, fail), type];
    });
    const result = await runTask(ctx, deviceId, { name: 'setParameterValues', parameterValues }, taskOptionsOf(ctx, i));
    if (result.status === 'done') {
      const device = await readDevice(ctx, deviceId, withMetadata(paths));
      result.values = flattenValues(device, paths);
      result.device = device ?? null;
    }
    return [result];
  },
};
