import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { forEachItem } from '../../host/engine/per-item.ts';
import { NodeOperationError } from '../../host/model/errors.ts';
import { actionFor } from './actions/index.ts';
import { erpNextDescription } from './description.ts';
import { getDocTypes, getFields } from './load-options.ts';

/** ERPNext: one operation per input item, in order; each output item is paired with its input. */
export class ErpNext implements INodeType {
  description = erpNextDescription;

  methods = { loadOptions: { getDocTypes, getFields } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return [
      await forEachItem(this, async (i) => {
        const operation = String(this.getNodeParameter('operation', i));
        const action = actionFor(operation);
        if (!action) throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`, { parameter: 'operation', itemIndex: i });
        return action.run(this, i);
      }),
    ];
  }
}
