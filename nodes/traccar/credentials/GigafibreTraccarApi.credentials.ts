import type { ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

/**
 * A Traccar server login. Traccar's API takes HTTP Basic with a user's email and password, or
 * (Traccar 5.x+) a Bearer API token the user generates in Settings → Preferences → Token. Both go
 * in the Authorization header, set by `authenticate` on every request the node sends through
 * helpers.httpRequestWithAuthentication.
 */
export class GigafibreTraccarApi implements ICredentialType {
  name = 'gigafibreTraccarApi';
  displayName = 'Traccar API (Gigafibre)';
  documentationUrl = 'https://www.traccar.org/traccar-api/';
  properties: INodeProperties[] = [
    {
      displayName: 'Server URL',
      name: 'baseUrl',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'https://gps.example.com',
      description: 'The address of the Traccar web interface; a trailing /api is accepted',
    },
    {
      displayName: 'Authentication',
      name: 'authType',
      type: 'options',
      options: [
        { name: 'Email and Password', value: 'basic' },
        { name: 'API Token', value: 'token' },
      ],
      default: 'token',
      description: 'A token can be revoked without changing the user\'s password (Traccar 5.x or newer)',
    },
    {
      displayName: 'Email',
      name: 'email',
      type: 'string',
      default: '',
      placeholder: 'dispatch@example.com',
      displayOptions: { show: { authType: ['basic'] } },
      description: 'The Traccar user\'s login',
    },
    {
      displayName: 'Password',
      name: 'password',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      displayOptions: { show: { authType: ['basic'] } },
    },
    {
      displayName: 'API Token',
      name: 'token',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      displayOptions: { show: { authType: ['token'] } },
      description: 'Traccar → Settings → Preferences → Token: generate, then copy it here',
    },
  ];

  /** Basic email:password or Bearer token, by the chosen authentication. */
  async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
    const authorization =
      credentials.authType === 'basic'
        ? `Basic ${Buffer.from(`${String(credentials.email ?? '')}:${String(credentials.password ?? '')}`).toString('base64')}`
        : `Bearer ${String(credentials.token ?? '')}`;
    return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: authorization } };
  }

  /**
   * GET /api/devices?id=0 needs a valid login (401 otherwise) yet returns an empty list at once,
   * however many devices the user has. The base URL is the credential's, without a trailing /api.
   */
  test: ICredentialTestRequest = {
    request: {
      baseURL: '={{ String($credentials.baseUrl).trim().replace(/\\/+$/, "").replace(/\\/api$/, "") }}',
      url: '/api/devices',
      qs: { id: 0 },
    },
    rules: [{ type: 'responseCode', properties: { value: 401, message: 'Traccar rejected the login: check the email and password, or the API token' } }],
  };
}
