// @vitest-environment happy-dom
// Pinned data in the editor: n8n's pinData shape, validation before anything changes, and the
// key following renames and deletions; the output panel's pin controls.
import { mount } from '@vue/test-utils';
import { i18n, setLocale } from '../../../editor/src/i18n/index.ts';
import { beforeEach, describe, expect, it } from 'vitest';
import PinControls from '../../../editor/src/components/panels/PinControls.vue';
import { normalizePinData, parsePinText, pinText } from '../../../editor/src/lib/pin-data.ts';
import { canUndo, load, pasteNodes, pinNode, removeNodes, toInput, undo, unpinNode, updateNode, wf } from '../../../editor/src/stores/workflow.store.ts';
import type { INode } from '../../../editor/src/api/types.ts';

// The assertions read the English texts.
setLocale('en');

const node = (name: string): INode => ({ id: name, name, type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [0, 0], parameters: {} });
const items = (...names: string[]) => names.map((name) => ({ json: { name } }));

beforeEach(() => {
  load({ id: 'w1', name: 'W', active: false, createdAt: '', updatedAt: '', nodes: [node('Fetch'), node('Digest')], connections: {}, pinData: { Fetch: [{ json: { name: 'A' } }] } });
});

describe('parsePinText', () => {
  it('takes an array of objects (or one object) and wraps each as { json }', () => {
    expect(parsePinText('[{"a":1},{"b":2}]')).toEqual({ items: [{ json: { a: 1 } }, { json: { b: 2 } }] });
    expect(parsePinText('{"a":1}')).toEqual({ items: [{ json: { a: 1 } }] });
    // Items already in n8n's stored shape stay as they are.
    expect(parsePinText('[{"json":{"a":1}}]')).toEqual({ items: [{ json: { a: 1 } }] });
  });

  it('refuses what cannot be pinned, saying why', () => {
    expect(parsePinText('[{"a":1},')).toMatchObject({ error: expect.stringContaining('not valid JSON') });
    expect(parsePinText('[]')).toMatchObject({ error: expect.stringContaining('at least one item') });
    expect(parsePinText('[{"a":1}, 2]')).toMatchObject({ error: expect.stringContaining('Pinned item 2 is not a JSON object') });
    expect(parsePinText('"text"')).toMatchObject({ error: expect.stringContaining('Pinned item 1') });
  });

  it('shows items without the json wrapper and reads old plain-object pinData', () => {
    expect(JSON.parse(pinText(items('A', 'B')))).toEqual([{ name: 'A' }, { name: 'B' }]);
    expect(normalizePinData({ X: [{ a: 1 }], Y: 'bad', Z: [] })).toEqual({ X: [{ json: { a: 1 } }] });
  });
});

describe('pinned data in the workflow store', () => {
  it('loads, pins, unpins and saves in n8n shape, undoably', () => {
    expect(toInput().pinData).toEqual({ Fetch: items('A') });
    expect(pinNode('Digest', items('x'))).toBe('');
    expect(wf.dirty).toBe(true);
    expect(toInput().pinData).toEqual({ Fetch: items('A'), Digest: items('x') });
    unpinNode('Fetch');
    expect(toInput().pinData).toEqual({ Digest: items('x') });
    undo();
    undo();
    expect(toInput().pinData).toEqual({ Fetch: items('A') });
    expect(pinNode('Nowhere', items('x'))).toBe('There is no node named "Nowhere".');
  });

  it('moves the key when the node is renamed and drops it when the node is deleted', () => {
    updateNode('Fetch', { name: 'Fetch tickets' });
    expect(Object.keys(wf.pinData)).toEqual(['Fetch tickets']);
    expect(toInput().pinData?.['Fetch tickets']).toEqual(items('A'));
    removeNodes(['Fetch tickets']);
    expect(toInput().pinData).toEqual({});
    undo();
    expect(toInput().pinData).toEqual({ 'Fetch tickets': items('A') });
  });

  it('pastes pinned data under the pasted nodes’ new names', () => {
    const names = pasteNodes({ nodes: [node('Fetch')], connections: {}, pinData: { Fetch: items('pasted') } }, [0, 0]);
    expect(names).toEqual(['Fetch1']);
    expect(toInput().pinData).toEqual({ Fetch: items('A'), Fetch1: items('pasted') });
  });
});

describe('PinControls', () => {
  it('shows a message for invalid pinned JSON and changes nothing', async () => {
    const w = mount(PinControls, { global: { plugins: [i18n] }, props: { name: 'Digest', items: [{ line: 'one' }] } });
    await w.get('[data-test=pin-edit]').trigger('click');
    expect(JSON.parse((w.get('[data-test=pin-json]').element as HTMLTextAreaElement).value)).toEqual([{ line: 'one' }]);
    await w.get('[data-test=pin-json]').setValue('[{"line": ');
    await w.get('[data-test=pin-save]').trigger('click');
    expect(w.get('[data-test=pin-error]').text()).toContain('not valid JSON');
    expect(wf.pinData.Digest).toBeUndefined();
    expect(wf.dirty).toBe(false);
    expect(canUndo()).toBe(false);
    await w.get('[data-test=pin-json]').setValue('[{"line": "edited"}]');
    await w.get('[data-test=pin-save]').trigger('click');
    expect(wf.pinData.Digest).toEqual([{ json: { line: 'edited' } }]);
    expect(w.get('[data-test=pinned-note]').text()).toContain('Pinned: 1 item');
  });

  it('pins the last output and unpins', async () => {
    const w = mount(PinControls, { global: { plugins: [i18n] }, props: { name: 'Digest', items: [{ line: 'one' }, { line: 'two' }] } });
    await w.get('[data-test=pin-output]').trigger('click');
    expect(wf.pinData.Digest).toEqual([{ json: { line: 'one' } }, { json: { line: 'two' } }]);
    await w.get('[data-test=unpin]').trigger('click');
    expect(wf.pinData.Digest).toBeUndefined();
    const empty = mount(PinControls, { global: { plugins: [i18n] }, props: { name: 'Digest', items: null } });
    expect(empty.get('[data-test=pin-output]').attributes('disabled')).toBeDefined();
  });
});
