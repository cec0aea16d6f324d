// params(): typed reads through the real engine (expressions, description defaults) and errors
// that name the parameter, the node and the item.
import type { IDataObject, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineNode, type ParamReader } from '../../../host/kit/index.ts';
import { kitEngine, type KitEngine } from './kit-engine.ts';

const prop = (name: string, type: INodeProperties['type'], dflt: INodeProperties['default']): INodeProperties => ({ displayName: name, name, type, default: dflt });

// One operation per reader; each returns what the reader gave for the item.
const reads: Record<string, (p: ParamReader) => unknown> = {
  string: (p) => p.string('text'),
  stringTrim: (p) => p.string('text', { trim: true }),
  stringRequired: (p) => p.string('text', { required: true }),
  number: (p) => p.number('count', { min: 1, max: 10, integer: true }),
  numberDefault: (p) => p.number('missing', { default: 5 }),
  boolean: (p) => p.boolean('flag'),
  options: (p) => p.options('mode', ['fast', 'slow'] as const),
  json: (p) => p.json('payload'),
  jsonDefault: (p) => p.json('payload', { default: { none: true } }),
  list: (p) => p.list('ids'),
  listRequired: (p) => p.list('ids', { required: true }),
  collection: (p) => p.collection('extra'),
  dateTime: (p) => p.dateTime('since') ?? null,
  dateTimeRequired: (p) => p.dateTime('since', { required: true }) ?? null,
  unknownParameter: (p) => p.number('notInDescription'),
};

const Probe = defineNode({
  description: {
    displayName: 'Probe',
    name: 'probe',
    group: ['transform'],
    version: 1,
    description: 'reads parameters',
    defaults: { name: 'Probe' },
    inputs: ['main'],
    outputs: ['main'],
    properties: [
      { displayName: 'Operation', name: 'operation', type: 'options', default: 'string', options: Object.keys(reads).map((k) => ({ name: k, value: k })) },
      prop('text', 'string', ''),
      prop('count', 'number', 3),
      prop('flag', 'boolean', false),
      prop('mode', 'options', 'fast'),
      prop('payload', 'json', ''),
      prop('ids', 'string', ''),
      prop('extra', 'collection', {}),
      prop('since', 'dateTime', ''),
    ],
  } as INodeTypeDescription,
  operations: Object.fromEntries(Object.entries(reads).map(([op, read]) => [op, async (_ctx: unknown, _i: number, p: ParamReader) => ({ value: read(p) as IDataObject[string] })])),
});

let engine: KitEngine;
beforeAll(async () => {
  engine = await kitEngine({ probe: new Probe() });
});

/** Runs `operation` with `parameters` on the given items; returns the values read, or the error message. */
async function read(operation: string, parameters: IDataObject, input: IDataObject[] = [{}]) {
  const r = await engine.run({ type: 'probe', parameters: { operation, ...parameters }, input });
  if (r.status !== 'success') return { error: r.error };
  return { values: r.json.map((j) => j.value) };
}

describe('params: values', () => {
  it('reads text as given, trimmed on request, numbers and booleans as text', async () => {
    expect(await read('string', { text: '  a b ' })).toEqual({ values: ['  a b '] });
    expect(await read('stringTrim', { text: '  a b ' })).toEqual({ values: ['a b'] });
    expect(await read('string', { text: '={{ $json.v }}' }, [{ v: 42 }, { v: true }])).toEqual({ values: ['42', 'true'] });
  });

  it('reads numbers from numbers or numeric text, with description and explicit defaults', async () => {
    expect(await read('number', { count: 4 })).toEqual({ values: [4] });
    expect(await read('number', { count: '={{ $json.c }}' }, [{ c: '7' }, { c: 10 }])).toEqual({ values: [7, 10] });
    expect(await read('number', {})).toEqual({ values: [3] });
    expect(await read('numberDefault', {})).toEqual({ values: [5] });
  });

  it('reads booleans, options, JSON, lists, collections', async () => {
    expect(await read('boolean', { flag: '={{ $json.f }}' }, [{ f: true }, { f: 'false' }])).toEqual({ values: [true, false] });
    expect(await read('options', { mode: 'slow' })).toEqual({ values: ['slow'] });
    expect(await read('json', { payload: '{"a":[1,2]}' })).toEqual({ values: [{ a: [1, 2] }] });
    expect(await read('json', { payload: '={{ $json.o }}' }, [{ o: { b: 1 } }])).toEqual({ values: [{ b: 1 }] });
    expect(await read('jsonDefault', {})).toEqual({ values: [{ none: true }] });
    expect(await read('list', { ids: ' 1, 2 ,,\n3\n' })).toEqual({ values: [['1', '2', '3']] });
    expect(await read('list', { ids: '={{ $json.l }}' }, [{ l: [4, ' 5 ', ''] }])).toEqual({ values: [['4', '5']] });
    expect(await read('list', {})).toEqual({ values: [[]] });
    expect(await read('collection', { extra: { limit: 2 } })).toEqual({ values: [{ limit: 2 }] });
    expect(await read('collection', {})).toEqual({ values: [{}] });
  });

  it('reads date-times from text, Luxon ($now) and Date values as ISO strings', async () => {
    expect(await read('dateTime', { since: '2026-01-31T08:00:00+01:00' })).toEqual({ values: ['2026-01-31T07:00:00.000Z'] });
    expect(await read('dateTime', {})).toEqual({ values: [null] });
    const before = Date.now();
    const luxon = await read('dateTime', { since: '={{ $now }}' });
    const at = Date.parse(String(luxon.values?.[0]));
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
    expect(await read('dateTime', { since: '={{ new Date(86400000) }}' })).toEqual({ values: ['1970-01-02T00:00:00.000Z'] });
  });
});

describe('params: errors name the parameter, the node and the item', () => {
  const cases: Array<[string, IDataObject, string]> = [
    ['stringRequired', { text: '={{ $json.v }}' }, 'Parameter "text" is required (node "Node", item 1)'],
    ['string', { text: '={{ $json.v }}' }, 'Parameter "text" must be text, got an object (node "Node", item 1)'],
    ['number', { count: '={{ $json.v }}' }, 'Parameter "count" must be a number, got "abc" (node "Node", item 1)'],
    ['number', { count: '={{ $json.v }}' }, 'Parameter "count" must be at most 10, got 11 (node "Node", item 1)'],
    ['number', { count: '={{ $json.v }}' }, 'Parameter "count" must be at least 1, got 0 (node "Node", item 1)'],
    ['number', { count: '={{ $json.v }}' }, 'Parameter "count" must be a whole number, got 2.5 (node "Node", item 1)'],
    ['boolean', { flag: '={{ $json.v }}' }, 'Parameter "flag" must be true or false, got "yes" (node "Node", item 1)'],
    ['options', { mode: '={{ $json.v }}' }, 'Parameter "mode" must be one of "fast", "slow", got "medium" (node "Node", item 1)'],
    ['json', { payload: '={{ $json.v }}' }, 'Parameter "payload" is not valid JSON'],
    ['listRequired', { ids: '={{ $json.v }}' }, 'Parameter "ids" needs at least one entry (node "Node", item 1)'],
    ['collection', { extra: '={{ $json.v }}' }, 'Parameter "extra" must be a collection of fields, got a list (node "Node", item 1)'],
    ['dateTime', { since: '={{ $json.v }}' }, 'Parameter "since" must be a date and time (e.g. 2026-01-31T08:00:00Z), got "last tuesday" (node "Node", item 1)'],
    ['dateTimeRequired', { since: '={{ $json.v }}' }, 'Parameter "since" is required (a date and time) (node "Node", item 1)'],
  ];
  // Item 0 is always valid, item 1 carries the bad value, so the index in the message is the item's.
  const good: Record<string, unknown> = { stringRequired: 'x', string: 'x', number: 2, boolean: true, options: 'fast', json: '{}', listRequired: 'a', collection: {}, dateTime: '2026-01-01', dateTimeRequired: '2026-01-01' };
  const bad = [' ', { o: 1 }, 'abc', 11, 0, 2.5, 'yes', 'medium', '{oops', ' , ,', [1], 'last tuesday', ''];

  cases.forEach(([operation, parameters, message], k) => {
    it(`${operation}: ${message}`, async () => {
      const r = await read(operation, parameters, [{ v: good[operation] as IDataObject[string] }, { v: bad[k] as IDataObject[string] }]);
      expect(r.error?.message).toContain(message);
      expect(r.error?.parameter).toBe(Object.keys(parameters)[0]);
      expect(r.error?.node).toBe('Node');
    });
  });

  it('bad JSON names the parameter, the item and the parse problem', async () => {
    const r = await read('json', { payload: '{oops' });
    expect(r.error?.message).toMatch(/^Parameter "payload" is not valid JSON: .+ \(node "Node", item 0\)$/);
  });

  it('a parameter the node does not have is the engine\'s error, naming it', async () => {
    const r = await read('unknownParameter', {});
    expect(r.error?.message).toBe('Could not get parameter "notInDescription"');
    expect(r.error?.parameter).toBe('notInDescription');
  });

  it('under continueOnFail the bad item becomes an error item and the others go on', async () => {
    const r = await engine.run({ type: 'probe', parameters: { operation: 'number', count: '={{ $json.v }}' }, input: [{ v: 1 }, { v: 'x' }, { v: 9 }], node: { onError: 'continueRegularOutput' } });
    expect(r.json).toEqual([
      { value: 1 },
      { error: { message: 'Parameter "count" must be a number, got "x" (node "Node", item 1)', name: 'NodeOperationError' } },
      { value: 9 },
    ]);
  });
});
