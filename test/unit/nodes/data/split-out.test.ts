import { describe, expect, it } from 'vitest';
import { items, runNode } from './helpers.ts';

const split = (parameters: Record<string, unknown>, input = items({ data: [{ id: 3, char: 'c' }, { id: 4, char: 'd' }], data2: [{ text: 'foo' }], data3: [{ text: 'bar' }] })) =>
  runNode('splitOut', 1, { options: {}, ...parameters }, input);

describe('Split Out', () => {
  it('turns each object of the list into an item of its own, paired with the source item', async () => {
    const { out } = await split({ fieldToSplitOut: 'data' });
    expect(out).toEqual([
      { json: { id: 3, char: 'c' }, pairedItem: { item: 0 } },
      { json: { id: 4, char: 'd' }, pairedItem: { item: 0 } },
    ]);
  });

  it('keeps all other fields, or only the selected ones (comma list or array)', async () => {
    const all = await split({ fieldToSplitOut: 'data', include: 'allOtherFields' });
    expect(all.json[1]).toEqual({ data2: [{ text: 'foo' }], data3: [{ text: 'bar' }], data: { id: 4, char: 'd' } });
    const selected = await split({ fieldToSplitOut: 'data', include: 'selectedOtherFields', fieldsToInclude: ['data3'] });
    expect(selected.json).toEqual([
      { data: { id: 3, char: 'c' }, data3: [{ text: 'bar' }] },
      { data: { id: 4, char: 'd' }, data3: [{ text: 'bar' }] },
    ]);
    const asText = await split({ fieldToSplitOut: 'data', include: 'selectedOtherFields', fieldsToInclude: 'data2, data3' });
    expect(Object.keys(asText.json[0]).sort()).toEqual(['data', 'data2', 'data3']);
  });

  it('puts the values under the destination field, nested with dot notation', async () => {
    expect((await split({ fieldToSplitOut: 'data', options: { destinationFieldName: 'output' } })).json[0]).toEqual({ output: { id: 3, char: 'c' } });
    const nested = await split({ fieldToSplitOut: 'data', include: 'allOtherFields', options: { destinationFieldName: 'data.foo' } });
    expect(nested.json[0]).toEqual({ data2: [{ text: 'foo' }], data3: [{ text: 'bar' }], data: { foo: { id: 3, char: 'c' } } });
  });

  it('reads nested paths, literal dotted keys with dot notation off, and splits every input item', async () => {
    const input = items({ order: { lines: ['a', 'b'] } }, { order: { lines: ['c'] } });
    const nested = await split({ fieldToSplitOut: '$json.order.lines' }, input);
    expect(nested.out.map((i) => [i.json, i.pairedItem])).toEqual([
      [{ order: { lines: 'a' } }, { item: 0 }],
      [{ order: { lines: 'b' } }, { item: 0 }],
      [{ order: { lines: 'c' } }, { item: 1 }],
    ]);
    const both = items({ order: { lines: ['nested'] }, 'order.lines': ['literal'] });
    const literal = await split({ fieldToSplitOut: 'order.lines', options: { disableDotNotation: true } }, both);
    expect(literal.json).toEqual([{ 'order.lines': 'literal' }]);
  });

  it('splits single values and object values, and skips items without the field', async () => {
    const input = items({ tags: 'one' }, { tags: { a: 1, b: 2 } }, { other: true }, { tags: null });
    expect((await split({ fieldToSplitOut: 'tags' }, input)).json).toEqual([{ tags: 'one' }, { tags: 1 }, { tags: 2 }, { tags: null }]);
  });

  it('zips several fields into the same items', async () => {
    const { json } = await split({ fieldToSplitOut: 'a, b' }, items({ a: [1, 2, 3], b: ['x', 'y'] }));
    expect(json).toEqual([{ a: 1, b: 'x' }, { a: 2, b: 'y' }, { a: 3 }]);
  });

  it('copies binary data only when asked, and splits $binary into one item per file', async () => {
    const file = { data: 'aGk=', mimeType: 'text/plain' };
    const input = [{ json: { list: [1, 2] }, binary: { a: file, b: file } }];
    expect((await split({ fieldToSplitOut: 'list' }, input)).out[0].binary).toBeUndefined();
    expect((await split({ fieldToSplitOut: 'list', options: { includeBinary: true } }, input)).out[1].binary).toEqual({ a: file, b: file });
    expect((await split({ fieldToSplitOut: '$binary' }, input)).out.map((i) => Object.keys(i.binary!))).toEqual([['a'], ['b']]);
  });

  it('never changes the input items', async () => {
    const input = items({ data: [{ deep: { n: 1 } }], keep: { x: 1 } });
    const before = structuredClone(input);
    const { result, out } = await split({ fieldToSplitOut: 'data', include: 'allOtherFields' }, input);
    (out[0].json.data as { deep: { n: number } }).deep.n = 99;
    expect(result.runData.Start[0].data!.main[0]!.map((i) => i.json)).toEqual(before.map((i) => i.json));
  });

  it('does not let item data reach Object.prototype', async () => {
    const input = items(JSON.parse('{"data":[{"__proto__":{"polluted":true},"ok":1}]}'));
    const { json } = await split({ fieldToSplitOut: 'data' }, input);
    expect(json).toEqual([{ ok: 1 }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(json[0])).toBe(Object.prototype);
  });

  it('fails with the node and parameter named when destinations do not match the fields', async () => {
    const { result } = await split({ fieldToSplitOut: 'a, b', options: { destinationFieldName: 'x' } }, items({ a: [1], b: [2] }));
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ node: 'Node', parameter: 'options.destinationFieldName', message: expect.stringContaining('same number of destination fields') });
    const none = await split({ fieldToSplitOut: '' });
    expect(none.result.error).toMatchObject({ node: 'Node', parameter: 'fieldToSplitOut' });
  });

  it('reports a bad item as json.error when the node continues on failure', async () => {
    const { out, result } = await runNode('splitOut', 1, { fieldToSplitOut: 'data', include: 'selectedOtherFields', fieldsToInclude: '' }, items({ data: [1] }), {
      onError: 'continueRegularOutput',
    });
    expect(result.status).toBe('success');
    expect(out).toEqual([{ json: { error: 'No fields specified' }, pairedItem: { item: 0 } }]);
  });
});
