// The variable picker's pure logic: upstream walk, field trees, expressions n8n understands.
import { describe, expect, it } from 'vitest';
import {
  accessor,
  buildTree,
  catalogTree,
  expressionFor,
  filterTree,
  insertIntoFixed,
  MAX_ELEMENTS,
  sampleItem,
  upstreamNodes,
} from '../../../editor/src/lib/variable-tree.ts';
import type { VarEntry } from '../../../editor/src/lib/variable-tree.ts';

const link = (node: string, index = 0) => ({ node, type: 'main', index });

describe('accessor and expressionFor', () => {
  it('uses dots for identifiers, [n] for elements and quoted brackets for other keys', () => {
    expect(accessor(['customer', 'name'])).toBe('.customer.name');
    expect(accessor(['items', 0, 'sku'])).toBe('.items[0].sku');
    expect(accessor(['customer', 'first name'])).toBe(".customer['first name']");
    expect(accessor(['2fa', 'a-b', '$ok', '_x1'])).toBe("['2fa']['a-b'].$ok._x1");
    expect(accessor(["O'Brien", 'back\\slash'])).toBe("['O\\'Brien']['back\\\\slash']");
  });

  it("reads the direct parent as $json and other nodes through $('Name').item.json", () => {
    expect(expressionFor(['customer', 'name'], 'Start', true)).toBe('{{ $json.customer.name }}');
    expect(expressionFor(['items', 0, 'sku'], 'Fetch ticket', false)).toBe("{{ $('Fetch ticket').item.json.items[0].sku }}");
    expect(expressionFor(['a'], "Bob's node", false)).toBe("{{ $('Bob\\'s node').item.json.a }}");
  });
});

describe('upstreamNodes', () => {
  it('walks back nearest first, each node once with the output that leads on, ignoring loops and downstream', () => {
    const connections = {
      Trigger: { main: [[link('A')]] },
      A: { main: [[link('Merge')], [link('B')]] },
      B: { main: [[link('Merge', 1)]] },
      Merge: { main: [[link('Set')]] },
      Set: { main: [[link('After'), link('A')]] },
      Other: { main: [[link('After')]] },
    };
    expect(upstreamNodes(connections, 'Set')).toEqual([
      { name: 'Merge', depth: 1, output: 0 },
      { name: 'A', depth: 2, output: 0 },
      { name: 'B', depth: 2, output: 0 },
      { name: 'Trigger', depth: 3, output: 0 },
    ]);
    expect(upstreamNodes(connections, 'B')).toEqual([
      { name: 'A', depth: 1, output: 1 },
      { name: 'Trigger', depth: 2, output: 0 },
      { name: 'Set', depth: 2, output: 0 },
      { name: 'Merge', depth: 3, output: 0 },
    ]);
    expect(upstreamNodes(connections, 'Trigger')).toEqual([]);
    expect(upstreamNodes({}, 'X')).toEqual([]);
  });
});

describe('buildTree', () => {
  const item = { customer: { name: 'Ada', 'first name': 'A' }, items: [{ sku: 'X' }], count: 2, ok: true, gone: null };

  it('lists keys with type and sample; objects and arrays expand; array elements as [i]', () => {
    const tree = buildTree(item);
    expect(tree.map((e) => [e.key, e.type, e.sample])).toEqual([
      ['customer', 'object', ''],
      ['items', 'array', ''],
      ['count', 'number', '2'],
      ['ok', 'boolean', 'true'],
      ['gone', 'null', 'null'],
    ]);
    const customer = tree[0].children!;
    expect(customer.map((e) => [e.key, e.path, e.sample])).toEqual([
      ['name', ['customer', 'name'], '"Ada"'],
      ['first name', ['customer', 'first name'], '"A"'],
    ]);
    const sku = tree[1].children![0].children![0];
    expect(tree[1].children![0].key).toBe('[0]');
    expect(sku).toMatchObject({ key: 'sku', path: ['items', 0, 'sku'], type: 'string', sample: '"X"' });
    expect(expressionFor(sku.path, 'Start', true)).toBe('{{ $json.items[0].sku }}');
  });

  it('shortens long strings and lists only the first array elements', () => {
    const tree = buildTree({ text: 'x'.repeat(100), list: Array.from({ length: 20 }, (_, i) => i) });
    expect(tree[0].sample).toBe(`"${'x'.repeat(40)}…"`);
    expect(tree[1].children!.map((e) => e.key)).toEqual(Array.from({ length: MAX_ELEMENTS }, (_, i) => `[${i}]`));
    expect(buildTree('scalar')).toEqual([]);
  });

  it('samples the first item plus keys only later items have', () => {
    expect(sampleItem([{ a: 1 }, { a: 2, b: 'late' }, 'junk', null])).toEqual({ a: 1, b: 'late' });
    expect(sampleItem([])).toEqual({});
  });
});

describe('catalogTree and filterTree', () => {
  const fields = [
    { fieldname: 'priority', label: 'Priority', fieldtype: 'Select' },
    { fieldname: 'items', label: 'Items', fieldtype: 'Table', children: [{ fieldname: 'item_code', label: 'Item Code', fieldtype: 'Link' }] },
  ];

  it('puts catalog fields under the base path, table rows as [0]', () => {
    const tree = catalogTree(fields, ['body']);
    expect(tree[0]).toMatchObject({ key: 'Priority', fieldname: 'priority', type: 'Select', path: ['body', 'priority'] });
    expect(tree[1].children![0]).toMatchObject({ key: 'Item Code', path: ['body', 'items', 0, 'item_code'], type: 'Link' });
    expect(expressionFor(tree[0].path, 'ERPNext Trigger', true)).toBe('{{ $json.body.priority }}');
  });

  it('keeps matches and the branches leading to them', () => {
    const tree = catalogTree(fields, ['body']);
    const keys = (es: VarEntry[]): unknown[] => es.map((e) => (e.children ? [e.key, keys(e.children)] : e.key));
    expect(keys(filterTree(tree, 'item_c'))).toEqual([['Items', ['Item Code']]]);
    expect(keys(filterTree(tree, 'PRIO'))).toEqual(['Priority']);
    expect(filterTree(tree, '  ')).toBe(tree);
    expect(filterTree(tree, 'nothing')).toEqual([]);
  });
});

describe('insertIntoFixed', () => {
  it('turns a fixed value into an expression with the text at the cursor', () => {
    expect(insertIntoFixed('', 0, 0, '{{ $json.a }}')).toEqual({ value: '={{ $json.a }}', cursor: 14 });
    expect(insertIntoFixed('Hello !', 6, 6, '{{ $json.a }}')).toEqual({ value: '=Hello {{ $json.a }}!', cursor: 20 });
    expect(insertIntoFixed('Hello world', 6, 11, 'X')).toEqual({ value: '=Hello X', cursor: 8 });
  });

  it('inserts into a value that is already an expression, never before its =', () => {
    expect(insertIntoFixed('=a ', 3, 3, 'X')).toEqual({ value: '=a X', cursor: 4 });
    expect(insertIntoFixed('=a', 0, 0, 'X')).toEqual({ value: '=Xa', cursor: 2 });
    expect(insertIntoFixed('abc', 99, 99, 'X')).toEqual({ value: '=abcX', cursor: 5 });
  });
});
