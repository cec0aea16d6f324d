import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * n8n's Stripe credential, plus the endpoint's signing secret: Gigaflow does not create the
 * webhook endpoint through the API, so the secret Stripe shows for the endpoint goes here.
 */
export class StripeApi implements ICredentialType {
  name = 'stripeApi';
  displayName = 'Stripe API';
  documentationUrl = 'https://docs.stripe.com/webhooks#verify-events';
  properties: INodeProperties[] = [
    { displayName: 'Secret Key', name: 'secretKey', type: 'string', typeOptions: { password: true }, default: '' },
    {
      displayName: 'Signing Secret',
      name: 'signatureSecret',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      placeholder: 'whsec_...',
      description: "The webhook endpoint's signing secret (Stripe Dashboard → Webhooks → the endpoint → Signing secret)",
    },
  ];
}
