import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { normalizeMac } from '../../../host/model/mac.ts';
import { erpNextRequest, resourcePath } from '../transport.ts';
import { dataOf, requiredString, show } from './common.ts';
import type { ErpNextAction } from './common.ts';

const EQUIPMENT = 'Service Equipment';
const LOCATION = 'Service Location';
const CUSTOMER = 'Customer';

async function readDoc(ctx: IExecuteFunctions, doctype: string, name: string): Promise<IDataObject> {
  return dataOf<IDataObject>(await erpNextRequest(ctx, { method: 'GET', path: resourcePath(doctype, name), subject: { doctype, name, permission: 'read' } }));
}

/** Service Equipment (by MAC or serial) → its Service Location → that location's Customer. */
export const findEquipmentOwner: ErpNextAction = {
  operation: {
    name: 'Find Equipment Owner',
    value: 'findEquipmentOwner',
    action: 'Find the customer who owns equipment',
    description: 'Service Equipment by MAC or serial → Service Location → Customer',
  },
  properties: [
    {
      displayName: 'Search By',
      name: 'searchBy',
      type: 'options',
      options: [
        { name: 'MAC Address', value: 'mac' },
        { name: 'Serial Number', value: 'serial' },
      ],
      default: 'mac',
      displayOptions: show('findEquipmentOwner'),
    },
    {
      displayName: 'MAC Address',
      name: 'macAddress',
      type: 'string',
      default: '',
      placeholder: 'aa:bb:cc:dd:ee:ff',
      displayOptions: { show: { operation: ['findEquipmentOwner'], searchBy: ['mac'] } },
      description: 'Any common spelling: AA:BB:CC:DD:EE:FF, aa-bb-cc-dd-ee-ff, aabbccddeeff, aabb.ccdd.eeff',
    },
    {
      displayName: 'Serial Number',
      name: 'serialNo',
      type: 'string',
      default: '',
      displayOptions: { show: { operation: ['findEquipmentOwner'], searchBy: ['serial'] } },
    },
  ],
  async run(ctx, i) {
    const node = ctx.getNode().name;
    const fail = (message: string, description?: string, parameter?: string) => new NodeOperationError(node, message, { description, parameter, itemIndex: i });
    const byMac = ctx.getNodeParameter('searchBy', i, 'mac') !== 'serial';
    let field: string;
    let value: string;
    if (byMac) {
      const typed = requiredString(ctx, 'macAddress', i, 'MAC Address');
      const mac = normalizeMac(typed);
      if (!mac) throw fail(`"${typed}" is not a MAC address`, 'A MAC address has 12 hexadecimal digits, e.g. AA:BB:CC:DD:EE:FF or aabbccddeeff.', 'macAddress');
      [field, value] = ['mac_address', mac];
    } else [field, value] = ['serial_no', requiredString(ctx, 'serialNo', i, 'Serial Number')];
    const label = byMac ? `MAC address ${value}` : `serial number "${value}"`;

    const found = dataOf<IDataObject[]>(
      await erpNextRequest(ctx, {
        method: 'GET',
        path: resourcePath(EQUIPMENT),
        qs: { fields: '["*"]', filters: JSON.stringify([[field, '=', value]]), limit_page_length: 2 },
        subject: { doctype: EQUIPMENT, permission: 'read' },
      }),
    ) ?? [];
    if (!found.length) throw fail(`No ${EQUIPMENT} with ${label} in ERPNext`, byMac ? 'MAC addresses are searched in the stored form, upper case with colons.' : undefined);
    const equipment = found[0];
    const locationName = String(equipment.service_location ?? '');
    if (!locationName)
      throw fail(`${EQUIPMENT} ${equipment.name} (${label}) is not linked to a ${LOCATION}`, `Its status is "${equipment.status ?? 'unknown'}"; set its Service Location in ERPNext once it is installed.`);
    const serviceLocation = await readDoc(ctx, LOCATION, locationName);
    const customerName = String(serviceLocation.customer ?? '');
    if (!customerName) throw fail(`${LOCATION} ${locationName} has no customer`, `Set the customer of ${LOCATION} ${locationName} in ERPNext.`);
    const customer = await readDoc(ctx, CUSTOMER, customerName);
    return [{ customer, serviceLocation, equipment }];
  },
};
