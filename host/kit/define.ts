// defineNode: an operation table + description → a plain n8n INodeType class. Routing, pairing
// and continueOnFail come from forEachItem, so kit nodes behave exactly like hand-written ones.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { forEachItem } from '../engine/per-item.ts';
import { NodeOperationError } from '../model/index.ts';
import { params, type ParamReader } from './params.ts';

/** One operation for one item. Return one object (one output item) or an array (several), all paired with the input item. */
export type OperationHandler = (ctx: IExecuteFunctions, itemIndex: number, params: ParamReader) => Promise<IDataObject | IDataObject[]>;
/** operation → handler, or resource → operation → handler when the description has a `resource` parameter. */
export type OperationTable = Record<string, OperationHandler> | Record<string, Record<string, OperationHandler>>;

export interface NodeSpec {
  description: INodeTypeDescription;
  /** Routed per item by the `resource` (if any) and `operation` parameters; continueOnFail → {error} item; outputs paired. */
  operations?: OperationTable;
  /** Instead of operations: a whole execute (items in, items out). */
  execute?: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;
  methods?: INodeType['methods'];
}

type Routes = Map<string, Map<string, OperationHandler>>;
/** The key of the single route group of a node without a `resource` parameter. */
const NO_RESOURCE = '';

function optionValues(p: INodeProperties): string[] {
  return (p.options ?? []).flatMap((o) => ('value' in o && o.value !== undefined ? [String(o.value)] : []));
}

/** The operation values the description offers for one resource (an `operation` property shown for it, or shown always). */
function offeredOperations(properties: INodeProperties[], resource: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const p of properties) {
    if (p.name !== 'operation') continue;
    const shownFor = p.displayOptions?.show?.resource;
    if (resource !== undefined && Array.isArray(shownFor) && !shownFor.map(String).includes(resource)) continue;
    for (const v of optionValues(p)) out.add(v);
  }
  return out;
}

/** Both directions: every handler is offered by the description, every offered value has a handler. */
function compare(node: string, what: string, table: Iterable<string>, offered: Set<string>, scope = ''): void {
  const have = new Set(table);
  const extra = [...have].filter((v) => !offered.has(v));
  const missing = [...offered].filter((v) => !have.has(v));
  if (extra.length) throw new Error(`defineNode(${node}): the operations table has ${what} ${extra.map((v) => `"${v}"`).join(', ')}${scope}, which the description's options do not offer`);
  if (missing.length) throw new Error(`defineNode(${node}): the description offers ${what} ${missing.map((v) => `"${v}"`).join(', ')}${scope}, but the operations table has no handler for it`);
}

/** Checks the table against the description and turns it into resource → operation → handler. */
function buildRoutes(description: INodeTypeDescription, table: OperationTable): Routes {
  const node = JSON.stringify(description.name ?? '?');
  const properties = description.properties ?? [];
  const resourceProp = properties.find((p) => p.name === 'resource');
  if (!properties.some((p) => p.name === 'operation' && p.type === 'options'))
    throw new Error(`defineNode(${node}): an operations table needs an "operation" parameter of type options in the description`);
  const routes: Routes = new Map();
  const entries = Object.entries(table as Record<string, unknown>);
  const nested = entries.filter(([, v]) => typeof v !== 'function');
  if (!resourceProp) {
    if (nested.length) throw new Error(`defineNode(${node}): operation "${nested[0]![0]}" is not a function (a resource → operation table needs a "resource" parameter in the description)`);
    compare(node, 'operation', Object.keys(table), offeredOperations(properties, undefined));
    routes.set(NO_RESOURCE, new Map(entries as Array<[string, OperationHandler]>));
    return routes;
  }
  if (nested.length !== entries.length) {
    const flat = entries.find(([, v]) => typeof v === 'function')!;
    throw new Error(`defineNode(${node}): the description has a "resource" parameter, so the operations table must be resource → operation → handler; "${flat[0]}" is a handler`);
  }
  compare(node, 'resource', Object.keys(table), new Set(optionValues(resourceProp)));
  for (const [resource, ops] of nested as Array<[string, Record<string, unknown>]>) {
    const bad = Object.entries(ops).find(([, v]) => typeof v !== 'function');
    if (bad) throw new Error(`defineNode(${node}): resource "${resource}", operation "${bad[0]}" is not a function`);
    compare(node, 'operation', Object.keys(ops), offeredOperations(properties, resource), ` for resource "${resource}"`);
    routes.set(resource, new Map(Object.entries(ops) as Array<[string, OperationHandler]>));
  }
  return routes;
}

function routedExecute(routes: Routes, hasResource: boolean): (this: IExecuteFunctions) => Promise<INodeExecutionData[][]> {
  return async function execute(this: IExecuteFunctions) {
    const ctx = this;
    const items = await forEachItem(ctx, async (i) => {
      const resource = hasResource ? String(ctx.getNodeParameter('resource', i)) : NO_RESOURCE;
      const operations = routes.get(resource);
      if (!operations) throw new NodeOperationError(ctx.getNode(), `Unknown resource "${resource}" (parameter "resource")`, { parameter: 'resource', itemIndex: i });
      const operation = String(ctx.getNodeParameter('operation', i));
      const handler = operations.get(operation);
      if (!handler)
        throw new NodeOperationError(ctx.getNode(), `Unknown operation "${operation}"${hasResource ? ` for resource "${resource}"` : ''} (parameter "operation")`, {
          parameter: 'operation',
          itemIndex: i,
        });
      const result = await handler(ctx, i, params(ctx, i));
      return Array.isArray(result) ? result : [result];
    });
    return [items];
  };
}

/** A class name from the node name ('traccar' → 'Traccar'), so stack traces and loaders see something useful. */
function className(name: string | undefined): string {
  const words = String(name ?? 'Node').split(/[^A-Za-z0-9]+/).filter(Boolean);
  const pascal = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z_$]/.test(pascal) ? pascal : `Node${pascal}`;
}

/**
 * Returns a CLASS (n8n's loader does `new exports[FileName]()`): `export const Traccar = defineNode({...})`.
 * Instances are plain INodeType objects (description, methods, execute). Throws at definition time if
 * an operation table names an operation/resource value that the description's options do not offer
 * (or misses one they do); the message names it.
 */
export function defineNode(spec: NodeSpec): new () => INodeType {
  const { description } = spec;
  if (!description || typeof description !== 'object') throw new Error('defineNode: spec.description is required');
  if (spec.operations && spec.execute) throw new Error(`defineNode(${JSON.stringify(description.name)}): give either operations or execute, not both`);
  let execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;
  if (spec.execute) execute = spec.execute;
  else if (spec.operations) {
    const hasResource = (description.properties ?? []).some((p) => p.name === 'resource');
    execute = routedExecute(buildRoutes(description, spec.operations), hasResource);
  } else throw new Error(`defineNode(${JSON.stringify(description.name)}): give operations or execute`);
  const methods = spec.methods;

  const DefinedNode = class implements INodeType {
    description: INodeTypeDescription = description;
    // `declare`: no own `methods` key at all when the spec has none, as on a hand-written node.
    declare methods?: INodeType['methods'];
    execute = execute;
    constructor() {
      if (methods) this.methods = methods;
    }
  };
  Object.defineProperty(DefinedNode, 'name', { value: className(description.name) });
  return DefinedNode;
}
