// @vitest-environment happy-dom
// Set assignments and the expression editor: typing '=' turns a value into an expression (the
// CodeMirror editor takes over, focused), edits keep n8n's '=' format, and Fixed turns it back.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { EditorView } from '@codemirror/view';
import { i18n, setLocale } from '../../../editor/src/i18n/index.ts';
import NodeParameters from '../../../editor/src/components/parameters/NodeParameters.vue';
import { setDescription } from '../../../nodes/core/set/description.ts';

setLocale('en');
// The preview asks the host; no host here, and none is needed for these checks.
vi.stubGlobal('fetch', () => new Promise(() => {}));
afterEach(() => document.body.replaceChildren());

const sel = (path: string) => `[data-test="param-${path}"]`;
type Values = Record<string, unknown>;

function render(value: unknown) {
  const a = { id: 'a1', name: 'x', value, type: 'string' };
  const w = mount(NodeParameters, { global: { plugins: [i18n] }, props: { properties: setDescription.properties, parameters: { assignments: { assignments: [a] } }, typeVersion: 3.4 }, attachTo: document.body });
  const last = () => {
    const events = w.emitted('update:parameters') ?? [];
    return ((events[events.length - 1]?.[0] as Values).assignments as { assignments: Values[] }).assignments[0];
  };
  const update = (v: unknown) => w.setProps({ parameters: { assignments: { assignments: [{ ...a, value: v }] } } } as never);
  return { w, last, update };
}

describe('Set assignments with expressions', () => {
  it("typing '=' switches to the focused expression editor; Fixed switches back", async () => {
    const { w, last, update } = render('hello');
    await w.get(sel('assignments.assignments[0].value')).setValue('=');
    expect(last()!.value).toBe('=');
    await update('=');
    const field = w.get(sel('assignments.assignments[0].value'));
    expect(field.classes()).toContain('expression-editor');
    const view = EditorView.findFromDOM(field.element.querySelector('.cm-editor') as HTMLElement)!;
    expect(document.activeElement).toBe(view.contentDOM);
    view.dispatch({ changes: { from: 0, insert: '{{ $json.a }}' } });
    expect(last()!.value).toBe('={{ $json.a }}');
    await update('={{ $json.a }}');
    await w.get(sel('assignments.assignments[0].value-fixed')).trigger('click');
    expect(last()!.value).toBe('{{ $json.a }}');
    await update('{{ $json.a }}');
    expect(w.get(sel('assignments.assignments[0].value')).element.tagName).toBe('INPUT');
    w.unmount();
  });

  it('shows a stored expression in the editor without taking the focus', () => {
    const { w } = render('={{ $json.b }}');
    const field = w.get(sel('assignments.assignments[0].value'));
    const view = EditorView.findFromDOM(field.element.querySelector('.cm-editor') as HTMLElement)!;
    expect(view.state.doc.toString()).toBe('{{ $json.b }}');
    expect(document.activeElement).not.toBe(view.contentDOM);
    w.unmount();
  });
});

describe('parameter fields in expression mode', () => {
  it('Expression turns the value into "=" + text in a focused expression editor', async () => {
    const properties = [{ displayName: 'URL', name: 'url', type: 'string', default: '' }] as never;
    const w = mount(NodeParameters, { global: { plugins: [i18n] }, props: { properties, parameters: { url: 'https://x' }, typeVersion: 1 }, attachTo: document.body });
    await w.get(sel('url-expression')).trigger('click');
    const events = w.emitted('update:parameters')!;
    expect(events[events.length - 1]![0]).toEqual({ url: '=https://x' });
    await w.setProps({ parameters: { url: '=https://x' } } as never);
    const view = EditorView.findFromDOM(w.get(sel('url')).element.querySelector('.cm-editor') as HTMLElement)!;
    expect(view.state.doc.toString()).toBe('https://x');
    expect(document.activeElement).toBe(view.contentDOM);
    expect(view.contentDOM.id).toBe('param-url');
    w.unmount();
  });
});
