// @vitest-environment happy-dom
// The variable picker in the node panel: upstream fields from the last run or pinned data, inserts
// into the focused field (a fixed Set value turns into an expression), copies when no field had
// focus, and the ERPNext catalog under an ERPNext Trigger before anything has run.
import { flushPromises, mount } from '@vue/test-utils';
import type { VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import VariablePicker from '../../../editor/src/components/picker/VariablePicker.vue';
import AssignmentsInput from '../../../editor/src/components/parameters/AssignmentsInput.vue';
import ParameterInput from '../../../editor/src/components/parameters/ParameterInput.vue';
import { i18n } from '../../../editor/src/i18n/index.ts';
import { activeInsertTarget, insertIntoActive, setActiveInsertTarget } from '../../../editor/src/lib/insert-target.ts';
import { resetRun, run } from '../../../editor/src/stores/execution.store.ts';
import { load } from '../../../editor/src/stores/workflow.store.ts';
import type { INode, Workflow } from '../../../editor/src/api/types.ts';

const node = (name: string, type: string, parameters: Record<string, unknown> = {}): INode => ({ id: name, name, type, typeVersion: 1, position: [0, 0], parameters });
const link = (to: string) => ({ main: [[{ node: to, type: 'main', index: 0 }]] });
const workflow = (w: Partial<Workflow>): Workflow => ({ id: 'w1', name: 'W', active: false, createdAt: '', updatedAt: '', nodes: [], connections: {}, ...w }) as Workflow;

const pinned = { customer: { name: 'Ada', 'first name': 'A' }, items: [{ sku: 'X' }] };
const wrappers: VueWrapper[] = [];
let writeText: ReturnType<typeof vi.fn>;

beforeEach(() => {
  writeText = vi.fn(async () => undefined);
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  setActiveInsertTarget(null);
});
afterEach(() => {
  for (const w of wrappers.splice(0)) w.unmount();
  resetRun();
  vi.unstubAllGlobals();
});

/** The picker for `Set` beside a Set assignments field whose updates are kept in `value`. */
function mountWithSet() {
  const value = ref<unknown>({ assignments: [{ id: 'a', name: 'who', value: '', type: 'string' }] });
  const Host = defineComponent({
    setup: () => () =>
      h('div', [
        h(AssignmentsInput, { value: value.value, path: 'assignments', onUpdate: (v: unknown) => (value.value = v) }),
        h(VariablePicker, { nodeName: 'Set' }),
      ]),
  });
  const w = mount(Host, { global: { plugins: [i18n] }, attachTo: document.body });
  wrappers.push(w);
  return { w, value };
}

const entry = (w: VueWrapper, nodeName: string, path: string) => w.find(`[data-test=picker-node][data-node="${nodeName}"] [data-test=picker-entry][data-path="${path}"]`);

describe('VariablePicker', () => {
  beforeEach(() => {
    load(
      workflow({
        nodes: [node('Start', 'n8n-nodes-base.manualTrigger'), node('Fetch', 'n8n-nodes-base.httpRequest'), node('Set', 'n8n-nodes-base.set')],
        connections: { Start: link('Fetch'), Fetch: link('Set') },
        pinData: { Start: [{ json: pinned }] },
      }),
    );
  });

  it('lists upstream nodes nearest first with their pinned fields, and says which have no data', async () => {
    const { w } = mountWithSet();
    const sections = w.findAll('[data-test=picker-node]');
    expect(sections.map((s) => [s.attributes('data-node'), s.attributes('data-origin')])).toEqual([['Fetch', 'none'], ['Start', 'pinned']]);
    expect(sections[0].find('[data-test=picker-no-data]').text()).toContain('No data yet');
    const customer = entry(w, 'Start', '.customer');
    expect(customer.find('[data-test=picker-type]').text()).toBe('object');
    expect(entry(w, 'Start', '.customer.name').exists()).toBe(false);
    await customer.find('[data-test=picker-toggle]').trigger('click');
    const name = entry(w, 'Start', '.customer.name');
    expect(name.find('[data-test=picker-sample]').text()).toBe('"Ada"');
    // Not the direct parent: read through $('Start').
    expect(name.attributes('data-expression')).toBe("{{ $('Start').item.json.customer.name }}");
    expect(entry(w, 'Start', ".customer['first name']").attributes('data-expression')).toBe("{{ $('Start').item.json.customer['first name'] }}");
  });

  it('inserts into the focused Set value, which becomes an expression', async () => {
    load(workflow({ nodes: [node('Start', 'n8n-nodes-base.manualTrigger'), node('Set', 'n8n-nodes-base.set')], connections: { Start: link('Set') }, pinData: { Start: [{ json: pinned }] } }));
    const { w, value } = mountWithSet();
    const input = w.find('[data-test="param-assignments.assignments[0].value"]');
    await input.trigger('focus');
    expect(w.find('[data-test=picker-target]').text()).toContain('who');
    await w.find('[data-test=picker-filter]').setValue('name');
    await entry(w, 'Start', '.customer.name').find('[data-test=picker-key]').trigger('click');
    expect((value.value as { assignments: { value: unknown }[] }).assignments[0].value).toBe('={{ $json.customer.name }}');
    expect(w.find('[data-test=picker-note]').text()).toContain('Inserted {{ $json.customer.name }} into who');
    expect(writeText).not.toHaveBeenCalled();
  });

  it('copies with the copy button, and copies instead of inserting when no field had focus', async () => {
    const { w } = mountWithSet();
    await entry(w, 'Start', '.items').find('[data-test=picker-toggle]').trigger('click');
    await entry(w, 'Start', '.items[0]').find('[data-test=picker-toggle]').trigger('click');
    await entry(w, 'Start', '.items[0].sku').find('[data-test=picker-copy]').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenLastCalledWith("{{ $('Start').item.json.items[0].sku }}");
    expect(w.find('[data-test=picker-note]').text()).toBe("Copied {{ $('Start').item.json.items[0].sku }}");

    expect(activeInsertTarget()).toBeNull();
    await entry(w, 'Start', '.customer').find('[data-test=picker-key]').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenLastCalledWith("{{ $('Start').item.json.customer }}");
    expect(w.find('[data-test=picker-note]').text()).toContain('No field has had focus');
  });

  it('prefers the last run over pinned data, reading the output that leads to the node', async () => {
    run.execution = {
      id: 'e1',
      workflowId: 'w1',
      status: 'success',
      runData: { Fetch: [{ executionStatus: 'success', executionTime: 1, source: [null], data: { main: [[{ json: { fromRun: 1 } }, { json: { late: 'y' } }]] } }] },
    } as unknown as typeof run.execution;
    const { w } = mountWithSet();
    const fetch = w.find('[data-test=picker-node][data-node="Fetch"]');
    expect(fetch.attributes('data-origin')).toBe('run');
    expect(fetch.text()).toContain('2 items');
    expect(entry(w, 'Fetch', '.fromRun').attributes('data-expression')).toBe('{{ $json.fromRun }}');
    expect(entry(w, 'Fetch', '.late').exists()).toBe(true);
  });

  it('tells a node with nothing upstream', () => {
    const w = mount(VariablePicker, { props: { nodeName: 'Start' }, global: { plugins: [i18n] } });
    wrappers.push(w);
    expect(w.find('[data-test=picker-no-upstream]').exists()).toBe(true);
  });
});

describe('fixed string parameters as insert targets', () => {
  it('take an insert at the cursor as an expression, and stop being a target when they go away', async () => {
    const property = { displayName: 'Greeting', name: 'greeting', type: 'string', default: '' } as const;
    const w = mount(ParameterInput, { props: { property, value: 'Hello !', path: 'greeting' }, global: { plugins: [i18n] }, attachTo: document.body });
    const input = w.find('input').element as HTMLInputElement;
    input.focus();
    await w.find('input').trigger('focus');
    input.setSelectionRange(6, 6);
    expect(activeInsertTarget()?.label).toBe('Greeting');
    expect(insertIntoActive('{{ $json.a }}')).toBe(true);
    expect(w.emitted('update')!.at(-1)).toEqual(['=Hello {{ $json.a }}!']);
    w.unmount();
    expect(activeInsertTarget()).toBeNull();
    expect(insertIntoActive('x')).toBe(false);
  });
});

describe('VariablePicker under an ERPNext Trigger', () => {
  const catalog = {
    doctype: 'Issue',
    module: 'Support',
    istable: 0,
    fields: [
      { fieldname: 'priority', label: 'Priority', fieldtype: 'Select', options: 'Low\nHigh', reqd: 0 },
      { fieldname: 'subject', label: 'Subject', fieldtype: 'Data', options: null, reqd: 1 },
    ],
  };

  function stubApi() {
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      calls.push(url);
      const body = url.endsWith('/catalogs/erpnext') ? { data: [{ doctype: 'Customer', module: 'Selling' }, { doctype: 'Issue', module: 'Support' }] } : catalog;
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    return calls;
  }

  it("shows the trigger's doctype fields with nothing run, inserting under body", async () => {
    const calls = stubApi();
    load(workflow({ nodes: [node('ERPNext Trigger', 'n8n-nodes-gigafibre.erpNextTrigger', { doctype: 'Issue' }), node('Set', 'n8n-nodes-base.set')], connections: { 'ERPNext Trigger': link('Set') } }));
    const { w } = mountWithSet();
    await flushPromises();
    expect(calls).toEqual(['/api/v1/catalogs/erpnext/Issue']);
    const section = w.find('[data-test=picker-catalog]');
    expect(section.attributes('data-doctype')).toBe('Issue');
    expect(section.find('[data-test=picker-doctype]').exists()).toBe(false);
    const priority = section.find('[data-test=picker-entry][data-path=".body.priority"]');
    expect(priority.text()).toContain('Priority');
    expect(priority.find('[data-test=picker-type]').text()).toBe('Select');
    expect(priority.attributes('data-expression')).toBe('{{ $json.body.priority }}');
    expect(w.find('[data-test=picker-no-data]').exists()).toBe(false);
  });

  it('offers a doctype selector when the trigger takes any doctype', async () => {
    const calls = stubApi();
    load(workflow({ nodes: [node('Hook', 'n8n-nodes-gigafibre.erpNextTrigger', { doctype: '*' }), node('Set', 'n8n-nodes-base.set')], connections: { Hook: link('Set') } }));
    const { w } = mountWithSet();
    await flushPromises();
    const select = w.find('[data-test=picker-doctype]');
    expect(select.findAll('option').map((o) => o.text()).slice(1)).toEqual(['Customer', 'Issue']);
    // (Issue's catalog was fetched by the test before: answers are kept, so ask for another.)
    await select.setValue('Customer');
    await flushPromises();
    expect(calls).toEqual(['/api/v1/catalogs/erpnext', '/api/v1/catalogs/erpnext/Customer']);
    expect(w.find('[data-test=picker-catalog]').attributes('data-doctype')).toBe('Customer');
    expect(w.find('[data-test=picker-entry][data-path=".body.subject"]').exists()).toBe(true);
  });
});
