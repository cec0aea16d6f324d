// The Webhook node's own authentication: n8n's basic and header auth, plus Gigaflow's HMAC
// signature check. A failed check answers the request (401 when the proof is missing, 403 when
// it is wrong) and nothing runs.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

export interface HmacCredential {
  secret: string;
  headerName?: string;
  prefix?: string;
  encoding?: 'hex' | 'base64';
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The signature header value a sender with this secret puts on this body. */
export function hmacSignature(cred: HmacCredential, body: Buffer): string {
  const encoding = cred.encoding === 'base64' ? 'base64' : 'hex';
  return `${cred.prefix ?? 'sha256='}${createHmac('sha256', cred.secret).update(body).digest(encoding)}`;
}

type Outcome = { ok: true } | { ok: false; status: 401 | 403 };

function checkHmac(cred: HmacCredential, given: string | undefined, body: Buffer): Outcome {
  if (!given) return { ok: false, status: 401 };
  const expected = hmacSignature(cred, body);
  // Hex digits may arrive in either case; base64 is case-sensitive.
  const normalize = (s: string) => (cred.encoding === 'base64' ? s : s.toLowerCase());
  return safeEqual(normalize(given.trim()), normalize(expected)) ? { ok: true } : { ok: false, status: 403 };
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The request headers for the item, without the one that carried the credential's secret (Basic
 * `authorization`, or the header auth credential's header): that value is the secret itself and
 * would otherwise be kept in execution data and shown by the API. An HMAC signature is not redacted
 * (it does not reveal its key).
 */
export async function headersForItem(ctx: IWebhookFunctions): Promise<IDataObject> {
  const headers = { ...(ctx.getHeaderData() as IDataObject) };
  const mode = ctx.getNodeParameter('authentication', 'none') as string;
  const secret =
    mode === 'basicAuth' ? 'authorization' : mode === 'headerAuth' ? (await ctx.getCredentials<{ name: string }>('httpHeaderAuth')).name.toLowerCase() : undefined;
  if (secret !== undefined && secret in headers) headers[secret] = '[redacted]';
  return headers;
}

/** Checks the node's authentication setting; answers the request itself and returns false when it fails. */
export async function authorized(ctx: IWebhookFunctions): Promise<boolean> {
  const mode = ctx.getNodeParameter('authentication', 'none') as string;
  if (mode === 'none') return true;
  const res = ctx.getResponseObject();
  const headers = ctx.getHeaderData();
  const deny = (status: 401 | 403) =>
    res.status(status).json({ error: status === 401 ? 'unauthorized' : 'forbidden', message: 'Authorization data is wrong!' });
  if (mode === 'basicAuth') {
    const cred = await ctx.getCredentials<{ user: string; password: string }>('httpBasicAuth');
    const header = String(headers.authorization ?? '');
    const given = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString() : '';
    if (given && safeEqual(given, `${cred.user}:${cred.password}`)) return true;
    res.set('WWW-Authenticate', 'Basic realm="Webhook"');
    deny(given ? 403 : 401);
    return false;
  }
  if (mode === 'headerAuth') {
    const cred = await ctx.getCredentials<{ name: string; value: string }>('httpHeaderAuth');
    const given = firstHeader(headers[cred.name.toLowerCase()]);
    if (typeof given === 'string' && safeEqual(given, cred.value)) return true;
    deny(given ? 403 : 401);
    return false;
  }
  if (mode === 'hmacSha256') {
    const cred = await ctx.getCredentials<HmacCredential>('webhookHmacAuth');
    if (!cred.secret) {
      res.status(500).json({ error: 'configuration', message: `Webhook node "${ctx.getNode().name}": the webhookHmacAuth credential has no secret` });
      return false;
    }
    const headerName = (cred.headerName || 'X-Signature-256').toLowerCase();
    const req = ctx.getRequestObject() as ReturnType<IWebhookFunctions['getRequestObject']> & { rawBody?: Buffer };
    const outcome = checkHmac(cred, firstHeader(headers[headerName]), req.rawBody ?? Buffer.alloc(0));
    if (outcome.ok) return true;
    deny(outcome.status);
    return false;
  }
  res.status(500).json({ error: 'configuration', message: `Webhook node "${ctx.getNode().name}": unsupported authentication "${mode}" (parameter "authentication")` });
  return false;
}
