import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

/** Where a sub-workflow starts: it hands on the items its caller (Execute Workflow) sent. */
export class ExecuteWorkflowTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Execute Workflow Trigger',
    name: 'executeWorkflowTrigger',
    icon: 'fa:sign-out-alt',
    group: ['trigger'],
    version: [1, 1.1],
    description: 'Starts the workflow when another workflow runs it with Execute Workflow',
    maxNodes: 1,
    defaults: { name: 'When Executed by Another Workflow', color: '#ff6d5a' },
    inputs: [],
    outputs: ['main'],
    properties: [
      {
        displayName: 'Input data mode',
        name: 'inputSource',
        type: 'options',
        options: [{ name: 'Accept all data', value: 'passthrough', description: 'Use every item the caller sends as it is' }],
        default: 'passthrough',
        displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
      },
    ],
  };
}
