// @vitest-environment happy-dom
// Node-provided text in French: the palette, the settings panel (header, parameter labels, option
// names — values unchanged) and the credential form read the host's n8n-style translations, fetched
// once per locale. The API is a fake fetch serving the real registry's descriptions and French files.
import { flushPromises, mount } from '@vue/test-utils';
import type { VueWrapper } from '@vue/test-utils';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import NodePalette from '../../../editor/src/components/palette/NodePalette.vue';
import NodeSettingsPanel from '../../../editor/src/components/panels/NodeSettingsPanel.vue';
import CredentialForm from '../../../editor/src/components/credentials/CredentialForm.vue';
import { resetCredentialTypes } from '../../../editor/src/components/credentials/credential-types.ts';
import { i18n, setLocale } from '../../../editor/src/i18n/index.ts';
import { findType, loadNodeTypes } from '../../../editor/src/stores/node-types.store.ts';
import { load } from '../../../editor/src/stores/workflow.store.ts';

// The real registry's catalog, read in a child process (node packages do not load under happy-dom).
const catalog = JSON.parse(execFileSync(process.execPath, [join(import.meta.dirname, '../../helpers/node-catalog-dump.ts')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as {
  descriptions: unknown[];
  credentialTypes: unknown[];
  translations: { fr: unknown };
};
const { descriptions, credentialTypes } = catalog;
const frTranslations = catalog.translations.fr;
const paths: string[] = [];

beforeAll(async () => {
  vi.stubGlobal('fetch', async (url: string) => {
    const path = String(url).replace(/^\/api\/v1/, '');
    paths.push(path);
    const json = (status: number, value: unknown) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
    if (path === '/node-types') return json(200, { data: descriptions });
    if (path === '/node-types/translations/fr') return json(200, frTranslations);
    if (path === '/credential-types') return json(200, { data: credentialTypes });
    if (path === '/credentials') return json(200, { data: [], nextCursor: null });
    return json(404, { message: `no fake for ${path}` });
  });
  setLocale('fr');
  await loadNodeTypes();
});
afterAll(() => {
  vi.unstubAllGlobals();
  setLocale('en');
});

const mounted: VueWrapper[] = [];
afterEach(() => mounted.splice(0).forEach((w) => w.unmount()));
function mountIt<P extends Record<string, unknown>>(component: unknown, props: P) {
  const w = mount(component as never, { props: props as never, global: { plugins: [i18n] }, attachTo: document.body });
  mounted.push(w as VueWrapper);
  return w as VueWrapper;
}

const labels = (w: VueWrapper) => w.findAll('label').map((l) => l.text().replace(/\*$/, '').trim());

describe('node types in French', () => {
  it('translates the description the editor reads; names, values and defaults are unchanged', () => {
    const http = findType('n8n-nodes-base.httpRequest')!;
    expect(http.displayName).toBe('Requête HTTP');
    expect(http.defaults?.name).toBe('HTTP Request');
    const method = http.properties.find((p) => p.name === 'method')!;
    expect(method.displayName).toBe('Méthode');
    expect(method.default).toBe('GET');
    expect((method.options as { value: string }[]).map((o) => o.value)).toContain('POST');
    expect(paths.filter((p) => p === '/node-types/translations/fr')).toHaveLength(1);
  });

  it('settings panel: French header and parameter labels, and English again after switching back', async () => {
    load({ id: 'w1', name: 'W', active: false, nodes: [{ id: 'n1', name: 'HTTP Request', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [0, 0], parameters: {} }], connections: {} } as never);
    const w = mountIt(NodeSettingsPanel, { name: 'HTTP Request' });
    await vi.waitFor(async () => {
      await flushPromises();
      expect(labels(w)).toContain('Méthode');
    });
    expect(w.find('h3').text()).toBe('Requête HTTP');
    expect(labels(w)).toContain('Authentification');
    expect(labels(w)).not.toContain('Method');
    // The method select keeps its values (what the workflow stores).
    expect(w.findAll('select option').map((o) => o.attributes('value'))).toContain('PATCH');

    setLocale('en');
    await flushPromises();
    expect(w.find('h3').text()).toBe('HTTP Request');
    expect(labels(w)).toContain('Method');
    setLocale('fr');
    await flushPromises();
    expect(w.find('h3').text()).toBe('Requête HTTP');
    // Switching back and forth fetched nothing new.
    expect(paths.filter((p) => p === '/node-types/translations/fr')).toHaveLength(1);
  });

  it('palette: French names, found by French or English name', async () => {
    const w = mountIt(NodePalette, {});
    await flushPromises();
    const names = () => w.findAll('[data-test=palette-item]').map((i) => i.text());
    expect(names()).toContain('Modifier les champs (Set)');
    await w.find('[data-test=palette-search]').setValue('modifier les');
    expect(names()).toEqual(['Modifier les champs (Set)']);
    await w.find('[data-test=palette-search]').setValue('Edit Fields');
    expect(names()).toEqual(['Modifier les champs (Set)']);
  });

  it('credential form: field labels from the nodes’ credentialsModal translations', async () => {
    resetCredentialTypes();
    const w = mountIt(CredentialForm, { type: 'httpBasicAuth', lockType: true });
    await flushPromises();
    expect(labels(w)).toEqual(expect.arrayContaining(['Utilisateur', 'Mot de passe']));
    expect(labels(w)).not.toContain('User');
  });
});
