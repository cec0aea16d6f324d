// @vitest-environment happy-dom
// The condition builder component: rows ⇄ JSON both ways, invalid JSON not applied, rules it
// cannot show kept intact in JSON mode, examples, and the conditions parameter adapter.
import { mount, type VueWrapper } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ConditionBuilder from '../../../../editor/src/components/conditions/ConditionBuilder.vue';
import ConditionParameter from '../../../../editor/src/components/conditions/ConditionParameter.vue';
import { i18n } from '../../../../editor/src/i18n/index.ts';
import { CONDITION_EXAMPLES } from '../../../../editor/src/lib/jsonlogic-examples.ts';

// The assertions read the English texts.
i18n.global.locale.value = 'en';

const v = (path: string) => ({ var: path });
const eq = (path: string, value: unknown) => ({ '==': [v(path), value] });
const TARGET = { and: [eq('priority', 'High'), { or: [eq('status', 'Open'), eq('status', 'Replied')] }] };

function builder(modelValue: unknown, sampleItems: unknown[] = []) {
  const w = mount(ConditionBuilder, { props: { modelValue, sampleItems }, global: { plugins: [i18n] } });
  return w;
}
const last = (w: VueWrapper) => {
  const events = w.emitted('update:modelValue') ?? [];
  return events[events.length - 1]?.[0];
};
const sel = (name: string) => `[data-test="${name}"]`;

describe('ConditionBuilder', () => {
  it('builds priority == High AND (status == Open OR status == Replied) with rows and a group', async () => {
    const w = builder({});
    expect(w.find(sel('condition-row')).exists()).toBe(false);
    await w.find(sel('condition-add-row')).trigger('click');
    await w.find(sel('condition-field')).setValue('priority');
    await w.find(sel('condition-value')).setValue('High');
    expect(last(w)).toEqual(eq('priority', 'High'));

    // The root's "Add group" is the last one (nested groups come before it).
    const addGroups = w.findAll(sel('condition-add-group'));
    await addGroups[addGroups.length - 1].trigger('click');
    const group = w.find('[data-test="condition-group"][data-depth="1"]');
    expect((group.find(sel('condition-group-combinator')).element as HTMLSelectElement).value).toBe('or');
    await group.find(sel('condition-field')).setValue('status');
    await group.find(sel('condition-value')).setValue('Open');
    await group.find(sel('condition-add-row')).trigger('click');
    const rows = group.findAll(sel('condition-row'));
    await rows[1].find(sel('condition-field')).setValue('status');
    await rows[1].find(sel('condition-value')).setValue('Replied');
    expect(last(w)).toEqual(TARGET);

    await w.find(sel('condition-mode-json')).trigger('click');
    expect(JSON.parse((w.find(sel('condition-json')).element as HTMLTextAreaElement).value)).toEqual(TARGET);
  });

  it('types values from what is typed until a type is chosen', async () => {
    const w = builder({});
    await w.find(sel('condition-add-row')).trigger('click');
    await w.find(sel('condition-field')).setValue('rx');
    await w.find(sel('condition-operator')).setValue('lt');
    await w.find(sel('condition-value')).setValue('-27');
    expect(last(w)).toEqual({ '<': [v('rx'), -27] });
    await w.find(sel('condition-value-type')).setValue('string');
    expect(last(w)).toEqual({ '<': [v('rx'), '-27'] });
    await w.find(sel('condition-value')).setValue('12');
    expect(last(w)).toEqual({ '<': [v('rx'), '12'] });
    await w.find(sel('condition-operator')).setValue('isEmpty');
    expect(w.find(sel('condition-value')).exists()).toBe(false);
    expect(last(w)).toEqual({ isEmpty: [v('rx')] });
  });

  it('applies edited JSON to the rows, and refuses invalid JSON naming the problem', async () => {
    const w = builder(eq('priority', 'High'));
    await w.find(sel('condition-mode-json')).trigger('click');
    const json = w.find(sel('condition-json'));
    await json.setValue(JSON.stringify(TARGET));
    expect(last(w)).toEqual(TARGET);
    await w.find(sel('condition-mode-builder')).trigger('click');
    expect(w.findAll(sel('condition-row'))).toHaveLength(3);
    expect(w.findAll(sel('condition-group'))).toHaveLength(2);

    await w.find(sel('condition-mode-json')).trigger('click');
    const before = (w.emitted('update:modelValue') ?? []).length;
    await w.find(sel('condition-json')).setValue('{"==": [{"var": "a"}, ');
    expect(w.find(sel('condition-json-error')).text()).toMatch(/Invalid JSON, not applied: .+/);
    await w.find(sel('condition-json')).setValue('{"like": [{"var": "a"}, "x"]}');
    expect(w.find(sel('condition-json-error')).text()).toContain('unknown JSONLogic operator "like"');
    expect((w.emitted('update:modelValue') ?? []).length).toBe(before);
    expect(w.find(sel('condition-mode-builder')).attributes('disabled')).toBeDefined();
  });

  it('keeps a rule it cannot show as rows intact, in JSON mode with a notice', async () => {
    const between = { '<': [1, v('x'), 5] };
    const w = builder(between);
    expect(w.find(sel('condition-notice')).exists()).toBe(true);
    expect(JSON.parse((w.find(sel('condition-json')).element as HTMLTextAreaElement).value)).toEqual(between);
    expect(w.find(sel('condition-mode-builder')).attributes('disabled')).toBeDefined();
    expect(w.emitted('update:modelValue')).toBeUndefined();
  });

  it('fills in an example with one click', async () => {
    const w = builder({});
    for (const ex of CONDITION_EXAMPLES) {
      await w.find(sel(`condition-example-${ex.key}`)).trigger('click');
      expect(last(w)).toEqual(ex.rule);
      expect(w.find(sel('condition-notice')).exists()).toBe(false);
    }
    await w.find(sel('condition-example-weakOpticalPower')).trigger('click');
    expect((w.find(sel('condition-group-some')).element as HTMLInputElement).value).toBe('opticalStatus');
    expect((w.find(sel('condition-value')).element as HTMLInputElement).value).toBe('-27');
  });

  it('suggests field paths from the sample items', () => {
    const w = builder({}, [{ body: { status: 'Open' } }]);
    expect(w.findAll('datalist option').map((o) => o.attributes('value'))).toEqual(['body', 'body.status']);
  });
});

describe('ConditionParameter', () => {
  it('reads and writes {"jsonLogic": rule}', async () => {
    const w = mount(ConditionParameter, { props: { value: { jsonLogic: eq('a', 1) }, path: 'conditions' }, global: { plugins: [i18n] } });
    expect((w.find(sel('condition-field')).element as HTMLInputElement).value).toBe('a');
    await w.find(sel('condition-value')).setValue('2');
    expect(w.emitted('update')?.at(-1)?.[0]).toEqual({ jsonLogic: eq('a', 2) });
    await w.find(sel('condition-row-remove')).trigger('click');
    expect(w.emitted('update')?.at(-1)?.[0]).toEqual({});
  });

  it('keeps an n8n filter value as raw JSON with a notice', () => {
    const value = { conditions: [{ leftValue: '={{ $json.a }}', rightValue: 1, operator: { type: 'number', operation: 'equals' } }], combinator: 'and' };
    const w = mount(ConditionParameter, { props: { value, path: 'conditions' }, global: { plugins: [i18n] } });
    expect(w.find(sel('condition-notice')).text()).toContain('n8n condition');
    expect(w.find(sel('condition-builder')).exists()).toBe(false);
    expect(JSON.parse((w.find(sel('param-conditions-raw')).element as HTMLTextAreaElement).value)).toEqual(value);
  });
});
