import type { INodeTypeDescription } from 'n8n-workflow';

/** n8n's Stop and Error v1 parameter shape, so n8n exports (and their error workflows) run unchanged. */
export const stopAndErrorDescription: INodeTypeDescription = {
  displayName: 'Stop and Error',
  name: 'stopAndError',
  icon: 'fa:exclamation-triangle',
  group: ['input'],
  version: 1,
  description: 'Throw an error in the workflow',
  defaults: { name: 'Stop and Error', color: '#ff0000' },
  inputs: ['main'],
  outputs: [],
  properties: [
    {
      displayName: 'Error Type',
      name: 'errorType',
      type: 'options',
      options: [
        { name: 'Error Message', value: 'errorMessage' },
        { name: 'Error Object', value: 'errorObject' },
      ],
      default: 'errorMessage',
      description: 'Type of error to throw',
    },
    {
      displayName: 'Error Message',
      name: 'errorMessage',
      type: 'string',
      placeholder: 'An error occurred!',
      default: '',
      required: true,
      displayOptions: { show: { errorType: ['errorMessage'] } },
    },
    {
      displayName: 'Error Object',
      name: 'errorObject',
      type: 'json',
      description: 'Object containing error properties',
      default: '',
      typeOptions: { alwaysOpenEditWindow: true },
      placeholder: '{\n  "code": "404",\n  "description": "The resource could not be fetched"\n}',
      required: true,
      displayOptions: { show: { errorType: ['errorObject'] } },
    },
  ],
};
