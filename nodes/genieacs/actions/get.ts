import { NodeOperationError } from '../../../host/model/errors.ts';
import { queryCollection } from '../collections.ts';
import { normalizeMac } from '../../../host/model/mac.ts';
import { DEFAULT_MAC_PATHS, macQuery } from '../mac.ts';
import { projectionText } from '../query.ts';
import { deviceIdOf, deviceIdProperties, requiredString } from './common.ts';
import type { GenieAcsAction } from './common.ts';
import { projectionProperty } from './find.ts';

const SERIAL = /^[A-Za-z0-9._:-]+$/;

const OP = 'getDevice';
const by = (lookupBy: string) => ({ show: { operation: [OP], lookupBy: [lookupBy] } });

interface MacOptions {
  macPaths?: string;
  matchTags?: boolean;
}

/** A device document by id, serial number (`_deviceId._SerialNumber`) or MAC address (WAN/LAN MAC parameters). */
export const getDevice: GenieAcsAction = {
  operation: { name: 'Get Device', value: OP, action: 'Get a device', description: 'Read one device by id, serial number or MAC address' },
  properties: [
    {
      displayName: 'Get By',
      name: 'lookupBy',
      type: 'options',
      options: [
        { name: 'Device ID', value: 'id' },
        { name: 'Serial Number', value: 'serialNumber', description: 'As the device reports it (_deviceId._SerialNumber)' },
        { name: 'MAC Address', value: 'mac', description: 'The device\'s WAN or LAN MAC address' },
      ],
      default: 'id',
      displayOptions: { show: { operation: [OP] } },
    },
    ...deviceIdProperties(by('id')),
    { displayName: 'Serial Number', name: 'serialNumber', type: 'string', default: '', required: true, placeholder: 'ZTEGC8A1B2C3', displayOptions: by('serialNumber') },
    {
      displayName: 'MAC Address',
      name: 'macAddress',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'aa:bb:cc:dd:ee:ff',
      displayOptions: by('mac'),
      description: 'Any common spelling: AA:BB:CC:DD:EE:FF, aa-bb-cc-dd-ee-ff, aabbccddeeff, aabb.ccdd.eeff',
    },
    {
      displayName: 'MAC Options',
      name: 'macOptions',
      type: 'collection',
      placeholder: 'Add option',
      default: {},
      displayOptions: by('mac'),
      options: [
        {
          displayName: 'MAC Parameter Paths',
          name: 'macPaths',
          type: 'string',
          typeOptions: { rows: 4 },
          default: '',
          placeholder: DEFAULT_MAC_PATHS.join('\n'),
          description: 'Parameters that may hold the MAC, one per line or comma-separated; empty = the WAN and LAN MAC parameters of TR-098 and TR-181 devices',
        },
        { displayName: 'Match Tags', name: 'matchTags', type: 'boolean', default: false, description: 'Whether a tag spelled as the MAC (AA:BB:…, aabbcc…, either case) also matches' },
      ],
    },
    projectionProperty([OP]),
  ],
  async run(ctx, i) {
    const node = ctx.getNode().name;
    const lookupBy = String(ctx.getNodeParameter('lookupBy', i, 'id'));
    const projection = projectionText(ctx.getNodeParameter('projection', i, ''));
    let query: Record<string, unknown>;
    let label: string;
    let description: string | undefined;
    let deviceId: string | undefined;
    if (lookupBy === 'serialNumber') {
      const serial = requiredString(ctx, 'serialNumber', i, 'Serial Number');
      // GenieACS turns a query string holding * or /…/ into a pattern: one "serial" could match the fleet.
      if (!SERIAL.test(serial))
        throw new NodeOperationError(node, `"${serial}" is not a serial number`, { parameter: 'serialNumber', itemIndex: i, description: 'A serial number has letters, digits and . _ : - only (no wildcards).' });
      [query, label] = [{ '_deviceId._SerialNumber': serial }, `serial number "${serial}"`];
      description = 'The serial number is matched exactly as the device reports it in its Inform (case matters).';
    } else if (lookupBy === 'mac') {
      const typed = requiredString(ctx, 'macAddress', i, 'MAC Address');
      const mac = normalizeMac(typed);
      if (!mac) throw new NodeOperationError(node, `"${typed}" is not a MAC address`, { parameter: 'macAddress', itemIndex: i, description: 'A MAC address has 12 hexadecimal digits, e.g. AA:BB:CC:DD:EE:FF or aabbccddeeff.' });
      const options = ctx.getNodeParameter('macOptions', i, {}) as MacOptions;
      const paths = projectionText(options.macPaths ?? '').split(',').filter(Boolean);
      const searched = paths.length ? paths : DEFAULT_MAC_PATHS;
      [query, label] = [macQuery(mac, searched, { tags: options.matchTags === true }), `MAC address ${mac}`];
      description = `Searched ${searched.join(', ')}${options.matchTags ? ' and the tags' : ''}, in upper and lower case. Add the parameter your devices report their MAC in under "MAC Parameter Paths".`;
    } else {
      deviceId = deviceIdOf(ctx, i);
      [query, label] = [{ _id: deviceId }, `id "${deviceId}"`];
      description = 'Device ids are used as given: OUI-ProductClass-SerialNumber with each part escaped as GenieACS does (a "-" in a serial is %2D).';
    }
    const { docs } = await queryCollection(ctx, 'devices', { query, projection }, deviceId);
    if (!docs.length) throw new NodeOperationError(node, `No device with ${label} in GenieACS`, { itemIndex: i, description });
    if (docs.length > 1 && lookupBy === 'serialNumber')
      throw new NodeOperationError(node, `${docs.length} devices have ${label} in GenieACS`, { itemIndex: i, description: `Get Device returns one device; use Find Devices to list them (${docs.map((d) => d._id).join(', ')}).` });
    return docs;
  },
};
