// The description checks the registry runs at load (host/kit/validate-description.ts): every bad
// input gives a message naming the file and the field path; n8n's own conventions (same name with
// exclusive displayOptions, @version, /absolute paths, siblings inside collections) pass; and every
// node and credential type of this repository passes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { INodeType } from 'n8n-workflow';
import { NODES_ROOT, PackageRejectedError, Registry, createRegistry } from '../../../host/engine/registry.ts';
import { credentialProblems, descriptionProblems } from '../../../host/kit/validate-description.ts';

const FILE = '/pkg/dist/Bad.node.js';
const where = { file: FILE };

function node(overrides: Record<string, unknown> = {}, properties: unknown[] = []): Record<string, unknown> {
  return { displayName: 'Bad', name: 'bad', group: ['transform'], version: 1, description: 'x', defaults: { name: 'Bad' }, inputs: ['main'], outputs: ['main'], properties, ...overrides };
}
const prop = (name: string, extra: Record<string, unknown> = {}) => ({ displayName: name, name, type: 'string', default: '', ...extra });
const options = (name: string, values: string[], extra: Record<string, unknown> = {}) =>
  prop(name, { type: 'options', options: values.map((v) => ({ name: v, value: v })), default: values[0], ...extra });

describe('descriptionProblems', () => {
  it('accepts a well-formed description', () => {
    expect(descriptionProblems(node({}, [options('mode', ['a', 'b']), prop('url')]), where)).toEqual([]);
  });

  it.each([
    ['name', 'description.name is missing'],
    ['displayName', 'description.displayName is missing'],
    ['version', 'description.version is missing'],
    ['inputs', 'description.inputs is missing'],
    ['outputs', 'description.outputs is missing'],
    ['properties', 'description.properties is missing'],
  ])('names the file and the missing %s', (field, message) => {
    const d = node();
    delete d[field];
    expect(descriptionProblems(d, where)).toEqual([`${FILE}: ${message}`]);
  });

  it('rejects a description that is not an object, a bad version and bad inputs', () => {
    expect(descriptionProblems(undefined, where)).toEqual([`${FILE}: description is missing or not an object`]);
    expect(descriptionProblems(node({ version: [] }), where)).toEqual([`${FILE}: description.version must be a positive number or a non-empty array of them`]);
    expect(descriptionProblems(node({ inputs: 'main' }), where)).toEqual([`${FILE}: description.inputs must be an array (or an "=" expression)`]);
    // n8n's dynamic connections are expressions.
    expect(descriptionProblems(node({ outputs: '={{ $parameter.mode === "a" ? ["main"] : ["main", "main"] }}' }), where)).toEqual([]);
  });

  it('names the property index of a property without name, type or displayName', () => {
    const problems = descriptionProblems(node({}, [prop('ok'), { displayName: 'X', type: 'string', default: '' }, { name: 'y', displayName: 'Y', default: '' }, { name: 'z', type: 'string', default: '' }]), where);
    expect(problems).toEqual([
      `${FILE}: description.properties[1].name is missing`,
      `${FILE}: description.properties[2].type is missing`,
      `${FILE}: description.properties[3].displayName is missing`,
    ]);
  });

  it('rejects an options property without options, unless they are loaded by a method', () => {
    expect(descriptionProblems(node({}, [prop('mode', { type: 'options' })]), where)).toEqual([
      `${FILE}: description.properties[0].options is missing: a "options" property needs its options (or typeOptions.loadOptionsMethod)`,
    ]);
    expect(descriptionProblems(node({}, [prop('mode', { type: 'multiOptions', options: [{ value: 'a' }] })]), where)).toEqual([`${FILE}: description.properties[0].options[0].name is missing`]);
    expect(descriptionProblems(node({}, [prop('mode', { type: 'options', typeOptions: { loadOptionsMethod: 'listModes' } })]), where)).toEqual([]);
  });

  it('rejects a name used twice when both can show', () => {
    const problems = descriptionProblems(node({}, [options('method', ['GET', 'POST']), prop('url'), prop('timeout'), prop('url', { displayOptions: { show: { method: ['POST'] } } })]), where);
    expect(problems).toEqual([`${FILE}: description.properties[3].name "url" is used twice (also properties[1]) and both can show: give them displayOptions that exclude each other`]);
    // Identical displayOptions show together too; so do `/method` and `method` at the top level.
    const same = { displayOptions: { show: { method: ['GET'] } } };
    expect(descriptionProblems(node({}, [options('method', ['GET', 'POST']), prop('url', same), prop('url', { ...same, default: 'x' })]), where)).toHaveLength(1);
    expect(descriptionProblems(node({}, [options('method', ['GET', 'POST']), prop('url', same), prop('url', { displayOptions: { show: { '/method': ['GET', 'POST'] } }, default: 'x' })]), where)).toHaveLength(1);
    // Inside a fixedCollection group every value shows at once.
    const fixed = prop('headers', { type: 'fixedCollection', default: {}, options: [{ name: 'h', displayName: 'H', values: [prop('name'), prop('name', { default: 'x' })] }] });
    expect(descriptionProblems(node({}, [fixed]), where)).toEqual([`${FILE}: description.properties[0].options[0].values[1].name "name" is used twice (also values[0]) and both can show: give them displayOptions that exclude each other`]);
  });

  it("accepts the repeats n8n's own nodes have: identical copies, notices, hidden fields, a collection's add-on options, hides covering every option", () => {
    const props = [
      options('responseMode', ['onReceived', 'lastNode', 'responseNode']),
      prop('list', { displayOptions: { show: { responseMode: ['lastNode'] } } }),
      prop('list', { displayOptions: { show: { responseMode: ['lastNode'] } } }),
      prop('notice', { type: 'notice', displayName: 'One' }),
      prop('notice', { type: 'notice', displayName: 'Two' }),
      prop('query', { type: 'hidden', default: 'a=1' }),
      prop('query', { type: 'hidden', default: 'b=2' }),
      prop('options', { type: 'collection', default: {}, options: [prop('state'), prop('state', { displayName: 'State (again)' })] }),
      prop('extra', { displayOptions: { hide: { responseMode: ['responseNode'] } } }),
      prop('extra', { displayOptions: { hide: { responseMode: ['onReceived', 'lastNode'] } } }),
    ];
    expect(descriptionProblems(node({}, props), where)).toEqual([]);
  });

  it('accepts the same name when the displayOptions exclude each other (n8n: one operation list per resource)', () => {
    const props = [
      options('resource', ['user', 'team']),
      options('operation', ['get', 'list'], { displayOptions: { show: { resource: ['user'] } } }),
      options('operation', ['get', 'create'], { displayOptions: { show: { resource: ['team'] } } }),
      // show vs hide of the same values
      prop('limit', { displayOptions: { show: { operation: ['list'] } } }),
      prop('limit', { displayOptions: { hide: { operation: ['list'] } } }),
      // version ranges cannot be compared: accepted
      prop('opt', { displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } } }),
      prop('opt', { displayOptions: { show: { '@version': [1] } } }),
    ];
    expect(descriptionProblems(node({}, props), where)).toEqual([]);
  });

  it('follows the parameters a property depends on (n8n HTTP Request: two `body` under different content types)', () => {
    const props = [
      options('contentType', ['json', 'form', 'raw']),
      options('specifyBody', ['keypair', 'json'], { displayOptions: { show: { contentType: ['json'] } } }),
      options('specifyBody', ['keypair', 'string'], { displayOptions: { show: { contentType: ['form'] } } }),
      prop('body', { displayOptions: { show: { specifyBody: ['string'] } } }),
      prop('body', { displayOptions: { show: { contentType: ['raw'] } } }),
    ];
    expect(descriptionProblems(node({}, props), where)).toEqual([]);
  });

  it('rejects displayOptions that are not an object of arrays', () => {
    const problems = descriptionProblems(node({}, [options('mode', ['a']), prop('a', { displayOptions: ['mode'] }), prop('b', { displayOptions: { show: 'mode' } }), prop('c', { displayOptions: { hide: { mode: 'a' } } })]), where);
    expect(problems).toEqual([
      `${FILE}: description.properties[1].displayOptions must be an object with "show" and/or "hide"`,
      `${FILE}: description.properties[2].displayOptions.show must be an object of parameter name → array of values`,
      `${FILE}: description.properties[3].displayOptions.hide.mode must be an array of values`,
    ]);
  });

  it('rejects displayOptions naming no property, but accepts @version, /absolute paths and collection siblings', () => {
    const collection = prop('options', {
      type: 'collection',
      default: {},
      options: [
        prop('format'),
        prop('pretty', { displayOptions: { show: { format: ['json'] } } }),
        prop('sep', { displayOptions: { show: { '/mode': ['csv'] } } }),
        prop('bad', { displayOptions: { show: { '/nope': ['x'] } } }),
      ],
    });
    const fixed = prop('headers', {
      type: 'fixedCollection',
      default: {},
      options: [{ name: 'header', displayName: 'Header', values: [prop('name'), prop('value', { displayOptions: { show: { name: ['x'] } } }), prop('ghost', { displayOptions: { hide: { missing: ['x'] } } })] }],
    });
    const problems = descriptionProblems(
      node({}, [options('mode', ['csv', 'json']), prop('v2only', { displayOptions: { show: { '@version': [2] } } }), prop('field', { displayOptions: { show: { mode: ['csv'] } } }), prop('x', { displayOptions: { show: { mood: ['csv'] } } }), collection, fixed]),
      where,
    );
    expect(problems).toEqual([
      `${FILE}: description.properties[3].displayOptions.show.mood refers to no property "mood"`,
      `${FILE}: description.properties[4].options[3].displayOptions.show./nope refers to no property "nope"`,
      `${FILE}: description.properties[5].options[0].values[2].displayOptions.hide.missing refers to no property "missing"`,
    ]);
  });

  it('checks collections: options required, nested properties validated', () => {
    expect(descriptionProblems(node({}, [prop('o', { type: 'collection', default: {} })]), where)).toEqual([
      `${FILE}: description.properties[0].options is missing: a "collection" property needs its options (the properties it holds)`,
    ]);
    expect(descriptionProblems(node({}, [prop('f', { type: 'fixedCollection', default: {}, options: [{ name: 'g', displayName: 'G' }] })]), where)).toEqual([
      `${FILE}: description.properties[0].options[0].values is missing: the properties of this group`,
    ]);
  });

  it('rejects credentials entries without a name and checks their displayOptions', () => {
    const problems = descriptionProblems(node({ credentials: [{ required: true }, { name: 'fooApi', displayOptions: { show: { auth: ['foo'] } } }] }, [prop('url')]), where);
    expect(problems).toEqual([`${FILE}: description.credentials[0].name is missing`, `${FILE}: description.credentials[1].displayOptions.show.auth refers to no property "auth"`]);
  });

  it('uses the given path for a versioned node, whose displayOptions may name parameters of its other versions', () => {
    expect(descriptionProblems({ ...node(), name: undefined }, { file: FILE, path: 'nodeVersions[2].description' })).toEqual([`${FILE}: nodeVersions[2].description.name is missing`]);
    const shared = prop('options', { type: 'collection', default: {}, options: [prop('raw', { displayOptions: { show: { '/resolveData': [true] } } })] });
    expect(descriptionProblems(node({}, [shared]), { file: FILE, alsoKnown: ['resolveData'] })).toEqual([]);
    expect(descriptionProblems(node({}, [shared]), where)).toEqual([`${FILE}: description.properties[0].options[0].displayOptions.show./resolveData refers to no property "resolveData"`]);
  });
});

describe('credentialProblems', () => {
  it('accepts a credential type and names the file and field of a bad one', () => {
    expect(credentialProblems({ name: 'acmeApi', displayName: 'Acme', properties: [prop('key')] }, where)).toEqual([]);
    expect(credentialProblems({ displayName: 'Acme', properties: [prop('key'), { name: 'x', type: 'string' }] }, where)).toEqual([
      `${FILE}: credential.name is missing`,
      `${FILE}: credential.properties[1].displayName is missing`,
    ]);
    expect(credentialProblems({ name: 'a', displayName: 'A' }, where)).toEqual([`${FILE}: credential.properties is missing`]);
    expect(credentialProblems({ name: 'a', displayName: 'A', properties: [prop('k', { displayOptions: { show: { kind: ['x'] } } })] }, where)).toEqual([
      `${FILE}: credential.properties[0].displayOptions.show.kind refers to no property "kind"`,
    ]);
    // An extending type may show fields by its parent's fields (n8n's OAuth2 credentials).
    expect(credentialProblems({ name: 'a', displayName: 'A', extends: ['oAuth2Api'], properties: [prop('k', { displayOptions: { show: { grantType: ['x'] } } })] }, where)).toEqual([]);
  });
});

describe('registry: validation at load', () => {
  it('every node and credential type of this repository passes', async () => {
    const registry = await createRegistry([], () => {});
    expect(registry.loadProblems).toEqual([]);
    const dirs = registry.packageDirs().filter((d) => d.startsWith(NODES_ROOT));
    expect(dirs.length).toBeGreaterThanOrEqual(9);
    for (const d of registry.descriptions()) {
      const type = registry.get(d.name, Array.isArray(d.version) ? d.version[0] : d.version) as INodeType;
      expect(descriptionProblems(type.description, { file: d.name }), d.name).toEqual([]);
    }
    for (const c of registry.credentialTypes()) expect(credentialProblems(c, { file: c.name })).toEqual([]);
  });

  const dir = mkdtempSync(join(tmpdir(), 'gigaflow-registry-validation-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** An ES-module package with one node file whose description is given. */
  function writePackage(name: string, description: Record<string, unknown>, extraFiles: Record<string, string> = {}): string {
    const root = join(dir, name);
    mkdirSync(root, { recursive: true });
    const files = ['Good.node.js', 'Bad.node.js'];
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name, type: 'module', n8n: { nodes: files, credentials: ['Api.credentials.js'] } }));
    writeFileSync(join(root, 'Good.node.js'), `export class Good { description = ${JSON.stringify(node({ name: 'good', displayName: 'Good' }))}; }`);
    writeFileSync(join(root, 'Bad.node.js'), `export class Bad { description = ${JSON.stringify(description)}; }`);
    writeFileSync(join(root, 'Api.credentials.js'), `export class Api { name = '${name}Api'; displayName = 'Api'; properties = []; }`);
    for (const [file, text] of Object.entries(extraFiles)) writeFileSync(join(root, file), text);
    return root;
  }

  it('rejects the whole package (no node, no credential of it) and keeps loading the others', async () => {
    const bad = writePackage('n8n-nodes-bad', node({ name: undefined }));
    const good = writePackage('n8n-nodes-fine', node({ name: 'other' }));
    const warned: string[] = [];
    const registry = await createRegistry([bad, good], (m) => warned.push(m));
    const message = `Node package n8n-nodes-bad rejected: ${join(bad, 'Bad.node.js')}: description.name is missing`;
    expect(registry.loadProblems).toEqual([message]);
    expect(warned).toEqual([message]);
    expect(registry.hasType('n8n-nodes-bad.good')).toBe(false);
    expect(registry.credentialType('n8n-nodes-badApi')).toBeUndefined();
    expect(registry.hasType('n8n-nodes-fine.good')).toBe(true);
    expect(registry.hasType('n8n-nodes-fine.other')).toBe(true);
    // Loading one package directly throws the same message.
    await expect(new Registry().loadPackage(bad)).rejects.toThrow(PackageRejectedError);
  });

  it('names a file that cannot be imported, a constructor that throws, and two nodes of one name', async () => {
    const broken = writePackage('n8n-nodes-syntax', node(), { 'Bad.node.js': 'export class Bad { description = { ; }' });
    const throwing = writePackage('n8n-nodes-throws', node(), { 'Bad.node.js': 'export class Bad { constructor() { throw new Error("no config"); } }' });
    const twice = writePackage('n8n-nodes-twice', node({ name: 'good' }));
    const registry = await createRegistry([broken, throwing, twice, join(dir, 'does-not-exist')], () => {});
    const [missing, ...rest] = registry.loadProblems;
    expect(missing).toMatch(/GIGAFLOW_NODES_PATH entry ".*does-not-exist" is neither a folder nor an installed npm package/);
    expect(rest[0]).toContain(`${join(broken, 'Bad.node.js')}: cannot be loaded:`);
    expect(rest[1]).toContain(`${join(throwing, 'Bad.node.js')} exports no node type (constructing Bad threw: no config)`);
    expect(rest[2]).toContain(`${join(twice, 'Bad.node.js')}: description.name "good" is also the name of ${join(twice, 'Good.node.js')}`);
  });
});
