import { timingSafeEqual } from 'node:crypto';
import type { IDataObject, INodeType, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { webhookDescription } from './description.ts';

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks the node's own authentication setting; answers 401/403 itself when it fails. */
async function authorized(ctx: IWebhookFunctions): Promise<boolean> {
  const mode = ctx.getNodeParameter('authentication', 'none') as string;
  if (mode === 'none') return true;
  const res = ctx.getResponseObject();
  const headers = ctx.getHeaderData();
  if (mode === 'basicAuth') {
    const cred = await ctx.getCredentials<{ user: string; password: string }>('httpBasicAuth');
    const header = String(headers.authorization ?? '');
    const given = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString() : '';
    if (given && safeEqual(given, `${cred.user}:${cred.password}`)) return true;
    res.set('WWW-Authenticate', 'Basic realm="Webhook"');
    res.status(given ? 403 : 401).json({ error: given ? 'forbidden' : 'unauthorized', message: 'Authorization data is wrong!' });
    return false;
  }
  if (mode === 'headerAuth') {
    const cred = await ctx.getCredentials<{ name: string; value: string }>('httpHeaderAuth');
    const given = headers[cred.name.toLowerCase()];
    if (typeof given === 'string' && safeEqual(given, cred.value)) return true;
    res.status(given ? 403 : 401).json({ error: given ? 'forbidden' : 'unauthorized', message: 'Authorization data is wrong!' });
    return false;
  }
  res.status(500).json({ error: 'configuration', message: `Unsupported authentication "${mode}"` });
  return false;
}

export class Webhook implements INodeType {
  description = webhookDescription;

  /** Turns the request into the item that starts the run: headers, params, query, body, as n8n does. */
  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    if (!(await authorized(this))) return { noWebhookResponse: true };
    const req = this.getRequestObject() as ReturnType<IWebhookFunctions['getRequestObject']> & { rawBody?: Buffer };
    const options = this.getNodeParameter('options', {}) as { rawBody?: boolean };
    const json: IDataObject = {
      headers: this.getHeaderData() as IDataObject,
      params: this.getParamsData() as IDataObject,
      query: this.getQueryData() as IDataObject,
      body: this.getBodyData(),
      webhookUrl: this.getNodeWebhookUrl('default') ?? '',
      executionMode: this.getMode() === 'manual' ? 'test' : 'production',
    };
    const item: { json: IDataObject; binary?: Record<string, { data: string; mimeType: string; fileSize?: string }> } = { json };
    if (options.rawBody && req.rawBody) {
      item.binary = {
        data: { data: req.rawBody.toString('base64'), mimeType: String(req.headers['content-type'] ?? 'application/octet-stream'), fileSize: `${req.rawBody.length} B` },
      };
    }
    return { workflowData: [[item]] };
  }
}
