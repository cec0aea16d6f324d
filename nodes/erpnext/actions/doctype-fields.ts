import type { IDataObject } from 'n8n-workflow';
import { fetchCatalog } from '../catalog.ts';
import type { JsonGet } from '../catalog.ts';
import { erpNextRequest, resourcePath } from '../transport.ts';
import { dataOf, requiredString, show } from './common.ts';
import type { ErpNextAction } from './common.ts';

/** GET /api/resource/DocType/{doctype} (+ its Custom Fields): the doctype's fields, as a catalog, one item per field, or raw. */
export const getDocTypeFields: ErpNextAction = {
  operation: { name: 'Get DocType Fields', value: 'getDocTypeFields', action: 'Get the fields of a doctype', description: "Read a doctype's metadata (its fields)" },
  properties: [
    {
      displayName: 'Output',
      name: 'metaOutput',
      type: 'options',
      options: [
        { name: 'Catalog', value: 'catalog', description: 'One item: doctype, module, istable, is_submittable, fields (fieldname, label, fieldtype, options, reqd)' },
        { name: 'One Item per Field', value: 'fields' },
        { name: 'Raw DocType', value: 'raw', description: 'The DocType document as ERPNext returns it (custom fields of standard doctypes are not in it)' },
      ],
      default: 'catalog',
      displayOptions: show('getDocTypeFields'),
    },
  ],
  async run(ctx, i) {
    const doctype = requiredString(ctx, 'doctype', i, 'DocType');
    // A missing doctype is a 404 for DocType "<doctype>": name it as the doctype, not as a DocType document.
    const get: JsonGet = (path, qs) => erpNextRequest(ctx, { method: 'GET', path, qs, subject: { doctype: path === resourcePath('Custom Field') ? 'Custom Field' : doctype, permission: 'read' } });
    const output = ctx.getNodeParameter('metaOutput', i, 'catalog');
    if (output === 'raw') return [dataOf<IDataObject>(await get(resourcePath('DocType', doctype)))];
    const catalog = await fetchCatalog(get, doctype);
    if (output === 'fields') return catalog.fields.map((f) => ({ doctype: catalog.doctype, ...f }));
    return [catalog as unknown as IDataObject];
  },
};
