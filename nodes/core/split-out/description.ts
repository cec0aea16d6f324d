import type { INodeTypeDescription } from 'n8n-workflow';

/** n8n's Split Out v1 parameter shape, so n8n exports import unchanged. */
export const splitOutDescription: INodeTypeDescription = {
  displayName: 'Split Out',
  name: 'splitOut',
  icon: 'fa:arrows-alt-h',
  group: ['transform'],
  version: 1,
  subtitle: '',
  description: 'Turn a list inside item(s) into separate items',
  defaults: { name: 'Split Out' },
  inputs: ['main'],
  outputs: ['main'],
  properties: [
    {
      displayName: 'Fields To Split Out',
      name: 'fieldToSplitOut',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'Drag fields from the left or type their names',
      description: 'The input fields to break out into separate items, separated by commas. Use $binary to split out binary data.',
    },
    {
      displayName: 'Include',
      name: 'include',
      type: 'options',
      options: [
        { name: 'No Other Fields', value: 'noOtherFields' },
        { name: 'All Other Fields', value: 'allOtherFields' },
        { name: 'Selected Other Fields', value: 'selectedOtherFields' },
      ],
      default: 'noOtherFields',
      description: 'Whether to copy any other fields into the new items',
    },
    {
      displayName: 'Fields To Include',
      name: 'fieldsToInclude',
      type: 'string',
      placeholder: 'e.g. email, name',
      default: '',
      description: 'Fields of the input item to copy into each new item',
      displayOptions: { show: { include: ['selectedOtherFields'] } },
    },
    {
      displayName: 'Options',
      name: 'options',
      type: 'collection',
      placeholder: 'Add Field',
      default: {},
      options: [
        {
          displayName: 'Disable Dot Notation',
          name: 'disableDotNotation',
          type: 'boolean',
          default: false,
          description: 'Whether to disallow referencing child fields using `parent.child` in the field name',
        },
        {
          displayName: 'Destination Field Name',
          name: 'destinationFieldName',
          type: 'string',
          default: '',
          description: 'The field in the output under which to put the split field contents',
        },
        {
          displayName: 'Include Binary',
          name: 'includeBinary',
          type: 'boolean',
          default: false,
          description: 'Whether to include the binary data in the new items',
        },
      ],
    },
  ],
};
