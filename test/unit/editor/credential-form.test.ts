// @vitest-environment happy-dom
// The credential form: fields generated from a credential type (kinds, defaults, required marks,
// descriptions, displayOptions), and write-only secrets — an edit shows stored secrets empty with a
// "stored" placeholder and sends only what the user changed. The API is a recording fake fetch.
import { flushPromises, mount } from '@vue/test-utils';
import type { VueWrapper } from '@vue/test-utils';
import type { ICredentialType } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import CredentialForm from '../../../editor/src/components/credentials/CredentialForm.vue';
import CredentialDialog from '../../../editor/src/components/credentials/CredentialDialog.vue';
import { allData, changedData, initialValues, missingRequired, visibleFields } from '../../../editor/src/components/credentials/credential-fields.ts';
import { resetCredentialTypes } from '../../../editor/src/components/credentials/credential-types.ts';
import { i18n, setLocale } from '../../../editor/src/i18n/index.ts';
import { GigafibreErpNextApi } from '../../../nodes/erpnext/credentials/GigafibreErpNextApi.credentials.ts';
import { GigafibreGenieAcsApi } from '../../../nodes/genieacs/credentials/GigafibreGenieAcsApi.credentials.ts';

// As the API sends them: plain JSON.
const erp = JSON.parse(JSON.stringify(new GigafibreErpNextApi())) as ICredentialType;
const genie = JSON.parse(JSON.stringify(new GigafibreGenieAcsApi())) as ICredentialType;
const flag: ICredentialType = {
  name: 'flagTest',
  displayName: 'Flag test',
  properties: [
    { displayName: 'Sandbox', name: 'sandbox', type: 'boolean', default: true },
    { displayName: 'Region', name: 'region', type: 'options', options: [{ name: 'EU', value: 'eu' }, { name: 'US', value: 'us' }], default: 'eu', displayOptions: { hide: { sandbox: [true] } } },
    { displayName: 'Internal', name: 'internal', type: 'hidden', default: 'x' },
  ],
};
const STORED_SECRET = 'erp-secret-never-shown';

describe('credential-fields', () => {
  it('starts from defaults, follows displayOptions and skips kinds a form does not edit', () => {
    const v = initialValues(genie);
    expect(v).toMatchObject({ baseUrl: '', authType: 'none', username: '', password: '' });
    expect(visibleFields(genie, v).map((p) => p.name)).toEqual(['baseUrl', 'authType', 'timeout']);
    expect(visibleFields(genie, { ...v, authType: 'basic' }).map((p) => p.name)).toEqual(['baseUrl', 'authType', 'username', 'password', 'timeout']);
    expect(visibleFields(flag, initialValues(flag)).map((p) => p.name)).toEqual(['sandbox']);
    expect(visibleFields(flag, { sandbox: false, region: 'eu' }).map((p) => p.name)).toEqual(['sandbox', 'region']);
    expect(initialValues(flag)).not.toHaveProperty('internal');
  });

  it('names missing required fields; a stored secret counts as filled', () => {
    const v = initialValues(erp);
    expect(missingRequired(erp, v).map((p) => p.name)).toEqual(['baseUrl', 'apiKey', 'apiSecret']);
    const stored = { data: { baseUrl: 'https://erp.example.com', timeout: 30000 }, secretFields: ['apiKey', 'apiSecret'] };
    expect(missingRequired(erp, initialValues(erp, stored), stored)).toEqual([]);
  });

  it('sends a new credential whole, and of an edit only what changed', () => {
    const stored = { data: { baseUrl: 'https://erp.example.com', timeout: 5000 }, secretFields: ['apiKey', 'apiSecret'] };
    const initial = initialValues(erp, stored);
    expect(initial).toMatchObject({ baseUrl: 'https://erp.example.com', timeout: 5000, apiKey: '', apiSecret: '' });
    expect(changedData(erp, initial, initial, stored)).toEqual({});
    expect(changedData(erp, { ...initial, apiSecret: 'new-one', timeout: 9000 }, initial, stored)).toEqual({ apiSecret: 'new-one', timeout: 9000 });
    expect(allData(erp, { ...initialValues(erp), baseUrl: 'u', apiKey: 'k', apiSecret: 's' })).toEqual({ baseUrl: 'u', apiKey: 'k', apiSecret: 's', webhookSecret: '', timeout: 30000 });
  });
});

type Call = { method: string; path: string; body: unknown };
let calls: Call[];
let testAnswer: { status: string; message: string };

function fakeApi(): void {
  calls = [];
  testAnswer = { status: 'OK', message: 'Connection successful' };
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const path = String(url).replace(/^\/api\/v1/, '');
    const method = init.method ?? 'GET';
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, path, body });
    const json = (status: number, value: unknown) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
    if (path === '/credential-types') return json(200, { data: [erp, genie, flag] });
    if (path === '/credentials/c1?includeData=true')
      return json(200, { id: 'c1', name: 'ERP prod', type: 'gigafibreErpNextApi', createdAt: '', updatedAt: '', data: { baseUrl: 'https://erp.example.com', timeout: 5000 }, secretFields: ['apiKey', 'apiSecret'] });
    if (path === '/credentials' && method === 'POST') return json(201, { id: 'new1', name: body.name, type: body.type });
    if (path === '/credentials/c1' && method === 'PATCH') return json(200, { id: 'c1', name: body.name ?? 'ERP prod', type: 'gigafibreErpNextApi' });
    if (path.endsWith('/test')) return json(200, testAnswer);
    return json(404, { message: `no fake for ${method} ${path}` });
  });
}

const mounted: VueWrapper[] = [];
async function mountForm(props: Record<string, unknown>) {
  const w = mount(CredentialForm, { props, global: { plugins: [i18n] }, attachTo: document.body });
  mounted.push(w);
  await flushPromises();
  return w;
}

beforeEach(() => {
  setLocale('en');
  resetCredentialTypes();
  fakeApi();
});
afterEach(() => {
  mounted.splice(0).forEach((w) => w.unmount());
  vi.unstubAllGlobals();
});

describe('CredentialForm', () => {
  it('generates the fields of the chosen type: kinds, labels tied to inputs, required marks, defaults, descriptions', async () => {
    const w = await mountForm({});
    expect(w.find('[data-test=credential-field-baseUrl]').exists()).toBe(false);
    await w.find('[data-test=credential-type-search]').setValue('erpnext'); // one match: taken
    await flushPromises();
    expect((w.find('[data-test=credential-type]').element as HTMLSelectElement).value).toBe('gigafibreErpNextApi');
    expect((w.find('[data-test=credential-name]').element as HTMLInputElement).value).toBe('ERPNext API (Gigafibre) account');
    const secret = w.find('[data-test=credential-field-apiSecret]');
    expect(secret.attributes('type')).toBe('password');
    expect(w.find('[data-test=credential-field-apiKey]').attributes('type')).toBe('text');
    expect(w.find('[data-test=credential-field-timeout]').attributes('type')).toBe('number');
    expect((w.find('[data-test=credential-field-timeout]').element as HTMLInputElement).value).toBe('30000');
    expect(w.find('[data-test=credential-field-baseUrl]').attributes('placeholder')).toBe('https://erp.example.com');
    const label = w.find(`label[for="${secret.attributes('id')}"]`);
    expect(label.text()).toContain('API Secret');
    expect(label.text()).toContain('(required)');
    expect(w.find(`label[for="${w.find('[data-test=credential-field-webhookSecret]').attributes('id')}"]`).text()).not.toContain('required');
    expect(w.find(`#${secret.attributes('aria-describedby')}`).text()).toBe('Shown once when the keys are generated');

    // displayOptions: GenieACS shows user/password only for Basic auth.
    await w.find('[data-test=credential-type-search]').setValue('');
    await w.find('[data-test=credential-type]').setValue('gigafibreGenieAcsApi');
    expect((w.find('[data-test=credential-name]').element as HTMLInputElement).value).toBe('GenieACS NBI (Gigafibre) account');
    expect(w.find('[data-test=credential-field-username]').exists()).toBe(false);
    await w.find('[data-test=credential-field-authType]').setValue('basic');
    expect(w.find('[data-test=credential-field-username]').exists()).toBe(true);
    expect(w.find('[data-test=credential-field-password]').attributes('type')).toBe('password');
  });

  it('refuses to save with a required field empty, naming it, then creates with every visible field', async () => {
    const w = await mountForm({ type: 'gigafibreErpNextApi', lockType: true, name: 'ERP test' });
    expect(w.find('[data-test=credential-type]').exists()).toBe(false);
    expect(w.find('[data-test=credential-type-fixed]').text()).toBe('ERPNext API (Gigafibre)');
    await w.find('[data-test=credential-field-baseUrl]').setValue('https://erp.example.com');
    await w.find('form').trigger('submit');
    expect(w.find('[data-test=credential-error]').text()).toBe('Fill in the required field “API Key”.');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await w.find('[data-test=credential-field-apiKey]').setValue('k1');
    await w.find('[data-test=credential-field-apiSecret]').setValue('s1');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'ERP test',
      type: 'gigafibreErpNextApi',
      data: { baseUrl: 'https://erp.example.com', apiKey: 'k1', apiSecret: 's1', webhookSecret: '', timeout: 30000 },
    });
    expect(w.emitted('saved')).toEqual([[{ id: 'new1', name: 'ERP test', type: 'gigafibreErpNextApi' }]]);
  });

  it('edits write-only: stored secrets empty with the "stored" placeholder, plain values shown, only changes sent', async () => {
    const w = await mountForm({ credentialId: 'c1' });
    expect(w.find('[data-test=credential-type-fixed]').text()).toBe('ERPNext API (Gigafibre)');
    expect((w.find('[data-test=credential-name]').element as HTMLInputElement).value).toBe('ERP prod');
    expect((w.find('[data-test=credential-field-baseUrl]').element as HTMLInputElement).value).toBe('https://erp.example.com');
    expect((w.find('[data-test=credential-field-timeout]').element as HTMLInputElement).value).toBe('5000');
    for (const name of ['apiKey', 'apiSecret']) {
      const input = w.find(`[data-test=credential-field-${name}]`).element as HTMLInputElement;
      expect(input.value).toBe('');
      expect(input.placeholder).toBe('Stored — type to replace');
      expect(input.required).toBe(false);
    }
    // Not stored: no "stored" placeholder.
    expect(w.find('[data-test=credential-field-webhookSecret]').attributes('placeholder')).toBe('');

    // Untouched: the test runs on what is stored.
    await w.find('[data-test=credential-test]').trigger('click');
    await flushPromises();
    expect(calls.at(-1)).toMatchObject({ method: 'POST', path: '/credentials/c1/test' });
    expect(w.find('[data-test=credential-test-result]').text()).toBe('Connection successful');

    // A new secret: tested with the id (the host adds the rest), and saved alone.
    await w.find('[data-test=credential-field-apiSecret]').setValue('typed-new-secret');
    testAnswer = { status: 'Error', message: 'Authorization failed (HTTP 401)' };
    await w.find('[data-test=credential-test]').trigger('click');
    await flushPromises();
    expect(calls.at(-1)).toEqual({ method: 'POST', path: '/credentials/test', body: { id: 'c1', type: 'gigafibreErpNextApi', name: 'ERP prod', data: { apiSecret: 'typed-new-secret' } } });
    const result = w.find('[data-test=credential-test-result]');
    expect(result.text()).toBe('Connection failed: Authorization failed (HTTP 401)');
    expect(result.attributes('data-status')).toBe('error');

    await w.find('form').trigger('submit');
    await flushPromises();
    expect(calls.at(-1)).toEqual({ method: 'PATCH', path: '/credentials/c1', body: { data: { apiSecret: 'typed-new-secret' } } });
    expect(w.emitted('saved')).toEqual([[{ id: 'c1', name: 'ERP prod', type: 'gigafibreErpNextApi' }]]);
    expect(w.html()).not.toContain(STORED_SECRET);
  });

  it('speaks French', async () => {
    setLocale('fr');
    const w = await mountForm({ credentialId: 'c1' });
    expect(w.find('[data-test=credential-field-apiSecret]').attributes('placeholder')).toBe('Enregistré — saisir pour remplacer');
    expect(w.find('[data-test=credential-test]').text()).toBe('Tester la connexion');
  });
});

describe('CredentialDialog', () => {
  it('moves focus into the form, keeps Tab inside, and cancels on Escape', async () => {
    const opener = document.createElement('button');
    document.body.appendChild(opener);
    opener.focus();
    const w = mount(CredentialDialog, { props: {}, global: { plugins: [i18n] }, attachTo: document.body });
    mounted.push(w);
    await flushPromises();
    const dialog = w.find('[role=dialog]');
    expect(dialog.attributes('aria-modal')).toBe('true');
    expect(w.find(`#${dialog.attributes('aria-labelledby')}`).text()).toBe('New credential');
    expect(document.activeElement).toBe(w.find('[data-test=credential-type-search]').element);

    const save = w.find('[data-test=credential-save]').element as HTMLElement;
    save.focus();
    await dialog.trigger('keydown', { key: 'Tab' });
    expect(document.activeElement).toBe(w.find('[data-test=credential-dialog-close]').element);

    await dialog.trigger('keydown', { key: 'Escape' });
    expect(w.emitted('cancel')).toHaveLength(1);
    w.unmount();
    mounted.pop();
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });
});
