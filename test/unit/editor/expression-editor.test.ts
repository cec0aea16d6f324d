// @vitest-environment happy-dom
// The expression editor component (CodeMirror): value in and out, `{{ }}` marks, the insert
// target for the variable picker, and the live preview (debounced, stale answers ignored, errors
// inline with the failing segment underlined). The host is replaced by a fetch stub here; the real
// sandbox is covered by test/integration/server/expressions-preview.test.ts and the browser test.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { EditorView } from '@codemirror/view';
import { i18n, setLocale } from '../../../editor/src/i18n/index.ts';
import ExpressionEditor from '../../../editor/src/components/expressions/ExpressionEditor.vue';
import { activeInsertTarget, insertIntoActive } from '../../../editor/src/lib/insert-target.ts';
import { debounced, formatPreviewValue, previewRequest } from '../../../editor/src/lib/expression-preview.ts';

setLocale('en');

type Answer = { value?: unknown; type?: string; error?: { message: string; segment?: number } };
let answers: { body: Record<string, unknown>; resolve: (a: Answer) => void }[] = [];

beforeEach(() => {
  answers = [];
  vi.stubGlobal('fetch', (_url: string, init: { body: string }) =>
    new Promise((resolve) => {
      answers.push({ body: JSON.parse(init.body), resolve: (a) => resolve(new Response(JSON.stringify(a), { status: 200 })) });
    }),
  );
});
const mounted: { unmount(): void }[] = [];
afterEach(() => {
  // A failed test must not leave a live editor whose preview timer fires into the next test.
  for (const w of mounted.splice(0)) {
    try {
      w.unmount();
    } catch {
      // Already unmounted by the test.
    }
  }
  vi.unstubAllGlobals();
});

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
function render(value: string) {
  const w = mount(ExpressionEditor, { props: { value, path: 'text', label: 'Text' }, global: { plugins: [i18n] }, attachTo: document.body });
  mounted.push(w);
  const view = EditorView.findFromDOM(w.element.querySelector('.cm-editor') as HTMLElement)!;
  return { w, view };
}

describe('ExpressionEditor', () => {
  it('shows the text without "=", marks the segments and emits "=" + text', async () => {
    const { w, view } = render('=Hi {{ $json.a }}');
    expect(view.state.doc.toString()).toBe('Hi {{ $json.a }}');
    expect(w.get('[data-test="param-text"]').classes()).toContain('param-expression');
    expect(w.findAll('.cm-expr-brace').map((e) => e.text())).toEqual(['{{', '}}']);
    expect(w.find('.cm-expr-segment').element.textContent).toBe(' $json.a ');
    view.dispatch({ changes: { from: view.state.doc.length, insert: '!' } });
    expect(w.emitted('update')?.at(-1)).toEqual(['=Hi {{ $json.a }}!']);
    w.unmount();
  });

  it('takes outside changes without echoing them, and flags an unclosed {{', async () => {
    const { w, view } = render('=a');
    await w.setProps({ value: '=b {{ $json.x' } as never);
    expect(view.state.doc.toString()).toBe('b {{ $json.x');
    expect(w.emitted('update')).toBeUndefined();
    expect(w.get('[data-test="param-text-unclosed"]').text()).toMatch(/Unclosed \{\{/);
    expect(w.find('.cm-expr-unclosed').exists()).toBe(true);
    w.unmount();
  });

  it('auto-closes a typed {{', () => {
    const { w, view } = render('=');
    // What CodeMirror's input handlers see for a typed character.
    const type = (ch: string) => {
      const { from, to } = view.state.selection.main;
      const handled = view.state.facet(EditorView.inputHandler).some((h) => h(view, from, to, ch, () => view.state.update({ changes: { from, to, insert: ch } })));
      if (!handled) view.dispatch({ changes: { from, to, insert: ch }, selection: { anchor: from + ch.length } });
    };
    type('{');
    type('{');
    expect(view.state.doc.toString()).toBe('{{ }}');
    expect(view.state.selection.main.head).toBe(2);
    w.unmount();
  });

  it('registers as the insert target on focus and inserts at the cursor; unregisters when destroyed', async () => {
    const { w, view } = render('=Hello ');
    view.dispatch({ selection: { anchor: 5 } });
    view.contentDOM.dispatchEvent(new FocusEvent('focus'));
    expect(activeInsertTarget()?.label).toBe('Text');
    expect(insertIntoActive('{{ $json.name }}')).toBe(true);
    expect(w.emitted('update')?.at(-1)).toEqual(['=Hello{{ $json.name }} ']);
    w.unmount();
    expect(activeInsertTarget()).toBeNull();
  });

  it('previews through the host after a pause, ignores stale answers, and shows errors with the failing segment underlined', async () => {
    const { w, view } = render('={{ 1 }}');
    await wait(300);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body).toMatchObject({ expression: '={{ 1 }}', itemIndex: 0, input: [] });
    // Two quick edits: one request, for the last text.
    view.dispatch({ changes: { from: 0, insert: 'a' } });
    view.dispatch({ changes: { from: 0, insert: 'b' } });
    await wait(300);
    expect(answers).toHaveLength(2);
    expect(answers[1]!.body.expression).toBe('=ba{{ 1 }}');
    // The newer answer arrives first; the older one, arriving late, must not replace it.
    answers[1]!.resolve({ error: { message: 'boom is not defined', segment: 0 } });
    await flushPromises();
    await wait(10);
    answers[0]!.resolve({ value: 1, type: 'number' });
    await flushPromises();
    await wait(10);
    expect(w.get('[data-test="param-text-expression-error"]').text()).toBe('Expression error: boom is not defined');
    expect(w.find('[data-test="param-text-preview-value"]').exists()).toBe(false);
    expect(w.findAll('[data-test=expr-error-segment]').map((e) => e.text()).join('')).toBe('{{ 1 }}');
    // Editing clears the underline until the next answer; a value replaces the error.
    view.dispatch({ changes: { from: 0, to: 2, insert: 'x' } });
    expect(w.find('[data-test=expr-error-segment]').exists()).toBe(false);
    await wait(300);
    answers[2]!.resolve({ value: 'x1', type: 'string' });
    await flushPromises();
    await wait(10);
    expect(w.get('[data-test="param-text-preview-value"]').text()).toBe('x1');
    expect(w.find('[data-test="param-text-expression-error"]').exists()).toBe(false);
    w.unmount();
  });
});

describe('preview helpers', () => {
  it('builds the request from the scope and the node', () => {
    const scope = { node: 'Set', input: [{ a: 1 }], upstream: ['T'], outputs: { T: [{ t: 1 }] }, prevNode: 'T' };
    expect(previewRequest('={{ 1 }}', 0, scope, { workflowNodes: ['T', 'Set'] })).toEqual({
      expression: '={{ 1 }}',
      itemIndex: 0,
      input: [{ a: 1 }],
      nodes: { T: [{ t: 1 }] },
      workflowNodes: ['T', 'Set'],
      node: { name: 'Set', type: '', typeVersion: 1 },
      workflow: { id: '', name: '', active: false },
      prevNode: 'T',
    });
    const many = { ...scope, input: Array.from({ length: 500 }, (_, i) => ({ i })) };
    expect(previewRequest('=x', 0, many, { workflowNodes: [] }).input).toHaveLength(200);
  });

  it('formats values: strings as they are, the rest as JSON', () => {
    expect(formatPreviewValue('hi', 'string')).toBe('hi');
    expect(formatPreviewValue(null, 'undefined')).toBe('undefined');
    expect(formatPreviewValue(3, 'number')).toBe('3');
    expect(formatPreviewValue({ a: 1 }, 'object')).toBe('{\n  "a": 1\n}');
    expect(formatPreviewValue(null, 'null')).toBe('null');
  });

  it('debounces and tells which call is the latest', async () => {
    const seen: [number, boolean][] = [];
    const checks: (() => boolean)[] = [];
    const d = debounced(20, (isLatest, n: number) => {
      checks.push(isLatest);
      seen.push([n, isLatest()]);
    });
    d.call(1);
    d.call(2);
    await wait(40);
    expect(seen).toEqual([[2, true]]);
    d.call(3);
    await wait(40);
    expect(checks[0]!()).toBe(false);
    d.cancel();
    expect(checks[1]!()).toBe(false);
  });
});
