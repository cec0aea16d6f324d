import { filtersFor } from '../filters.ts';
import { erpNextRequest } from '../transport.ts';
import { requiredString } from './common.ts';
import type { ErpNextAction } from './common.ts';

/** frappe.client.get_count: how many documents match the filters (no rows are read). */
export const countDocuments: ErpNextAction = {
  operation: { name: 'Count Documents', value: 'count', action: 'Count documents', description: 'Count the documents matching filters' },
  properties: [],
  async run(ctx, i) {
    const doctype = requiredString(ctx, 'doctype', i, 'DocType');
    const filters = filtersFor(ctx, i, doctype, 'filters');
    const body = await erpNextRequest<{ message?: unknown }>(ctx, {
      method: 'GET',
      path: '/api/method/frappe.client.get_count',
      qs: { doctype, ...(filters ? { filters } : {}) },
      subject: { doctype, permission: 'read' },
    });
    return [{ doctype, count: Number(body?.message ?? 0) }];
  },
};
