import type { IDataObject, INodeType, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import Stripe from 'stripe';
import { stripeTriggerDescription } from './description.ts';

/** Stripe's own default: a signature older than five minutes is a replay. */
const TOLERANCE_SECONDS = 300;

type Request = ReturnType<IWebhookFunctions['getRequestObject']> & { rawBody?: Buffer };

export class StripeTrigger implements INodeType {
  description = stripeTriggerDescription;

  /**
   * Verifies the Stripe-Signature header over the exact bytes received, then starts the run with
   * the event. Unselected event types get a 2xx so Stripe does not retry them.
   */
  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const res = this.getResponseObject();
    const req = this.getRequestObject() as Request;
    const node = this.getNode().name;
    const configurationError = (message: string): IWebhookResponseData => {
      // 500 makes Stripe retry, so events are not lost while the node is being fixed.
      res.status(500).json({ error: 'configuration', message: `Stripe Trigger node "${node}": ${message}` });
      return { noWebhookResponse: true };
    };

    let secret: string;
    try {
      const cred = await this.getCredentials<{ signatureSecret?: string }>('stripeApi');
      secret = String(cred.signatureSecret ?? '').trim();
    } catch (err) {
      return configurationError((err as Error).message);
    }
    if (!secret) return configurationError('the stripeApi credential has no Signing Secret (signatureSecret, "whsec_...")');

    let event: IDataObject;
    try {
      const header = req.headers['stripe-signature'];
      event = Stripe.webhooks.constructEvent(req.rawBody ?? Buffer.alloc(0), header ?? '', secret, TOLERANCE_SECONDS) as unknown as IDataObject;
    } catch (err) {
      res.status(400).json({ error: 'invalid_signature', message: `Stripe signature verification failed: ${(err as Error).message}` });
      return { noWebhookResponse: true };
    }

    const selected = this.getNodeParameter('events', []) as string[] | string;
    const events = Array.isArray(selected) ? selected : [selected];
    if (!events.length) return configurationError('no event types are selected (parameter "events")');
    const type = String(event.type ?? '');
    if (!events.includes('*') && !events.includes(type)) {
      res.status(200).json({ received: true, ignored: type });
      return { noWebhookResponse: true };
    }
    return { workflowData: [[{ json: event }]] };
  }
}
