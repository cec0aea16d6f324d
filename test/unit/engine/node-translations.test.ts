// The n8n node-translation format: which keys a description needs, how a translation is applied.
import { describe, expect, it } from 'vitest';
import {
  applyCredentialTranslation,
  applyNodeTranslation,
  checkNodeTranslation,
  translationFileProblem,
  translationKeys,
  type NodeTranslation,
  type TranslatableDescription,
} from '../../../host/engine/node-translations.ts';

const credential = {
  name: 'acmeApi',
  properties: [
    { displayName: 'API Key', name: 'apiKey', type: 'string', description: 'From the Acme console', placeholder: '0000-…' },
    { displayName: 'Region', name: 'region', type: 'options', options: [{ name: 'Europe', value: 'eu' }] },
  ],
};

const description: TranslatableDescription & { defaults: { name: string } } = {
  name: 'acme',
  displayName: 'Acme',
  description: 'Talks to Acme',
  defaults: { name: 'Acme' },
  credentials: [{ name: 'acmeApi' }],
  properties: [
    { displayName: 'Hidden', name: 'hiddenOne', type: 'hidden' },
    { displayName: 'Watch out: slow API', name: 'slowNotice', type: 'notice' },
    {
      displayName: 'Operation',
      name: 'operation',
      type: 'options',
      options: [
        { name: 'Get', value: 'get', description: 'Get one record' },
        { name: 'Delete', value: 'delete' },
      ],
    },
    // A same-named parameter for another resource: one entry, options merged by value.
    { displayName: 'Operation', name: 'operation', type: 'options', options: [{ name: 'Create', value: 'create' }] },
    { displayName: 'URL', name: 'url', type: 'string', placeholder: 'https://example.com', description: 'Where to send it' },
    { displayName: 'Query', name: 'query', type: 'string', placeholder: 'e.g. name of the customer' },
    { displayName: 'SNMP Version', name: 'version', type: 'options', options: [{ name: '2', value: 2 }] },
    {
      displayName: 'Options',
      name: 'options',
      type: 'collection',
      placeholder: 'Add option',
      options: [{ displayName: 'Timeout', name: 'timeout', type: 'number', description: 'In ms', placeholder: '10000' }],
    },
    {
      displayName: 'Headers',
      name: 'headers',
      type: 'fixedCollection',
      typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Header' },
      options: [{ name: 'parameter', displayName: 'Header', values: [{ displayName: 'Name', name: 'name', type: 'string', hint: 'Case-insensitive' }] }],
    },
  ],
};

const expected = [
  'header.displayName',
  'header.description',
  'nodeView.slowNotice.displayName',
  'nodeView.operation.displayName',
  'nodeView.operation.options.get.displayName',
  'nodeView.operation.options.get.description',
  'nodeView.operation.options.delete.displayName',
  'nodeView.operation.options.create.displayName',
  'nodeView.url.displayName',
  'nodeView.url.description',
  'nodeView.query.displayName',
  'nodeView.query.placeholder',
  'nodeView.version.displayName',
  'nodeView.options.displayName',
  'nodeView.options.placeholder',
  'nodeView.timeout.displayName',
  'nodeView.timeout.description',
  'nodeView.headers.displayName',
  'nodeView.headers.multipleValueButtonText',
  'nodeView.headers.options.parameter.displayName',
  'nodeView.name.displayName',
  'credentialsModal.acmeApi.apiKey.displayName',
  'credentialsModal.acmeApi.apiKey.description',
  'credentialsModal.acmeApi.region.displayName',
  'credentialsModal.acmeApi.region.options.eu.displayName',
];

const fr: NodeTranslation = {
  header: { displayName: 'Acmé', description: 'Parle à Acme' },
  nodeView: {
    operation: { displayName: 'Opération', options: { get: { displayName: 'Obtenir', description: 'Obtenir un enregistrement' }, create: { displayName: 'Créer' } } },
    url: { description: 'Où l’envoyer' },
    query: { placeholder: 'ex. nom du client' },
    options: { displayName: 'Options', placeholder: 'Ajouter une option' },
    timeout: { displayName: 'Délai' },
    headers: { displayName: 'En-têtes', multipleValueButtonText: 'Ajouter un en-tête', options: { parameter: { displayName: 'En-tête' } } },
    name: { displayName: 'Nom' },
  },
  credentialsModal: { acmeApi: { apiKey: { displayName: 'Clé d’API' }, region: { options: { eu: { displayName: 'Europe (UE)' } } } } },
};

describe('translationKeys', () => {
  it('lists every shown text, nested children at the same level, credential properties under credentialsModal', () => {
    expect(translationKeys(description, (n) => (n === 'acmeApi' ? credential : undefined)).sort()).toEqual([...expected].sort());
  });

  it('leaves credentialsModal out when no credential lookup is given', () => {
    expect(translationKeys(description).some((k) => k.startsWith('credentialsModal'))).toBe(false);
  });
});

describe('checkNodeTranslation', () => {
  it('reports missing keys, stale keys and non-string values', () => {
    const translation = {
      header: { displayName: 'Acmé', description: 'Parle à Acme' },
      nodeView: {
        operation: { displayName: 'Opération', options: { gone: { displayName: 'Parti' } } },
        name: { hint: 'Insensible à la casse' }, // hints are optional, not stale
        hiddenOne: { displayName: 'Caché' }, // a hidden property: optional
        version: { options: { 2: { displayName: '2' } } }, // no letters: optional
        timeout: { displayName: '', placeholder: '10 000' }, // no letters: optional
        url: { displayName: 'URL', label: 'typo', placeholder: 'https://exemple.fr' }, // an example value, no words: optional
      },
    };
    const report = checkNodeTranslation(description, translation);
    expect(report.stale).toEqual(['nodeView.operation.options.gone.displayName', 'nodeView.url.label']);
    expect(report.invalid).toEqual(['nodeView.timeout.displayName']);
    expect(report.missing).toContain('nodeView.operation.options.get.displayName');
    expect(report.missing).toContain('nodeView.timeout.displayName');
    expect(report.missing).not.toContain('header.displayName');
  });

  it('passes a complete translation', () => {
    const complete = {
      header: { displayName: 'a', description: 'a' },
      nodeView: Object.fromEntries(
        ['slowNotice', 'operation', 'url', 'query', 'version', 'options', 'timeout', 'headers', 'name'].map((k) => [k, {}]),
      ) as Record<string, Record<string, unknown>>,
    };
    for (const key of expected.filter((k) => k.startsWith('nodeView.'))) {
      const [, param, ...rest] = key.split('.');
      let node = complete.nodeView[param] as Record<string, unknown>;
      for (const seg of rest.slice(0, -1)) node = (node[seg] ??= {}) as Record<string, unknown>;
      node[rest[rest.length - 1]] = 'x';
    }
    expect(checkNodeTranslation(description, complete)).toEqual({ missing: [], stale: [], invalid: [] });
  });
});

describe('applyNodeTranslation', () => {
  const out = applyNodeTranslation(description, fr);
  const prop = (name: string, i = 0) => out.properties.filter((p) => p.name === name)[i];

  it('translates the header and keeps name and default node name', () => {
    expect(out.displayName).toBe('Acmé');
    expect(out.description).toBe('Parle à Acme');
    expect(out.name).toBe('acme');
    expect(out.defaults).toEqual({ name: 'Acme' });
  });

  it('translates option names, never their values; same-named parameters share one entry', () => {
    expect(prop('operation').displayName).toBe('Opération');
    expect(prop('operation').options).toEqual([
      { name: 'Obtenir', value: 'get', description: 'Obtenir un enregistrement' },
      { name: 'Delete', value: 'delete' },
    ]);
    expect(prop('operation', 1).options).toEqual([{ name: 'Créer', value: 'create' }]);
  });

  it('keeps English for missing keys and untranslatable placeholders', () => {
    expect(prop('url')).toMatchObject({ displayName: 'URL', description: 'Où l’envoyer', placeholder: 'https://example.com' });
    expect(prop('query').placeholder).toBe('ex. nom du client');
    expect(prop('slowNotice').displayName).toBe('Watch out: slow API');
  });

  it('translates collection children and fixedCollection groups and children from same-level entries', () => {
    expect(prop('options')).toMatchObject({ displayName: 'Options', placeholder: 'Ajouter une option' });
    expect(prop('options').options).toEqual([{ displayName: 'Délai', name: 'timeout', type: 'number', description: 'In ms', placeholder: '10000' }]);
    const headers = prop('headers');
    expect(headers.typeOptions).toEqual({ multipleValues: true, multipleValueButtonText: 'Ajouter un en-tête' });
    expect(headers.options).toEqual([{ name: 'parameter', displayName: 'En-tête', values: [{ displayName: 'Nom', name: 'name', type: 'string', hint: 'Case-insensitive' }] }]);
  });

  it('does not change the English description it was given', () => {
    expect(description.displayName).toBe('Acme');
    expect(description.properties[2].displayName).toBe('Operation');
    expect(applyNodeTranslation(description, undefined)).toBe(description);
  });
});

describe('applyCredentialTranslation', () => {
  it('translates property labels and option names of a credential type', () => {
    const out = applyCredentialTranslation(credential, fr.credentialsModal!.acmeApi);
    expect(out.properties[0]).toMatchObject({ name: 'apiKey', displayName: 'Clé d’API', description: 'From the Acme console' });
    expect(out.properties[1].options).toEqual([{ name: 'Europe (UE)', value: 'eu' }]);
  });
});

describe('placeholders', () => {
  const needs = (placeholder: string) => translationKeys({ name: 'x', displayName: 'X', properties: [{ name: 'p', type: 'string', placeholder }] }).includes('nodeView.p.placeholder');
  it('need a translation when they hold words, not when they are example values', () => {
    for (const words of ['Add option', 'e.g. id', 'e.g. 0 15 * * 1-5', 'Drag fields from the left', 'GPON 0/1/0']) expect(needs(words), words).toBe(true);
    for (const value of ['https://erp.example.com', '{"_lastInform": -1}', '[["status", "=", "Open"]]', '={{ $json.id }}', 'InternetGatewayDevice.DeviceInfo.ModelName', 'frappe.client.get_value', 'SR552n', 'image/jpeg', '10 000']) {
      expect(needs(value), value).toBe(false);
    }
  });
});

describe('translationFileProblem', () => {
  it('names the key at fault', () => {
    expect(translationFileProblem([])).toMatch(/object keyed by node name/);
    expect(translationFileProblem({ acme: 'x' })).toBe('"acme" must be an object');
    expect(translationFileProblem({ acme: { header: { displayName: 3 } } })).toBe('"acme.header.displayName" must be a non-empty string or an object');
    expect(translationFileProblem({ acme: fr })).toBeUndefined();
  });
});
