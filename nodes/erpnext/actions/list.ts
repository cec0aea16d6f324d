import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { filtersFor } from '../filters.ts';
import { erpNextRequest, resourcePath } from '../transport.ts';
import { dataOf, requiredString, show } from './common.ts';
import type { ErpNextAction } from './common.ts';

interface ListOptions {
  pageSize?: number;
  offset?: number;
}

/** A stable order for paging: the user's order plus `name` as the unique tie-breaker. */
export function pagingOrder(orderBy: string): string {
  if (!orderBy) return 'creation asc, name asc';
  const columns = orderBy.split(',').map((part) => part.trim().split(/\s+/)[0]?.replace(/`/g, '').replace(/^.*\./, ''));
  return columns.includes('name') ? orderBy : `${orderBy}, name asc`;
}

function fieldsFor(ctx: IExecuteFunctions, i: number): string {
  const value = ctx.getNodeParameter('fields', i, []) as string[] | string;
  const list = (Array.isArray(value) ? value : String(value).split(',')).map((f) => String(f).trim()).filter(Boolean);
  return JSON.stringify(list.length ? list : ['*']);
}

/** GET /api/resource/{doctype} with fields, filters, or_filters and order; pages with limit_start until a short page. */
export const listDocuments: ErpNextAction = {
  operation: { name: 'List Documents', value: 'getAll', action: 'List documents', description: 'Find documents with filters, one item per document' },
  properties: [
    {
      displayName: 'Field Names or IDs',
      name: 'fields',
      type: 'multiOptions',
      typeOptions: { loadOptionsMethod: 'getFields', loadOptionsDependsOn: ['doctype'] },
      default: [],
      displayOptions: show('getAll'),
      description: 'Columns to return; none selected returns every column (child tables are not included in lists). Choose from the list, or specify fieldnames using an expression.',
    },
    {
      displayName: 'Order By',
      name: 'orderBy',
      type: 'string',
      default: '',
      placeholder: 'creation desc',
      displayOptions: show('getAll'),
      description: 'SQL-style order, e.g. "modified desc" or "opening_date asc, name asc"; empty uses the doctype\'s sort order',
    },
    { displayName: 'Return All', name: 'returnAll', type: 'boolean', default: false, displayOptions: show('getAll'), description: 'Whether to return every match, reading page after page' },
    {
      displayName: 'Limit',
      name: 'limit',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: 50,
      displayOptions: { show: { operation: ['getAll'], returnAll: [false] } },
      description: 'Max number of results to return',
    },
    {
      displayName: 'Options',
      name: 'listOptions',
      type: 'collection',
      placeholder: 'Add option',
      default: {},
      displayOptions: show('getAll'),
      options: [
        { displayName: 'Page Size', name: 'pageSize', type: 'number', typeOptions: { minValue: 1 }, default: 100, description: 'Rows per request when returning all' },
        { displayName: 'Offset', name: 'offset', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Rows to skip first (limit_start)' },
      ],
    },
  ],
  async run(ctx, i) {
    const node = ctx.getNode().name;
    const doctype = requiredString(ctx, 'doctype', i, 'DocType');
    const returnAll = ctx.getNodeParameter('returnAll', i, false) === true;
    const options = ctx.getNodeParameter('listOptions', i, {}) as ListOptions;
    const limit = Number(ctx.getNodeParameter('limit', i, 50));
    const pageSize = returnAll ? Number(options.pageSize ?? 100) : limit;
    if (!Number.isInteger(pageSize) || pageSize < 1)
      throw new NodeOperationError(node, `${returnAll ? 'Page Size' : 'Limit'} must be a whole number of at least 1, not ${pageSize}`, { parameter: returnAll ? 'listOptions.pageSize' : 'limit', itemIndex: i });
    const orderBy = String(ctx.getNodeParameter('orderBy', i, '') ?? '').trim();
    const qs: Record<string, string | number> = { fields: fieldsFor(ctx, i) };
    const filters = filtersFor(ctx, i, doctype, 'filters');
    const orFilters = filtersFor(ctx, i, doctype, 'orFilters');
    if (filters) qs.filters = filters;
    if (orFilters) qs.or_filters = orFilters;
    const order = returnAll ? pagingOrder(orderBy) : orderBy;
    if (order) qs.order_by = order;

    const out: IDataObject[] = [];
    let start = Math.max(0, Number(options.offset ?? 0) || 0);
    for (;;) {
      const body = await erpNextRequest(ctx, {
        method: 'GET',
        path: resourcePath(doctype),
        qs: { ...qs, limit_start: start, limit_page_length: pageSize },
        subject: { doctype, permission: 'read' },
      });
      const page = dataOf<IDataObject[]>(body) ?? [];
      out.push(...page);
      // A short page is the last; a long one means the server ignored the limit and sent everything.
      if (!returnAll || page.length !== pageSize) break;
      start += page.length;
    }
    return out;
  },
};
