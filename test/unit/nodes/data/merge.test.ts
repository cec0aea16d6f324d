import { describe, expect, it } from 'vitest';
import { run, trigger, workflow } from '../../../helpers/engine.ts';
import { items, runMerge } from './helpers.ts';

// The data n8n's own Merge v3 tests use.
const people = [
  { id: 1, data: 'a', name: 'Sam' },
  { id: 2, data: 'b', name: 'Dan' },
  { id: 3, data: 'c', name: 'Jon' },
  { id: 6, data: 'e', name: 'Ron' },
  { id: 7, data: 'f', name: 'Joe' },
];
const countries = [
  { id: 1, data: 'aa', country: 'PL' },
  { id: 2, data: 'bb', country: 'FR' },
  { id: 3, data: 'cc', country: 'UA' },
  { id: 4, data: 'ee', country: 'US' },
  { id: 5, data: 'ff', country: 'ES' },
];
const byFields = (joinMode: string, extra: Record<string, unknown> = {}) => ({ mode: 'combine', combineBy: 'combineByFields', fieldsToMatchString: 'id', joinMode, options: {}, ...extra });

describe('Merge: append', () => {
  it('outputs input 1 then input 2, each item paired with its input', async () => {
    const { out } = await runMerge({}, [{ a: 1 }, { a: 2 }], [{ b: 1 }]);
    expect(out).toEqual([
      { json: { a: 1 }, pairedItem: { item: 0 } },
      { json: { a: 2 }, pairedItem: { item: 1 } },
      { json: { b: 1 }, pairedItem: { item: 0, input: 1 } },
    ]);
  });

  it('runs with one input empty once nothing else can run, for either input', async () => {
    const second = await runMerge({ mode: 'append' }, [{ a: 1 }], []);
    expect(second.result.status).toBe('success');
    expect(second.task!.inputItemCounts).toEqual([1, 0]);
    expect(second.json).toEqual([{ a: 1 }]);
    expect((await runMerge({ mode: 'append' }, [], [{ b: 1 }])).json).toEqual([{ b: 1 }]);
  });

  it('takes more than two inputs with numberInputs', async () => {
    const wf = workflow(
      [
        trigger,
        ...['A', 'B', 'C'].map((name, i) => ({ name, type: 'n8n-nodes-base.noOp', position: [200, i * 100] as [number, number] })),
        { name: 'Merge', type: 'n8n-nodes-base.merge', typeVersion: 3.2, parameters: { numberInputs: 3 }, position: [400, 0] },
      ],
      [['Start', 'A'], ['Start', 'B'], ['Start', 'C'], ['A', 'Merge', 0, 0], ['B', 'Merge', 0, 1], ['C', 'Merge', 0, 2]],
    );
    const result = await run(wf, { pinData: { A: items({ n: 1 }), B: items({ n: 2 }), C: items({ n: 3 }) } });
    expect(result.runData.Merge).toHaveLength(1);
    expect(result.runData.Merge[0].data!.main[0]!.map((i) => [i.json.n, i.pairedItem])).toEqual([
      [1, { item: 0 }],
      [2, { item: 0, input: 1 }],
      [3, { item: 0, input: 2 }],
    ]);
  });

  it("keeps $('A').item and $('B').item working downstream", async () => {
    const wf = workflow(
      [
        trigger,
        { name: 'A', type: 'n8n-nodes-base.noOp', position: [200, -100] },
        { name: 'B', type: 'n8n-nodes-base.noOp', position: [200, 100] },
        { name: 'Merge', type: 'n8n-nodes-base.merge', typeVersion: 3, parameters: {}, position: [400, 0] },
        {
          name: 'Check',
          type: 'n8n-nodes-base.set',
          typeVersion: 3.4,
          position: [600, 0],
          parameters: {
            includeOtherFields: true,
            assignments: { assignments: [{ id: '1', name: 'origin', type: 'string', value: "={{ $json.from === 'a' ? $('A').item.json.tag : $('B').item.json.tag }}" }] },
          },
        },
      ],
      [['Start', 'A'], ['Start', 'B'], ['A', 'Merge', 0, 0], ['B', 'Merge', 0, 1], ['Merge', 'Check']],
    );
    const pinData = { A: items({ from: 'a', tag: 'a0' }, { from: 'a', tag: 'a1' }), B: items({ from: 'b', tag: 'b0' }) };
    const result = await run(wf, { pinData });
    expect(result.status).toBe('success');
    expect(result.runData.Check[0].data!.main[0]!.map((i) => i.json.origin)).toEqual(['a0', 'a1', 'b0']);
  });
});

describe('Merge: combine by matching fields', () => {
  it('keeps matches merged, input 2 winning clashes by default', async () => {
    const { out } = await runMerge(byFields('keepMatches'), people, countries);
    expect(out.map((i) => i.json)).toEqual([
      { id: 1, data: 'aa', name: 'Sam', country: 'PL' },
      { id: 2, data: 'bb', name: 'Dan', country: 'FR' },
      { id: 3, data: 'cc', name: 'Jon', country: 'UA' },
    ]);
    expect(out[1].pairedItem).toEqual([{ item: 1 }, { item: 1, input: 1 }]);
  });

  it('outputs the matching items of one input only', async () => {
    expect((await runMerge(byFields('keepMatches', { outputDataFrom: 'input1' }), people, countries)).json.map((j) => j.name)).toEqual(['Sam', 'Dan', 'Jon']);
    expect((await runMerge(byFields('keepMatches', { outputDataFrom: 'input2' }), people, countries)).json.map((j) => j.country)).toEqual(['PL', 'FR', 'UA']);
  });

  it('keeps non-matches, tagged with their source when both are output', async () => {
    const { json } = await runMerge(byFields('keepNonMatches'), people, countries);
    expect(json).toEqual([
      { id: 6, data: 'e', name: 'Ron', _source: 'input1' },
      { id: 7, data: 'f', name: 'Joe', _source: 'input1' },
      { id: 4, data: 'ee', country: 'US', _source: 'input2' },
      { id: 5, data: 'ff', country: 'ES', _source: 'input2' },
    ]);
    expect((await runMerge(byFields('keepNonMatches', { outputDataFrom: 'input2' }), people, countries)).json.map((j) => j.id)).toEqual([4, 5]);
  });

  it('keeps everything, with input numbers added to every field name when asked', async () => {
    const { json } = await runMerge(byFields('keepEverything', { options: { clashHandling: { values: { resolveClash: 'addSuffix' } } } }), people.slice(0, 2), countries.slice(1, 3));
    expect(json).toEqual([
      { id_1: 2, data_1: 'b', name_1: 'Dan', id_2: 2, data_2: 'bb', country_2: 'FR' },
      { id_1: 1, data_1: 'a', name_1: 'Sam' },
      { id_2: 3, data_2: 'cc', country_2: 'UA' },
    ]);
  });

  it('enriches input 1 or input 2, keeping its unmatched items', async () => {
    const left = await runMerge(byFields('enrichInput1', { options: { clashHandling: { values: { resolveClash: 'preferInput1' } } } }), people.slice(0, 4), countries);
    expect(left.json).toEqual([
      { id: 1, data: 'a', name: 'Sam', country: 'PL' },
      { id: 2, data: 'b', name: 'Dan', country: 'FR' },
      { id: 3, data: 'c', name: 'Jon', country: 'UA' },
      { id: 6, data: 'e', name: 'Ron' },
    ]);
    const right = await runMerge(byFields('enrichInput2'), people.slice(0, 1), countries.slice(0, 2));
    expect(right.json).toEqual([{ id: 1, data: 'a', name: 'Sam', country: 'PL' }, { id: 2, data: 'bb', country: 'FR' }]);
  });

  it('matches fields with different names, fuzzily when asked, and first or all matches', async () => {
    const orders = [{ customer: '1', total: 5 }, { customer: '1', total: 7 }, { customer: 2, total: 1 }];
    const advanced = { advanced: true, mergeByFields: { values: [{ field1: 'id', field2: 'customer' }] } };
    const strict = await runMerge(byFields('keepMatches', advanced), people.slice(0, 2), orders);
    expect(strict.json).toEqual([{ id: 2, data: 'b', name: 'Dan', customer: 2, total: 1 }]);
    const fuzzy = await runMerge(byFields('keepMatches', { ...advanced, options: { fuzzyCompare: true } }), people.slice(0, 2), orders);
    expect(fuzzy.json.map((j) => [j.name, j.total])).toEqual([['Sam', 5], ['Sam', 7], ['Dan', 1]]);
    const first = await runMerge(byFields('keepMatches', { ...advanced, options: { fuzzyCompare: true, multipleMatches: 'first' } }), people.slice(0, 2), orders);
    expect(first.json.map((j) => [j.name, j.total])).toEqual([['Sam', 5], ['Dan', 1]]);
  });

  it('deep-merges nested fields by default and never changes the inputs', async () => {
    const a = [{ id: 1, address: { city: 'Lyon', zip: '69000' } }];
    const b = [{ id: 1, address: { city: 'Paris' } }];
    const { json, result } = await runMerge(byFields('keepMatches'), a, b);
    expect(json).toEqual([{ id: 1, address: { city: 'Paris', zip: '69000' } }]);
    expect(result.runData.A[0].data!.main[0]![0].json).toEqual(a[0]);
    const shallow = await runMerge(byFields('enrichInput1', { options: { clashHandling: { values: { resolveClash: 'preferLast', mergeMode: 'shallowMerge' } } } }), a, b);
    expect(shallow.json).toEqual([{ id: 1, address: { city: 'Paris' } }]);
    const keepFilled = await runMerge(byFields('enrichInput1', { options: { clashHandling: { values: { resolveClash: 'preferLast', overrideEmpty: true } } } }), [{ id: 1, v: 'x' }], [{ id: 1, v: '' }]);
    expect(keepFilled.json).toEqual([{ id: 1, v: 'x' }]);
  });

  it('with one input empty: keep matches outputs nothing, enrich input 1 passes input 1 on', async () => {
    const none = await runMerge(byFields('keepMatches'), people, []);
    expect(none.result.status).toBe('success');
    expect(none.task!.inputItemCounts).toEqual([5, 0]);
    expect(none.out).toEqual([]);
    expect((await runMerge(byFields('enrichInput1'), people.slice(0, 2), [])).json.map((j) => j.name)).toEqual(['Sam', 'Dan']);
    expect((await runMerge(byFields('enrichInput1'), [], countries.slice(0, 1))).out).toEqual([]);
  });

  it('names the parameter when there is nothing to match on', async () => {
    const { result } = await runMerge(byFields('keepMatches', { fieldsToMatchString: '' }), people, countries);
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ node: 'Merge', parameter: 'fieldsToMatchString', message: expect.stringContaining('at least one pair of fields') });
  });
});

describe('Merge: combine by position and all combinations', () => {
  const position = (options: Record<string, unknown> = {}) => ({ mode: 'combine', combineBy: 'combineByPosition', options });

  it('combines items at the same position, the last input winning clashes', async () => {
    const { out } = await runMerge(position(), people, countries.slice(0, 3));
    expect(out.map((i) => i.json)).toEqual([
      { id: 1, data: 'aa', name: 'Sam', country: 'PL' },
      { id: 2, data: 'bb', name: 'Dan', country: 'FR' },
      { id: 3, data: 'cc', name: 'Jon', country: 'UA' },
    ]);
    expect(out[2].pairedItem).toEqual([{ item: 2 }, { item: 2, input: 1 }]);
  });

  it('includes unpaired items, prefers input 1, or suffixes every field when asked', async () => {
    const unpaired = await runMerge(position({ includeUnpaired: true }), people.slice(0, 1), countries.slice(0, 2));
    expect(unpaired.json).toEqual([{ id: 1, data: 'aa', name: 'Sam', country: 'PL' }, { id: 2, data: 'bb', country: 'FR' }]);
    const first = await runMerge(position({ clashHandling: { values: { resolveClash: 'preferInput1' } } }), people.slice(0, 1), countries);
    expect(first.json).toEqual([{ id: 1, data: 'a', name: 'Sam', country: 'PL' }]);
    const suffixed = await runMerge(position({ clashHandling: { values: { resolveClash: 'addSuffix' } } }), [{ v: 1 }], [{ v: 2 }]);
    expect(suffixed.json).toEqual([{ v_1: 1, v_2: 2 }]);
  });

  it('outputs every pairing for all possible combinations', async () => {
    const { out } = await runMerge({ mode: 'combine', combineBy: 'combineAll', options: {} }, [{ a: 1 }, { a: 2 }], [{ b: 1 }, { b: 2 }, { b: 3 }]);
    expect(out).toHaveLength(6);
    expect(out[0].json).toEqual({ a: 1, b: 1 });
    expect(out[5]).toEqual({ json: { a: 2, b: 3 }, pairedItem: [{ item: 1 }, { item: 2, input: 1 }] });
    const preferFirst = await runMerge({ mode: 'combine', combineBy: 'combineAll', options: { clashHandling: { values: { resolveClash: 'preferInput1' } } } }, [{ v: 1 }], [{ v: 2 }]);
    expect(preferFirst.json).toEqual([{ v: 1 }]);
  });
});

describe('Merge: choose branch', () => {
  it('outputs the data of the chosen input once both have arrived', async () => {
    const { out } = await runMerge({ mode: 'chooseBranch', useDataOfInput: 2 }, [{ a: 1 }], [{ b: 1 }, { b: 2 }]);
    expect(out).toEqual([
      { json: { b: 1 }, pairedItem: { item: 0, input: 1 } },
      { json: { b: 2 }, pairedItem: { item: 1, input: 1 } },
    ]);
  });

  it('outputs a single empty item paired with every input item', async () => {
    const { out } = await runMerge({ mode: 'chooseBranch', output: 'empty' }, [{ a: 1 }], [{ b: 1 }]);
    expect(out).toEqual([{ json: {}, pairedItem: [{ item: 0 }, { item: 0, input: 1 }] }]);
  });

  it('outputs nothing when an input never got data, as n8n does not run it then', async () => {
    const { out, result } = await runMerge({ mode: 'chooseBranch', useDataOfInput: 1 }, [{ a: 1 }], []);
    expect(result.status).toBe('success');
    expect(out).toEqual([]);
  });

  it('rejects an input number the node does not have, and the SQL mode', async () => {
    expect((await runMerge({ mode: 'chooseBranch', useDataOfInput: 3 }, [{ a: 1 }], [{ b: 1 }])).result.error).toMatchObject({
      node: 'Merge',
      message: "Input 3 doesn't exist",
      parameter: 'useDataOfInput',
    });
    expect((await runMerge({ mode: 'combineBySql', query: 'SELECT 1' }, [{ a: 1 }], [{ b: 1 }])).result.error).toMatchObject({
      node: 'Merge',
      parameter: 'mode',
      message: expect.stringContaining('not supported'),
    });
  });
});
