import type { INodeTypeDescription } from 'n8n-workflow';

/** n8n's Sort v1 parameter shape, so n8n exports import unchanged. */
export const sortDescription: INodeTypeDescription = {
  displayName: 'Sort',
  name: 'sort',
  icon: 'fa:sort-amount-down',
  group: ['transform'],
  version: 1,
  subtitle: '',
  description: 'Change items order',
  defaults: { name: 'Sort' },
  inputs: ['main'],
  outputs: ['main'],
  properties: [
    {
      displayName: 'Type',
      name: 'type',
      type: 'options',
      options: [
        { name: 'Simple', value: 'simple' },
        { name: 'Random', value: 'random' },
        { name: 'Code', value: 'code' },
      ],
      default: 'simple',
      description: 'How to order the items',
    },
    {
      displayName: 'Fields To Sort By',
      name: 'sortFieldsUi',
      type: 'fixedCollection',
      typeOptions: { multipleValues: true },
      placeholder: 'Add Field To Sort By',
      options: [
        {
          displayName: '',
          name: 'sortField',
          values: [
            { displayName: 'Field Name', name: 'fieldName', type: 'string', required: true, default: '', placeholder: 'e.g. id' },
            {
              displayName: 'Order',
              name: 'order',
              type: 'options',
              options: [
                { name: 'Ascending', value: 'ascending' },
                { name: 'Descending', value: 'descending' },
              ],
              default: 'ascending',
            },
          ],
        },
      ],
      default: {},
      displayOptions: { show: { type: ['simple'] } },
    },
    {
      displayName: 'Code',
      name: 'code',
      type: 'string',
      typeOptions: { alwaysOpenEditWindow: true, editor: 'jsEditor', rows: 10 },
      default: '',
      description: 'JavaScript code to determine the order of any two items (not supported by Gigaflow yet)',
      displayOptions: { show: { type: ['code'] } },
    },
    {
      displayName: 'Options',
      name: 'options',
      type: 'collection',
      placeholder: 'Add Field',
      default: {},
      displayOptions: { show: { type: ['simple'] } },
      options: [
        {
          displayName: 'Disable Dot Notation',
          name: 'disableDotNotation',
          type: 'boolean',
          default: false,
          description: 'Whether to disallow referencing child fields using `parent.child` in the field name',
        },
      ],
    },
  ],
};
