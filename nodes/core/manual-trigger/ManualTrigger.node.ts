import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

/** Starts a workflow by hand (editor "Execute", API run, CLI run). The engine hands it the run's input. */
export class ManualTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Manual Trigger',
    name: 'manualTrigger',
    icon: 'fa:mouse-pointer',
    group: ['trigger'],
    version: 1,
    description: 'Runs the flow when you execute it by hand',
    maxNodes: 1,
    defaults: { name: 'When clicking ‘Execute workflow’', color: '#909298' },
    inputs: [],
    outputs: ['main'],
    properties: [
      {
        displayName: 'This node is where the workflow starts when you run it by hand, from the editor, the API or `gigaflow run`.',
        name: 'notice',
        type: 'notice',
        default: '',
      },
    ],
  };
}
