import type { ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';
import { withGenieAcsAuth } from '../auth.ts';
import type { GenieAcsAuth } from '../auth.ts';

/**
 * The GenieACS northbound interface (NBI, port 7557 by default). The NBI has no login of its
 * own: "None" when it is reachable only from a trusted network, Basic or a header when a
 * reverse proxy in front of it asks for one.
 */
export class GigafibreGenieAcsApi implements ICredentialType {
  name = 'gigafibreGenieAcsApi';
  displayName = 'GenieACS NBI (Gigafibre)';
  documentationUrl = 'https://docs.genieacs.com/en/latest/api-reference.html';
  properties: INodeProperties[] = [
    {
      displayName: 'NBI Base URL',
      name: 'baseUrl',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'http://genieacs.example.com:7557',
      description: 'The northbound interface (NBI), not the web UI (port 3000) nor the CWMP port (7547)',
    },
    {
      displayName: 'Authentication',
      name: 'authType',
      type: 'options',
      options: [
        { name: 'None', value: 'none', description: 'The NBI is reached directly (it has no authentication of its own)' },
        { name: 'Basic Auth', value: 'basic', description: 'A reverse proxy in front of the NBI asks for a user and password' },
        { name: 'Header', value: 'header', description: 'A reverse proxy in front of the NBI asks for a header (e.g. X-Api-Key)' },
      ],
      default: 'none',
    },
    { displayName: 'User', name: 'username', type: 'string', default: '', displayOptions: { show: { authType: ['basic'] } } },
    { displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '', displayOptions: { show: { authType: ['basic'] } } },
    { displayName: 'Header Name', name: 'headerName', type: 'string', default: '', placeholder: 'X-Api-Key', displayOptions: { show: { authType: ['header'] } } },
    { displayName: 'Header Value', name: 'headerValue', type: 'string', typeOptions: { password: true }, default: '', displayOptions: { show: { authType: ['header'] } } },
    {
      displayName: 'Timeout (ms)',
      name: 'timeout',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: 30000,
      description: 'How long to wait for an answer to a query. Tasks that wait for the device get at least their task timeout + 120 s (see the node\'s task options).',
    },
  ];

  /** Basic or header authentication for the proxy; nothing for "None". */
  async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
    return withGenieAcsAuth(credentials as GenieAcsAuth, requestOptions);
  }

  test: ICredentialTestRequest = {
    request: { baseURL: '={{$credentials.baseUrl}}', url: '/devices/', qs: { limit: 1, projection: '_id' } },
    rules: [
      { type: 'responseCode', properties: { value: 401, message: 'The proxy in front of GenieACS refused the credentials — check the user and password, or the header' } },
      { type: 'responseCode', properties: { value: 404, message: 'No GenieACS NBI at this URL — the NBI listens on port 7557 by default (not the UI\'s 3000)' } },
    ],
  };
}
