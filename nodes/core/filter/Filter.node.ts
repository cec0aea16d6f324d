import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { itemCondition } from '../conditions/node-conditions.ts';
import type { ItemCondition } from '../conditions/node-conditions.ts';
import { filterDescription } from './description.ts';

export class Filter implements INodeType {
  description = filterDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const kept: INodeExecutionData[] = [];
    let test: ItemCondition | undefined;
    try {
      test = itemCondition(this, 'conditions');
    } catch (err) {
      if (!this.continueOnFail()) throw err;
    }
    items.forEach((item, i) => {
      try {
        if (test?.(i, item)) kept.push({ ...item, pairedItem: { item: i } });
      } catch (err) {
        // As in n8n: with continueOnFail an item whose condition fails is discarded.
        if (!this.continueOnFail()) throw err;
      }
    });
    return [kept];
  }
}
