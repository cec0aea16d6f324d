// Every operation of the OLT SNMP node, in the order the Operation list shows them.
import type { OltAction } from './common.ts';
import { getOids } from './get.ts';
import { onuOptical } from './onu-optical.ts';
import { onuStatus } from './onu-status.ts';
import { portStatus } from './port-status.ts';
import { walkSubtree } from './walk.ts';

export const ACTIONS: OltAction[] = [onuOptical, onuStatus, portStatus, getOids, walkSubtree];

export const actionFor = (operation: string): OltAction | undefined => ACTIONS.find((a) => a.operation.value === operation);
