import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

/**
 * Starts an error workflow. Another workflow names this one in settings.errorWorkflow; when a
 * production run of it fails, this trigger receives { execution: { id, url, error, lastNodeExecuted,
 * mode }, workflow: { id, name } }.
 */
export class ErrorTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Error Trigger',
    name: 'errorTrigger',
    icon: 'fa:bug',
    group: ['trigger'],
    version: 1,
    description: 'Runs when another workflow that names this one as its error workflow fails',
    maxNodes: 1,
    defaults: { name: 'Error Trigger', color: '#0000FF' },
    inputs: [],
    outputs: ['main'],
    properties: [
      {
        displayName: 'Set this workflow as "Error workflow" in the settings of the workflows to watch. It runs when one of their production executions fails.',
        name: 'notice',
        type: 'notice',
        default: '',
      },
    ],
  };
}
