import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { forEachItemOperation } from '../../host/engine/per-item.ts';
import { actionFor } from './actions/index.ts';
import { genieAcsDescription } from './description.ts';

/** GenieACS: one operation per input item, in order; each output item is paired with its input. */
export class GenieAcs implements INodeType {
  description = genieAcsDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return [await forEachItemOperation(this, actionFor, { source: 'genieacs' })];
  }
}
