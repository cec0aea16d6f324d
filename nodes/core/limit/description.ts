import type { INodeTypeDescription } from 'n8n-workflow';

/** n8n's Limit v1: keeps the first or last `maxItems` items. */
export const limitDescription: INodeTypeDescription = {
  displayName: 'Limit',
  name: 'limit',
  icon: 'fa:filter',
  group: ['transform'],
  version: 1,
  subtitle: '',
  description: 'Restrict the number of items',
  defaults: { name: 'Limit' },
  inputs: ['main'],
  outputs: ['main'],
  properties: [
    {
      displayName: 'Max Items',
      name: 'maxItems',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: 1,
      description: 'If there are more items than this number, some are removed',
    },
    {
      displayName: 'Keep',
      name: 'keep',
      type: 'options',
      options: [
        { name: 'First Items', value: 'firstItems' },
        { name: 'Last Items', value: 'lastItems' },
      ],
      default: 'firstItems',
      description: 'When removing items, whether to keep the ones at the start or the ending',
    },
  ],
};
