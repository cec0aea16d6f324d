import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

const units = [
  { name: 'Seconds', value: 'seconds' },
  { name: 'Minutes', value: 'minutes' },
  { name: 'Hours', value: 'hours' },
  { name: 'Days', value: 'days' },
];

const webhookOnly = { show: { resume: ['webhook'] } };
const limited = (limitType: string) => ({ show: { resume: ['webhook'], limitWaitTime: [true], limitType: [limitType] } });

const properties: INodeProperties[] = [
  {
    displayName: 'Resume',
    name: 'resume',
    type: 'options',
    options: [
      { name: 'After Time Interval', value: 'timeInterval', description: 'Waits for a certain amount of time' },
      { name: 'At Specified Time', value: 'specificTime', description: 'Waits until a date and time' },
      { name: 'On Webhook Call', value: 'webhook', description: 'Waits for a call to $execution.resumeUrl' },
    ],
    default: 'timeInterval',
  },
  { displayName: 'Wait Amount', name: 'amount', type: 'number', typeOptions: { minValue: 0, numberPrecision: 2 }, default: 1, displayOptions: { show: { resume: ['timeInterval'] } } },
  { displayName: 'Wait Unit', name: 'unit', type: 'options', options: units, default: 'hours', displayOptions: { show: { resume: ['timeInterval'] } } },
  { displayName: 'Date and Time', name: 'dateTime', type: 'dateTime', default: '', required: true, displayOptions: { show: { resume: ['specificTime'] } } },
  {
    displayName: 'HTTP Method',
    name: 'httpMethod',
    type: 'options',
    options: ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'].map((m) => ({ name: m, value: m })),
    default: 'GET',
    displayOptions: webhookOnly,
  },
  {
    displayName: 'Respond',
    name: 'responseMode',
    type: 'options',
    options: [
      { name: 'Immediately', value: 'onReceived' },
      { name: 'When Last Node Finishes', value: 'lastNode' },
      { name: "Using 'Respond to Webhook' Node", value: 'responseNode' },
    ],
    default: 'onReceived',
    displayOptions: webhookOnly,
  },
  { displayName: 'Limit Wait Time', name: 'limitWaitTime', type: 'boolean', default: false, displayOptions: webhookOnly },
  {
    displayName: 'Limit Type',
    name: 'limitType',
    type: 'options',
    options: [
      { name: 'After Time Interval', value: 'afterTimeInterval' },
      { name: 'At Specified Time', value: 'atSpecifiedTime' },
    ],
    default: 'afterTimeInterval',
    displayOptions: { show: { resume: ['webhook'], limitWaitTime: [true] } },
  },
  { displayName: 'Amount', name: 'resumeAmount', type: 'number', typeOptions: { minValue: 0 }, default: 1, displayOptions: limited('afterTimeInterval') },
  { displayName: 'Unit', name: 'resumeUnit', type: 'options', options: units, default: 'hours', displayOptions: limited('afterTimeInterval') },
  { displayName: 'Max Date and Time', name: 'maxDateAndTime', type: 'dateTime', default: '', displayOptions: limited('atSpecifiedTime') },
];

/** n8n's Wait (v1, v1.1) parameters; "form" resume is not supported. */
export const waitDescription: INodeTypeDescription = {
  displayName: 'Wait',
  name: 'wait',
  icon: 'fa:pause-circle',
  group: ['organization'],
  version: [1, 1.1],
  description: 'Pause the workflow for a time, until a date, or until its resume URL is called',
  defaults: { name: 'Wait', color: '#804050' },
  inputs: ['main'],
  outputs: ['main'],
  properties,
};
