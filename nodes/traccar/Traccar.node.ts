// Traccar: technicians' GPS devices and positions for dispatch. Built with the node kit
// (docs/authoring-nodes.md builds this file step by step).
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { defineNode } from '../../host/kit/index.ts';
import { traccarDescription } from './description.ts';
import { getDevice, getManyDevices } from './operations/device.ts';
import { getHistory, getLatestForInputItems, getLatestFromList } from './operations/position.ts';

/** Every operation, run once per input item by the kit (routing, pairing, continueOnFail). */
const PerItem = defineNode({
  description: traccarDescription,
  operations: {
    device: { get: getDevice, getMany: getManyDevices },
    position: { getLatest: getLatestFromList, getHistory },
  },
});
const perItem = new PerItem();

/** Position → Get Latest with "Devices From: Input Items" polls all items' devices together. */
function pollsAllItems(ctx: IExecuteFunctions): boolean {
  if (ctx.getInputData().length === 0) return false;
  return ctx.getNodeParameter('resource', 0) === 'position' && ctx.getNodeParameter('operation', 0) === 'getLatest' && ctx.getNodeParameter('deviceSource', 0) === 'inputItems';
}

export const Traccar = defineNode({
  description: traccarDescription,
  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    if (pollsAllItems(this)) return [await getLatestForInputItems(this)];
    return (await perItem.execute!.call(this)) as INodeExecutionData[][];
  },
});
