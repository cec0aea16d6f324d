import type { IDisplayOptions, INodeProperties, INodeTypeDescription, NodeParameterValue } from 'n8n-workflow';

// n8n's HTTP Request v4 / 4.1 / 4.2 parameter shape (they share it), so n8n exports import unchanged.
// Options Gigaflow does not implement are kept in the shape and rejected with a clear error at run time.

const show = (conditions: Record<string, NodeParameterValue[]>): IDisplayOptions => ({ show: conditions });

const keyValues = (name: string, displayName: string, displayOptions: IDisplayOptions, itemName: string): INodeProperties => ({
  displayName,
  name,
  type: 'fixedCollection',
  displayOptions,
  typeOptions: { multipleValues: true },
  placeholder: `Add ${itemName}`,
  default: { parameters: [{ name: '', value: '' }] },
  options: [
    {
      name: 'parameters',
      displayName: itemName,
      values: [
        { displayName: 'Name', name: 'name', type: 'string', default: '' },
        { displayName: 'Value', name: 'value', type: 'string', default: '' },
      ],
    },
  ],
});

const keypairOrJson = (name: string, displayName: string, displayOptions: IDisplayOptions): INodeProperties => ({
  displayName,
  name,
  type: 'options',
  displayOptions,
  options: [
    { name: 'Using Fields Below', value: 'keypair' },
    { name: 'Using JSON', value: 'json' },
  ],
  default: 'keypair',
});

const jsonField = (name: string, displayOptions: IDisplayOptions): INodeProperties => ({ displayName: 'JSON', name, type: 'json', displayOptions, default: '' });

const redirectOption = (followByDefault: boolean, displayOptions: IDisplayOptions): INodeProperties => ({
  displayName: 'Redirects',
  name: 'redirect',
  placeholder: 'Add Redirect',
  type: 'fixedCollection',
  typeOptions: { multipleValues: false },
  default: { redirect: {} },
  displayOptions,
  options: [
    {
      displayName: 'Redirect',
      name: 'redirect',
      values: [
        { displayName: 'Follow Redirects', name: 'followRedirects', type: 'boolean', default: followByDefault, noDataExpression: true },
        {
          displayName: 'Max Redirects',
          name: 'maxRedirects',
          type: 'number',
          displayOptions: { show: { followRedirects: [true] } },
          default: 21,
          description: 'Max number of redirects to follow',
        },
      ],
    },
  ],
});

const optionsProperty: INodeProperties = {
  displayName: 'Options',
  name: 'options',
  type: 'collection',
  placeholder: 'Add option',
  default: {},
  options: [
    {
      displayName: 'Batching',
      name: 'batching',
      placeholder: 'Add Batching',
      type: 'fixedCollection',
      typeOptions: { multipleValues: false },
      default: { batch: {} },
      options: [
        {
          displayName: 'Batching',
          name: 'batch',
          values: [
            { displayName: 'Items per Batch', name: 'batchSize', type: 'number', typeOptions: { minValue: -1 }, default: 50, description: 'Requests sent at once. -1 for no batching; 0 counts as 1.' },
            { displayName: 'Batch Interval (ms)', name: 'batchInterval', type: 'number', typeOptions: { minValue: 0 }, default: 1000, description: 'Time between batches. 0 for none.' },
          ],
        },
      ],
    },
    { displayName: 'Ignore SSL Issues (Insecure)', name: 'allowUnauthorizedCerts', type: 'boolean', noDataExpression: true, default: false },
    {
      displayName: 'Array Format in Query Parameters',
      name: 'queryParameterArrays',
      type: 'options',
      displayOptions: { show: { '/sendQuery': [true] } },
      options: [
        { name: 'No Brackets', value: 'repeat', description: 'e.g. foo=bar&foo=qux' },
        { name: 'Brackets Only', value: 'brackets', description: 'e.g. foo[]=bar&foo[]=qux' },
        { name: 'Brackets with Indices', value: 'indices', description: 'e.g. foo[0]=bar&foo[1]=qux' },
      ],
      default: 'brackets',
    },
    { displayName: 'Lowercase Headers', name: 'lowercaseHeaders', type: 'boolean', default: true, description: 'Whether to lowercase header names' },
    redirectOption(false, { show: { '@version': [1, 2, 3] } }),
    redirectOption(true, { hide: { '@version': [1, 2, 3] } }),
    {
      displayName: 'Response',
      name: 'response',
      placeholder: 'Add response',
      type: 'fixedCollection',
      typeOptions: { multipleValues: false },
      default: { response: {} },
      options: [
        {
          displayName: 'Response',
          name: 'response',
          values: [
            { displayName: 'Include Response Headers and Status', name: 'fullResponse', type: 'boolean', default: false },
            { displayName: 'Never Error', name: 'neverError', type: 'boolean', default: false, description: 'Whether to succeed also when the status code is not 2xx' },
            {
              displayName: 'Response Format',
              name: 'responseFormat',
              type: 'options',
              noDataExpression: true,
              options: [
                { name: 'Autodetect', value: 'autodetect' },
                { name: 'File', value: 'file' },
                { name: 'JSON', value: 'json' },
                { name: 'Text', value: 'text' },
              ],
              default: 'autodetect',
            },
            {
              displayName: 'Put Output in Field',
              name: 'outputPropertyName',
              type: 'string',
              default: 'data',
              required: true,
              displayOptions: { show: { responseFormat: ['file', 'text'] } },
              description: 'The field (text) or binary property (file) to put the response in',
            },
          ],
        },
      ],
    },
    {
      displayName: 'Pagination',
      name: 'pagination',
      placeholder: 'Add pagination',
      type: 'fixedCollection',
      typeOptions: { multipleValues: false },
      default: { pagination: {} },
      description: 'Not supported by Gigaflow yet',
      options: [{ displayName: 'Pagination', name: 'pagination', values: [{ displayName: 'Pagination Mode', name: 'paginationMode', type: 'string', default: 'off' }] }],
    },
    { displayName: 'Proxy', name: 'proxy', type: 'string', default: '', placeholder: 'e.g. http://myproxy:3128', description: 'Not supported by Gigaflow yet' },
    {
      displayName: 'Timeout',
      name: 'timeout',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: 10000,
      description: 'Time in ms to wait for the server to answer before aborting the request',
    },
  ],
};

const body = (extra: Record<string, NodeParameterValue[]>) => show({ sendBody: [true], ...extra });

export const httpRequestDescription: INodeTypeDescription = {
  displayName: 'HTTP Request',
  name: 'httpRequest',
  icon: 'fa:at',
  group: ['output'],
  version: [4, 4.1, 4.2],
  subtitle: '={{$parameter["method"] + ": " + $parameter["url"]}}',
  description: 'Makes an HTTP request and returns the response data',
  defaults: { name: 'HTTP Request', color: '#0004F5' },
  inputs: ['main'],
  outputs: ['main'],
  credentials: [
    { name: 'httpBasicAuth', required: true, displayOptions: { show: { authentication: ['genericCredentialType'], genericAuthType: ['httpBasicAuth'] } } },
    { name: 'httpHeaderAuth', required: true, displayOptions: { show: { authentication: ['genericCredentialType'], genericAuthType: ['httpHeaderAuth'] } } },
    { name: 'httpBearerAuth', required: true, displayOptions: { show: { authentication: ['genericCredentialType'], genericAuthType: ['httpBearerAuth'] } } },
  ],
  properties: [
    {
      displayName: 'Method',
      name: 'method',
      type: 'options',
      options: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'].map((m) => ({ name: m, value: m })),
      default: 'GET',
      description: 'The request method to use',
    },
    { displayName: 'URL', name: 'url', type: 'string', default: '', placeholder: 'http://example.com/index.html', required: true },
    {
      displayName: 'Authentication',
      name: 'authentication',
      noDataExpression: true,
      type: 'options',
      options: [
        { name: 'None', value: 'none' },
        { name: 'Predefined Credential Type', value: 'predefinedCredentialType', description: 'Not supported by Gigaflow yet' },
        { name: 'Generic Credential Type', value: 'genericCredentialType', description: 'Basic, header or bearer auth' },
      ],
      default: 'none',
    },
    { displayName: 'Credential Type', name: 'nodeCredentialType', type: 'string', noDataExpression: true, default: '', displayOptions: show({ authentication: ['predefinedCredentialType'] }) },
    {
      displayName: 'Generic Auth Type',
      name: 'genericAuthType',
      type: 'options',
      required: true,
      default: '',
      options: [
        { name: 'Basic Auth', value: 'httpBasicAuth' },
        { name: 'Bearer Auth', value: 'httpBearerAuth' },
        { name: 'Header Auth', value: 'httpHeaderAuth' },
      ],
      displayOptions: show({ authentication: ['genericCredentialType'] }),
    },
    { displayName: 'SSL Certificates', name: 'provideSslCertificates', type: 'boolean', default: false, description: 'Not supported by Gigaflow yet' },
    { displayName: 'Send Query Parameters', name: 'sendQuery', type: 'boolean', default: false, noDataExpression: true },
    keypairOrJson('specifyQuery', 'Specify Query Parameters', show({ sendQuery: [true] })),
    keyValues('queryParameters', 'Query Parameters', show({ sendQuery: [true], specifyQuery: ['keypair'] }), 'Query Parameter'),
    jsonField('jsonQuery', show({ sendQuery: [true], specifyQuery: ['json'] })),
    { displayName: 'Send Headers', name: 'sendHeaders', type: 'boolean', default: false, noDataExpression: true },
    keypairOrJson('specifyHeaders', 'Specify Headers', show({ sendHeaders: [true] })),
    keyValues('headerParameters', 'Headers', show({ sendHeaders: [true], specifyHeaders: ['keypair'] }), 'Header'),
    jsonField('jsonHeaders', show({ sendHeaders: [true], specifyHeaders: ['json'] })),
    { displayName: 'Send Body', name: 'sendBody', type: 'boolean', default: false, noDataExpression: true },
    {
      displayName: 'Body Content Type',
      name: 'contentType',
      type: 'options',
      displayOptions: body({}),
      options: [
        { name: 'Form Urlencoded', value: 'form-urlencoded' },
        { name: 'Form-Data', value: 'multipart-form-data' },
        { name: 'JSON', value: 'json' },
        { name: 'n8n Binary File', value: 'binaryData' },
        { name: 'Raw', value: 'raw' },
      ],
      default: 'json',
    },
    keypairOrJson('specifyBody', 'Specify Body', body({ contentType: ['json'] })),
    keyValues('bodyParameters', 'Body Parameters', body({ contentType: ['json'], specifyBody: ['keypair'] }), 'Body Field'),
    jsonField('jsonBody', body({ contentType: ['json'], specifyBody: ['json'] })),
    {
      displayName: 'Body',
      name: 'bodyParameters',
      type: 'fixedCollection',
      displayOptions: body({ contentType: ['multipart-form-data'] }),
      typeOptions: { multipleValues: true },
      placeholder: 'Add Body Field',
      default: { parameters: [{ name: '', value: '' }] },
      options: [
        {
          name: 'parameters',
          displayName: 'Body Field',
          values: [
            {
              displayName: 'Type',
              name: 'parameterType',
              type: 'options',
              options: [
                { name: 'n8n Binary File', value: 'formBinaryData' },
                { name: 'Form Data', value: 'formData' },
              ],
              default: 'formData',
            },
            { displayName: 'Name', name: 'name', type: 'string', default: '' },
            { displayName: 'Value', name: 'value', type: 'string', default: '', displayOptions: show({ parameterType: ['formData'] }) },
            { displayName: 'Input Data Field Name', name: 'inputDataFieldName', type: 'string', default: '', displayOptions: show({ parameterType: ['formBinaryData'] }) },
          ],
        },
      ],
    },
    {
      displayName: 'Specify Body',
      name: 'specifyBody',
      type: 'options',
      displayOptions: body({ contentType: ['form-urlencoded'] }),
      options: [
        { name: 'Using Fields Below', value: 'keypair' },
        { name: 'Using Single Field', value: 'string' },
      ],
      default: 'keypair',
    },
    keyValues('bodyParameters', 'Body Fields', body({ contentType: ['form-urlencoded'], specifyBody: ['keypair'] }), 'Field'),
    { displayName: 'Body', name: 'body', type: 'string', displayOptions: body({ specifyBody: ['string'] }), default: '', placeholder: 'field1=value1&field2=value2' },
    { displayName: 'Input Data Field Name', name: 'inputDataFieldName', type: 'string', displayOptions: body({ contentType: ['binaryData'] }), default: '' },
    { displayName: 'Content Type', name: 'rawContentType', type: 'string', displayOptions: body({ contentType: ['raw'] }), default: '', placeholder: 'text/html' },
    { displayName: 'Body', name: 'body', type: 'string', displayOptions: body({ contentType: ['raw'] }), default: '' },
    optionsProperty,
  ],
};
