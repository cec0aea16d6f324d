// Every operation of the ERPNext node, in the order the Operation list shows them.
import { callMethod } from './call-method.ts';
import { cancelDocument } from './cancel.ts';
import type { ErpNextAction } from './common.ts';
import { countDocuments } from './count.ts';
import { createDocument } from './create.ts';
import { deleteDocument } from './delete.ts';
import { getDocTypeFields } from './doctype-fields.ts';
import { findEquipmentOwner } from './equipment-owner.ts';
import { getDocument } from './get.ts';
import { listDocuments } from './list.ts';
import { submitDocument } from './submit.ts';
import { updateDocument } from './update.ts';

export const ACTIONS: ErpNextAction[] = [
  getDocument,
  listDocuments,
  countDocuments,
  createDocument,
  updateDocument,
  deleteDocument,
  submitDocument,
  cancelDocument,
  callMethod,
  getDocTypeFields,
  findEquipmentOwner,
];

export const actionFor = (operation: string): ErpNextAction | undefined => ACTIONS.find((a) => a.operation.value === operation);
