// Turns one item's HTTP Request parameters into options for helpers.httpRequest, the way n8n's
// node reads them: query, headers, body kinds, generic credentials, redirects, timeout, response format.
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { setField } from '../split-out/field-path.ts';

export type ResponseFormat = 'autodetect' | 'json' | 'text' | 'file';
const FORMATS: ResponseFormat[] = ['autodetect', 'json', 'text', 'file'];
const METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

export interface PreparedRequest {
  options: IHttpRequestOptions;
  format: ResponseFormat;
  fullResponse: boolean;
  neverError: boolean;
  outputPropertyName: string;
}

interface KeyValue {
  name?: string;
  value?: unknown;
  parameterType?: 'formData' | 'formBinaryData';
  inputDataFieldName?: string;
}

export interface HttpOptions {
  batching?: { batch?: { batchSize?: number; batchInterval?: number } };
  queryParameterArrays?: 'repeat' | 'brackets' | 'indices';
  lowercaseHeaders?: boolean;
  redirect?: { redirect?: { followRedirects?: boolean; maxRedirects?: number } };
  response?: { response?: { fullResponse?: boolean; neverError?: boolean; responseFormat?: string; outputPropertyName?: string } };
  pagination?: { pagination?: { paginationMode?: string } };
  proxy?: string;
  timeout?: number;
}

/** The Accept header n8n sends for each response format. */
const ACCEPT: Record<ResponseFormat, string> = {
  json: 'application/json,text/*;q=0.99',
  text: 'application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, */*;q=0.1',
  autodetect: 'application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, image/*;q=0.8, */*;q=0.7',
  file: 'application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, image/*;q=0.8, */*;q=0.7',
};

class Reader {
  readonly ctx: IExecuteFunctions;
  readonly i: number;
  constructor(ctx: IExecuteFunctions, i: number) {
    this.ctx = ctx;
    this.i = i;
  }
  get<T>(name: string, fallback: T): T {
    return this.ctx.getNodeParameter(name, this.i, fallback) as T;
  }
  str(name: string, fallback: string): string {
    return text(this.get<unknown>(name, fallback));
  }
  fail(message: string, parameter: string, description?: string): never {
    throw new NodeOperationError(this.ctx.getNode(), message, { parameter, itemIndex: this.i, description });
  }
  /** A JSON parameter: text to parse, or an object an expression already produced. */
  json(name: string, label: string): IDataObject {
    const raw = this.get<unknown>(name, '');
    let value = raw;
    if (typeof raw === 'string') {
      try {
        value = raw.trim() ? JSON.parse(raw) : {};
      } catch (err) {
        this.fail(`The value in the "${label}" field is not valid JSON`, name, (err as Error).message);
      }
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) this.fail(`The value in the "${label}" field must be a JSON object`, name);
    return value as IDataObject;
  }
  pairs(name: string): KeyValue[] {
    const list = this.get<KeyValue[]>(`${name}.parameters`, []);
    return Array.isArray(list) ? list.filter((p) => p && typeof p === 'object') : [];
  }
}

const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function binaryOf(r: Reader, item: INodeExecutionData, field: string, parameter: string) {
  const data = field ? item.binary?.[field] : undefined;
  if (!data) r.fail(`Item ${r.i} has no binary data in "${field}"`, parameter, 'Set "Input Data Field Name" to the binary property of the incoming item');
  return { bytes: Buffer.from(data.data, 'base64'), mimeType: data.mimeType || 'application/octet-stream', fileName: data.fileName ?? 'file' };
}

function buildBody(r: Reader, item: INodeExecutionData, headers: Record<string, string>, method: string): IHttpRequestOptions['body'] {
  if (method === 'GET' || method === 'HEAD') r.fail(`A ${method} request cannot carry a body`, 'sendBody', 'Turn off "Send Body" or use another method');
  const contentType = r.str('contentType', 'json');
  if (contentType === 'json') {
    if (r.str('specifyBody', 'keypair') === 'json') return r.json('jsonBody', 'JSON Body');
    const out: IDataObject = {};
    for (const p of r.pairs('bodyParameters')) if (p.name) setField(out, p.name, p.value);
    return out;
  }
  if (contentType === 'form-urlencoded') {
    if (r.str('specifyBody', 'keypair') === 'string') return new URLSearchParams(text(r.get('body', '')));
    return new URLSearchParams(r.pairs('bodyParameters').filter((p) => p.name).map((p) => [p.name!, text(p.value)]));
  }
  if (contentType === 'multipart-form-data') {
    const form = new FormData();
    for (const p of r.pairs('bodyParameters')) {
      if (!p.name) continue;
      if (p.parameterType === 'formBinaryData') {
        const file = binaryOf(r, item, p.inputDataFieldName ?? '', 'bodyParameters');
        form.append(p.name, new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.fileName);
      } else form.append(p.name, text(p.value));
    }
    return form as unknown as IHttpRequestOptions['body'];
  }
  if (contentType === 'raw') {
    const type = text(r.get('rawContentType', ''));
    if (type) headers['content-type'] = type;
    return text(r.get('body', ''));
  }
  if (contentType === 'binaryData') {
    const file = binaryOf(r, item, text(r.get('inputDataFieldName', '')), 'inputDataFieldName');
    headers['content-type'] = file.mimeType;
    return file.bytes;
  }
  return r.fail(`Body Content Type must be json, form-urlencoded, multipart-form-data, raw or binaryData, not "${contentType}"`, 'contentType');
}

async function applyAuth(r: Reader, options: IHttpRequestOptions, headers: Record<string, string>): Promise<void> {
  const authentication = r.str('authentication', 'none');
  if (authentication === 'none') return;
  if (authentication !== 'genericCredentialType')
    r.fail(`Authentication "${authentication}" is not supported yet`, 'authentication', 'Use "Generic Credential Type" with Basic, Header or Bearer auth');
  const type = r.str('genericAuthType', '');
  if (type === 'httpBasicAuth') {
    const c = await r.ctx.getCredentials('httpBasicAuth', r.i);
    options.auth = { username: text(c.user), password: text(c.password) };
  } else if (type === 'httpHeaderAuth') {
    const c = await r.ctx.getCredentials('httpHeaderAuth', r.i);
    if (!text(c.name)) r.fail('The Header Auth credential has no header name', 'genericAuthType');
    headers[text(c.name).toLowerCase()] = text(c.value);
  } else if (type === 'httpBearerAuth') {
    const c = await r.ctx.getCredentials('httpBearerAuth', r.i);
    headers.authorization = `Bearer ${text(c.token)}`;
  } else r.fail(`Generic Auth Type "${type}" is not supported yet`, 'genericAuthType', 'Use httpBasicAuth, httpHeaderAuth or httpBearerAuth');
}

export async function prepareRequest(ctx: IExecuteFunctions, item: INodeExecutionData, i: number): Promise<PreparedRequest> {
  const r: Reader = new Reader(ctx, i);
  const rawUrl = r.get<unknown>('url', '');
  if (typeof rawUrl !== 'string') r.fail(`URL parameter must be a string, got ${rawUrl === null ? 'null' : typeof rawUrl}`, 'url');
  const url = rawUrl.trim();
  if (!url) r.fail('URL parameter cannot be empty', 'url');
  if (!/^https?:\/\//i.test(url)) r.fail(`Invalid URL: ${url}. URL must start with "http" or "https".`, 'url');
  const method = text(r.get('method', 'GET')).toUpperCase();
  if (!METHODS.includes(method)) r.fail(`Method must be one of ${METHODS.join(', ')}, not "${method}"`, 'method');
  if (r.get('provideSslCertificates', false)) r.fail('SSL client certificates are not supported yet', 'provideSslCertificates');

  const opts = r.get<HttpOptions>('options', {});
  const paging = opts.pagination?.pagination?.paginationMode;
  if (paging && paging !== 'off') r.fail('Pagination is not supported yet', 'options.pagination', 'Loop over pages with a Loop node instead');
  if (opts.proxy) r.fail('Proxies are not supported yet', 'options.proxy');
  const response = opts.response?.response ?? {};
  const format = (response.responseFormat || 'autodetect') as ResponseFormat;
  if (!FORMATS.includes(format)) r.fail(`Response Format must be one of ${FORMATS.join(', ')}, not "${format}"`, 'options.response');

  const headers: Record<string, string> = {};
  let qs: IDataObject = {};
  if (r.get('sendQuery', false)) {
    if (r.str('specifyQuery', 'keypair') === 'json') qs = r.json('jsonQuery', 'JSON Query Parameters');
    else for (const p of r.pairs('queryParameters')) if (p.name) qs[p.name] = text(p.value);
  }
  if (r.get('sendHeaders', false)) {
    const given: [string, string][] =
      r.str('specifyHeaders', 'keypair') === 'json'
        ? Object.entries(r.json('jsonHeaders', 'JSON Headers')).map(([k, v]) => [k, text(v)])
        : r.pairs('headerParameters').filter((p) => p.name).map((p) => [p.name!, text(p.value)]);
    // Header names are case-insensitive on the wire; lowercasing (n8n's default) keeps later ones from duplicating.
    for (const [k, v] of given) headers[opts.lowercaseHeaders === false ? k : k.toLowerCase()] = v;
  }
  const body = r.get('sendBody', false) ? buildBody(r, item, headers, method) : undefined;

  const options: IHttpRequestOptions = {
    url,
    method: method as IHttpRequestMethods,
    qs,
    headers,
    body,
    returnFullResponse: true,
    encoding: 'arraybuffer',
    ignoreHttpStatusErrors: response.neverError === true,
    arrayFormat: opts.queryParameterArrays === 'brackets' ? 'brackets' : 'repeat',
    timeout: 300_000,
  };
  await applyAuth(r, options, headers);
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'accept')) headers.accept = ACCEPT[format];

  if (opts.timeout !== undefined) {
    const timeout = Number(opts.timeout);
    if (!Number.isFinite(timeout) || timeout < 1) r.fail(`Timeout must be a number of milliseconds of at least 1, not ${JSON.stringify(opts.timeout)}`, 'options.timeout');
    options.timeout = timeout;
  }
  // From v4 redirects are followed unless turned off.
  const redirect = opts.redirect?.redirect;
  if (redirect?.followRedirects === false) options.disableFollowRedirect = true;
  else if (redirect?.maxRedirects !== undefined) {
    const max = Number(redirect.maxRedirects);
    if (!Number.isInteger(max) || max < 0) r.fail(`Max Redirects must be a whole number, not ${JSON.stringify(redirect.maxRedirects)}`, 'options.redirect');
    options.maxRedirects = max;
  }
  return {
    options,
    format,
    fullResponse: response.fullResponse === true,
    neverError: response.neverError === true,
    outputPropertyName: text(response.outputPropertyName) || 'data',
  };
}
