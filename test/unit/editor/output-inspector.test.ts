// @vitest-environment happy-dom
// The output inspector: a node's input read through TaskData.source, and items as a table.
import { mount } from '@vue/test-utils';
import { i18n, setLocale } from '../../../editor/src/i18n/index.ts';
import { afterEach, describe, expect, it } from 'vitest';
import OutputInspector from '../../../editor/src/components/panels/OutputInspector.vue';
import { tableOf } from '../../../editor/src/lib/item-table.ts';
import { inputOf, resetRun, run } from '../../../editor/src/stores/execution.store.ts';
import type { Execution } from '../../../editor/src/api/types.ts';

// The assertions read the English texts.
setLocale('en');

const execution: Execution = {
  id: 'e1',
  workflowId: 'w1',
  status: 'success',
  runData: {
    If: [{ executionStatus: 'success', executionTime: 1, source: [null], data: { main: [[{ json: { a: 1 } }], [{ json: { a: 2, b: { c: true } } }, { json: { d: 'x' } }]] } }],
    Set: [{ executionStatus: 'success', executionTime: 1, source: [{ previousNode: 'If', previousNodeOutput: 1 }], data: { main: [[{ json: { out: 'y' } }]] } }],
  },
};

afterEach(() => resetRun());

describe('tableOf', () => {
  it('has one column per top-level key across items and stringifies nested values', () => {
    expect(tableOf([{ a: 2, b: { c: true } }, { d: 'x', a: null }])).toEqual({
      columns: ['a', 'b', 'd'],
      rows: [['2', '{"c":true}', ''], ['null', '', 'x']],
    });
    expect(tableOf([])).toEqual({ columns: [], rows: [] });
  });
});

describe('inputOf', () => {
  it('reads the items from the output of the node that fed the task', () => {
    run.execution = execution;
    expect(inputOf('Set')).toEqual([[{ a: 2, b: { c: true } }, { d: 'x' }]]);
    expect(inputOf('If')).toEqual([[]]);
    expect(inputOf('Missing')).toBeNull();
  });
});

describe('OutputInspector', () => {
  it('switches input and output between JSON and a table', async () => {
    run.execution = execution;
    const w = mount(OutputInspector, { global: { plugins: [i18n] }, props: { name: 'Set' } });
    expect(JSON.parse(w.get('[data-test=input-json]').text())).toEqual([{ a: 2, b: { c: true } }, { d: 'x' }]);
    expect(JSON.parse(w.get('[data-test=output-json]').text())).toEqual([{ out: 'y' }]);
    await w.get('[data-test=input-mode-table]').trigger('click');
    expect(w.findAll('[data-test=input-table] th').map((t) => t.text())).toEqual(['#', 'a', 'b', 'd']);
    expect(w.get('[data-test=input-table] [data-row="0"] [data-col=b]').text()).toBe('{"c":true}');
    expect(w.find('[data-test=output-json]').exists()).toBe(true);
    await w.get('[data-test=output-mode-table]').trigger('click');
    expect(w.get('[data-test=output-table] [data-row="0"] [data-col=out]').text()).toBe('y');
  });
});
