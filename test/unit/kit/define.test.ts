// defineNode through the real engine: routing by resource/operation, pairing, continueOnFail,
// unknown operations, and the definition-time check of the table against the description.
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineNode, NodeOperationError } from '../../../host/kit/index.ts';
import { kitEngine, type KitEngine } from './kit-engine.ts';

function description(name: string, properties: INodeProperties[]): INodeTypeDescription {
  return { displayName: name, name, group: ['transform'], version: 1, description: name, defaults: { name }, inputs: ['main'], outputs: ['main'], properties } as INodeTypeDescription;
}
const operation = (values: string[], show?: Record<string, string[]>): INodeProperties => ({
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  default: values[0],
  options: values.map((v) => ({ name: v, value: v })),
  ...(show ? { displayOptions: { show } } : {}),
});

const Flat = defineNode({
  description: description('flat', [operation(['echo', 'split', 'fail']), { displayName: 'Times', name: 'times', type: 'number', default: 2 }]),
  operations: {
    echo: async (ctx, i) => ({ echoed: ctx.getInputData()[i]!.json.v ?? null, item: i }),
    split: async (ctx, i, p) => Array.from({ length: p.number('times', { integer: true, min: 0 }) }, (_, k) => ({ part: k, item: i })),
    fail: async (_ctx, i) => {
      throw new Error(`boom on item ${i}`);
    },
  },
});

const WithResources = defineNode({
  description: description('withResources', [
    { displayName: 'Resource', name: 'resource', type: 'options', default: 'device', options: [{ name: 'Device', value: 'device' }, { name: 'Position', value: 'position' }] },
    operation(['get', 'list'], { resource: ['device'] }),
    operation(['latest'], { resource: ['position'] }),
  ]),
  operations: {
    device: { get: async (_c, i) => ({ did: 'device.get', i }), list: async () => [{ did: 'device.list' }] },
    position: { latest: async (_c, i) => ({ did: 'position.latest', i }) },
  },
});

let engine: KitEngine;
beforeAll(async () => {
  engine = await kitEngine({ flat: new Flat(), withResources: new WithResources() });
});

describe('defineNode: the class', () => {
  it('returns a class whose instances are plain INodeType objects', () => {
    const node = new Flat();
    expect(typeof Flat).toBe('function');
    expect(Flat.name).toBe('Flat');
    expect(node.description.name).toBe('flat');
    expect(typeof node.execute).toBe('function');
    expect(Object.keys(node).sort()).toEqual(['description', 'execute']);
  });

  it('keeps methods and a whole execute as given', async () => {
    const listSearch = { byName: async () => ({ results: [] }) };
    const Whole = defineNode({
      description: description('whole', []),
      methods: { listSearch },
      execute: async function () {
        return [this.getInputData().map((item, i) => ({ json: { ...item.json, whole: true }, pairedItem: { item: i } }))];
      },
    });
    expect(new Whole().methods?.listSearch).toBe(listSearch);
    const own = await kitEngine({ whole: new Whole() });
    const r = await own.run({ type: 'whole', input: [{ a: 1 }] });
    expect(r.json).toEqual([{ a: 1, whole: true }]);
  });
});

describe('defineNode: routing through the engine', () => {
  it('routes each item by its operation and pairs every output with its item', async () => {
    const r = await engine.run({ type: 'flat', parameters: { operation: '={{ $json.op }}', times: 2 }, input: [{ op: 'echo', v: 'a' }, { op: 'split' }, { op: 'echo', v: 'c' }] });
    expect(r.status).toBe('success');
    expect(r.json).toEqual([{ echoed: 'a', item: 0 }, { part: 0, item: 1 }, { part: 1, item: 1 }, { echoed: 'c', item: 2 }]);
    expect(r.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 1 }, { item: 2 }]);
  });

  it('uses the description default when operation is not set', async () => {
    const r = await engine.run({ type: 'flat', input: [{ v: 7 }] });
    expect(r.json).toEqual([{ echoed: 7, item: 0 }]);
  });

  it('routes by resource and operation', async () => {
    const r = await engine.run({
      type: 'withResources',
      parameters: { resource: '={{ $json.r }}', operation: '={{ $json.o }}' },
      input: [{ r: 'device', o: 'get' }, { r: 'position', o: 'latest' }, { r: 'device', o: 'list' }],
    });
    expect(r.status).toBe('success');
    expect(r.json).toEqual([{ did: 'device.get', i: 0 }, { did: 'position.latest', i: 1 }, { did: 'device.list' }]);
    expect(r.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  });

  it('fails the run on an unknown operation, naming the parameter', async () => {
    const r = await engine.run({ type: 'flat', parameters: { operation: '={{ $json.op }}' }, input: [{ op: 'echo' }, { op: 'nope' }] });
    expect(r.status).toBe('error');
    expect(r.error?.message).toBe('Unknown operation "nope" (parameter "operation")');
    expect(r.error?.parameter).toBe('operation');
    expect(r.error?.node).toBe('Node');
  });

  it('fails on an operation that exists only for another resource, naming both', async () => {
    const r = await engine.run({ type: 'withResources', parameters: { resource: 'position', operation: 'get' } });
    expect(r.status).toBe('error');
    expect(r.error?.message).toBe('Unknown operation "get" for resource "position" (parameter "operation")');
  });

  it('fails on an unknown resource, naming the resource parameter', async () => {
    const r = await engine.run({ type: 'withResources', parameters: { resource: 'user', operation: 'get' } });
    expect(r.error?.message).toBe('Unknown resource "user" (parameter "resource")');
    expect(r.error?.parameter).toBe('resource');
  });

  it('stops at the first failing item without continueOnFail', async () => {
    const r = await engine.run({ type: 'flat', parameters: { operation: '={{ $json.op }}' }, input: [{ op: 'echo' }, { op: 'fail' }] });
    expect(r.status).toBe('error');
    expect(r.error?.message).toBe('boom on item 1');
  });

  it('turns failed items into paired {error} items under continueOnFail', async () => {
    const r = await engine.run({
      type: 'flat',
      parameters: { operation: '={{ $json.op }}' },
      input: [{ op: 'fail' }, { op: 'echo', v: 'ok' }, { op: 'nope' }],
      node: { onError: 'continueRegularOutput' },
    });
    expect(r.status).toBe('success');
    expect(r.json).toEqual([
      { error: { message: 'boom on item 0', name: 'Error' } },
      { echoed: 'ok', item: 1 },
      { error: { message: 'Unknown operation "nope" (parameter "operation")', name: 'NodeOperationError' } },
    ]);
    expect(r.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  });

  it('routes errors thrown as NodeOperationError with the item index set', async () => {
    let seen: NodeOperationError | undefined;
    const Thrower = defineNode({
      description: description('thrower', [operation(['x'])]),
      operations: {
        x: async (ctx, i) => {
          if (i === 1) {
            seen = new NodeOperationError(ctx.getNode(), 'bad item');
            throw seen;
          }
          return {};
        },
      },
    });
    const own = await kitEngine({ thrower: new Thrower() });
    const r = await own.run({ type: 'thrower', input: [{}, {}] });
    expect(r.error?.message).toBe('bad item');
    expect(seen?.itemIndex).toBe(1);
  });
});

describe('defineNode: the table is checked against the description', () => {
  it('refuses an operation the description does not offer', () => {
    expect(() => defineNode({ description: description('x', [operation(['get'])]), operations: { get: async () => ({}), delete: async () => ({}) } })).toThrow(
      'defineNode("x"): the operations table has operation "delete", which the description\'s options do not offer',
    );
  });

  it('refuses a table that misses an offered operation', () => {
    expect(() => defineNode({ description: description('x', [operation(['get', 'list'])]), operations: { get: async () => ({}) } })).toThrow(
      'defineNode("x"): the description offers operation "list", but the operations table has no handler for it',
    );
  });

  it('checks resources and the operations shown for each resource', () => {
    const props = [
      { displayName: 'Resource', name: 'resource', type: 'options', default: 'a', options: [{ name: 'A', value: 'a' }, { name: 'B', value: 'b' }] } as INodeProperties,
      operation(['get'], { resource: ['a'] }),
      operation(['list'], { resource: ['b'] }),
    ];
    const h = async () => ({});
    expect(() => defineNode({ description: description('r', props), operations: { a: { get: h }, b: { list: h }, c: { get: h } } })).toThrow('has resource "c"');
    expect(() => defineNode({ description: description('r', props), operations: { a: { get: h } } })).toThrow('offers resource "b"');
    expect(() => defineNode({ description: description('r', props), operations: { a: { get: h }, b: { get: h } } })).toThrow('the operations table has operation "get" for resource "b", which the description\'s options do not offer');
    expect(() => defineNode({ description: description('r', props), operations: { get: h, list: h } })).toThrow('must be resource → operation → handler; "get" is a handler');
  });

  it('refuses a resource table when the description has no resource parameter', () => {
    expect(() => defineNode({ description: description('x', [operation(['get'])]), operations: { device: { get: async () => ({}) } } })).toThrow(
      'operation "device" is not a function',
    );
  });

  it('refuses an operations table without an operation parameter, and both/neither of operations and execute', () => {
    expect(() => defineNode({ description: description('x', []), operations: { get: async () => ({}) } })).toThrow('needs an "operation" parameter');
    const execute = async () => [[]];
    expect(() => defineNode({ description: description('x', [operation(['get'])]), operations: { get: async () => ({}) }, execute })).toThrow('not both');
    expect(() => defineNode({ description: description('x', []) })).toThrow('give operations or execute');
  });
});
