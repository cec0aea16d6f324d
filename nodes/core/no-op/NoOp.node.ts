import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

/** Passes its input through unchanged: a named waypoint on the canvas. */
export class NoOp implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'No Operation, do nothing',
    name: 'noOp',
    icon: 'fa:arrow-right',
    group: ['organization'],
    version: 1,
    description: 'No operation',
    defaults: { name: 'No Operation, do nothing', color: '#b0b0b0' },
    inputs: ['main'],
    outputs: ['main'],
    properties: [],
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return [this.getInputData()];
  }
}
