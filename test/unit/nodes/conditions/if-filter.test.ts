import { describe, expect, it } from 'vitest';
import type { INodeExecutionData } from '../../../../host/model/index.ts';
import { run, trigger, workflow } from '../../../helpers/engine.ts';

const issues: INodeExecutionData[] = [
  { json: { name: 'ISS-2026-00041', priority: 'High', status: 'Open', expected: 'High' } },
  { json: { name: 'ISS-2026-00042', priority: 'Medium', status: 'Open', expected: 'High' } },
  { json: { name: 'ISS-2026-00043', priority: 'High', status: 'Closed', expected: 'Medium' } },
];

const names = (items: INodeExecutionData[] | null | undefined) => (items ?? []).map((i) => i.json.name);

function ifFlow(conditions: unknown, extra: Record<string, unknown> = {}) {
  return workflow(
    [
      trigger,
      { name: 'If', type: 'n8n-nodes-base.if', typeVersion: 2.2, parameters: { conditions, options: {} } as never, ...extra },
      { name: 'Yes', type: 'n8n-nodes-base.noOp', position: [400, -100] },
      { name: 'No', type: 'n8n-nodes-base.noOp', position: [400, 100] },
    ],
    [['Start', 'If'], ['If', 'Yes', 0], ['If', 'No', 1]],
  );
}

describe('If', () => {
  it('routes items to true (output 0) and false (output 1) with lineage to its input', async () => {
    const result = await run(ifFlow({ jsonLogic: { '==': [{ var: 'priority' }, 'High'] } }), { triggerItems: issues });
    expect(result.status).toBe('success');
    const [yes, no] = result.runData.If[0].data!.main;
    expect(names(yes)).toEqual(['ISS-2026-00041', 'ISS-2026-00043']);
    expect(names(no)).toEqual(['ISS-2026-00042']);
    expect(yes!.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
    expect(no!.map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
    expect(result.runData.Yes[0].inputItemCounts).toEqual([2]);
    expect(result.runData.No[0].inputItemCounts).toEqual([1]);
  });

  it('reads fields as $json.x and json.x too, and the item index as $itemIndex', async () => {
    const rule = { and: [{ '==': [{ var: '$json.status' }, 'Open'] }, { '!=': [{ var: 'json.priority' }, 'Low'] }, { '<': [{ var: '$itemIndex' }, 1] }] };
    const result = await run(ifFlow({ jsonLogic: rule }), { triggerItems: issues });
    expect(names(result.runData.If[0].data!.main[0])).toEqual(['ISS-2026-00041']);
  });

  it('resolves ={{ }} operands per item in the sandbox', async () => {
    const rule = { '==': [{ var: 'priority' }, '={{ $json.expected }}'] };
    const result = await run(ifFlow({ jsonLogic: rule }), { triggerItems: issues });
    expect(names(result.runData.If[0].data!.main[0])).toEqual(['ISS-2026-00041']);
  });

  it('never reads item data coming from an expression as JSONLogic', async () => {
    const rule = { and: [{ notEmpty: ['={{ $json.meta }}'] }, { '==': ['={{ $json.meta }}', '={{ $json.meta }}'] }] };
    const items = [{ json: { name: 'a', meta: { var: 'priority' } } }, { json: { name: 'b', meta: {} } }];
    const result = await run(ifFlow({ jsonLogic: { notEmpty: ['={{ $json.meta }}'] } }), { triggerItems: items });
    expect(result.status).toBe('success');
    expect(names(result.runData.If[0].data!.main[0])).toEqual(['a']);
    expect((await run(ifFlow({ jsonLogic: rule }), { triggerItems: items })).status).toBe('success');
  });

  it('accepts the rule as JSON text, with expressions inside', async () => {
    const text = '{"and": [{"in": [{"var": "status"}, ["Open", "Replied"]]}, {"==": [{"var": "priority"}, "={{ $json.expected }}"]}]}';
    const result = await run(ifFlow({ jsonLogic: text }), { triggerItems: issues });
    expect(names(result.runData.If[0].data!.main[0])).toEqual(['ISS-2026-00041']);
  });

  it('accepts a rule computed by an expression', async () => {
    const result = await run(ifFlow('={{ { jsonLogic: { "==": [{ var: "status" }, "Closed"] } } }}'), { triggerItems: issues });
    expect(names(result.runData.If[0].data!.main[0])).toEqual(['ISS-2026-00043']);
  });

  it('converts an n8n condition object on the fly (workflows created through the API)', async () => {
    const n8n = {
      options: { caseSensitive: false, leftValue: '', typeValidation: 'strict', version: 2 },
      conditions: [{ id: 'x', leftValue: '={{ $json.priority }}', rightValue: 'HIGH', operator: { type: 'string', operation: 'equals' } }],
      combinator: 'and',
    };
    const result = await run(ifFlow(n8n), { triggerItems: issues });
    expect(names(result.runData.If[0].data!.main[0])).toEqual(['ISS-2026-00041', 'ISS-2026-00043']);
  });

  it('runs n8n If v1 conditions with combineOperation', async () => {
    const wf = workflow(
      [
        trigger,
        {
          name: 'If',
          type: 'n8n-nodes-base.if',
          typeVersion: 1,
          parameters: {
            conditions: { string: [{ value1: '={{ $json.priority }}', value2: 'Medium' }, { value1: '={{ $json.status }}', value2: 'Closed' }] },
            combineOperation: 'any',
          },
        },
      ],
      [['Start', 'If']],
    );
    const result = await run(wf, { triggerItems: issues });
    expect(names(result.runData.If[0].data!.main[0])).toEqual(['ISS-2026-00042', 'ISS-2026-00043']);
  });

  it('fails naming the node and the parameter for JSON that does not parse', async () => {
    const result = await run(ifFlow({ jsonLogic: '{"==": [{"var": "priority"}, "High"' }), { triggerItems: issues });
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ node: 'If', parameter: 'conditions' });
    expect(result.error!.message).toMatch(/^Invalid condition in parameter "conditions": is not valid JSON/);
  });

  it('fails naming the node and the parameter for an unknown operator, even deep in the rule', async () => {
    const rule = { and: [{ '==': [1, 1] }, { some: [{ var: 'tags' }, { soundex: [{ var: '' }, 'x'] }] }] };
    const result = await run(ifFlow({ jsonLogic: rule }), { triggerItems: issues });
    expect(result.error).toMatchObject({ node: 'If', parameter: 'conditions', message: 'Invalid condition in parameter "conditions": unknown JSONLogic operator "soundex"' });
  });

  it('fails on a missing condition and on a type mismatch in a converted rule', async () => {
    expect((await run(ifFlow({}), { triggerItems: issues })).error).toMatchObject({ node: 'If', parameter: 'conditions', message: 'Parameter "conditions" holds no condition' });
    const n8n = { conditions: [{ leftValue: '={{ $json.priority }}', rightValue: 3, operator: { type: 'number', operation: 'gt' } }], combinator: 'and' };
    const result = await run(ifFlow(n8n), { triggerItems: issues });
    expect(result.error!.message).toBe("Wrong type: 'High' is a string but was expecting a number [parameter \"conditions\", item 0]");
    expect(result.error!.description).toMatch(/Convert types where required/);
  });

  it('with continueOnFail sends items whose condition fails to false', async () => {
    const rule = { match: [{ var: 'name' }, '={{ $json.priority === "High" ? "(" : "ISS" }}'] };
    const result = await run(ifFlow({ jsonLogic: rule }, { onError: 'continueRegularOutput' }), { triggerItems: issues });
    expect(result.status).toBe('success');
    const [yes, no] = result.runData.If[0].data!.main;
    expect(names(yes)).toEqual(['ISS-2026-00042']);
    expect(names(no)).toEqual(['ISS-2026-00041', 'ISS-2026-00043']);
  });
});

describe('Filter', () => {
  const readings: INodeExecutionData[] = [
    { json: { name: 'ont-7', rx_power_dbm: -28.41 } },
    { json: { name: 'ont-8', rx_power_dbm: -21.3 } },
    { json: { name: 'ont-9', rx_power_dbm: null } },
    { json: { name: 'ont-10', rx_power_dbm: -80 } },
  ];
  const filterFlow = (conditions: unknown, extra: Record<string, unknown> = {}) =>
    workflow(
      [trigger, { name: 'Filter', type: 'n8n-nodes-base.filter', typeVersion: 2.2, parameters: { conditions, options: {} } as never, ...extra }, { name: 'After', type: 'n8n-nodes-base.noOp' }],
      [['Start', 'Filter'], ['Filter', 'After']],
    );

  it('keeps only the items whose rule holds', async () => {
    const result = await run(filterFlow({ jsonLogic: { '<': [-40, { var: 'rx_power_dbm' }, -27] } }), { triggerItems: readings });
    const kept = result.runData.Filter[0].data!.main;
    expect(kept).toHaveLength(1);
    expect(names(kept[0])).toEqual(['ont-7']);
    expect(kept[0]![0].pairedItem).toEqual({ item: 0 });
    expect(result.runData.After[0].inputItemCounts).toEqual([1]);
  });

  it('ends the branch when nothing is kept', async () => {
    const result = await run(filterFlow({ jsonLogic: false }), { triggerItems: readings });
    expect(result.runData.Filter[0].data!.main).toEqual([[]]);
    expect(result.runData.After).toBeUndefined();
  });

  it('converts an n8n condition object on the fly', async () => {
    const n8n = {
      options: { caseSensitive: true, typeValidation: 'strict', version: 2 },
      conditions: [{ leftValue: '={{ $json.rx_power_dbm }}', rightValue: -27, operator: { type: 'number', operation: 'lt' } }],
      combinator: 'and',
    };
    const result = await run(filterFlow(n8n), { triggerItems: readings });
    expect(names(result.runData.Filter[0].data!.main[0])).toEqual(['ont-7', 'ont-10']);
  });

  it('fails naming node and parameter, or discards the item with continueOnFail', async () => {
    const rule = { match: [{ var: 'name' }, { var: 'pattern' }] };
    const items = [{ json: { name: 'ont-1', pattern: '[' } }, { json: { name: 'ont-2', pattern: '^ont' } }];
    const failed = await run(filterFlow({ jsonLogic: rule }), { triggerItems: items });
    expect(failed.error).toMatchObject({ node: 'Filter', parameter: 'conditions' });
    expect(failed.error!.message).toMatch(/^Invalid regular expression "\[".*\[parameter "conditions", item 0\]$/);
    const continued = await run(filterFlow({ jsonLogic: rule }, { onError: 'continueRegularOutput' }), { triggerItems: items });
    expect(names(continued.runData.Filter[0].data!.main[0])).toEqual(['ont-2']);
  });
});
