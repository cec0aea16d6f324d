import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { matchEach } from '../conditions/node-conditions.ts';
import { filterDescription } from './description.ts';

export class Filter implements INodeType {
  description = filterDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    // A failing item (with continueOnFail) is discarded, as in n8n.
    const matches = matchEach(this, 'conditions');
    const kept = this.getInputData().flatMap((item, i) => (matches[i] ? [{ ...item, pairedItem: { item: i } }] : []));
    return [kept];
  }
}
