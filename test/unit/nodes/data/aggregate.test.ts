import { describe, expect, it } from 'vitest';
import { items, runNode } from './helpers.ts';

const aggregate = (parameters: Record<string, unknown>, input: ReturnType<typeof items>) => runNode('aggregate', 1, parameters, input);
const field = (fieldToAggregate: string, extra: Record<string, unknown> = {}) => ({ fieldToAggregate, ...extra });

const people = items(
  { name: 'Ana', team: 'north', tags: ['a', null], address: { city: 'Lyon' } },
  { name: 'Ben', team: 'south', tags: ['b'], address: { city: 'Nice' } },
  { team: 'north', tags: null },
);

describe('Aggregate', () => {
  it('collects individual fields into lists, skipping missing and null values, paired with every input item', async () => {
    const { out } = await aggregate({ fieldsToAggregate: { fieldToAggregate: [field('name'), field('address.city')] }, options: {} }, people);
    expect(out).toEqual([{ json: { name: ['Ana', 'Ben'], city: ['Lyon', 'Nice'] }, pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }] }]);
  });

  it('renames, keeps missing values as null and merges lists when asked', async () => {
    const { json } = await aggregate(
      {
        fieldsToAggregate: { fieldToAggregate: [field('name', { renameField: true, outputFieldName: 'people.names' }), field('tags')] },
        options: { keepMissing: true, mergeLists: true },
      },
      people,
    );
    expect(json).toEqual([{ people: { names: ['Ana', 'Ben', null] }, tags: ['a', null, 'b', null] }]);
    const flat = await aggregate({ fieldsToAggregate: { fieldToAggregate: [field('tags')] }, options: { mergeLists: true } }, people);
    expect(flat.json).toEqual([{ tags: ['a', 'b'] }]);
  });

  it('reads a literal dotted key with dot notation off', async () => {
    const { json } = await aggregate({ fieldsToAggregate: { fieldToAggregate: [field('a.b')] }, options: { disableDotNotation: true } }, items({ 'a.b': 1, a: { b: 2 } }));
    expect(json).toEqual([{ 'a.b': [1] }]);
  });

  it('puts all item data into one list, with include and exclude filters', async () => {
    const all = await aggregate({ aggregate: 'aggregateAllItemData', options: {} }, items({ a: 1, b: 2 }, { a: 3 }));
    expect(all.out).toEqual([{ json: { data: [{ a: 1, b: 2 }, { a: 3 }] }, pairedItem: [{ item: 0 }, { item: 1 }] }]);
    const only = await aggregate(
      { aggregate: 'aggregateAllItemData', destinationFieldName: 'rows', include: 'specifiedFields', fieldsToInclude: 'b', options: {} },
      items({ a: 1, b: 2 }, { a: 3 }),
    );
    // An item left without fields is dropped, and so is its lineage.
    expect(only.out).toEqual([{ json: { rows: [{ b: 2 }] }, pairedItem: [{ item: 0 }] }]);
    const except = await aggregate({ aggregate: 'aggregateAllItemData', include: 'allFieldsExcept', fieldsToExclude: 'a', options: {} }, items({ a: 1, b: 2 }));
    expect(except.json).toEqual([{ data: [{ b: 2 }] }]);
  });

  it('groups by field values, one item per group', async () => {
    const { out } = await aggregate({ fieldsToAggregate: { fieldToAggregate: [field('name')] }, options: { groupByFields: 'team' } }, people);
    expect(out).toEqual([
      { json: { team: 'north', name: ['Ana'] }, pairedItem: [{ item: 0 }, { item: 2 }] },
      { json: { team: 'south', name: ['Ben'] }, pairedItem: [{ item: 1 }] },
    ]);
  });

  it('gathers binaries under free keys', async () => {
    const file = (data: string) => ({ data, mimeType: 'text/plain', fileSize: '2 B' });
    const input = [
      { json: { n: 1 }, binary: { data: file('YQ==') } },
      { json: { n: 2 }, binary: { data: file('Yg==') } },
    ];
    const { out } = await aggregate({ fieldsToAggregate: { fieldToAggregate: [field('n')] }, options: { includeBinaries: true } }, input);
    expect(out[0].binary).toEqual({ data: file('YQ=='), data_1: file('Yg==') });
    const unique = await aggregate({ fieldsToAggregate: { fieldToAggregate: [field('n')] }, options: { includeBinaries: true, keepOnlyUnique: true } }, input);
    expect(Object.keys(unique.out[0].binary!)).toEqual(['data']);
  });

  it('names the node and parameter for a missing or duplicate field', async () => {
    const none = await aggregate({ fieldsToAggregate: { fieldToAggregate: [] }, options: {} }, people);
    expect(none.result.error).toMatchObject({ node: 'Node', message: 'No fields specified', parameter: 'fieldsToAggregate' });
    const twice = await aggregate({ fieldsToAggregate: { fieldToAggregate: [field('name'), field('name')] }, options: {} }, people);
    expect(twice.result.error).toMatchObject({ node: 'Node', message: "The 'name' output field is used more than once" });
    const nonScalar = await aggregate({ fieldsToAggregate: { fieldToAggregate: [field('name')] }, options: { groupByFields: 'address' } }, people);
    expect(nonScalar.result.error?.message).toContain('non-scalar');
  });
});
