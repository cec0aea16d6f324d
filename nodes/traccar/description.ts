// What the editor shows for the Traccar node: resources, operations and their parameters.
// Option values and parameter names are stored in workflows: never rename them.
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { CREDENTIAL_TYPE } from './client.ts';

export const MAX_CONCURRENCY = 20;

const resource: INodeProperties = {
  displayName: 'Resource',
  name: 'resource',
  type: 'options',
  noDataExpression: true,
  options: [
    { name: 'Device', value: 'device' },
    { name: 'Position', value: 'position' },
  ],
  default: 'position',
};

const deviceOperation: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: ['device'] } },
  options: [
    { name: 'Get', value: 'get', action: 'Get a device', description: 'Get one device by its Traccar ID or its unique identifier (IMEI)' },
    { name: 'Get Many', value: 'getMany', action: 'Get many devices', description: 'List the devices the Traccar user can see' },
  ],
  default: 'getMany',
};

const positionOperation: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: ['position'] } },
  options: [
    { name: 'Get Latest', value: 'getLatest', action: 'Get the latest positions', description: 'Where each device is now: one request per device, several at a time' },
    { name: 'Get History', value: 'getHistory', action: 'Get the position history', description: 'The positions of one device between two dates' },
  ],
  default: 'getLatest',
};

const deviceGet: INodeProperties[] = [
  {
    displayName: 'Find By',
    name: 'lookupBy',
    type: 'options',
    displayOptions: { show: { resource: ['device'], operation: ['get'] } },
    options: [
      { name: 'Traccar ID', value: 'id' },
      { name: 'Unique Identifier', value: 'uniqueId', description: 'The identifier the tracker reports, usually its IMEI' },
    ],
    default: 'id',
  },
  {
    displayName: 'Device ID',
    name: 'deviceId',
    type: 'number',
    default: 0,
    required: true,
    displayOptions: { show: { resource: ['device'], operation: ['get'], lookupBy: ['id'] } },
    description: 'The device\'s ID in Traccar',
  },
  {
    displayName: 'Unique Identifier',
    name: 'uniqueId',
    type: 'string',
    default: '',
    required: true,
    placeholder: '356307042441013',
    displayOptions: { show: { resource: ['device'], operation: ['get'], lookupBy: ['uniqueId'] } },
  },
];

const deviceGetMany: INodeProperties = {
  displayName: 'Filters',
  name: 'filters',
  type: 'collection',
  placeholder: 'Add Filter',
  default: {},
  displayOptions: { show: { resource: ['device'], operation: ['getMany'] } },
  options: [
    { displayName: 'All Devices', name: 'all', type: 'boolean', default: false, description: 'Whether to list every device of the server (administrators and managers only)' },
    { displayName: 'Device IDs', name: 'ids', type: 'string', default: '', placeholder: '12, 15, 18', description: 'Only these devices (comma-separated Traccar IDs)' },
    { displayName: 'Unique Identifiers', name: 'uniqueIds', type: 'string', default: '', placeholder: '356307042441013, 356307042441014', description: 'Only these devices (comma-separated IMEIs)' },
    { displayName: 'User ID', name: 'userId', type: 'number', default: 0, description: 'The devices of this Traccar user (yourself, or a user you manage)' },
  ],
};

const showLatest = { show: { resource: ['position'], operation: ['getLatest'] } };

const positionGetLatest: INodeProperties[] = [
  {
    displayName: 'Devices From',
    name: 'deviceSource',
    type: 'options',
    displayOptions: showLatest,
    options: [
      { name: 'List', value: 'list', description: 'A list of device IDs in the next field: all their positions for each input item' },
      { name: 'Input Items', value: 'inputItems', description: 'One device per input item, read from a field: one position per item' },
    ],
    default: 'list',
  },
  {
    displayName: 'Device IDs',
    name: 'deviceIds',
    type: 'string',
    default: '',
    required: true,
    placeholder: '12, 15, 18',
    displayOptions: { show: { ...showLatest.show, deviceSource: ['list'] } },
    description: 'Comma-separated Traccar device IDs, or an expression giving a list',
  },
  {
    displayName: 'Device ID Field',
    name: 'deviceIdField',
    type: 'string',
    default: 'deviceId',
    required: true,
    displayOptions: { show: { ...showLatest.show, deviceSource: ['inputItems'] } },
    description: 'The input items\' field holding the Traccar device ID (dots reach into objects: tech.deviceId)',
  },
  {
    displayName: 'Parallel Requests',
    name: 'concurrency',
    type: 'number',
    default: 5,
    typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
    displayOptions: showLatest,
    description: 'How many devices are asked at once (Traccar takes one device per request); lower it if the server struggles',
  },
];

const positionGetHistory: INodeProperties[] = [
  {
    displayName: 'Device ID',
    name: 'deviceId',
    type: 'number',
    default: 0,
    required: true,
    displayOptions: { show: { resource: ['position'], operation: ['getHistory'] } },
    description: 'The device\'s ID in Traccar',
  },
  {
    displayName: 'From',
    name: 'from',
    type: 'dateTime',
    default: '',
    required: true,
    displayOptions: { show: { resource: ['position'], operation: ['getHistory'] } },
    description: 'Start of the period (fix time)',
  },
  {
    displayName: 'To',
    name: 'to',
    type: 'dateTime',
    default: '',
    required: true,
    displayOptions: { show: { resource: ['position'], operation: ['getHistory'] } },
    description: 'End of the period (fix time)',
  },
];

const positionOptions: INodeProperties = {
  displayName: 'Options',
  name: 'options',
  type: 'collection',
  placeholder: 'Add Option',
  default: {},
  displayOptions: { show: { resource: ['position'] } },
  options: [
    {
      displayName: 'Speed in Km/h',
      name: 'convertSpeedToKmh',
      type: 'boolean',
      default: true,
      description: 'Whether to give the speed as speedKmh (converted) instead of speedKnots (Traccar\'s unit)',
    },
    {
      displayName: 'Stale After (Minutes)',
      name: 'staleAfterMinutes',
      type: 'number',
      default: 15,
      typeOptions: { minValue: 0 },
      description: 'A position whose fix is older than this is marked stale: true; 0 never marks one',
    },
    {
      displayName: 'Include Device Details',
      name: 'includeDeviceInfo',
      type: 'boolean',
      default: true,
      description: 'Whether to add each device\'s name, unique identifier and status (one more request in all)',
    },
  ],
};

export const traccarDescription: INodeTypeDescription = {
  displayName: 'Traccar',
  name: 'traccar',
  icon: 'fa:map-marker-alt',
  group: ['input'],
  version: 1,
  subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
  description: 'Read technicians\' GPS devices and positions from a Traccar server',
  defaults: { name: 'Traccar' },
  inputs: ['main'],
  outputs: ['main'],
  credentials: [{ name: CREDENTIAL_TYPE, required: true }],
  codex: { categories: ['Field Service'] },
  properties: [resource, deviceOperation, positionOperation, ...deviceGet, deviceGetMany, ...positionGetLatest, ...positionGetHistory, positionOptions],
};
