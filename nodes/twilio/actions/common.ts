// What the operations share: the action shape, display rules, the recipient / sender / options
// parameters, and reading them for one item with errors that name the item and the field.
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { messagingServiceSid, recipientNumber, senderAddress } from '../phone.ts';
import { DEFAULT_MESSAGES_PER_SECOND } from '../sms.ts';

/** One operation: its entry in the Operation list, its own parameters, and what it does for item i. */
export interface TwilioAction {
  operation: INodePropertyOptions;
  properties: INodeProperties[];
  run(ctx: IExecuteFunctions, i: number): Promise<IDataObject[]>;
}

export const show = (...operations: string[]): INodeProperties['displayOptions'] => ({ show: { operation: operations } });

/** Operations that send an SMS. */
export const SENDING = ['sendSms', 'generateOtp'];

export const senderProperties: INodeProperties[] = [
  {
    displayName: 'To',
    name: 'to',
    type: 'string',
    required: true,
    default: '',
    placeholder: '+15145550100',
    displayOptions: show(...SENDING),
    description: 'The recipient in E.164 (+ and country code); spaces, dashes and brackets are ignored',
  },
  {
    displayName: 'Send From',
    name: 'sendFrom',
    type: 'options',
    options: [
      { name: 'Phone Number', value: 'phoneNumber', description: 'A number (or short code, or alphanumeric sender ID) of the account' },
      { name: 'Messaging Service', value: 'messagingService', description: 'Twilio picks the sender from the service\'s pool' },
    ],
    default: 'phoneNumber',
    displayOptions: show(...SENDING),
  },
  {
    displayName: 'From',
    name: 'from',
    type: 'string',
    required: true,
    default: '',
    placeholder: '+15145550199',
    displayOptions: { show: { operation: SENDING, sendFrom: ['phoneNumber'] } },
    description: 'An SMS-capable Twilio number of the account in E.164, a short code, or an alphanumeric sender ID',
  },
  {
    displayName: 'Messaging Service SID',
    name: 'messagingServiceSid',
    type: 'string',
    required: true,
    default: '',
    placeholder: 'MG0123456789abcdef0123456789abcdef',
    displayOptions: { show: { operation: SENDING, sendFrom: ['messagingService'] } },
  },
];

export const optionsProperty: INodeProperties = {
  displayName: 'Options',
  name: 'options',
  type: 'collection',
  placeholder: 'Add Option',
  default: {},
  displayOptions: show(...SENDING),
  options: [
    {
      displayName: 'Messages per Second',
      name: 'messagesPerSecond',
      type: 'number',
      typeOptions: { minValue: 0, numberPrecision: 2 },
      default: DEFAULT_MESSAGES_PER_SECOND,
      description: 'At most this many messages leave per second in one run (0 = no limit). A 429 from Twilio is still retried, honouring Retry-After.',
    },
    {
      displayName: 'Status Callback URL',
      name: 'statusCallback',
      type: 'string',
      default: '',
      placeholder: 'https://flows.example.com/webhook/twilio-status',
      description: 'Twilio posts the message\'s status changes here (e.g. a Twilio Trigger\'s URL)',
    },
  ],
};

/** The recipient and sender of item i, validated. */
export function addressesOf(ctx: IExecuteFunctions, i: number): { to: string; from?: string; messagingServiceSid?: string } {
  const node = ctx.getNode().name;
  const to = recipientNumber(ctx.getNodeParameter('to', i, ''), { node, itemIndex: i, parameter: 'to', label: 'To' });
  if (ctx.getNodeParameter('sendFrom', i, 'phoneNumber') === 'messagingService')
    return { to, messagingServiceSid: messagingServiceSid(ctx.getNodeParameter('messagingServiceSid', i, ''), { node, itemIndex: i, parameter: 'messagingServiceSid', label: 'Messaging Service SID' }) };
  return { to, from: senderAddress(ctx.getNodeParameter('from', i, ''), { node, itemIndex: i, parameter: 'from', label: 'From' }) };
}

/** Messages per second and the status callback URL of item i. */
export function sendOptions(ctx: IExecuteFunctions, i: number): { perSecond: number; statusCallback?: string } {
  const options = (ctx.getNodeParameter('options', i, {}) ?? {}) as IDataObject;
  const rate = options.messagesPerSecond === undefined || options.messagesPerSecond === '' ? DEFAULT_MESSAGES_PER_SECOND : Number(options.messagesPerSecond);
  if (!Number.isFinite(rate) || rate < 0)
    throw new NodeOperationError(ctx.getNode().name, `"Messages per Second" must be a number of 0 or more, not "${options.messagesPerSecond}"`, { parameter: 'options.messagesPerSecond', itemIndex: i });
  const callback = String(options.statusCallback ?? '').trim();
  if (callback && !/^https?:\/\/\S+$/i.test(callback))
    throw new NodeOperationError(ctx.getNode().name, `Item ${i}: "Status Callback URL" must be an http(s) URL, not "${callback}"`, { parameter: 'options.statusCallback', itemIndex: i });
  return { perSecond: rate, ...(callback ? { statusCallback: callback } : {}) };
}

/** A whole-number parameter within bounds, with an error naming it. */
export function boundedInteger(ctx: IExecuteFunctions, name: string, i: number, label: string, fallback: number, min: number, max: number): number {
  const raw = ctx.getNodeParameter(name, i, fallback);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new NodeOperationError(ctx.getNode().name, `"${label}" must be a whole number from ${min} to ${max}, not "${raw}"`, { parameter: name, itemIndex: i });
  return n;
}
