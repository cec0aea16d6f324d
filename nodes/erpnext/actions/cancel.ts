import type { IDataObject } from 'n8n-workflow';
import { erpNextRequest, resourcePath } from '../transport.ts';
import { dataOf, requiredString } from './common.ts';
import type { ErpNextAction } from './common.ts';

/** frappe.client.cancel (docstatus 1 → 2), then reads the document back so the output shows it cancelled. */
export const cancelDocument: ErpNextAction = {
  operation: { name: 'Cancel Document', value: 'cancel', action: 'Cancel a document', description: 'Cancel a submitted document (docstatus 1 → 2)' },
  properties: [],
  async run(ctx, i) {
    const doctype = requiredString(ctx, 'doctype', i, 'DocType');
    const name = requiredString(ctx, 'name', i, 'Document Name');
    const subject = { doctype, name, permission: 'cancel' };
    await erpNextRequest(ctx, { method: 'POST', path: '/api/method/frappe.client.cancel', body: { doctype, name }, subject });
    const body = await erpNextRequest(ctx, { method: 'GET', path: resourcePath(doctype, name), subject: { ...subject, permission: 'read' } });
    return [dataOf<IDataObject>(body)];
  },
};
