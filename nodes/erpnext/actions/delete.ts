import { erpNextRequest, resourcePath } from '../transport.ts';
import { requiredString } from './common.ts';
import type { ErpNextAction } from './common.ts';

/** DELETE /api/resource/{doctype}/{name} (Frappe answers 202 {"data": "ok"}). */
export const deleteDocument: ErpNextAction = {
  operation: { name: 'Delete Document', value: 'delete', action: 'Delete a document', description: 'Delete a document' },
  properties: [],
  async run(ctx, i) {
    const doctype = requiredString(ctx, 'doctype', i, 'DocType');
    const name = requiredString(ctx, 'name', i, 'Document Name');
    await erpNextRequest(ctx, { method: 'DELETE', path: resourcePath(doctype, name), subject: { doctype, name, permission: 'delete' } });
    return [{ doctype, name, deleted: true }];
  },
};
