import type { INodeTypeDescription } from 'n8n-workflow';
import { CREDENTIAL_TYPE } from '../transport.ts';

export const DOC_EVENTS = ['after_insert', 'on_update', 'on_submit', 'on_cancel', 'on_trash', 'on_update_after_submit', 'on_change'];

const SETUP = [
  'In ERPNext open Webhook → New. DocType: the doctype below; Doc Event: the event; Request URL: this node\'s webhook URL',
  'followed by ?event=on_update&doctype=Issue (the same event and doctype), or put "doctype" and "event" keys in the Webhook\'s JSON.',
  'Request Method must match the HTTP Method here. For signed calls tick "Enable Security", and copy the Webhook Secret into the credential.',
].join(' ');

/** ERPNext Trigger: a webhook endpoint for Frappe's Webhook doctype. */
export const erpNextTriggerDescription: INodeTypeDescription = {
  displayName: 'ERPNext Trigger',
  name: 'erpNextTrigger',
  icon: 'fa:industry',
  group: ['trigger'],
  version: 1,
  description: 'Starts the workflow when ERPNext sends a document event (Webhook doctype)',
  eventTriggerDescription: 'Waiting for an ERPNext webhook',
  activationMessage: 'Create a Webhook in ERPNext pointing at this URL (see the note in the node).',
  defaults: { name: 'ERPNext Trigger' },
  inputs: [],
  outputs: ['main'],
  // Optional: without it (or without a webhook secret in it) calls are not signature-checked.
  credentials: [{ name: CREDENTIAL_TYPE, required: false }],
  codex: { categories: ['ERPNext'] },
  webhooks: [{ name: 'default', httpMethod: '={{$parameter["httpMethod"]}}', responseMode: 'onReceived', path: '={{$parameter["path"]}}' }],
  properties: [
    { displayName: SETUP, name: 'setupNotice', type: 'notice', default: '' },
    {
      displayName: 'HTTP Method',
      name: 'httpMethod',
      type: 'options',
      options: [
        { name: 'POST', value: 'POST' },
        { name: 'PUT', value: 'PUT' },
        { name: 'DELETE', value: 'DELETE' },
      ],
      default: 'POST',
      description: 'The "Request Method" of the Frappe Webhook',
    },
    {
      displayName: 'Path',
      name: 'path',
      type: 'string',
      default: '',
      placeholder: 'erpnext/issues',
      description: "Path of the webhook URL; empty uses the node's webhook ID",
    },
    {
      displayName: 'DocType Name or ID',
      name: 'doctype',
      type: 'options',
      typeOptions: { loadOptionsMethod: 'getDocTypesOrAny' },
      default: '*',
      description: 'Only calls about this doctype start the workflow; * takes any. Choose from the list, or specify one using an expression.',
    },
    {
      displayName: 'Events',
      name: 'events',
      type: 'multiOptions',
      options: [{ name: 'Any Event (*)', value: '*' }, ...DOC_EVENTS.map((e) => ({ name: e, value: e }))],
      default: ['*'],
      description: 'Only these document events start the workflow; others are acknowledged and ignored',
    },
  ],
};
