import type { IAuthenticateGeneric, ICredentialType, INodeProperties } from 'n8n-workflow';

/** n8n's Bearer Auth credential: sent as `Authorization: Bearer <token>` by the HTTP Request node. */
export class HttpBearerAuth implements ICredentialType {
  name = 'httpBearerAuth';
  displayName = 'Bearer Auth';
  properties: INodeProperties[] = [
    { displayName: 'Bearer Token', name: 'token', type: 'string', typeOptions: { password: true }, default: '' },
  ];
  /** For nodes that send it with helpers.httpRequestWithAuthentication (the HTTP Request node applies it itself). */
  authenticate: IAuthenticateGeneric = { type: 'generic', properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } } };
}
