import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { matchEach } from '../conditions/node-conditions.ts';
import { ifDescription } from './description.ts';

export class If implements INodeType {
  description = ifDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const trueItems: INodeExecutionData[] = [];
    const falseItems: INodeExecutionData[] = [];
    // A failing item (with continueOnFail) goes to false, as in n8n.
    const matches = matchEach(this, 'conditions');
    this.getInputData().forEach((item, i) => (matches[i] ? trueItems : falseItems).push({ ...item, pairedItem: { item: i } }));
    return [trueItems, falseItems];
  }
}
