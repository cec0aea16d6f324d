import type { IDataObject } from 'n8n-workflow';
import { erpNextRequest, resourcePath } from '../transport.ts';
import { dataOf, requiredString } from './common.ts';
import type { ErpNextAction } from './common.ts';

/** Submits a draft: PUT {"docstatus": 1}, which Frappe's save() treats as submit. */
export const submitDocument: ErpNextAction = {
  operation: { name: 'Submit Document', value: 'submit', action: 'Submit a document', description: 'Submit a draft of a submittable doctype (docstatus 0 → 1)' },
  properties: [],
  async run(ctx, i) {
    const doctype = requiredString(ctx, 'doctype', i, 'DocType');
    const name = requiredString(ctx, 'name', i, 'Document Name');
    const body = await erpNextRequest(ctx, { method: 'PUT', path: resourcePath(doctype, name), body: { docstatus: 1 }, subject: { doctype, name, permission: 'submit' } });
    return [dataOf<IDataObject>(body)];
  },
};
