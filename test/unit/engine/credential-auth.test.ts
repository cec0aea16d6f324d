// Applying a credential type's `authenticate` to a request: n8n's generic form with `$credentials`
// templates (plain references read directly, anything else in the real sandbox) and the function form.
import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions } from 'n8n-workflow';
import { afterAll, describe, expect, it } from 'vitest';
import { applyAuthentication, createHttpRequestWithAuthentication, resolveCredentialTemplate, withCredentialDefaults } from '../../../host/engine/credential-auth.ts';
import { createExpressionEvaluator } from '../../../host/expressions/evaluate.ts';
import { HttpBearerAuth } from '../../../nodes/core/credentials/HttpBearerAuth.credentials.ts';
import { HttpHeaderAuth } from '../../../nodes/core/credentials/HttpHeaderAuth.credentials.ts';

const expressions = createExpressionEvaluator();
afterAll(() => expressions.dispose());
const scope = { nodeName: 'ERPNext', expressions };

function credentialType(authenticate: ICredentialType['authenticate'], extra: Partial<ICredentialType> = {}): ICredentialType {
  return { name: 'testApi', displayName: 'Test API', properties: [], authenticate, ...extra };
}

describe('generic authenticate', () => {
  it('sets headers, query and basic auth from the credential, leaving the caller\'s options untouched', async () => {
    const type = credentialType({
      type: 'generic',
      properties: {
        headers: { Authorization: '=Bearer {{$credentials.token}}', 'X-Static': 'plain text' },
        qs: { api_key: '={{$credentials["token"]}}' },
        auth: { username: '={{$credentials.user}}', password: '={{ $credentials.password }}' },
      },
    });
    const options: IHttpRequestOptions = { url: 'https://erp.example.com/api', headers: { authorization: 'old', Accept: 'application/json' }, qs: { limit: 5 } };
    const out = await applyAuthentication(type, { token: 'tok-123', user: 'svc', password: 'pw' }, options, scope);
    expect(out.headers).toEqual({ Authorization: 'Bearer tok-123', 'X-Static': 'plain text', Accept: 'application/json' });
    expect(out.qs).toEqual({ limit: 5, api_key: 'tok-123' });
    expect(out.auth).toEqual({ username: 'svc', password: 'pw' });
    expect(options).toEqual({ url: 'https://erp.example.com/api', headers: { authorization: 'old', Accept: 'application/json' }, qs: { limit: 5 } });
  });

  it('resolves a template with two references (ERPNext\'s "token key:secret") and templated header names', async () => {
    const type = credentialType({
      type: 'generic',
      properties: { headers: { Authorization: '=token {{$credentials.apiKey}}:{{$credentials.apiSecret}}', '={{$credentials.headerName}}': '={{$credentials.headerValue}}' } },
    });
    const out = await applyAuthentication(type, { apiKey: 'k1', apiSecret: 's2', headerName: 'X-Tenant', headerValue: 'north' }, { url: 'http://x/' }, { nodeName: 'n' });
    expect(out.headers).toEqual({ Authorization: 'token k1:s2', 'X-Tenant': 'north' });
  });

  it('adds body fields to an object body and refuses to drop them on a string body', async () => {
    const type = credentialType({ type: 'generic', properties: { body: { client_secret: '={{$credentials.secret}}' } } });
    expect((await applyAuthentication(type, { secret: 'S' }, { url: 'http://x/', body: { a: 1 } }, scope)).body).toEqual({ a: 1, client_secret: 'S' });
    expect((await applyAuthentication(type, { secret: 'S' }, { url: 'http://x/' }, scope)).body).toEqual({ client_secret: 'S' });
    await expect(applyAuthentication(type, { secret: 'S' }, { url: 'http://x/', body: 'raw' }, scope)).rejects.toThrow('the body is not an object');
  });

  it('turns missing fields into empty strings, as n8n does', async () => {
    const type = credentialType({ type: 'generic', properties: { headers: { 'X-Key': '={{$credentials.missing}}', Authorization: '=Bearer {{$credentials.nope.deeper}}', 'X-Proto': '={{$credentials.constructor}}' } } });
    const out = await applyAuthentication(type, {}, { url: 'http://x/' }, scope);
    expect(out.headers).toEqual({ 'X-Key': '', Authorization: 'Bearer ', 'X-Proto': '' });
  });

  it('evaluates anything beyond a plain reference in the sandbox, with $credentials in scope', async () => {
    const type = credentialType({ type: 'generic', properties: { headers: { 'X-Sig': '={{ $credentials.user.toUpperCase() + "-" + ($credentials.n * 2) }}', 'X-Len': '=len {{ $credentials.user.length }};' } } });
    const out = await applyAuthentication(type, { user: 'svc', n: 21 }, { url: 'http://x/' }, scope);
    expect(out.headers).toEqual({ 'X-Sig': 'SVC-42', 'X-Len': 'len 3;' });
    await expect(applyAuthentication(type, { user: 'svc', n: 1 }, { url: 'http://x/' }, { nodeName: 'ERPNext' })).rejects.toThrow('needs the expression sandbox');
  });
});

describe('the core generic credentials', () => {
  it('Header Auth and Bearer Auth put their header on the request', async () => {
    const header = await applyAuthentication(new HttpHeaderAuth(), { name: 'X-Erp-Key', value: 'v-1' }, { url: 'http://x/' }, scope);
    expect(header.headers).toEqual({ 'X-Erp-Key': 'v-1' });
    const bearer = await applyAuthentication(new HttpBearerAuth(), { token: 't-2' }, { url: 'http://x/', headers: { authorization: 'x' } }, scope);
    expect(bearer.headers).toEqual({ Authorization: 'Bearer t-2' });
  });
});

describe('function authenticate', () => {
  it('calls the function with the credentials and a copy of the options, as a method of the type', async () => {
    class SignedApi implements ICredentialType {
      name = 'signedApi';
      displayName = 'Signed';
      properties = [];
      prefix = 'HMAC';
      async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
        requestOptions.headers!['X-Signature'] = `${this.prefix} ${String(credentials.key)}`;
        return requestOptions;
      }
    }
    const options: IHttpRequestOptions = { url: 'http://x/' };
    const out = await applyAuthentication(new SignedApi(), { key: 'abc' }, options, scope);
    expect(out.headers).toEqual({ 'X-Signature': 'HMAC abc' });
    expect(options.headers).toBeUndefined();
  });
});

describe('templates and defaults', () => {
  it('keeps the type of a single reference and resolves nested request definitions', () => {
    const out = resolveCredentialTemplate({ baseURL: '={{$credentials.url}}', qs: { port: '={{$credentials.port}}', fixed: 1 }, list: ['={{$credentials.url}}/a'] }, { url: 'https://erp', port: 8000 }, scope);
    expect(out).toEqual({ baseURL: 'https://erp', qs: { port: 8000, fixed: 1 }, list: ['https://erp/a'] });
  });

  it('fills fields the data lacks with the type\'s defaults', () => {
    const type = credentialType(undefined, {
      properties: [
        { displayName: 'Header', name: 'headerName', type: 'string', default: 'X-Signature-256' },
        { displayName: 'Secret', name: 'secret', type: 'string', default: '' },
      ],
    });
    expect(withCredentialDefaults(type, { secret: 's' })).toEqual({ headerName: 'X-Signature-256', secret: 's' });
  });
});

describe('createHttpRequestWithAuthentication', () => {
  it('fetches the credential of the type, authenticates and sends through the given client', async () => {
    const type = credentialType({ type: 'generic', properties: { headers: { 'X-Api-Key': '={{$credentials.apiKey}}' } } });
    const sent: IHttpRequestOptions[] = [];
    const asked: string[] = [];
    const helper = createHttpRequestWithAuthentication({
      registry: { credentialType: (name) => (name === 'testApi' ? type : undefined) },
      nodeName: 'Node',
      getCredentials: async (name) => (asked.push(name), { apiKey: 'k-9' }),
      send: async (opts) => (sent.push(opts), { ok: true }),
    });
    expect(await helper('testApi', { url: 'http://x/' })).toEqual({ ok: true });
    expect(asked).toEqual(['testApi']);
    expect(sent[0]!.headers).toEqual({ 'X-Api-Key': 'k-9' });
    await expect(helper('otherApi', { url: 'http://x/' })).rejects.toThrow('Unknown credential type "otherApi"');
  });
});
