// The loop most integration nodes need: run once per input item, pair every output with its item,
// and under continueOnFail turn a failed item into an `{error}` item instead of stopping the run.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from '../model/index.ts';

/** An error as an item's `json.error` under continueOnFail: what the user needs to act on it. */
export function errorItemJson(err: unknown): IDataObject {
  const e = err as Error & { description?: string; httpCode?: string };
  return {
    message: e?.message ?? String(err),
    name: e?.name ?? 'Error',
    ...(e?.description ? { description: e.description } : {}),
    ...(e?.httpCode ? { httpCode: e.httpCode } : {}),
  };
}

export interface PerItemOptions {
  /** Written as `json.source` on error items, so a node merging several sources can tell who failed. */
  source?: string;
}

/** Runs `run` for each item in order; its results become items paired with that input item. */
export async function forEachItem(
  ctx: IExecuteFunctions,
  run: (itemIndex: number, item: INodeExecutionData) => Promise<IDataObject[]>,
  opts: PerItemOptions = {},
): Promise<INodeExecutionData[]> {
  const items = ctx.getInputData();
  const out: INodeExecutionData[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      for (const json of await run(i, items[i])) out.push({ json, pairedItem: { item: i } });
    } catch (err) {
      if (ctx.continueOnFail()) {
        out.push({ json: { error: errorItemJson(err), ...(opts.source ? { source: opts.source } : {}) }, pairedItem: { item: i } });
        continue;
      }
      if (err instanceof NodeOperationError && err.itemIndex === undefined) err.itemIndex = i;
      throw err;
    }
  }
  return out;
}

/** What an operation-routed node keeps per operation (n8n's `operation` parameter picks one). */
export interface ItemOperation {
  run(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]>;
}

/** forEachItem for nodes with an `operation` parameter: each item runs the operation it names. */
export function forEachItemOperation(ctx: IExecuteFunctions, operationFor: (name: string) => ItemOperation | undefined, opts: PerItemOptions = {}): Promise<INodeExecutionData[]> {
  return forEachItem(
    ctx,
    async (i) => {
      const operation = String(ctx.getNodeParameter('operation', i));
      const action = operationFor(operation);
      if (!action) throw new NodeOperationError(ctx.getNode(), `Unknown operation "${operation}"`, { parameter: 'operation', itemIndex: i });
      return action.run(ctx, i);
    },
    opts,
  );
}
