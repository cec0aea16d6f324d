import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { ACTIONS } from './actions/index.ts';
import { doctypeProperty, nameProperty, show } from './actions/common.ts';
import { documentProperties } from './actions/document-body.ts';
import { filterProperties } from './filters.ts';
import { CREDENTIAL_TYPE } from './transport.ts';

const operation: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  options: ACTIONS.map((a) => a.operation),
  default: 'get',
};

export const erpNextDescription: INodeTypeDescription = {
  displayName: 'ERPNext',
  name: 'erpNext',
  icon: 'fa:industry',
  group: ['transform'],
  version: 1,
  subtitle: '={{$parameter["operation"] + ($parameter["doctype"] ? ": " + $parameter["doctype"] : "")}}',
  description: 'Read and write ERPNext documents, call server methods, find who owns equipment',
  defaults: { name: 'ERPNext' },
  inputs: ['main'],
  outputs: ['main'],
  credentials: [{ name: CREDENTIAL_TYPE, required: true }],
  codex: { categories: ['ERPNext'] },
  properties: [
    operation,
    doctypeProperty,
    nameProperty,
    ...filterProperties(show('getAll', 'count'), show('getAll')),
    ...documentProperties,
    ...ACTIONS.flatMap((a) => a.properties),
  ],
};
