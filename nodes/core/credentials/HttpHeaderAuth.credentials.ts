import type { IAuthenticateGeneric, ICredentialType, INodeProperties } from 'n8n-workflow';

export class HttpHeaderAuth implements ICredentialType {
  name = 'httpHeaderAuth';
  displayName = 'Header Auth';
  properties: INodeProperties[] = [
    { displayName: 'Name', name: 'name', type: 'string', default: '' },
    { displayName: 'Value', name: 'value', type: 'string', typeOptions: { password: true }, default: '' },
  ];
  /** For nodes that send it with helpers.httpRequestWithAuthentication (the HTTP Request node applies it itself). */
  authenticate: IAuthenticateGeneric = { type: 'generic', properties: { headers: { '={{$credentials.name}}': '={{$credentials.value}}' } } };
}
