// GET|HEAD /<collection>/?query=&projection=&sort=&skip=&limit= (integration-apis.md §2.2), in
// the NBI's order: 405 for other methods, 404 for an unknown collection, 400 for bad query JSON,
// the query rewrite (devices/tasks/faults), 400 for bad sort JSON, the count (`total` header,
// before skip/limit), then the body streamed as "[\n" + documents joined by ",\n" + "\n]".
// Errors mongod raises while counting drop the connection before any header; errors it raises
// while iterating (a bad sort direction, a bad skip) drop it after "[\n" went out.
import { parseProjection, project } from './projection.ts';
import { matches, QueryError, sortDocs } from './mongo.ts';
import type { Query } from './mongo.ts';
import { expandDeviceQuery, FAULT_QUERY_TYPES, sanitizeQueryTypes, TASK_QUERY_TYPES } from './query.ts';
import { send } from './server.ts';
import type { Reply } from './server.ts';
import { collectionOf } from './store.ts';

/** virtual_parameters → virtualParameters, as the NBI camel-cases collection names. */
export const camelCase = (name: string): string => name.replace(/_(.?)/g, (_, c: string) => c.toUpperCase());

function parseJson(text: string): { value?: unknown; error?: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { error: `${(err as Error).name}: ${(err as Error).message}` };
  }
}

export function listCollection(r: Reply, urlName: string): void {
  const { req, res, url, store } = r;
  const name = camelCase(urlName);
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, '405 Method Not Allowed', { headers: { Allow: 'GET, HEAD' } });
  const collection = collectionOf(store, name);
  if (!collection) return send(res, 404, '404 Not Found');

  let query: Query = {};
  const rawQuery = url.searchParams.get('query');
  if (rawQuery !== null) {
    const parsed = parseJson(rawQuery);
    if (parsed.error) return send(res, 400, parsed.error);
    query = parsed.value as Query;
  }
  if (name === 'devices') query = expandDeviceQuery(query);
  else if (name === 'tasks') query = sanitizeQueryTypes(query, TASK_QUERY_TYPES);
  else if (name === 'faults') query = sanitizeQueryTypes(query, FAULT_QUERY_TYPES);

  const projection = parseProjection(url.searchParams.get('projection'));
  let sort: Record<string, unknown> | undefined;
  const rawSort = url.searchParams.get('sort');
  if (rawSort !== null) {
    const parsed = parseJson(rawSort);
    if (parsed.error) return send(res, 400, parsed.error);
    sort = {};
    for (const [k, v] of Object.entries(parsed.value as Record<string, unknown>)) {
      sort[name === 'devices' && k[k.lastIndexOf('.') + 1] !== '_' ? `${k}._value` : k] = v;
    }
  }

  if (query === null || typeof query !== 'object') throw new QueryError('query must be an object');
  const found = collection.filter((doc) => matches(doc, query));
  res.writeHead(200, { 'Content-Type': 'application/json', total: found.length });
  if (req.method === 'HEAD') return void res.end();

  const skip = url.searchParams.has('skip') ? parseInt(url.searchParams.get('skip') as string, 10) : 0;
  const limit = url.searchParams.has('limit') ? parseInt(url.searchParams.get('limit') as string, 10) : 0;
  res.write('[\n');
  if (Number.isNaN(skip) || skip < 0) throw new QueryError(`skip must be a non-negative integer, got ${skip}`);
  if (Number.isNaN(limit)) throw new QueryError('limit must be an integer');
  let docs = sort ? sortDocs(found, sort) : found;
  docs = docs.slice(skip, limit ? skip + Math.abs(limit) : undefined);
  res.end(`${docs.map((d) => JSON.stringify(project(d, projection))).join(',\n')}\n]`);
}
