import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions, INodeType, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { getDocTypes } from './load-options.ts';
import { CREDENTIAL_TYPE } from './transport.ts';
import { erpNextTriggerDescription } from './trigger/description.ts';
import { SIGNATURE_HEADER, validSignature } from './trigger/signature.ts';

type Request = ReturnType<IWebhookFunctions['getRequestObject']> & { rawBody?: Buffer };
type Response = ReturnType<IWebhookFunctions['getResponseObject']>;

const HOW_TO_NAME = 'Add ?event=on_update&doctype=Issue (your event and doctype) to the Request URL of the Webhook in ERPNext, or "event" and "doctype" keys to its JSON.';

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

function refuse(res: Response, status: number, error: string, message: string): IWebhookResponseData {
  res.status(status).json({ error, message });
  return { noWebhookResponse: true };
}

/** Frappe sends JSON text with no Content-Type: parse the raw bytes, whatever the parsers made of them. */
function parseBody(req: Request): { ok: true; body: unknown } | { ok: false } {
  const raw = (req.rawBody ?? Buffer.alloc(0)).toString('utf8');
  if (!raw.trim()) return { ok: true, body: {} };
  try {
    return { ok: true, body: JSON.parse(raw) };
  } catch {
    // A form-encoded call (a hand-made client) still has fields to work with.
    const parsed = req.body as unknown;
    if (parsed && typeof parsed === 'object' && !Buffer.isBuffer(parsed) && !Array.isArray(parsed)) return { ok: true, body: parsed };
    return { ok: false };
  }
}

export class ErpNextTrigger implements INodeType {
  description = erpNextTriggerDescription;

  methods = {
    loadOptions: {
      async getDocTypesOrAny(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
        return [{ name: 'Any DocType (*)', value: '*' }, ...(await getDocTypes.call(this))];
      },
    },
  };

  /**
   * Checks the signature (when the credential has a webhook secret) over the exact bytes, reads
   * which event and doctype the call is about, and starts the run only for the selected ones.
   */
  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const req = this.getRequestObject() as Request;
    const res = this.getResponseObject();
    const node = this.getNode();
    const who = `ERPNext Trigger "${node.name}"`;

    let secret = '';
    if (node.credentials?.[CREDENTIAL_TYPE]) {
      try {
        const cred = await this.getCredentials<{ webhookSecret?: string }>(CREDENTIAL_TYPE);
        secret = String(cred.webhookSecret ?? '').trim();
      } catch (err) {
        // 500: Frappe retries, so events are not lost while the credential is fixed.
        return refuse(res, 500, 'configuration', `${who}: ${(err as Error).message}`);
      }
    }
    if (secret) {
      const header = text(first(req.headers[SIGNATURE_HEADER]));
      if (!header)
        return refuse(res, 401, 'missing_signature', `${who}: the call has no X-Frappe-Webhook-Signature header. Tick "Enable Security" on the Webhook in ERPNext and give it the credential's Webhook Secret.`);
      if (!validSignature(secret, req.rawBody ?? Buffer.alloc(0), header))
        return refuse(res, 401, 'invalid_signature', `${who}: X-Frappe-Webhook-Signature does not match the body. The Webhook Secret in ERPNext and in the credential must be the same.`);
    }

    const parsed = parseBody(req);
    if (!parsed.ok) return refuse(res, 400, 'invalid_body', `${who}: the body is not JSON. Set the Webhook's Request Structure to JSON, or use a Webhook node for other formats.`);
    const body = parsed.body;
    const fields = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as IDataObject;
    const query = (this.getQueryData() ?? {}) as IDataObject;
    // With a secret, the signed body's own event/doctype win, and a URL that says otherwise is refused
    // (the signature covers the body, not the query): a captured body cannot be replayed as another event.
    const signedFirst = (key: 'event' | 'doctype') => {
      const inQuery = text(first(query[key]));
      const inBody = text(fields[key]);
      if (secret && inQuery && inBody && inQuery !== inBody) return { conflict: `${key} "${inQuery}" in the URL, "${inBody}" in the signed body` };
      return { value: secret ? inBody || inQuery : inQuery || inBody };
    };
    const eventOf = signedFirst('event');
    const doctypeOf = signedFirst('doctype');
    const conflict = eventOf.conflict ?? doctypeOf.conflict;
    if (conflict) return refuse(res, 400, 'conflicting_event', `${who}: ${conflict}. Remove it from the Request URL or make both the same.`);
    const event = eventOf.value ?? '';
    const doctype = doctypeOf.value ?? '';
    const name = text(fields.name) || text(first(query.name));

    const wantedDoctype = text(this.getNodeParameter('doctype', '*'));
    if (wantedDoctype.startsWith('=')) return refuse(res, 500, 'configuration', `${who}: "DocType" must be a doctype name or *, not an expression`);
    const selected = this.getNodeParameter('events', ['*']) as string[] | string;
    const events = (Array.isArray(selected) ? selected : [selected]).map(String).filter(Boolean);
    const anyDoctype = !wantedDoctype || wantedDoctype === '*';
    const anyEvent = !events.length || events.includes('*');

    const unknown = [!anyDoctype && !doctype ? 'doctype' : '', !anyEvent && !event ? 'event' : ''].filter(Boolean);
    if (unknown.length) return refuse(res, 400, 'unknown_event', `${who} only takes some ${unknown.join(' and ')}s, but the call does not say which ${unknown.join(' or ')} it is about. ${HOW_TO_NAME}`);
    if ((!anyDoctype && doctype !== wantedDoctype) || (!anyEvent && !events.includes(event))) {
      res.status(200).json({ received: true, ignored: true, doctype: doctype || null, event: event || null });
      return { noWebhookResponse: true };
    }

    const json: IDataObject = {
      headers: this.getHeaderData() as IDataObject,
      params: this.getParamsData() as IDataObject,
      query,
      body: body as IDataObject,
      doctype: doctype || null,
      event: event || null,
      name: name || null,
    };
    return { workflowData: [[{ json }]] };
  }
}
