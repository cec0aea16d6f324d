import type { INodeTypeDescription } from 'n8n-workflow';
import { operationProperties, operationProperty } from './actions/index.ts';

export const CREDENTIAL_TYPE = 'gigafibreTplinkModem';

export const tplinkBridgeDescription: INodeTypeDescription = {
  displayName: 'TP-Link Bridge',
  name: 'tplinkBridge',
  icon: 'fa:wifi',
  group: ['input'],
  version: 1,
  subtitle: '={{$parameter["operation"]}}',
  description: 'Read a TP-Link XX230v-class gateway through its own web UI: device info, Wi-Fi, hosts, WAN, optical levels, mesh, raw objects; reboot',
  defaults: { name: 'TP-Link Bridge' },
  inputs: ['main'],
  outputs: ['main'],
  credentials: [{ name: CREDENTIAL_TYPE, required: true, testedBy: 'tplinkModemLogin' }],
  codex: { categories: ['Network'] },
  properties: [operationProperty, ...operationProperties],
};
