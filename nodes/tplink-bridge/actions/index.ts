// The node's side of the operations: the Operation list (from the shared catalogue), the
// parameters some operations add, and reading them into a bridge request for item i.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { DEFAULT_TIMEOUT_MS } from '../bridge.ts';
import type { BridgeRunOptions } from '../bridge.ts';
import { OPERATIONS } from '../operations.ts';
import type { BridgeRequest } from '../operations.ts';
import { DEFAULT_PROFILE, PROFILES } from '../profiles/index.ts';

const show = (...operations: string[]): INodeProperties['displayOptions'] => ({ show: { operation: operations } });

export const operationProperty: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  options: OPERATIONS.map((o) => ({ name: o.label, value: o.name, description: o.description, action: o.label })),
  default: 'fullDiagnostic',
};

export const operationProperties: INodeProperties[] = [
  {
    displayName: 'Modem Address',
    name: 'modemAddress',
    type: 'string',
    default: '',
    placeholder: 'http://10.64.1.2',
    description: 'Read this modem instead of the credential\'s address (an IP, or http(s)://IP[:port]). Must lie in the credential\'s "Allowed Networks", else the item is refused. Empty: the credential\'s address.',
  },
  {
    displayName: 'Object ID',
    name: 'oid',
    type: 'string',
    required: true,
    default: '',
    placeholder: 'DEV2_DEV_INFO',
    displayOptions: show('raw'),
    description: 'The page API\'s object id (TR-181 flavoured), e.g. DEV2_DEV_INFO, DEV2_HOST_ENTRY, DEV2_MEM_STATUS',
  },
  {
    displayName: 'Read As',
    name: 'act',
    type: 'options',
    options: [
      { name: 'One Object (Go)', value: 'go' },
      { name: 'List (Gl)', value: 'gl' },
      { name: 'List with Stacks (Gs)', value: 'gs' },
    ],
    default: 'go',
    displayOptions: show('raw'),
  },
  {
    displayName: 'Attributes (JSON)',
    name: 'attributes',
    type: 'json',
    default: '',
    displayOptions: show('raw'),
    description: 'Optional attributes sent with the read, e.g. {"stack": "1,0,0,0,0,0"} for one entry of a list',
  },
  {
    displayName: 'Confirm Reboot',
    name: 'confirmReboot',
    type: 'boolean',
    default: false,
    displayOptions: show('reboot'),
    description: 'Whether to really restart the modem. The subscriber loses service for a few minutes; without this the node refuses.',
  },
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add option',
    default: {},
    options: [
      { displayName: 'Timeout (ms)', name: 'timeoutMs', type: 'number', typeOptions: { minValue: 1000 }, default: DEFAULT_TIMEOUT_MS, description: 'The whole operation for one item: waiting for the modem, login and reads' },
      {
        displayName: 'Firmware Profile',
        name: 'profile',
        type: 'options',
        options: Object.values(PROFILES).map((p) => ({ name: p.label, value: p.id })),
        default: DEFAULT_PROFILE,
        description: 'Which firmware\'s login page, page API and object ids to use',
      },
    ],
  },
];

/** Item i's "Modem Address" override, trimmed; '' = the credential's address. */
export const modemAddressFor = (ctx: IExecuteFunctions, i: number): string => String(ctx.getNodeParameter('modemAddress', i, '') ?? '').trim();

/** The bridge request and run options for item i. */
export function requestFor(ctx: IExecuteFunctions, i: number): { req: BridgeRequest; opts: BridgeRunOptions } {
  const operation = String(ctx.getNodeParameter('operation', i));
  const req: BridgeRequest = { operation };
  if (operation === 'raw') {
    req.oid = String(ctx.getNodeParameter('oid', i, '') ?? '').trim();
    req.act = String(ctx.getNodeParameter('act', i, 'go'));
    const attrs = ctx.getNodeParameter('attributes', i, '') as unknown;
    if (attrs && typeof attrs === 'object') req.data = attrs as IDataObject;
    else if (typeof attrs === 'string' && attrs.trim()) {
      try {
        req.data = JSON.parse(attrs);
      } catch (err) {
        throw new NodeOperationError(ctx.getNode(), 'The "Attributes (JSON)" value is not valid JSON', { parameter: 'attributes', itemIndex: i, description: (err as Error).message });
      }
    }
  }
  if (operation === 'reboot') req.confirm = ctx.getNodeParameter('confirmReboot', i, false) === true;
  const options = (ctx.getNodeParameter('options', i, {}) ?? {}) as IDataObject;
  return { req, opts: { timeoutMs: Number(options.timeoutMs) || DEFAULT_TIMEOUT_MS, profile: (options.profile as string) || undefined } };
}
