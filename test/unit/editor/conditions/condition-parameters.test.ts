// @vitest-environment happy-dom
// The parameter form renders the condition builder for the If, Filter and Switch (per rule)
// `conditions` parameter and writes {"jsonLogic": rule} back; the trigger condition's text adapter.
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import NodeParameters from '../../../../editor/src/components/parameters/NodeParameters.vue';
import { i18n } from '../../../../editor/src/i18n/index.ts';
import { triggerRuleFromText, triggerTextFromRule } from '../../../../editor/src/lib/jsonlogic-trigger.ts';
import { filterDescription } from '../../../../nodes/core/filter/description.ts';
import { ifDescription } from '../../../../nodes/core/if/description.ts';
import { switchDescription } from '../../../../nodes/core/switch/description.ts';

const eq = (path: string, value: unknown) => ({ '==': [{ var: path }, value] });

function render(description: typeof ifDescription, parameters: Record<string, unknown>, typeVersion: number) {
  return mount(NodeParameters, { global: { plugins: [i18n] }, props: { properties: description.properties, parameters, typeVersion } });
}
const lastParameters = (w: ReturnType<typeof render>) => (w.emitted('update:parameters') ?? []).at(-1)?.[0] as Record<string, unknown>;

describe('conditions in the parameter form', () => {
  for (const [name, description, version] of [['If', ifDescription, 2.2], ['Filter', filterDescription, 2.2]] as const) {
    it(`${name}: shows the rule as rows and writes {"jsonLogic": rule}`, async () => {
      const w = render(description, { conditions: { jsonLogic: eq('priority', 'High') } }, version);
      const cond = w.find('[data-param="conditions"]');
      expect(cond.find('[data-test="condition-builder"]').exists()).toBe(true);
      expect((cond.find('[data-test="condition-field"]').element as HTMLInputElement).value).toBe('priority');
      await cond.find('[data-test="condition-value"]').setValue('Urgent');
      expect(lastParameters(w).conditions).toEqual({ jsonLogic: eq('priority', 'Urgent') });
    });
  }

  it('Switch: one builder per routing rule', async () => {
    const rules = { values: [{ conditions: { jsonLogic: eq('status', 'queued') }, renameOutput: false }, { conditions: { jsonLogic: eq('status', 'done') }, renameOutput: false }] };
    const w = render(switchDescription, { mode: 'rules', rules }, 3.2);
    const builders = w.findAll('[data-test="condition-builder"]');
    expect(builders).toHaveLength(2);
    await builders[1].find('[data-test="condition-value"]').setValue('failed');
    const written = lastParameters(w).rules as { values: { conditions: unknown }[] };
    expect(written.values.map((v) => v.conditions)).toEqual([{ jsonLogic: eq('status', 'queued') }, { jsonLogic: eq('status', 'failed') }]);
  });
});

describe('trigger condition text', () => {
  it('maps the settings form text to the rule and back; an empty builder is no condition', () => {
    expect(triggerRuleFromText('')).toEqual({});
    expect(triggerRuleFromText('{"==": [{"var": "a"}, 1]}')).toEqual(eq('a', 1));
    expect(triggerRuleFromText('{oops')).toBe('{oops');
    expect(triggerTextFromRule({})).toBe('');
    expect(JSON.parse(triggerTextFromRule(eq('a', 1)))).toEqual(eq('a', 1));
  });
});
