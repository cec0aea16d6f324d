import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { ACTIONS } from './actions/index.ts';
import { optionsProperty, senderProperties } from './actions/common.ts';
import { CREDENTIAL_TYPE } from './client.ts';

const operation: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  options: ACTIONS.map((a) => a.operation),
  default: 'sendSms',
};

export const twilioDescription: INodeTypeDescription = {
  displayName: 'Twilio',
  name: 'twilio',
  icon: 'fa:sms',
  group: ['output'],
  version: 1,
  subtitle: '={{$parameter["operation"]}}',
  description: 'Send SMS through Twilio, and send and verify one-time codes',
  defaults: { name: 'Twilio' },
  inputs: ['main'],
  outputs: ['main'],
  credentials: [{ name: CREDENTIAL_TYPE, required: true, testedBy: 'twilioAccount' }],
  codex: { categories: ['Messaging'] },
  properties: [operation, ...senderProperties, ...ACTIONS.flatMap((a) => a.properties), optionsProperty],
};
