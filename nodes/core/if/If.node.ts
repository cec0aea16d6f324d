import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { itemCondition } from '../conditions/node-conditions.ts';
import type { ItemCondition } from '../conditions/node-conditions.ts';
import { ifDescription } from './description.ts';

export class If implements INodeType {
  description = ifDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const trueItems: INodeExecutionData[] = [];
    const falseItems: INodeExecutionData[] = [];
    let test: ItemCondition | undefined;
    try {
      test = itemCondition(this, 'conditions');
    } catch (err) {
      if (!this.continueOnFail()) throw err;
    }
    items.forEach((item, i) => {
      let pass = false;
      try {
        pass = test ? test(i, item) : false;
      } catch (err) {
        // As in n8n: with continueOnFail an item whose condition fails goes to false.
        if (!this.continueOnFail()) throw err;
      }
      (pass ? trueItems : falseItems).push({ ...item, pairedItem: { item: i } });
    });
    return [trueItems, falseItems];
  }
}
