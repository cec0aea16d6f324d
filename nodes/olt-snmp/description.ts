import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { ACTIONS } from './actions/index.ts';
import { onuProperties, optionsProperty } from './actions/common.ts';
import { CREDENTIAL_TYPE } from './transport.ts';

const operation: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  options: ACTIONS.map((a) => a.operation),
  default: 'onuOptical',
};

export const oltSnmpDescription: INodeTypeDescription = {
  displayName: 'OLT SNMP',
  name: 'oltSnmp',
  icon: 'fa:network-wired',
  group: ['input'],
  version: 1,
  subtitle: '={{$parameter["operation"] + ($parameter["ponPort"] ? ": " + $parameter["ponPort"] : "")}}',
  description: 'Read ONU optical power and status, PON port status and any OID from Huawei and ZTE GPON OLTs over SNMP',
  defaults: { name: 'OLT SNMP' },
  inputs: ['main'],
  outputs: ['main'],
  credentials: [{ name: CREDENTIAL_TYPE, required: true, testedBy: 'oltSnmpConnection' }],
  codex: { categories: ['Network'] },
  properties: [operation, ...onuProperties, ...ACTIONS.flatMap((a) => a.properties), optionsProperty([])],
};
