// What the operations share: the action shape, display rules, the vendor / PON port / ONU
// parameters, the timing options and OID checks.
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { OnuNotFound, readOnus } from '../onu.ts';
import { PROFILES, parsePonPort, profileFor } from '../profiles/index.ts';
import { withOlt } from '../transport.ts';
import type { TimingOverrides } from '../transport.ts';

/** One operation: its entry in the Operation list, its own parameters, and what it does for item i. */
export interface OltAction {
  operation: INodePropertyOptions;
  properties: INodeProperties[];
  run(ctx: IExecuteFunctions, i: number): Promise<IDataObject[]>;
}

export const show = (...operations: string[]): INodeProperties['displayOptions'] => ({ show: { operation: operations } });

export const ONU_OPERATIONS = ['onuOptical', 'onuStatus'];

export const onuProperties: INodeProperties[] = [
  {
    displayName: 'OLT Vendor',
    name: 'vendor',
    type: 'options',
    options: Object.values(PROFILES).map((p) => ({ name: p.label, value: p.vendor, description: `PON ports written ${p.portFormat}` })),
    default: 'huawei',
    displayOptions: show(...ONU_OPERATIONS),
    description: 'Which MIB, ifIndex layout and units to use',
  },
  {
    displayName: 'PON Port',
    name: 'ponPort',
    type: 'string',
    required: true,
    default: '',
    placeholder: '0/1/0',
    displayOptions: show(...ONU_OPERATIONS),
    description:
      'Huawei: frame/slot/port (0/1/0). ZTE: shelf/slot/port (1/2/1); C600 also rack/shelf/slot/port. Interface names ("GPON 0/1/0", "gpon-olt_1/2/1") and the port\'s ifIndex work too.',
  },
  {
    displayName: 'ONUs',
    name: 'onuScope',
    type: 'options',
    options: [
      { name: 'One ONU', value: 'one' },
      { name: 'All ONUs on the Port', value: 'all', description: 'Walks the port\'s ONU tables' },
    ],
    default: 'one',
    displayOptions: show(...ONU_OPERATIONS),
  },
  {
    displayName: 'ONU ID',
    name: 'onuId',
    type: 'number',
    typeOptions: { minValue: 0 },
    default: 1,
    displayOptions: { show: { operation: ONU_OPERATIONS, onuScope: ['one'] } },
    description: 'The ONU (ONT) id on the port: 0–127 on Huawei, 1–128 on ZTE',
  },
];

const timingOptions: INodeProperties[] = [
  { displayName: 'Timeout (ms)', name: 'timeoutMs', type: 'number', typeOptions: { minValue: 1 }, default: 5000, description: 'Replaces the credential\'s timeout for this node' },
  { displayName: 'Retries', name: 'retries', type: 'number', typeOptions: { minValue: 0 }, default: 1, description: 'Replaces the credential\'s retries for this node' },
];

/** The node's Options collection: timing for every operation, plus what some operations add. */
export function optionsProperty(extra: INodeProperties[]): INodeProperties {
  return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add option', default: {}, options: [...timingOptions, ...extra] };
}

export const options = (ctx: IExecuteFunctions, i: number): IDataObject => (ctx.getNodeParameter('options', i, {}) ?? {}) as IDataObject;

export function timing(ctx: IExecuteFunctions, i: number): TimingOverrides {
  const o = options(ctx, i);
  return { timeoutMs: o.timeoutMs as number | undefined, retries: o.retries as number | undefined };
}

/** A numeric OID: "1.3.6.1.2.1.1.5.0" (a leading dot is dropped). */
export function checkOid(ctx: IExecuteFunctions, i: number, value: string, parameter: string): string {
  const oid = value.trim().replace(/^\./, '');
  if (!/^[0-2](\.\d+)+$/.test(oid) || oid.split('.').some((n) => Number(n) > 4294967295))
    throw new NodeOperationError(ctx.getNode(), `"${value}" is not a numeric OID`, { parameter, itemIndex: i, description: 'Write OIDs as dotted numbers, e.g. 1.3.6.1.2.1.1.5.0 (MIB names are not resolved).' });
  return oid;
}

/** A positive whole number parameter, with an error naming it. */
export function wholeNumber(ctx: IExecuteFunctions, i: number, name: string, label: string, min: number, fallback: number): number {
  const value = Number(ctx.getNodeParameter(name, i, fallback));
  if (!Number.isInteger(value) || value < min) throw new NodeOperationError(ctx.getNode(), `${label} must be a whole number of at least ${min}, not ${value}`, { parameter: name, itemIndex: i });
  return value;
}

/** Runs an ONU operation for item i: checks vendor, port and ONU id, reads through the profile. */
export async function runOnuQuery(ctx: IExecuteFunctions, i: number, want: { optical: boolean; status: boolean }): Promise<IDataObject[]> {
  const node = ctx.getNode();
  const vendor = String(ctx.getNodeParameter('vendor', i, 'huawei'));
  const profile = profileFor(vendor);
  if (!profile) throw new NodeOperationError(node, `Unknown OLT vendor "${vendor}"`, { parameter: 'vendor', itemIndex: i, description: `Use one of: ${Object.keys(PROFILES).join(', ')}.` });
  const portText = String(ctx.getNodeParameter('ponPort', i, '') ?? '');
  let port;
  try {
    port = parsePonPort(profile, portText);
  } catch (err) {
    throw new NodeOperationError(node, (err as Error).message, { parameter: 'ponPort', itemIndex: i });
  }
  let onu: number | 'all' = 'all';
  if (ctx.getNodeParameter('onuScope', i, 'one') !== 'all') {
    onu = Number(ctx.getNodeParameter('onuId', i, 1));
    const { min, max } = profile.onuIds;
    if (!Number.isInteger(onu) || onu < min || onu > max)
      throw new NodeOperationError(node, `ONU ID ${onu} is out of range: ${profile.label} numbers ONUs ${min}–${max}`, { parameter: 'onuId', itemIndex: i });
  }
  return withOlt(ctx, i, timing(ctx, i), async (olt) => {
    try {
      return await readOnus(olt, { profile, port: port!, onu, ...want });
    } catch (err) {
      if (!(err instanceof OnuNotFound)) throw err;
      throw new NodeOperationError(node, `${err.message} on the OLT at ${olt.target.host}`, {
        itemIndex: i,
        description: `Check the PON port (${profile.label}: ${profile.portFormat}), the ONU id and that "OLT Vendor" matches the OLT.`,
      });
    }
  });
}
