import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * An ERPNext / Frappe API key pair. Requests run as the user who owns the key, so that user's
 * roles decide what the nodes may read and write. The webhook secret is only for ERPNext Trigger.
 */
export class GigafibreErpNextApi implements ICredentialType {
  name = 'gigafibreErpNextApi';
  displayName = 'ERPNext API (Gigafibre)';
  documentationUrl = 'https://docs.frappe.io/framework/user/en/guides/integration/rest_api/token_based_authentication';
  properties: INodeProperties[] = [
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'https://erp.example.com',
      description: 'The site address, without /api',
    },
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      default: '',
      required: true,
      description: "User → Settings → API Access → Generate Keys (the key is shown on the user's page)",
    },
    { displayName: 'API Secret', name: 'apiSecret', type: 'string', typeOptions: { password: true }, default: '', required: true, description: 'Shown once when the keys are generated' },
    {
      displayName: 'Webhook Secret',
      name: 'webhookSecret',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      description:
        'For ERPNext Trigger: the "Webhook Secret" of the Frappe Webhook (with "Enable Security" ticked). When set, calls without a valid X-Frappe-Webhook-Signature are refused.',
    },
    { displayName: 'Timeout (ms)', name: 'timeout', type: 'number', typeOptions: { minValue: 1 }, default: 30000, description: 'How long to wait for ERPNext to answer one request' },
  ];

  // n8n's declarative conventions, for hosts that apply them; the ERPNext nodes set the header themselves.
  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { headers: { Authorization: '=token {{$credentials.apiKey}}:{{$credentials.apiSecret}}' } },
  };

  test: ICredentialTestRequest = {
    request: { baseURL: '={{$credentials.baseUrl}}', url: '/api/method/frappe.auth.get_logged_user', headers: { Accept: 'application/json' } },
  };
}
