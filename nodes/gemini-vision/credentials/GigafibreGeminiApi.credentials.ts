import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Google AI Studio API key for the Gemini API. The Base URL is only for a proxy or gateway in
 * front of Google (or a test server); empty means generativelanguage.googleapis.com.
 */
export class GigafibreGeminiApi implements ICredentialType {
  name = 'gigafibreGeminiApi';
  displayName = 'Google Gemini API (Gigafibre)';
  documentationUrl = 'https://ai.google.dev/gemini-api/docs/api-key';
  properties: INodeProperties[] = [
    { displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '', required: true, description: 'From https://aistudio.google.com/apikey' },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: '',
      placeholder: 'https://generativelanguage.googleapis.com',
      description: 'Leave empty for Google. Set it for a proxy or gateway that speaks the same API (the path /v1beta/... is added).',
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { headers: { 'x-goog-api-key': '={{$credentials.apiKey}}' } },
  };

  // Listing models needs a valid key and costs nothing.
  test: ICredentialTestRequest = {
    request: { baseURL: '={{($credentials.baseUrl || "https://generativelanguage.googleapis.com").replace(/\\/+$/, "")}}', url: '/v1beta/models', qs: { pageSize: 1 } },
  };
}
