// What the operations share: the action shape, display rules, the device-id parameters (an id as
// stored, or built from OUI / product class / serial number) and reading devices by query.
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { buildDeviceId } from '../device-id.ts';
import type { Fail } from '../query.ts';

/** One operation: its entry in the Operation list, its own parameters, and what it does for item i. */
export interface GenieAcsAction {
  operation: INodePropertyOptions;
  properties: INodeProperties[];
  run(ctx: IExecuteFunctions, i: number): Promise<IDataObject[]>;
}

type Display = INodeProperties['displayOptions'];
export const show = (...operations: string[]): Display => ({ show: { operation: operations } });
const also = (where: Display, extra: Record<string, string[]>): Display => ({ show: { ...where?.show, ...extra } });

/** A function that throws a NodeOperationError for item i (pure helpers take it as `fail`). */
export function failFor(ctx: IExecuteFunctions, i: number, parameter?: string): Fail {
  return (message: string, description?: string) => {
    throw new NodeOperationError(ctx.getNode().name, message, { description, parameter, itemIndex: i });
  };
}

/** A required, non-empty string parameter, trimmed. */
export function requiredString(ctx: IExecuteFunctions, name: string, i: number, label: string): string {
  const value = String(ctx.getNodeParameter(name, i, '') ?? '').trim();
  if (!value) throw new NodeOperationError(ctx.getNode().name, `"${label}" is empty`, { parameter: name, itemIndex: i, description: `Set "${label}" (for item ${i}).` });
  return value;
}

/** The device-id parameters, shown where `where` says (operations may repeat them under other conditions). */
export function deviceIdProperties(where: Display): INodeProperties[] {
  return [
    {
      displayName: 'Device ID From',
      name: 'deviceIdMode',
      type: 'options',
      options: [
        { name: 'Device ID', value: 'id', description: 'The id as GenieACS shows it, e.g. 00236a-SR552n-SR552NA084%2D0003269' },
        { name: 'OUI, Product Class and Serial Number', value: 'parts', description: 'Build the id, escaping each part as GenieACS does' },
      ],
      default: 'id',
      displayOptions: where,
    },
    {
      displayName: 'Device ID',
      name: 'deviceId',
      type: 'string',
      default: '',
      required: true,
      placeholder: '202BC1-BM632w-000000',
      displayOptions: also(where, { deviceIdMode: ['id'] }),
      description: 'As GenieACS stores it: OUI-ProductClass-SerialNumber, with "-" inside a part written %2D. Used as given.',
    },
    { displayName: 'OUI', name: 'idOui', type: 'string', default: '', required: true, placeholder: '00236a', displayOptions: also(where, { deviceIdMode: ['parts'] }) },
    {
      displayName: 'Product Class',
      name: 'idProductClass',
      type: 'string',
      default: '',
      placeholder: 'SR552n',
      displayOptions: also(where, { deviceIdMode: ['parts'] }),
      description: 'Leave empty for devices that report none (their id is OUI-SerialNumber)',
    },
    { displayName: 'Serial Number', name: 'idSerialNumber', type: 'string', default: '', required: true, placeholder: 'SR552NA084-0003269', displayOptions: also(where, { deviceIdMode: ['parts'] }) },
  ];
}

/** The device id of item i: as typed (already escaped), or built from its parts. */
export function deviceIdOf(ctx: IExecuteFunctions, i: number): string {
  if (ctx.getNodeParameter('deviceIdMode', i, 'id') === 'parts') {
    const oui = requiredString(ctx, 'idOui', i, 'OUI');
    const serialNumber = requiredString(ctx, 'idSerialNumber', i, 'Serial Number');
    return buildDeviceId({ oui, productClass: String(ctx.getNodeParameter('idProductClass', i, '') ?? ''), serialNumber });
  }
  return requiredString(ctx, 'deviceId', i, 'Device ID');
}
