// Every operation of the GenieACS node, in the order the Operation list shows them.
import type { GenieAcsAction } from './common.ts';
import { download } from './download.ts';
import { factoryReset } from './factory-reset.ts';
import { deleteFault, listFaults } from './faults.ts';
import { findDevices } from './find.ts';
import { getDevice } from './get.ts';
import { getParameterValues } from './get-parameter-values.ts';
import { reboot } from './reboot.ts';
import { refreshObject } from './refresh-object.ts';
import { setParameterValues } from './set-parameter-values.ts';
import { addTag, removeTag } from './tags.ts';

export const ACTIONS: GenieAcsAction[] = [
  findDevices,
  getDevice,
  getParameterValues,
  refreshObject,
  setParameterValues,
  reboot,
  factoryReset,
  download,
  addTag,
  removeTag,
  listFaults,
  deleteFault,
];

/** Operations that post a task to one device. */
export const TASK_OPERATIONS = ['getParameterValues', 'refreshObject', 'setParameterValues', 'reboot', 'factoryReset', 'download'];
/** Operations on one device named by its id (Get Device and List Faults show the id under their own conditions). */
export const DEVICE_OPERATIONS = [...TASK_OPERATIONS, 'addTag', 'removeTag'];

export const actionFor = (operation: string): GenieAcsAction | undefined => ACTIONS.find((a) => a.operation.value === operation);
