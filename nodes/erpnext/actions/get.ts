import type { IDataObject } from 'n8n-workflow';
import { resourcePath, erpNextRequest } from '../transport.ts';
import { dataOf, requiredString, show } from './common.ts';
import type { ErpNextAction } from './common.ts';

/** GET /api/resource/{doctype}/{name}: the whole document, child tables included. */
export const getDocument: ErpNextAction = {
  operation: { name: 'Get Document', value: 'get', action: 'Get a document', description: 'Read one document by name' },
  properties: [
    {
      displayName: 'Expand Links',
      name: 'expandLinks',
      type: 'boolean',
      default: false,
      displayOptions: show('get'),
      description: 'Whether Link fields come back as the linked documents instead of their names (Frappe v15+)',
    },
  ],
  async run(ctx, i) {
    const doctype = requiredString(ctx, 'doctype', i, 'DocType');
    const name = requiredString(ctx, 'name', i, 'Document Name');
    const qs = ctx.getNodeParameter('expandLinks', i, false) ? { expand_links: 1 } : undefined;
    const body = await erpNextRequest(ctx, { method: 'GET', path: resourcePath(doctype, name), qs, subject: { doctype, name, permission: 'read' } });
    return [dataOf<IDataObject>(body)];
  },
};
