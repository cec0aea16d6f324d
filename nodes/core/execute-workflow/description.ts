import type { INodeTypeDescription } from 'n8n-workflow';

/** n8n's Execute Workflow (v1–v1.2) parameters: source, workflowId (string or resource locator), mode, options. */
export const executeWorkflowDescription: INodeTypeDescription = {
  displayName: 'Execute Workflow',
  name: 'executeWorkflow',
  icon: 'fa:sign-in-alt',
  group: ['transform'],
  version: [1, 1.1, 1.2],
  description: 'Runs another workflow with these items and returns its result',
  defaults: { name: 'Execute Workflow', color: '#ff6d5a' },
  inputs: ['main'],
  outputs: ['main'],
  properties: [
    {
      displayName: 'Source',
      name: 'source',
      type: 'options',
      options: [
        { name: 'Database', value: 'database', description: 'A stored workflow, by id' },
        { name: 'Define Below', value: 'parameter', description: 'Workflow JSON given in a parameter' },
      ],
      default: 'database',
    },
    {
      displayName: 'Workflow',
      name: 'workflowId',
      type: 'string',
      default: '',
      required: true,
      displayOptions: { show: { source: ['database'] } },
      description: 'The id of the workflow to run (a resource locator {"__rl": true, "value": "<id>"} from n8n works too)',
    },
    {
      displayName: 'Workflow JSON',
      name: 'workflowJson',
      type: 'json',
      typeOptions: { rows: 10 },
      default: '\n\n\n',
      required: true,
      displayOptions: { show: { source: ['parameter'] } },
    },
    {
      displayName: 'Mode',
      name: 'mode',
      type: 'options',
      options: [
        { name: 'Run Once With All Items', value: 'once', description: 'One sub-execution receives every item' },
        { name: 'Run Once for Each Item', value: 'each', description: 'One sub-execution per item' },
      ],
      default: 'once',
      displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
    },
    {
      displayName: 'Options',
      name: 'options',
      type: 'collection',
      default: {},
      placeholder: 'Add option',
      options: [
        {
          displayName: 'Wait For Sub-Workflow Completion',
          name: 'waitForSubWorkflow',
          type: 'boolean',
          default: true,
          description: 'Whether to wait for the sub-workflow and return its last node output, or go on with the input items at once',
        },
      ],
    },
  ],
};
