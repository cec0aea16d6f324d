// Runs one node once: pinned data, disabled pass-through, trigger hand-off, executeOnce, retries,
// onError routing and alwaysOutputData. Returns the node's outputs or the error that stops the run.
import type { INodeType } from 'n8n-workflow';
import type { INode, INodeExecutionData } from '../model/index.ts';
import { serializeError } from '../model/index.ts';
import type { SerializedError } from '../model/index.ts';
import { createExecuteContext } from './node-context.ts';
import type { NodeRunScope } from './node-context.ts';

export type NodeOutputs = (INodeExecutionData[] | null)[];

/** The error name of a test run's refusal to call out (host/workflow-tests): never an expected failure. */
export const TEST_SETUP_ERROR = 'TestSetupError';

export interface NodeRunResult {
  outputs: NodeOutputs;
  /** The node's failure, kept in run data even when onError lets the workflow go on. */
  error?: SerializedError;
  /** True when the failure stops the workflow (onError: stopWorkflow, the default). */
  stop: boolean;
  tries: number;
}

/** n8n's clamp: 2–5 tries, 0–5000 ms apart; without retryOnFail one try. */
export function retryParams(node: { retryOnFail?: boolean; maxTries?: number; waitBetweenTries?: number }): { maxTries: number; waitMs: number } {
  if (node.retryOnFail !== true) return { maxTries: 1, waitMs: 0 };
  return {
    maxTries: Math.min(5, Math.max(2, node.maxTries || 3)),
    waitMs: Math.min(5000, Math.max(0, node.waitBetweenTries || 1000)),
  };
}

/** A node is a trigger when it has no main inputs; it hands on the items that started the run. */
export function isTrigger(type: INodeType): boolean {
  const inputs = type.description.inputs;
  return Array.isArray(inputs) && inputs.length === 0;
}

/**
 * Lineage of output items, as n8n stamps it: an item passed through unchanged (the same object as
 * an input item) pairs with that input position, whatever it carried before; a new item without
 * lineage pairs by position when counts match, or with the only input item.
 */
function addPairedItems(outputs: NodeOutputs, inputs: INodeExecutionData[][]): NodeOutputs {
  const positions = new Map<object, { item: number; input?: number }>();
  inputs.forEach((items, input) => items?.forEach((item, i) => positions.set(item, input ? { item: i, input } : { item: i })));
  const input = inputs[0] ?? [];
  return outputs.map(
    (items) =>
      items?.map((item, i) => {
        const same = positions.get(item);
        if (same) return { ...item, pairedItem: same };
        if (item.pairedItem !== undefined) return item;
        if (items.length === input.length) return { ...item, pairedItem: { item: i } };
        if (input.length === 1) return { ...item, pairedItem: { item: 0 } };
        return item;
      }) ?? null,
  );
}

/** Resolves after `ms`, or at once when the execution is canceled. */
export const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

function itemsWithError(items: INodeExecutionData[], error: SerializedError): INodeExecutionData[] {
  const json = { message: error.message, name: error.name, ...(error.description ? { description: error.description } : {}) };
  return items.map((item, i) => ({ json: { ...item.json, error: json }, pairedItem: { item: i } }));
}

function regularOutputCount(type: INodeType, outputs: NodeOutputs): number {
  const declared = type.description.outputs;
  return Array.isArray(declared) ? declared.length : Math.max(1, outputs.length);
}

async function execute(scope: NodeRunScope): Promise<NodeOutputs> {
  const { run, type, req } = scope;
  const input = run.inputs[0] ?? [];
  if (run.node.disabled) return [input];
  const pinned = req.mode === 'manual' || req.mode === 'test' ? req.pinData?.[run.node.name] : undefined;
  if (pinned) return [pinned.map((p) => ('json' in p ? p : { json: p as unknown as INodeExecutionData['json'] }))];
  if (isTrigger(type)) {
    if (req.triggerItems) return [req.triggerItems];
    if (!type.execute) return [[{ json: {} }]];
  }
  if (!type.execute) throw new Error(`Node type "${run.node.type}" cannot be executed as a regular node`);
  const result = await type.execute.call(createExecuteContext(scope));
  return (result ?? []) as NodeOutputs;
}

export async function runNode(scope: NodeRunScope): Promise<NodeRunResult> {
  const { run, type, signal } = scope;
  const node = run.node;
  if (node.executeOnce) run.inputs = run.inputs.map((items) => items.slice(0, 1));
  const input = run.inputs[0] ?? [];
  const double = node.disabled ? undefined : scope.req.testDouble?.(node, type, scope.runIndex, run.inputs);
  if (double && 'outputs' in double) return { outputs: alwaysOutput(node, addPairedItems(double.outputs, run.inputs), input), tries: 1, stop: false };
  // A test run that would reach an outside system stops there, whatever the node's onError says.
  if (double && 'refuse' in double) return { outputs: [], tries: 0, stop: true, error: { ...serializeError(new Error(double.refuse), node.name), name: TEST_SETUP_ERROR } };
  if (double) return failed(node, type, input, double.error, 1);
  const { maxTries, waitMs } = retryParams(node);
  let lastError: SerializedError | undefined;
  let tries = 0;
  for (; tries < maxTries && !signal.aborted; ) {
    tries++;
    try {
      let outputs = addPairedItems(await execute(scope), run.inputs);
      // n8n counts a try as failed when an item carries an error, so retries apply to it too.
      const failedItem = outputs.flat().find((i) => i?.json?.error !== undefined && node.retryOnFail);
      if (failedItem && tries < maxTries) throw new Error(String((failedItem.json.error as { message?: string })?.message ?? failedItem.json.error));
      if (node.onError === 'continueErrorOutput') outputs = routeItemErrors(outputs, regularOutputCount(type, outputs));
      return { outputs: alwaysOutput(node, outputs, input), tries, stop: false };
    } catch (err) {
      lastError = serializeError(err, node.name);
      if (tries < maxTries) await sleep(waitMs, signal);
    }
  }
  return failed(node, type, input, lastError ?? serializeError(new Error('Execution was canceled'), node.name), tries);
}

/** With alwaysOutputData, a node that output nothing hands on one empty item. */
function alwaysOutput(node: INode, outputs: NodeOutputs, input: INodeExecutionData[]): NodeOutputs {
  if (!node.alwaysOutputData || outputs.some((o) => o?.length)) return outputs;
  return [[{ json: {}, pairedItem: input.map((_, i) => ({ item: i })) }], ...outputs.slice(1)];
}

/** A node's final failure, routed as its onError setting says. */
function failed(node: INode, type: INodeType, input: INodeExecutionData[], error: SerializedError, tries: number): NodeRunResult {
  if (node.onError === 'continueErrorOutput') {
    const outputs: NodeOutputs = Array.from({ length: regularOutputCount(type, []) }, () => []);
    outputs.push(itemsWithError(input, error));
    return { outputs, tries, error, stop: false };
  }
  if (node.onError === 'continueRegularOutput' || node.continueOnFail) return { outputs: [input], tries, error, stop: false };
  return { outputs: [], tries, error, stop: true };
}

/** With continueErrorOutput, items a node marked with `json.error` leave on the error output (the last one). */
function routeItemErrors(outputs: NodeOutputs, regular: number): NodeOutputs {
  const errors: INodeExecutionData[] = [];
  const kept = Array.from({ length: regular }, (_, i) =>
    (outputs[i] ?? []).filter((item) => (item.json?.error !== undefined ? (errors.push(item), false) : true)),
  );
  return [...kept, errors];
}
