import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { forEachItemOperation } from '../../host/engine/per-item.ts';
import { actionFor } from './actions/index.ts';
import { erpNextDescription } from './description.ts';
import { getDocTypes, getFields } from './load-options.ts';

/** ERPNext: one operation per input item, in order; each output item is paired with its input. */
export class ErpNext implements INodeType {
  description = erpNextDescription;

  methods = { loadOptions: { getDocTypes, getFields } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return [await forEachItemOperation(this, actionFor)];
  }
}
