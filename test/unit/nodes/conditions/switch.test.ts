import { describe, expect, it } from 'vitest';
import type { INodeExecutionData } from '../../../../host/model/index.ts';
import { run, trigger, workflow } from '../../../helpers/engine.ts';

const subscriptions: INodeExecutionData[] = [
  { json: { name: 'SUB-0001', status: 'Unpaid', days_overdue: 12 } },
  { json: { name: 'SUB-0002', status: 'Past Due Date', days_overdue: 45 } },
  { json: { name: 'SUB-0003', status: 'Active', days_overdue: 0 } },
  { json: { name: 'SUB-0004', status: 'Unpaid', days_overdue: 40 } },
];

const names = (items: INodeExecutionData[] | null | undefined) => (items ?? []).map((i) => i.json.name);

const rule = (jsonLogic: unknown, outputKey?: string) => ({ conditions: { jsonLogic }, ...(outputKey ? { renameOutput: true, outputKey } : {}) });
const unpaid = rule({ '==': [{ var: 'status' }, 'Unpaid'] }, 'unpaid');
const overdue = rule({ '>': [{ var: 'days_overdue' }, 30] }, 'overdue');

function switchFlow(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return workflow(
    [
      trigger,
      { name: 'Switch', type: 'n8n-nodes-base.switch', typeVersion: 3.2, parameters: parameters as never, ...extra },
      { name: 'Out0', type: 'n8n-nodes-base.noOp', position: [400, 0] },
      { name: 'Out1', type: 'n8n-nodes-base.noOp', position: [400, 100] },
      { name: 'Out2', type: 'n8n-nodes-base.noOp', position: [400, 200] },
    ],
    [['Start', 'Switch'], ['Switch', 'Out0', 0], ['Switch', 'Out1', 1], ['Switch', 'Out2', 2]],
  );
}

const outputs = async (parameters: Record<string, unknown>, items = subscriptions, extra: Record<string, unknown> = {}) => {
  const result = await run(switchFlow(parameters, extra), { triggerItems: items });
  expect(result.status).toBe('success');
  return result.runData.Switch[0].data!.main.map(names);
};

describe('Switch (rules)', () => {
  it('sends each item to the output of the first rule that matches, and drops the rest', async () => {
    const result = await run(switchFlow({ mode: 'rules', rules: { values: [unpaid, overdue] }, options: {} }), { triggerItems: subscriptions });
    const main = result.runData.Switch[0].data!.main;
    expect(main.map(names)).toEqual([['SUB-0001', 'SUB-0004'], ['SUB-0002']]);
    expect(main[1]![0].pairedItem).toEqual({ item: 1 });
    expect(result.runData.Out0[0].inputItemCounts).toEqual([2]);
    expect(result.runData.Out1[0].inputItemCounts).toEqual([1]);
    expect(result.runData.Out2).toBeUndefined();
  });

  it('sends an item to every matching output with allMatchingOutputs', async () => {
    expect(await outputs({ rules: { values: [unpaid, overdue] }, options: { allMatchingOutputs: true } })).toEqual([
      ['SUB-0001', 'SUB-0004'],
      ['SUB-0002', 'SUB-0004'],
    ]);
  });

  it("sends unmatched items to an extra last output with fallbackOutput 'extra'", async () => {
    const result = await run(switchFlow({ rules: { values: [unpaid, overdue] }, options: { fallbackOutput: 'extra' } }), { triggerItems: subscriptions });
    expect(result.runData.Switch[0].data!.main.map(names)).toEqual([['SUB-0001', 'SUB-0004'], ['SUB-0002'], ['SUB-0003']]);
    expect(result.runData.Out2[0].inputItemCounts).toEqual([1]);
  });

  it("sends unmatched items to a rule's output with a numeric fallbackOutput", async () => {
    expect(await outputs({ rules: { values: [unpaid, overdue] }, options: { fallbackOutput: 0 } })).toEqual([['SUB-0001', 'SUB-0003', 'SUB-0004'], ['SUB-0002']]);
  });

  it('resolves ={{ }} operands in rules per item', async () => {
    const byThreshold = rule({ '>=': [{ var: 'days_overdue' }, '={{ $json.status === "Unpaid" ? 10 : 100 }}'] });
    expect(await outputs({ rules: { values: [byThreshold] }, options: { fallbackOutput: 'extra' } })).toEqual([['SUB-0001', 'SUB-0004'], ['SUB-0002', 'SUB-0003']]);
  });

  it('converts n8n condition objects in rules on the fly', async () => {
    const n8nRule = {
      conditions: {
        options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
        conditions: [{ leftValue: '={{ $json.days_overdue }}', rightValue: 30, operator: { type: 'number', operation: 'gt' } }],
        combinator: 'and',
      },
    };
    expect(await outputs({ rules: { values: [unpaid, n8nRule] }, options: {} })).toEqual([['SUB-0001', 'SUB-0004'], ['SUB-0002']]);
  });

  it('returns one empty output when there are no rules', async () => {
    expect(await outputs({ rules: { values: [] } })).toEqual([[]]);
  });

  it('fails naming the rule parameter for an invalid rule', async () => {
    const result = await run(switchFlow({ rules: { values: [unpaid, rule({ like: [{ var: 'status' }, 'Un%'] })] } }), { triggerItems: subscriptions });
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({
      node: 'Switch',
      parameter: 'rules.values[1].conditions',
      message: 'Invalid condition in parameter "rules.values[1].conditions": unknown JSONLogic operator "like"',
    });
  });

  it('fails naming the option for a fallback output that does not exist', async () => {
    const result = await run(switchFlow({ rules: { values: [unpaid] }, options: { fallbackOutput: 3 } }), { triggerItems: subscriptions });
    expect(result.error).toMatchObject({ node: 'Switch', parameter: 'options.fallbackOutput' });
    expect(result.error!.message).toMatch(/^Fallback output 3 does not exist/);
  });

  it('with continueOnFail puts the error on the first output as an item', async () => {
    const bad = rule({ dateAfter: [{ var: 'renewal' }, '2026-01-01'] });
    const items = [{ json: { name: 'SUB-1', renewal: 'next week' } }, { json: { name: 'SUB-2', renewal: '2026-07-01' } }];
    const result = await run(switchFlow({ rules: { values: [bad] } }, { onError: 'continueRegularOutput' }), { triggerItems: items });
    const [first] = result.runData.Switch[0].data!.main;
    expect(first!.map((i) => i.json.name ?? i.json.error)).toEqual(["'next week' is not a valid date [parameter \"rules.values[0].conditions\", item 0]", 'SUB-2']);
  });
});

describe('Switch (expression)', () => {
  it('routes each item to the output its expression returns', async () => {
    const parameters = { mode: 'expression', numberOutputs: 3, output: '={{ $json.days_overdue > 30 ? 2 : $json.days_overdue > 0 ? 1 : 0 }}' };
    expect(await outputs(parameters)).toEqual([['SUB-0003'], ['SUB-0001'], ['SUB-0002', 'SUB-0004']]);
  });

  it('fails naming the parameter and the item for an output that does not exist', async () => {
    const result = await run(switchFlow({ mode: 'expression', numberOutputs: 2, output: '={{ $itemIndex }}' }), { triggerItems: subscriptions });
    expect(result.error).toMatchObject({ node: 'Switch', parameter: 'output', message: 'Output 2 does not exist: the output index must be from 0 to 1' });
  });
});
