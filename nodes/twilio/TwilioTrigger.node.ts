import type { IDataObject, INodeType, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import twilio from 'twilio';
import { CREDENTIAL_TYPE } from './client.ts';
import { describeCode } from './errors.ts';
import { twilioTriggerDescription } from './trigger/description.ts';
import { formParams, SIGNATURE_HEADER, signedUrl, validSignature } from './trigger/signature.ts';
import type { FormParams } from './trigger/signature.ts';

type Request = ReturnType<IWebhookFunctions['getRequestObject']> & { rawBody?: Buffer };
type Response = ReturnType<IWebhookFunctions['getResponseObject']>;

const EMPTY_TWIML = new twilio.twiml.MessagingResponse().toString();

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const str = (v: string | string[] | undefined) => one(v) ?? null;
const int = (v: string | string[] | undefined) => (one(v) === undefined || one(v) === '' ? null : Number(one(v)));

function refuse(res: Response, status: number, error: string, message: string): IWebhookResponseData {
  res.status(status).json({ error, message });
  return { noWebhookResponse: true };
}

function answerTwiml(res: Response): void {
  res.status(200).type('text/xml').send(EMPTY_TWIML);
}

/** An SMS to one of the account's numbers, with its media as a list. */
function inboundJson(p: FormParams): IDataObject {
  const numMedia = int(p.NumMedia) ?? 0;
  const media = Array.from({ length: numMedia }, (_, n) => ({ url: str(p[`MediaUrl${n}`]), contentType: str(p[`MediaContentType${n}`]) }));
  return {
    event: 'message',
    messageSid: str(p.MessageSid) ?? str(p.SmsMessageSid),
    accountSid: str(p.AccountSid),
    messagingServiceSid: str(p.MessagingServiceSid),
    from: str(p.From),
    to: str(p.To),
    body: str(p.Body) ?? '',
    numSegments: int(p.NumSegments),
    numMedia,
    media,
    fromCountry: str(p.FromCountry),
    fromCity: str(p.FromCity),
    params: p as IDataObject,
  };
}

/** A status change of a sent message; a failure's ErrorCode comes with what it means and what to do. */
function statusJson(p: FormParams): IDataObject {
  const errorCode = int(p.ErrorCode);
  return {
    event: 'status',
    messageSid: str(p.MessageSid) ?? str(p.SmsSid),
    status: str(p.MessageStatus),
    errorCode,
    error: describeCode(errorCode ?? undefined) ?? null,
    accountSid: str(p.AccountSid),
    messagingServiceSid: str(p.MessagingServiceSid),
    from: str(p.From),
    to: str(p.To),
    params: p as IDataObject,
  };
}

export class TwilioTrigger implements INodeType {
  description = twilioTriggerDescription;

  /**
   * Checks X-Twilio-Signature against the public URL (missing or wrong → 403, nothing runs),
   * tells an inbound message from a status callback, and starts the run for the selected kind.
   */
  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const req = this.getRequestObject() as Request;
    const res = this.getResponseObject();
    const who = `Twilio Trigger "${this.getNode().name}"`;

    let authToken: string;
    try {
      const cred = await this.getCredentials<{ authToken?: string }>(CREDENTIAL_TYPE);
      authToken = String(cred.authToken ?? '').trim();
    } catch (err) {
      return refuse(res, 500, 'configuration', `${who}: ${(err as Error).message}`);
    }
    if (!authToken) return refuse(res, 500, 'configuration', `${who}: the Twilio credential has no Auth Token. Twilio signs webhooks with it, also when the nodes use an API key.`);

    const header = one(req.headers[SIGNATURE_HEADER]) ?? '';
    if (!header.trim()) return refuse(res, 403, 'missing_signature', `${who}: the call has no X-Twilio-Signature header; only Twilio may call this URL.`);
    const params = formParams(req.rawBody);
    const override = String(this.getNodeParameter('publicUrl', '') ?? '').trim();
    const url = signedUrl(override || this.getNodeWebhookUrl('default') || '', req.originalUrl ?? req.url ?? '');
    if (!validSignature(authToken, header.trim(), url, params))
      return refuse(
        res,
        403,
        'invalid_signature',
        `${who}: X-Twilio-Signature does not match ${url}. Check the credential's Auth Token, and that this is the exact URL set in Twilio (behind a proxy: GIGAFLOW_PUBLIC_URL or "Public URL Override").`,
      );

    const kind = params.MessageStatus !== undefined ? 'status' : 'inbound';
    const wanted = String(this.getNodeParameter('events', 'both'));
    if (wanted !== 'both' && wanted !== kind) {
      answerTwiml(res);
      return { noWebhookResponse: true };
    }
    const json = kind === 'status' ? statusJson(params) : inboundJson(params);
    // Empty TwiML now, unless a Respond to Webhook node answers (e.g. with a reply <Message>).
    if (String(this.getNodeParameter('responseMode', 'onReceived')) !== 'responseNode') answerTwiml(res);
    return { workflowData: [[{ json }]] };
  }
}
