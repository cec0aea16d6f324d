import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Twilio account: Account SID + Auth Token, or an API Key (SID + secret) of that account. The
 * Auth Token is also what Twilio signs webhooks with, so Twilio Trigger needs it in both modes.
 * The node tests it (methods.credentialTest) by fetching the account through the twilio library.
 */
export class GigafibreTwilioApi implements ICredentialType {
  name = 'gigafibreTwilioApi';
  displayName = 'Twilio API (Gigafibre)';
  documentationUrl = 'https://www.twilio.com/docs/iam/api-keys';
  properties: INodeProperties[] = [
    {
      displayName: 'Authentication',
      name: 'authType',
      type: 'options',
      options: [
        { name: 'Auth Token', value: 'authToken' },
        { name: 'API Key', value: 'apiKey' },
      ],
      default: 'authToken',
      description: 'API keys can be revoked one by one; the Auth Token is the account\'s master secret',
    },
    {
      displayName: 'Account SID',
      name: 'accountSid',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'AC0123456789abcdef0123456789abcdef',
      description: 'Console → Account Info. Starts with AC.',
    },
    {
      displayName: 'Auth Token',
      name: 'authToken',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      description: 'Console → Account Info. Needed for Auth Token authentication, and by Twilio Trigger (in both modes) to check X-Twilio-Signature.',
    },
    {
      displayName: 'API Key SID',
      name: 'apiKeySid',
      type: 'string',
      default: '',
      placeholder: 'SK0123456789abcdef0123456789abcdef',
      displayOptions: { show: { authType: ['apiKey'] } },
      description: 'Console → API keys & tokens. Starts with SK.',
    },
    {
      displayName: 'API Key Secret',
      name: 'apiKeySecret',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      displayOptions: { show: { authType: ['apiKey'] } },
      description: 'Shown once when the key is created',
    },
    {
      displayName: 'API Base URL Override',
      name: 'apiBaseUrl',
      type: 'string',
      default: '',
      placeholder: 'http://127.0.0.1:8089',
      description:
        'For tests and proxies only: send the twilio library\'s requests to this origin instead of https://api.twilio.com (paths unchanged). Leave empty in production.',
    },
  ];
}
