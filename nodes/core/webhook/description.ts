import type { INodeTypeDescription } from 'n8n-workflow';

const methods = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'].map((m) => ({ name: m, value: m }));

/** n8n's Webhook node parameters (v1–v2.1), so exported webhook flows import unchanged. */
export const webhookDescription: INodeTypeDescription = {
  displayName: 'Webhook',
  name: 'webhook',
  icon: 'fa:bolt',
  group: ['trigger'],
  version: [1, 1.1, 2, 2.1],
  defaultVersion: 2.1,
  description: 'Starts the workflow when a webhook is called',
  eventTriggerDescription: 'Waiting for you to call the Test URL',
  activationMessage: 'You can now make calls to your production webhook URL.',
  defaults: { name: 'Webhook' },
  inputs: [],
  outputs: ['main'],
  credentials: [
    { name: 'httpBasicAuth', required: true, displayOptions: { show: { authentication: ['basicAuth'] } } },
    { name: 'httpHeaderAuth', required: true, displayOptions: { show: { authentication: ['headerAuth'] } } },
    { name: 'webhookHmacAuth', required: true, displayOptions: { show: { authentication: ['hmacSha256'] } } },
  ],
  webhooks: [
    {
      name: 'default',
      httpMethod: '={{$parameter["httpMethod"] || "GET"}}',
      isFullPath: true,
      responseCode: '={{$parameter["responseCode"]}}',
      responseMode: '={{$parameter["responseMode"]}}',
      responseData: '={{$parameter["responseData"]}}',
      path: '={{$parameter["path"]}}',
    },
  ],
  properties: [
    { displayName: 'HTTP Method', name: 'httpMethod', type: 'options', options: methods, default: 'GET' },
    {
      displayName: 'Path',
      name: 'path',
      type: 'string',
      default: '',
      placeholder: 'webhook or q/:mac',
      required: true,
      description: 'The path to listen on. Segments starting with ":" are parameters, available as $json.params.',
    },
    {
      displayName: 'Authentication',
      name: 'authentication',
      type: 'options',
      options: [
        { name: 'Basic Auth', value: 'basicAuth' },
        { name: 'Header Auth', value: 'headerAuth' },
        // Gigaflow addition (not in n8n): the sender signs the raw body with a shared secret.
        { name: 'HMAC Signature (SHA-256)', value: 'hmacSha256', description: 'Verify an HMAC-SHA256 signature of the raw body, sent in a header' },
        { name: 'None', value: 'none' },
      ],
      default: 'none',
    },
    {
      displayName: 'Respond',
      name: 'responseMode',
      type: 'options',
      options: [
        { name: 'Immediately', value: 'onReceived', description: 'As soon as this node runs' },
        { name: 'When Last Node Finishes', value: 'lastNode', description: 'Returns data of the last-executed node' },
        { name: "Using 'Respond to Webhook' Node", value: 'responseNode', description: 'Response defined in that node' },
      ],
      default: 'onReceived',
    },
    {
      displayName: 'Response Code',
      name: 'responseCode',
      type: 'number',
      typeOptions: { minValue: 100, maxValue: 599 },
      default: 200,
      displayOptions: { hide: { responseMode: ['responseNode'] } },
    },
    {
      displayName: 'Response Data',
      name: 'responseData',
      type: 'options',
      displayOptions: { show: { responseMode: ['lastNode'] } },
      options: [
        { name: 'All Entries', value: 'allEntries', description: 'All items of the last node, as an array' },
        { name: 'First Entry JSON', value: 'firstEntryJson', description: 'The JSON of the first item of the last node' },
        { name: 'No Response Body', value: 'noData' },
      ],
      default: 'firstEntryJson',
    },
    {
      displayName: 'Options',
      name: 'options',
      type: 'collection',
      placeholder: 'Add option',
      default: {},
      options: [
        {
          displayName: 'Allowed Origins (CORS)',
          name: 'allowedOrigins',
          type: 'string',
          default: '*',
          placeholder: 'https://app.example.com, https://ops.example.com',
          description: 'Comma-separated origins whose browser pages may call this webhook and read the answer; * allows every origin',
        },
        {
          displayName: 'IP(s) Allowlist',
          name: 'ipWhitelist',
          type: 'string',
          default: '',
          placeholder: 'e.g. 127.0.0.1, 192.168.1.0/24',
          description: 'Comma-separated IP addresses or CIDR ranges allowed to call this webhook (others get 403). Empty allows all. The connecting address is used, not X-Forwarded-For.',
        },
        { displayName: 'Raw Body', name: 'rawBody', type: 'boolean', default: false, description: 'Whether to add the raw body as binary data' },
        { displayName: 'Response Data', name: 'responseData', type: 'string', default: '', description: 'Custom body sent when responding immediately' },
        { displayName: 'No Response Body', name: 'noResponseBody', type: 'boolean', default: false },
        {
          displayName: 'Response Content-Type',
          name: 'responseContentType',
          type: 'string',
          default: '',
          placeholder: 'application/xml',
          displayOptions: { show: { '/responseMode': ['lastNode'], '/responseData': ['firstEntryJson'] } },
          description: 'Content-Type of the answer instead of application/json',
        },
        {
          displayName: 'Response Headers',
          name: 'responseHeaders',
          type: 'fixedCollection',
          default: {},
          description: 'Headers added to the answer, whichever way it is sent; a Respond to Webhook node overrides them',
          typeOptions: { multipleValues: true },
          options: [
            {
              name: 'entries',
              displayName: 'Entries',
              values: [
                { displayName: 'Name', name: 'name', type: 'string', default: '' },
                { displayName: 'Value', name: 'value', type: 'string', default: '' },
              ],
            },
          ],
        },
      ],
    },
  ],
};
