// Small node types that exercise engine semantics the core nodes do not reach on their own:
// several outputs, several inputs, failures, empty output and slowness.
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import type { Registry } from '../../host/engine/registry.ts';

function describe(name: string, extra: Partial<INodeTypeDescription> = {}): INodeTypeDescription {
  return {
    displayName: name,
    name,
    group: ['transform'],
    version: 1,
    description: `test node ${name}`,
    defaults: { name },
    inputs: ['main'],
    outputs: ['main'],
    properties: [],
    ...extra,
  } as INodeTypeDescription;
}

/** Fails the first `failTimes` calls (parameter), then passes input through. Counts calls in static data. */
const flaky: INodeType = {
  description: describe('flaky', {
    properties: [{ displayName: 'Fail times', name: 'failTimes', type: 'number', default: 1000 }],
  }),
  async execute(this: IExecuteFunctions) {
    const data = this.getWorkflowStaticData('node');
    data.calls = ((data.calls as number) ?? 0) + 1;
    if ((data.calls as number) <= (this.getNodeParameter('failTimes', 0) as number)) throw new Error(`flaky failure #${data.calls}`);
    return [this.getInputData()];
  },
};

/** Routes each item to output 0 or 1 by `json.route`. */
const branch: INodeType = {
  description: describe('branch', { outputs: ['main', 'main'] }),
  async execute(this: IExecuteFunctions) {
    const out: INodeExecutionData[][] = [[], []];
    this.getInputData().forEach((item, i) => out[item.json.route === 1 ? 1 : 0].push({ json: item.json, pairedItem: { item: i } }));
    return out;
  },
};

/** Two inputs; outputs input 0 items then input 1 items, tagged with their input. */
const join: INodeType = {
  description: describe('join', { inputs: ['main', 'main'] }),
  async execute(this: IExecuteFunctions) {
    const a = this.getInputData(0).map((i) => ({ json: { ...i.json, from: 0 } }));
    const b = this.getInputData(1).map((i) => ({ json: { ...i.json, from: 1 } }));
    return [[...a, ...b]];
  },
};

/** Like join, but both inputs are required (n8n's requiredInputs). */
const strictJoin: INodeType = {
  description: describe('strictJoin', { inputs: ['main', 'main'], requiredInputs: [0, 1] }),
  execute: join.execute,
};

const empty: INodeType = {
  description: describe('empty'),
  async execute() {
    return [[]];
  },
};

const slow: INodeType = {
  description: describe('slow', { properties: [{ displayName: 'ms', name: 'ms', type: 'number', default: 200 }] }),
  async execute(this: IExecuteFunctions) {
    const ms = this.getNodeParameter('ms', 0) as number;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      this.getExecutionCancelSignal()?.addEventListener('abort', () => (clearTimeout(t), resolve()));
    });
    return [this.getInputData()];
  },
};

/** Emits items with an `error` field for items whose json.bad is true (continueOnFail style). */
const itemErrors: INodeType = {
  description: describe('itemErrors'),
  async execute(this: IExecuteFunctions) {
    return [this.getInputData().map((i) => (i.json.bad ? { json: { error: 'bad item' } } : i))];
  },
};

/** Echoes a parameter's resolved value for every item into json.value. */
const echo: INodeType = {
  description: describe('echo', { properties: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }] }),
  async execute(this: IExecuteFunctions) {
    return [this.getInputData().map((item, i) => ({ json: { ...item.json, value: this.getNodeParameter('value', i) as never } }))];
  },
};

/** Like a sticky note: no inputs, no outputs, nothing to run. */
const note: INodeType = { description: describe('note', { inputs: [], outputs: [], group: ['input'] }) };

/** The test node types with their full names, as the harness's `extraTypes` takes them. */
export function testNodeTypes(): Array<{ type: string; node: INodeType }> {
  return Object.entries({ flaky, branch, join, strictJoin, empty, slow, itemErrors, echo, note }).map(([name, node]) => ({ type: `test.${name}`, node }));
}

export function addTestNodes(registry: Registry): void {
  for (const { type, node } of testNodeTypes()) registry.addNodeType(type, node);
}
