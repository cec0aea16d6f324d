import type { INodeTypeDescription } from 'n8n-workflow';
import { CREDENTIAL_TYPE } from '../client.ts';

const SETUP = [
  'In the Twilio Console set this node\'s URL as the number\'s (or Messaging Service\'s) "A message comes in" webhook (HTTP POST),',
  'and/or use it as the Status Callback URL of sent messages. Twilio signs each call with the account\'s Auth Token over the exact URL it calls:',
  'if Gigaflow sits behind a proxy, GIGAFLOW_PUBLIC_URL (or "Public URL Override" below) must be the URL as Twilio sees it.',
].join(' ');

/** Twilio Trigger: inbound SMS and message status callbacks, signature-checked. */
export const twilioTriggerDescription: INodeTypeDescription = {
  displayName: 'Twilio Trigger',
  name: 'twilioTrigger',
  icon: 'fa:sms',
  group: ['trigger'],
  version: 1,
  description: 'Starts the workflow when an SMS arrives or a sent message changes status',
  eventTriggerDescription: 'Waiting for Twilio to call',
  activationMessage: 'Set this URL as the messaging webhook or status callback in Twilio (see the note in the node).',
  defaults: { name: 'Twilio Trigger' },
  inputs: [],
  outputs: ['main'],
  // Required: its Auth Token is the key Twilio signs webhooks with.
  credentials: [{ name: CREDENTIAL_TYPE, required: true }],
  codex: { categories: ['Messaging'] },
  webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: '={{$parameter["responseMode"]}}', path: '={{$parameter["path"]}}' }],
  properties: [
    { displayName: SETUP, name: 'setupNotice', type: 'notice', default: '' },
    // Twilio's messaging webhooks POST form data; the webhook service reads the method from this parameter.
    { displayName: 'HTTP Method', name: 'httpMethod', type: 'hidden', default: 'POST' },
    { displayName: 'Path', name: 'path', type: 'string', default: '', placeholder: 'twilio/sms', description: "Path of the webhook URL; empty uses the node's webhook ID" },
    {
      displayName: 'Events',
      name: 'events',
      type: 'options',
      options: [
        { name: 'Inbound Messages and Status Callbacks', value: 'both' },
        { name: 'Inbound Messages', value: 'inbound', description: 'An SMS sent to your number' },
        { name: 'Status Callbacks', value: 'status', description: 'Status changes of messages you sent (sent, delivered, failed …)' },
      ],
      default: 'both',
      description: 'Calls of the other kind are answered and ignored',
    },
    {
      displayName: 'Public URL Override',
      name: 'publicUrl',
      type: 'string',
      default: '',
      placeholder: 'https://sms.example.com/webhook/twilio/sms',
      description:
        'The exact URL configured in Twilio, when it differs from this node\'s URL under GIGAFLOW_PUBLIC_URL (a proxy rewriting paths). The signature is checked against it; the query string of the call is appended when it has none.',
    },
    {
      displayName: 'Respond',
      name: 'responseMode',
      type: 'options',
      options: [
        { name: 'Immediately With Empty TwiML', value: 'onReceived', description: 'Answer <Response/> (text/xml): no reply SMS' },
        { name: 'Using Respond to Webhook Node', value: 'responseNode', description: 'The flow answers, e.g. with TwiML <Message> to reply' },
      ],
      default: 'onReceived',
    },
  ],
};
