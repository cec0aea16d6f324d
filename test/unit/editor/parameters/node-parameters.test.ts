// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { EditorView } from '@codemirror/view';
import { i18n, setLocale } from '../../../../editor/src/i18n/index.ts';
import type { INodeProperties } from 'n8n-workflow';
import NodeParameters from '../../../../editor/src/components/parameters/NodeParameters.vue';
import { webhookDescription } from '../../../../nodes/core/webhook/description.ts';
import { setDescription } from '../../../../nodes/core/set/description.ts';

// The assertions read the English texts.
setLocale('en');

type Values = Record<string, unknown>;
const prop = (p: Partial<INodeProperties>): INodeProperties => ({ displayName: p.name ?? 'x', name: 'x', type: 'string', default: '', ...p }) as INodeProperties;

function render(properties: INodeProperties[], parameters: Values = {}, extra: Record<string, unknown> = {}) {
  return mount(NodeParameters, { global: { plugins: [i18n] }, props: { properties, parameters, typeVersion: 1, ...extra } });
}
// The .vue shim types components loosely, so props are set through this one typed door.
const setParameters = (w: { setProps: (p: never) => Promise<void> }, parameters: Values) => w.setProps({ parameters } as never);
const sel = (path: string) => `[data-test="param-${path}"]`;
const last = (w: ReturnType<typeof render>): Values => {
  const events = w.emitted('update:parameters') ?? [];
  return events[events.length - 1]?.[0] as Values;
};

describe('NodeParameters: scalar kinds', () => {
  const props = [
    prop({ name: 'title', displayName: 'Title' }),
    prop({ name: 'secret', type: 'string', typeOptions: { password: true } }),
    prop({ name: 'body', type: 'string', typeOptions: { rows: 4 } }),
    prop({ name: 'count', type: 'number', default: 5, typeOptions: { minValue: 1, maxValue: 10 } }),
    prop({ name: 'flag', type: 'boolean', default: false }),
    prop({ name: 'color', type: 'options', default: 'red', options: [{ name: 'Red', value: 'red' }, { name: 'Blue', value: 'blue' }] }),
    prop({ name: 'tags', type: 'multiOptions', default: [], options: [{ name: 'A', value: 'a' }, { name: 'B', value: 'b' }] }),
    prop({ name: 'when', type: 'dateTime', default: '' }),
    prop({ name: 'data', type: 'json', default: '{}' }),
    prop({ name: 'hint', displayName: 'Read this first', type: 'notice', default: '' }),
  ];

  it('renders labels, defaults and the right input for each kind', () => {
    const w = render(props, { title: 'Hello' });
    expect(w.text()).toContain('Title');
    expect((w.get(sel('title')).element as HTMLInputElement).value).toBe('Hello');
    expect(w.get(sel('secret')).attributes('type')).toBe('password');
    expect(w.get(sel('body')).element.tagName).toBe('TEXTAREA');
    expect((w.get(sel('count')).element as HTMLInputElement).value).toBe('5');
    expect((w.get(sel('color')).element as HTMLSelectElement).value).toBe('red');
    expect(w.get(sel('hint')).text()).toBe('Read this first');
    expect(w.get(sel('when')).attributes('type')).toBe('datetime-local');
  });

  it('emits the full parameters object on input without mutating the prop', async () => {
    const parameters = { title: 'Hello' };
    const w = render(props, parameters);
    await w.get(sel('title')).setValue('Bye');
    expect(last(w)).toEqual({ title: 'Bye' });
    expect(parameters).toEqual({ title: 'Hello' });
    await w.get(sel('secret')).setValue('pw');
    expect(last(w)).toEqual({ title: 'Hello', secret: 'pw' });
    await w.get(sel('flag')).setValue(true);
    expect(last(w)).toEqual({ title: 'Hello', flag: true });
    await w.get(sel('color')).setValue('blue');
    expect(last(w)).toEqual({ title: 'Hello', color: 'blue' });
    await w.get(sel('tags-b')).setValue(true);
    expect(last(w)).toEqual({ title: 'Hello', tags: ['b'] });
    await w.get(sel('when')).setValue('2026-01-02T03:04');
    expect(last(w)).toEqual({ title: 'Hello', when: '2026-01-02T03:04' });
  });

  it('clamps numbers to minValue/maxValue', async () => {
    const w = render(props);
    await w.get(sel('count')).setValue('50');
    expect(last(w)).toEqual({ count: 10 });
    await w.get(sel('count')).setValue('-3');
    expect(last(w)).toEqual({ count: 1 });
    await w.get(sel('count')).setValue('7');
    expect(last(w)).toEqual({ count: 7 });
  });

  it('flags invalid JSON without emitting it, and emits valid JSON text', async () => {
    const w = render(props);
    await w.get(sel('data')).setValue('{"a": ');
    expect(w.emitted('update:parameters')).toBeUndefined();
    expect(w.find(sel('data-json-error')).exists()).toBe(true);
    await w.get(sel('data')).setValue('{"a": 1}');
    expect(last(w)).toEqual({ data: '{"a": 1}' });
    expect(w.find(sel('data-json-error')).exists()).toBe(false);
  });
});

describe('NodeParameters: expressions', () => {
  const props = [prop({ name: 'url', displayName: 'URL' }), prop({ name: 'n', type: 'number', default: 3 })];

  it('shows expression values in the expression editor (CodeMirror) and toggles Fixed / Expression', async () => {
    const w = render(props, { url: '={{ $json.url }}' });
    const input = w.get(sel('url'));
    expect(input.classes()).toContain('param-expression');
    const view = EditorView.findFromDOM(input.element.querySelector('.cm-editor') as HTMLElement)!;
    expect(view.state.doc.toString()).toBe('{{ $json.url }}');
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: '{{ $json.other }}' } });
    expect(last(w)).toEqual({ url: '={{ $json.other }}' });
    await w.get(sel('url-fixed')).trigger('click');
    expect(last(w)).toEqual({ url: '' });
    await w.get(sel('n-expression')).trigger('click');
    expect(last(w)).toEqual({ url: '={{ $json.url }}', n: '={{ 3 }}' });
  });
});

describe('NodeParameters: displayOptions', () => {
  const props = [
    prop({ name: 'mode', type: 'options', default: 'a', options: [{ name: 'A', value: 'a' }, { name: 'B', value: 'b' }] }),
    prop({ name: 'onlyB', displayOptions: { show: { mode: ['b'] } } }),
    prop({ name: 'notB', displayOptions: { hide: { mode: ['b'] } } }),
    prop({ name: 'v2', displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } } }),
    prop({ name: 'bigN', displayOptions: { show: { n: [{ _cnd: { gte: 10 } }] } } }),
    prop({ name: 'n', type: 'number', default: 1 }),
  ];

  it('shows and hides by values, defaults, @version and _cnd', () => {
    let w = render(props);
    expect(w.find(sel('onlyB')).exists()).toBe(false);
    expect(w.find(sel('notB')).exists()).toBe(true);
    expect(w.find(sel('v2')).exists()).toBe(false);
    expect(w.find(sel('bigN')).exists()).toBe(false);
    w = render(props, { mode: 'b', n: 12 }, { typeVersion: 2 });
    expect(w.find(sel('onlyB')).exists()).toBe(true);
    expect(w.find(sel('notB')).exists()).toBe(false);
    expect(w.find(sel('v2')).exists()).toBe(true);
    expect(w.find(sel('bigN')).exists()).toBe(true);
  });

  it("Webhook's responseData appears only when responseMode is lastNode", async () => {
    const w = mount(NodeParameters, { global: { plugins: [i18n] }, props: { properties: webhookDescription.properties, parameters: { path: 'x' }, typeVersion: 2 } });
    expect(w.find(sel('responseData')).exists()).toBe(false);
    await w.get(sel('responseMode')).setValue('lastNode');
    const next = last(w as never);
    expect(next).toEqual({ path: 'x', responseMode: 'lastNode' });
    await setParameters(w, next);
    expect(w.find(sel('responseData')).exists()).toBe(true);
  });
});

describe('NodeParameters: collection', () => {
  const props = [
    prop({
      name: 'options',
      type: 'collection',
      default: {},
      options: [prop({ name: 'dotNotation', displayName: 'Dot Notation', type: 'boolean', default: true }), prop({ name: 'prefix', displayName: 'Prefix', default: 'p' })],
    }),
  ];

  it('shows only added options, adds from the dropdown with the default and removes', async () => {
    const w = render(props, { options: { prefix: 'x' } });
    expect(w.find(sel('options.dotNotation')).exists()).toBe(false);
    expect((w.get(sel('options.prefix')).element as HTMLInputElement).value).toBe('x');
    const add = w.get(sel('options-add'));
    expect(add.findAll('option').map((o) => o.text())).toEqual(['Add option', 'Dot Notation']);
    await add.setValue('dotNotation');
    expect(last(w)).toEqual({ options: { prefix: 'x', dotNotation: true } });
    await w.get(sel('options.prefix-remove')).trigger('click');
    expect(last(w)).toEqual({ options: {} });
  });
});

describe('NodeParameters: fixedCollection', () => {
  const rules = prop({
    name: 'rules',
    type: 'fixedCollection',
    default: {},
    typeOptions: { multipleValues: true },
    options: [{ name: 'values', displayName: 'Rule', values: [prop({ name: 'outputKey', displayName: 'Output Key', default: 'out' })] }] as never,
  });
  const single = prop({
    name: 'auth',
    type: 'fixedCollection',
    default: {},
    options: [{ name: 'basic', displayName: 'Basic', values: [prop({ name: 'user', default: '' })] }] as never,
  });

  it('adds, edits and removes entries of a multipleValues group as arrays', async () => {
    const w = render([rules], { rules: { values: [{ outputKey: 'a' }] } });
    await w.get(sel('rules-add')).trigger('click');
    expect(last(w)).toEqual({ rules: { values: [{ outputKey: 'a' }, { outputKey: 'out' }] } });
    await w.get(sel('rules.values[0].outputKey')).setValue('b');
    expect(last(w)).toEqual({ rules: { values: [{ outputKey: 'b' }] } });
    await setParameters(w, { rules: { values: [{ outputKey: 'a' }, { outputKey: 'c' }] } });
    await w.get(sel('rules.values[0]-remove')).trigger('click');
    expect(last(w)).toEqual({ rules: { values: [{ outputKey: 'c' }] } });
  });

  it('holds a single object per group without multipleValues', async () => {
    const w = render([single]);
    await w.get(sel('auth-add')).trigger('click');
    expect(last(w)).toEqual({ auth: { basic: { user: '' } } });
    await setParameters(w, { auth: { basic: { user: '' } } });
    expect(w.find(sel('auth-add')).exists()).toBe(false);
    await w.get(sel('auth.basic.user')).setValue('ann');
    expect(last(w)).toEqual({ auth: { basic: { user: 'ann' } } });
    await w.get(sel('auth.basic-remove')).trigger('click');
    expect(last(w)).toEqual({ auth: {} });
  });
});

describe('NodeParameters: Set assignments, filter JSON, required, loadOptions, credentials', () => {
  it("edits Set v3.4's assignments list", async () => {
    const a = { id: '1', name: 'x', value: 'v', type: 'string' };
    const w = mount(NodeParameters, { global: { plugins: [i18n] }, props: { properties: setDescription.properties, parameters: { assignments: { assignments: [a] } }, typeVersion: 3.4 } });
    expect(w.find(sel('jsonOutput')).exists()).toBe(false);
    await w.get(sel('assignments.assignments[0].name')).setValue('y');
    expect(last(w as never)).toEqual({ assignments: { assignments: [{ ...a, name: 'y' }] } });
    await w.get(sel('assignments.assignments[0].type')).setValue('number');
    await setParameters(w, { assignments: { assignments: [{ ...a, type: 'number' }] } });
    await w.get(sel('assignments.assignments[0].value')).setValue('42');
    expect(last(w as never)).toEqual({ assignments: { assignments: [{ ...a, type: 'number', value: 42 }] } });
    await w.get(sel('assignments-add')).trigger('click');
    const added = (last(w as never).assignments as { assignments: { name: string; id: string }[] }).assignments;
    expect(added).toHaveLength(2);
    expect(added[1]).toMatchObject({ name: '', value: '', type: 'string' });
    expect(added[1].id).toBeTruthy();
    await w.get(sel('assignments.assignments[0]-remove')).trigger('click');
    expect(last(w as never)).toEqual({ assignments: { assignments: [] } });
  });

  it('edits filter / JSONLogic objects as JSON', async () => {
    const w = render([prop({ name: 'conditions', type: 'filter', default: {} })], { conditions: { jsonLogic: { '==': [1, 1] } } });
    expect(JSON.parse((w.get(sel('conditions')).element as HTMLTextAreaElement).value)).toEqual({ jsonLogic: { '==': [1, 1] } });
    await w.get(sel('conditions')).setValue('{"jsonLogic": {"var": "a"}}');
    expect(last(w)).toEqual({ conditions: { jsonLogic: { var: 'a' } } });
    await w.get(sel('conditions')).setValue('{oops');
    expect(w.emitted('update:parameters')).toHaveLength(1);
  });

  it('shows a message on required empty fields', async () => {
    const w = render([prop({ name: 'url', displayName: 'URL', required: true })]);
    expect(w.get(sel('url-error')).text()).toBe('URL is required');
    await setParameters(w, { url: 'x' });
    expect(w.find(sel('url-error')).exists()).toBe(false);
  });

  it('calls loadOptions with the method and current parameters and lists the result', async () => {
    const calls: [string, Values][] = [];
    const loadOptions = async (method: string, params: Values) => {
      calls.push([method, params]);
      return [{ name: 'Sheet 1', value: 's1' }, { name: 'Sheet 2', value: 's2' }];
    };
    const props = [prop({ name: 'sheet', type: 'options', default: '', typeOptions: { loadOptionsMethod: 'getSheets' } })];
    const w = render(props, { doc: 'd' }, { loadOptions });
    await flushPromises();
    expect(calls).toEqual([['getSheets', { doc: 'd', sheet: '' }]]);
    const select = w.get(sel('sheet'));
    expect(select.findAll('option').map((o) => o.text())).toEqual(['— choose —', 'Sheet 1', 'Sheet 2']);
    await select.setValue('s2');
    expect(last(w)).toEqual({ doc: 'd', sheet: 's2' });
  });

  it('selects credentials and emits the full node credentials', async () => {
    const w = render([], {}, { credentials: { httpBasicAuth: [{ id: '1', name: 'Prod' }, { id: '2', name: 'Test' }] }, nodeCredentials: { other: { id: '9', name: 'O' } } });
    await w.get(sel('credentials-httpBasicAuth')).setValue('2');
    expect(w.emitted('update:node-credentials')?.[0]?.[0]).toEqual({ other: { id: '9', name: 'O' }, httpBasicAuth: { id: '2', name: 'Test' } });
  });

  it("accepts the description's credential list, showing only displayed slots and flagging required ones", async () => {
    const credentials = [
      { name: 'httpHeaderAuth', required: true, displayOptions: { show: { authentication: ['headerAuth'] } } },
      { name: 'httpBasicAuth', required: true, displayOptions: { show: { authentication: ['basicAuth'] } } },
    ];
    const auth = prop({ name: 'authentication', type: 'options', default: 'none', options: [{ name: 'Header', value: 'headerAuth' }, { name: 'None', value: 'none' }] });
    const w = render([auth], { authentication: 'headerAuth' }, { credentials, nodeCredentials: { httpHeaderAuth: { id: '5', name: 'Key' } } });
    expect(w.find(sel('credentials-httpBasicAuth')).exists()).toBe(false);
    const select = w.get(sel('credentials-httpHeaderAuth'));
    expect((select.element as HTMLSelectElement).value).toBe('5');
    expect(w.find(sel('credentials-httpHeaderAuth-error')).exists()).toBe(false);
    await select.setValue('');
    expect(w.emitted('update:node-credentials')?.[0]?.[0]).toEqual({});
  });
});
