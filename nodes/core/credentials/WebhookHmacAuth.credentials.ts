import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** Gigaflow's HMAC webhook credential: the secret a sender signs the raw request body with (SHA-256). */
export class WebhookHmacAuth implements ICredentialType {
  name = 'webhookHmacAuth';
  displayName = 'Webhook HMAC Signature';
  properties: INodeProperties[] = [
    { displayName: 'Secret', name: 'secret', type: 'string', typeOptions: { password: true }, default: '', required: true },
    { displayName: 'Header Name', name: 'headerName', type: 'string', default: 'X-Signature-256', description: 'Request header that carries the signature' },
    { displayName: 'Prefix', name: 'prefix', type: 'string', default: 'sha256=', description: 'Text before the digest in the header (GitHub style "sha256="); empty for none' },
    {
      displayName: 'Encoding',
      name: 'encoding',
      type: 'options',
      options: [
        { name: 'Hex', value: 'hex' },
        { name: 'Base64', value: 'base64' },
      ],
      default: 'hex',
      description: 'How the digest is written in the header',
    },
  ];
}
