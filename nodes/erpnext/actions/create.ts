import type { IDataObject } from 'n8n-workflow';
import { erpNextRequest, resourcePath } from '../transport.ts';
import { dataOf, requiredString } from './common.ts';
import type { ErpNextAction } from './common.ts';
import { documentFor } from './document-body.ts';

/** POST /api/resource/{doctype}: ERPNext validates, names and saves it; the saved document comes back. */
export const createDocument: ErpNextAction = {
  operation: { name: 'Create Document', value: 'create', action: 'Create a document', description: 'Insert a new document' },
  properties: [],
  async run(ctx, i) {
    const doctype = requiredString(ctx, 'doctype', i, 'DocType');
    const doc = documentFor(ctx, i, doctype);
    const name = typeof doc.name === 'string' ? doc.name : undefined;
    const body = await erpNextRequest(ctx, { method: 'POST', path: resourcePath(doctype), body: doc, subject: { doctype, name, permission: 'create' } });
    return [dataOf<IDataObject>(body)];
  },
};
