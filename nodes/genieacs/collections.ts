// Reading NBI collections (devices, faults, tasks) with query, projection, sort, skip and limit.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { genieAcsRequest, totalOf } from './transport.ts';

export interface CollectionQuery {
  query: Record<string, unknown>;
  projection?: string;
  sort?: Record<string, 1 | -1>;
  skip?: number;
  limit?: number;
}

/** GET /<collection>/ with query, projection, sort, skip and limit: the documents and the `total` header. */
export async function queryCollection(ctx: IExecuteFunctions, collection: 'devices' | 'faults' | 'tasks', q: CollectionQuery, deviceId?: string): Promise<{ docs: IDataObject[]; total?: number }> {
  const qs: Record<string, string | number> = { query: JSON.stringify(q.query) };
  if (q.projection) qs.projection = q.projection;
  if (q.sort) qs.sort = JSON.stringify(q.sort);
  if (q.skip) qs.skip = q.skip;
  if (q.limit !== undefined) qs.limit = q.limit;
  const res = await genieAcsRequest(ctx, { method: 'GET', path: `/${collection}/`, qs, subject: { deviceId } });
  const docs = Array.isArray(res.body) ? (res.body as IDataObject[]) : [];
  return { docs, total: totalOf(res) };
}

/** One device document by id (with a projection), or undefined when GenieACS has no such device. */
export async function readDevice(ctx: IExecuteFunctions, deviceId: string, projection?: string): Promise<IDataObject | undefined> {
  const { docs } = await queryCollection(ctx, 'devices', { query: { _id: deviceId }, projection }, deviceId);
  return docs[0];
}

/** A projection that keeps the top-level metadata next to the asked paths. */
export const withMetadata = (paths: string[]): string => ['_deviceId', '_lastInform', ...paths.map((p) => p.replace(/\.+$/, ''))].filter(Boolean).join(',');

export interface Paging {
  returnAll: boolean;
  /** Without returnAll: at most this many documents. */
  limit: number;
  /** With returnAll: documents per request. */
  pageSize: number;
  skip?: number;
}

/**
 * Documents of a query, one request, or page after page (skip += page) until the `total` header
 * says all were read (or a short page, when a proxy strips the header). Paging sorts by the
 * user's sort plus `_id`, so pages neither repeat nor skip documents.
 */
export async function pagedQuery(ctx: IExecuteFunctions, collection: 'devices' | 'faults', q: CollectionQuery, paging: Paging): Promise<IDataObject[]> {
  const start = Math.max(0, paging.skip ?? 0);
  if (!paging.returnAll) return (await queryCollection(ctx, collection, { ...q, skip: start, limit: paging.limit })).docs;
  const sort = q.sort && '_id' in q.sort ? q.sort : { ...q.sort, _id: 1 as const };
  const out: IDataObject[] = [];
  for (let skip = start; ; ) {
    const { docs, total } = await queryCollection(ctx, collection, { ...q, sort, skip, limit: paging.pageSize });
    out.push(...docs);
    skip += docs.length;
    if (docs.length < paging.pageSize || (total !== undefined && skip >= total)) return out;
  }
}
