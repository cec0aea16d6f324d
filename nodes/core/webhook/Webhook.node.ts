import type { IDataObject, INodeType, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { allowedOrigin, parseAllowList } from './access.ts';
import { authorized, headersForItem } from './auth.ts';
import { isMultipart, parseMultipart } from './multipart.ts';
import type { MultipartBody } from './multipart.ts';
import { webhookDescription } from './description.ts';

interface Options {
  rawBody?: boolean;
  allowedOrigins?: string;
  ipWhitelist?: string;
  responseContentType?: string;
  responseHeaders?: { entries?: { name?: string; value?: string }[] };
}

type Request = ReturnType<IWebhookFunctions['getRequestObject']> & { rawBody?: Buffer };
type Response = ReturnType<IWebhookFunctions['getResponseObject']>;

function configurationError(res: Response, node: string, message: string): void {
  res.status(500).json({ error: 'configuration', message: `Webhook node "${node}": ${message}` });
}

/**
 * Headers this node adds to whatever answer the request gets (immediate, last node, or a
 * Respond to Webhook node, whose own headers win). Returns an error message for a bad header.
 */
function setResponseHeaders(ctx: IWebhookFunctions, res: Response, options: Options, origin: string | undefined): string | undefined {
  const allow = allowedOrigin(options.allowedOrigins, origin);
  if (allow) res.setHeader('Access-Control-Allow-Origin', allow);
  if (origin) res.vary('Origin');
  for (const { name, value } of options.responseHeaders?.entries ?? []) {
    if (!name) continue;
    try {
      res.setHeader(name, String(value ?? ''));
    } catch {
      return `response header "${name}" is not a valid header (option "Response Headers")`;
    }
  }
  const responseMode = ctx.getNodeParameter('responseMode', 'onReceived') as string;
  if (options.responseContentType && responseMode === 'lastNode') {
    try {
      res.setHeader('Content-Type', options.responseContentType);
    } catch {
      return `"${options.responseContentType}" is not a valid content type (option "Response Content-Type")`;
    }
  }
  return undefined;
}

export class Webhook implements INodeType {
  description = webhookDescription;

  /** Checks who is calling, then turns the request into the item that starts the run, as n8n does. */
  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const req = this.getRequestObject() as Request;
    const res = this.getResponseObject();
    const node = this.getNode().name;
    const options = this.getNodeParameter('options', {}) as Options;

    const headerError = setResponseHeaders(this, res, options, req.headers.origin);
    if (headerError) {
      configurationError(res, node, headerError);
      return { noWebhookResponse: true };
    }

    const allowList = parseAllowList(String(options.ipWhitelist ?? ''));
    if (!allowList.ok) {
      configurationError(res, node, `"${allowList.bad}" in option "IP(s) Allowlist" (ipWhitelist) is not an IP address or CIDR range`);
      return { noWebhookResponse: true };
    }
    // The socket peer, never X-Forwarded-For: a client can write any header it likes.
    if (!allowList.allows(req.socket.remoteAddress)) {
      res.status(403).type('text/plain').send('IP is not whitelisted to access the webhook!');
      return { noWebhookResponse: true };
    }

    if (!(await authorized(this))) return { noWebhookResponse: true };

    const contentType = String(req.headers['content-type'] ?? '');
    let form: MultipartBody | undefined;
    if (isMultipart(contentType)) {
      try {
        form = await parseMultipart(req.rawBody ?? Buffer.alloc(0), contentType);
      } catch (err) {
        res.status(400).json({ error: 'bad_request', message: `The multipart/form-data body could not be read: ${(err as Error).message}` });
        return { noWebhookResponse: true };
      }
    }

    const json: IDataObject = {
      headers: await headersForItem(this),
      params: this.getParamsData() as IDataObject,
      query: this.getQueryData() as IDataObject,
      body: form ? form.fields : this.getBodyData(),
      webhookUrl: this.getNodeWebhookUrl('default') ?? '',
      executionMode: this.getMode() === 'manual' ? 'test' : 'production',
    };
    const item: { json: IDataObject; binary?: Record<string, { data: string; mimeType: string; fileSize?: string }> } = { json };
    if (form) {
      if (Object.keys(form.files).length) item.binary = form.files;
    } else if (options.rawBody && req.rawBody) {
      item.binary = {
        data: { data: req.rawBody.toString('base64'), mimeType: String(req.headers['content-type'] ?? 'application/octet-stream'), fileSize: `${req.rawBody.length} B` },
      };
    }
    return { workflowData: [[item]] };
  }
}
