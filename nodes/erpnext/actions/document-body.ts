// The document a Create or Update sends: field rows (typed by the shipped catalog) or JSON.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { typedValue } from '../catalog.ts';
import { jsonParameter, show } from './common.ts';

export const documentProperties: INodeProperties[] = [
  {
    displayName: 'Specify Document',
    name: 'documentMode',
    type: 'options',
    options: [
      { name: 'Field Rows', value: 'fields' },
      { name: 'JSON', value: 'json' },
    ],
    default: 'fields',
    displayOptions: show('create', 'update'),
  },
  {
    displayName: 'Fields',
    name: 'documentFields',
    type: 'fixedCollection',
    typeOptions: { multipleValues: true },
    placeholder: 'Add Field',
    default: {},
    displayOptions: { show: { operation: ['create', 'update'], documentMode: ['fields'] } },
    options: [
      {
        name: 'fields',
        displayName: 'Field',
        values: [
          {
            displayName: 'Field Name or ID',
            name: 'fieldname',
            type: 'options',
            typeOptions: { loadOptionsMethod: 'getFields', loadOptionsDependsOn: ['doctype'] },
            default: '',
            description: 'Choose from the list, or specify a fieldname using an expression',
          },
          { displayName: 'Value', name: 'value', type: 'string', default: '', description: 'Child tables (e.g. Quotation items) take a JSON array of rows' },
        ],
      },
    ],
  },
  {
    displayName: 'Document (JSON)',
    name: 'documentJson',
    type: 'json',
    default: '{\n  "subject": ""\n}',
    displayOptions: { show: { operation: ['create', 'update'], documentMode: ['json'] } },
    description: 'The fields to set; child tables as arrays of row objects',
  },
];

/** The field values to send for item i; fails on an empty document. */
export function documentFor(ctx: IExecuteFunctions, i: number, doctype: string): IDataObject {
  const node = ctx.getNode().name;
  const mode = String(ctx.getNodeParameter('documentMode', i, 'fields'));
  let doc: IDataObject = {};
  if (mode === 'json') {
    const value = jsonParameter(ctx, 'documentJson', i, 'Document (JSON)');
    if (!value || typeof value !== 'object' || Array.isArray(value))
      throw new NodeOperationError(node, 'The "Document (JSON)" value must be a JSON object of fields', { parameter: 'documentJson', itemIndex: i });
    doc = value as IDataObject;
  } else {
    const rows = (ctx.getNodeParameter('documentFields', i, {}) as { fields?: { fieldname?: string; value?: unknown }[] }).fields ?? [];
    for (const row of rows) {
      const field = String(row.fieldname ?? '').trim();
      if (!field) continue;
      doc[field] = typedValue(doctype, field, row.value) as IDataObject[keyof IDataObject];
    }
  }
  if (!Object.keys(doc).length)
    throw new NodeOperationError(node, 'The document has no fields to send', { parameter: mode === 'json' ? 'documentJson' : 'documentFields', itemIndex: i });
  return doc;
}
