import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { pagedQuery } from '../collections.ts';
import { parseQuery, parseSort, projectionText, QUERY_OPERATORS, rowsToQuery } from '../query.ts';
import type { QueryRow } from '../query.ts';
import { failFor, show } from './common.ts';
import type { GenieAcsAction } from './common.ts';

const OP = 'findDevices';

/** Projection parameter, shared with Get Device. */
export const projectionProperty = (operations: string[]): INodeProperties => ({
  displayName: 'Projection',
  name: 'projection',
  type: 'string',
  default: '',
  placeholder: '_deviceId,_lastInform,InternetGatewayDevice.DeviceInfo',
  displayOptions: show(...operations),
  description: 'Comma-separated parameter paths or prefixes to return; empty returns the whole device document (large)',
});

/** A whole number parameter of at least `min`. */
export function wholeNumber(ctx: IExecuteFunctions, name: string, i: number, fallback: number, min: number, label: string): number {
  const value = Number(ctx.getNodeParameter(name, i, fallback) ?? fallback);
  if (!Number.isInteger(value) || value < min) throw new NodeOperationError(ctx.getNode().name, `${label} must be a whole number of at least ${min}, not ${value}`, { parameter: name, itemIndex: i });
  return value;
}

/** Return All / Limit / Page Size / Skip, shared with List Faults. */
export function pagingProperties(operation: string, collectionLabel: string): INodeProperties[] {
  return [
    { displayName: 'Return All', name: 'returnAll', type: 'boolean', default: false, displayOptions: show(operation), description: `Whether to return every matching ${collectionLabel}, reading page after page` },
    {
      displayName: 'Limit',
      name: 'limit',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: 50,
      displayOptions: { show: { operation: [operation], returnAll: [false] } },
      description: 'Max number of results to return',
    },
  ];
}

interface FindOptions {
  sort?: string;
  skip?: number;
  pageSize?: number;
}

/** GET /devices/?query=&projection=&sort=&skip=&limit=: one item per device document. */
export const findDevices: GenieAcsAction = {
  operation: { name: 'Find Devices', value: OP, action: 'Find devices', description: 'Query devices by parameter values, one item per device' },
  properties: [
    {
      displayName: 'Query Mode',
      name: 'queryMode',
      type: 'options',
      options: [
        { name: 'Conditions', value: 'builder', description: 'Rows of parameter path, operator and value, all of which must match' },
        { name: 'JSON', value: 'json', description: 'A MongoDB-style query as the NBI takes it' },
      ],
      default: 'builder',
      displayOptions: show(OP),
    },
    {
      displayName: 'Conditions',
      name: 'conditions',
      type: 'fixedCollection',
      typeOptions: { multipleValues: true },
      placeholder: 'Add Condition',
      default: {},
      displayOptions: { show: { operation: [OP], queryMode: ['builder'] } },
      description: 'All conditions must match (AND); none matches every device',
      options: [
        {
          name: 'condition',
          displayName: 'Condition',
          values: [
            { displayName: 'Parameter Path', name: 'path', type: 'string', default: '', placeholder: 'InternetGatewayDevice.DeviceInfo.ModelName', description: 'A parameter path (GenieACS matches its value) or a metadata field such as _lastInform, _tags, _deviceId._SerialNumber' },
            { displayName: 'Operator', name: 'operator', type: 'options', options: QUERY_OPERATORS, default: '$eq' },
            { displayName: 'Value', name: 'value', type: 'string', default: '' },
          ],
        },
      ],
    },
    {
      displayName: 'Query (JSON)',
      name: 'queryJson',
      type: 'json',
      default: '{}',
      displayOptions: { show: { operation: [OP], queryMode: ['json'] } },
      placeholder: '{"_lastInform": {"$lt": "2026-01-01T00:00:00Z"}, "_tags": "vip"}',
      description: 'MongoDB-style query; GenieACS appends ._value to parameter paths itself',
    },
    projectionProperty([OP]),
    ...pagingProperties(OP, 'device'),
    {
      displayName: 'Options',
      name: 'findOptions',
      type: 'collection',
      placeholder: 'Add option',
      default: {},
      displayOptions: show(OP),
      options: [
        { displayName: 'Sort (JSON)', name: 'sort', type: 'string', default: '', placeholder: '{"_lastInform": -1}', description: '1 ascending, -1 descending' },
        { displayName: 'Skip', name: 'skip', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Devices to skip first' },
        { displayName: 'Page Size', name: 'pageSize', type: 'number', typeOptions: { minValue: 1 }, default: 100, description: 'Devices per request when returning all' },
      ],
    },
  ],
  async run(ctx, i) {
    const builder = ctx.getNodeParameter('queryMode', i, 'builder') !== 'json';
    const query = builder
      ? rowsToQuery(((ctx.getNodeParameter('conditions', i, {}) as { condition?: QueryRow[] }).condition ?? []), failFor(ctx, i, 'conditions'))
      : parseQuery(ctx.getNodeParameter('queryJson', i, '{}'), failFor(ctx, i, 'queryJson'));
    const options = ctx.getNodeParameter('findOptions', i, {}) as FindOptions;
    const returnAll = ctx.getNodeParameter('returnAll', i, false) === true;
    const pageSize = Number(options.pageSize ?? 100);
    if (returnAll && (!Number.isInteger(pageSize) || pageSize < 1)) throw new NodeOperationError(ctx.getNode().name, `Page Size must be a whole number of at least 1, not ${pageSize}`, { parameter: 'findOptions.pageSize', itemIndex: i });
    return pagedQuery(
      ctx,
      'devices',
      { query, projection: projectionText(ctx.getNodeParameter('projection', i, '')), sort: parseSort(options.sort, failFor(ctx, i, 'findOptions.sort')) },
      { returnAll, limit: returnAll ? 0 : wholeNumber(ctx, 'limit', i, 50, 1, 'Limit'), pageSize, skip: Number(options.skip ?? 0) || 0 },
    );
  },
};
