import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { limitDescription } from './description.ts';

export class Limit implements INodeType {
  description = limitDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const raw = this.getNodeParameter('maxItems', 0);
    const maxItems = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof maxItems !== 'number' || !Number.isInteger(maxItems) || maxItems < 0)
      throw new NodeOperationError(this.getNode(), `Max Items must be a whole number, not ${JSON.stringify(raw)}`, { parameter: 'maxItems' });
    const keep = this.getNodeParameter('keep', 0, 'firstItems') as string;
    if (keep !== 'firstItems' && keep !== 'lastItems')
      throw new NodeOperationError(this.getNode(), `Keep must be "firstItems" or "lastItems", not "${keep}"`, { parameter: 'keep' });
    const start = keep === 'lastItems' ? Math.max(0, items.length - maxItems) : 0;
    const end = keep === 'lastItems' ? items.length : Math.min(items.length, maxItems);
    const kept: INodeExecutionData[] = [];
    for (let i = start; i < end; i++) kept.push({ ...items[i], pairedItem: { item: i } });
    return [kept];
  }
}
