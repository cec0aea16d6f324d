import { describe, expect, it } from 'vitest';
import { run, trigger, workflow } from '../../../helpers/engine.ts';
import { items, runNode } from './helpers.ts';

const sortBy = (...fields: [string, ('ascending' | 'descending')?][]) => ({
  sortFieldsUi: { sortField: fields.map(([fieldName, order = 'ascending']) => ({ fieldName, order })) },
});

describe('Sort', () => {
  const input = items({ name: 'bob', age: 30 }, { name: 'Alice', age: 25 }, { name: 'carl', age: 30 }, { name: 'dan', age: 20 });

  it('sorts by several fields, strings case-insensitively, keeping lineage to the original positions', async () => {
    const { out } = await runNode('sort', 1, sortBy(['age', 'descending'], ['name']), input);
    expect(out.map((i) => [i.json.name, i.pairedItem])).toEqual([
      ['bob', { item: 0 }],
      ['carl', { item: 2 }],
      ['Alice', { item: 1 }],
      ['dan', { item: 3 }],
    ]);
    const byName = await runNode('sort', 1, sortBy(['name']), input);
    expect(byName.json.map((j) => j.name)).toEqual(['Alice', 'bob', 'carl', 'dan']);
  });

  it('sorts by nested fields, or literal dotted keys with dot notation off', async () => {
    const nested = items({ o: { n: 2 }, 'o.n': 1 }, { o: { n: 1 }, 'o.n': 2 });
    expect((await runNode('sort', 1, { ...sortBy(['o.n']), options: {} }, items({ o: { n: 2 } }, { o: { n: 1 } }))).json).toEqual([{ o: { n: 1 } }, { o: { n: 2 } }]);
    expect((await runNode('sort', 1, { ...sortBy(['o.n']), options: { disableDotNotation: true } }, nested)).json.map((j) => j['o.n'])).toEqual([1, 2]);
  });

  it('shuffles with type random and keeps every item once', async () => {
    const many = items(...Array.from({ length: 50 }, (_, n) => ({ n })));
    const { out } = await runNode('sort', 1, { type: 'random' }, many);
    expect(out.map((i) => i.json.n).sort((a, b) => Number(a) - Number(b))).toEqual(many.map((i) => i.json.n));
    expect(out.every((i) => (i.pairedItem as { item: number }).item === i.json.n)).toBe(true);
  });

  it('fails clearly on a field no item has, and on the unsupported code type', async () => {
    const missing = await runNode('sort', 1, sortBy(['nope']), input);
    expect(missing.result.error).toMatchObject({ node: 'Node', message: "Couldn't find the field 'nope' in the input data", parameter: 'sortFieldsUi' });
    const code = await runNode('sort', 1, { type: 'code', code: 'return 0' }, input);
    expect(code.result.error).toMatchObject({ node: 'Node', message: expect.stringContaining('not supported'), parameter: 'type' });
    const empty = await runNode('sort', 1, { sortFieldsUi: {} }, input);
    expect(empty.result.error?.message).toBe('No sorting specified. Please add a field to sort by');
  });
});

describe('Limit', () => {
  const input = items({ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 });

  it('keeps the first or the last items with their lineage', async () => {
    expect((await runNode('limit', 1, { maxItems: 2 }, input)).out).toEqual([
      { json: { n: 0 }, pairedItem: { item: 0 } },
      { json: { n: 1 }, pairedItem: { item: 1 } },
    ]);
    expect((await runNode('limit', 1, { maxItems: 3, keep: 'lastItems' }, input)).out.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }, { item: 3 }]);
    expect((await runNode('limit', 1, { maxItems: 10 }, input)).json).toHaveLength(4);
    expect((await runNode('limit', 1, {}, input)).json).toEqual([{ n: 0 }]);
  });

  it('rejects a max that is not a whole number', async () => {
    const { result } = await runNode('limit', 1, { maxItems: 'lots' }, input);
    expect(result.error).toMatchObject({ node: 'Node', parameter: 'maxItems', message: expect.stringContaining('whole number') });
  });

  it("keeps $('Node').item working after reordering", async () => {
    const wf = workflow(
      [
        trigger,
        { name: 'Sort', type: 'n8n-nodes-base.sort', parameters: sortBy(['n', 'descending']) },
        { name: 'Limit', type: 'n8n-nodes-base.limit', parameters: { maxItems: 2 } },
        {
          name: 'Check',
          type: 'n8n-nodes-base.set',
          typeVersion: 3.4,
          parameters: { assignments: { assignments: [{ id: '1', name: 'fromStart', value: "={{ $('Start').item.json.n }}", type: 'number' }] }, includeOtherFields: true },
        },
      ],
      [['Start', 'Sort'], ['Sort', 'Limit'], ['Limit', 'Check']],
    );
    const result = await run(wf, { triggerItems: input });
    expect(result.status).toBe('success');
    expect(result.runData.Check[0].data!.main[0]!.map((i) => [i.json.n, i.json.fromStart])).toEqual([
      [3, 3],
      [2, 2],
    ]);
  });
});
