import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { ACTIONS, DEVICE_OPERATIONS, TASK_OPERATIONS } from './actions/index.ts';
import { deviceIdProperties, show } from './actions/common.ts';
import { taskProperties } from './tasks.ts';
import { CREDENTIAL_TYPE } from './transport.ts';

const operation: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  options: ACTIONS.map((a) => a.operation),
  default: 'getDevice',
};

export const genieAcsDescription: INodeTypeDescription = {
  displayName: 'GenieACS',
  name: 'genieAcs',
  icon: 'fa:network-wired',
  group: ['transform'],
  version: 1,
  subtitle: '={{$parameter["operation"]}}',
  description: 'Find CPEs in GenieACS and run TR-069 tasks on them: read and set parameters, refresh, reboot, factory reset, firmware, tags, faults',
  defaults: { name: 'GenieACS' },
  inputs: ['main'],
  outputs: ['main'],
  credentials: [{ name: CREDENTIAL_TYPE, required: true }],
  codex: { categories: ['Network'] },
  properties: [
    operation,
    ...deviceIdProperties(show(...DEVICE_OPERATIONS)),
    ...ACTIONS.flatMap((a) => a.properties),
    ...taskProperties(TASK_OPERATIONS),
  ],
};
