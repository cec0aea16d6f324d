import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError } from '../../host/model/errors.ts';
import { actionFor } from './actions/index.ts';
import { genieAcsDescription } from './description.ts';

/** An error as an item's `json.error` under continueOnFail. */
function errorJson(err: unknown): IDataObject {
  const e = err as Error & { description?: string; httpCode?: string };
  return {
    message: e?.message ?? String(err),
    name: e?.name ?? 'Error',
    ...(e?.description ? { description: e.description } : {}),
    ...(e?.httpCode ? { httpCode: e.httpCode } : {}),
  };
}

/** GenieACS: one operation per input item, in order; each output item is paired with its input. */
export class GenieAcs implements INodeType {
  description = genieAcsDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const out: INodeExecutionData[] = [];
    for (let i = 0; i < items.length; i++) {
      try {
        const operation = String(this.getNodeParameter('operation', i));
        const action = actionFor(operation);
        if (!action) throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`, { parameter: 'operation', itemIndex: i });
        for (const json of await action.run(this, i)) out.push({ json, pairedItem: { item: i } });
      } catch (err) {
        if (this.continueOnFail()) {
          out.push({ json: { error: errorJson(err) }, pairedItem: { item: i } });
          continue;
        }
        if (err instanceof NodeOperationError && err.itemIndex === undefined) err.itemIndex = i;
        throw err;
      }
    }
    return [out];
  }
}
