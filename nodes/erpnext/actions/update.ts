import type { IDataObject } from 'n8n-workflow';
import { erpNextRequest, resourcePath } from '../transport.ts';
import { dataOf, requiredString } from './common.ts';
import type { ErpNextAction } from './common.ts';
import { documentFor } from './document-body.ts';

/** PUT /api/resource/{doctype}/{name}: only the fields sent change; the saved document comes back. */
export const updateDocument: ErpNextAction = {
  operation: { name: 'Update Document', value: 'update', action: 'Update a document', description: 'Change fields of a document' },
  properties: [],
  async run(ctx, i) {
    const doctype = requiredString(ctx, 'doctype', i, 'DocType');
    const name = requiredString(ctx, 'name', i, 'Document Name');
    const doc = documentFor(ctx, i, doctype);
    const body = await erpNextRequest(ctx, { method: 'PUT', path: resourcePath(doctype, name), body: doc, subject: { doctype, name, permission: 'write' } });
    return [dataOf<IDataObject>(body)];
  },
};
