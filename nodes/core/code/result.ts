// What a Code node's script may return, and how it becomes output items. The rules and the
// wording of the errors follow n8n's Code node, so n8n's docs and forum answers apply unchanged:
//   all items   null → no items; an object or an array of objects; plain objects are wrapped into
//               { json }; either every item uses item keys (json, binary, pairedItem …) or none does.
//   each item   null/undefined → the item is dropped; one object (plain or { json }), never an array.
import type { IBinaryKeyData, IDataObject, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

/** Keys n8n reserves at the top level of an item. */
const ITEM_KEYS = new Set(['json', 'binary', 'pairedItem', 'error', 'metadata', 'index']);

/** A returned value of the wrong shape; the node turns it into a NodeOperationError. */
export class ReturnShapeError extends Error {
  override name = 'ValidationError';
  readonly description: string;
  readonly itemIndex?: number;
  constructor(message: string, description: string, itemIndex?: number) {
    super(itemIndex === undefined ? message : `${message} [item ${itemIndex}]`);
    this.description = description;
    this.itemIndex = itemIndex;
  }
}

type Entry = Record<string, unknown>;

function isObject(v: unknown): v is Entry {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const notItems = () =>
  new ReturnShapeError("Code doesn't return items properly", 'Please return an array of objects, one for each item you would like to output.');

/** n8n: once an item uses an item key, every top-level key must be one. */
function checkTopLevelKeys(entry: Entry, index: number): void {
  const keys = Object.keys(entry);
  const unknown = keys.filter((k) => !ITEM_KEYS.has(k));
  if (unknown.length === 0) return;
  const reserved = keys.find((k) => ITEM_KEYS.has(k));
  if (reserved !== undefined) {
    throw new ReturnShapeError(
      'Invalid output format',
      `An output item contains the reserved key '${reserved}' next to other fields. To get around this, wrap each item's fields in an object under a key called 'json'.`,
      index,
    );
  }
  throw new ReturnShapeError(`Unknown top-level item key: ${unknown[0]}`, 'Access the properties of an item under `.json`, e.g. `item.json`', index);
}

/** n8n's normalizeItems: wrap plain objects into { json }, split { …fields, binary }. */
function normalize(entries: Entry[]): Entry[] {
  const withJson = entries.filter((e) => 'json' in e).length;
  if (withJson === entries.length) return entries;
  if (withJson > 0) throw new ReturnShapeError('Inconsistent item format', "Either every returned item has a 'json' key or none has.");
  const withBinary = entries.filter((e) => 'binary' in e).length;
  if (withBinary > 0 && withBinary < entries.length) {
    throw new ReturnShapeError('Inconsistent item format', "Either every returned item has a 'binary' key or none has.");
  }
  return entries.map((e) => {
    if (withBinary === 0) return { json: e };
    const { binary, ...json } = e;
    return { json, binary };
  });
}

function isPairing(v: unknown): boolean {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0;
  if (Array.isArray(v)) return v.every((p) => isObject(p) && isPairing(p.item));
  return isObject(v) && typeof v.item === 'number' && Number.isInteger(v.item) && v.item >= 0;
}

/** The output item: json checked, binary kept, pairedItem from the script when it is well-formed. */
function toItem(entry: Entry, index: number, pairedItem?: IPairedItemData): INodeExecutionData {
  const { json, binary } = entry;
  if (!isObject(json)) throw new ReturnShapeError("A 'json' property isn't an object", "In the returned data, every key named 'json' must point to an object.", index);
  if (binary !== undefined && !isObject(binary)) {
    throw new ReturnShapeError("A 'binary' property isn't an object", "In the returned data, every key named 'binary' must point to an object.", index);
  }
  const item: INodeExecutionData = { json: json as IDataObject };
  if (binary !== undefined) item.binary = binary as IBinaryKeyData;
  if (pairedItem !== undefined) item.pairedItem = pairedItem;
  else if (isPairing(entry.pairedItem)) item.pairedItem = entry.pairedItem as INodeExecutionData['pairedItem'];
  return item;
}

/** 'runOnceForAllItems': the script's return value as output items (unpaired items are paired by the engine). */
export function itemsFromAllItemsResult(result: unknown): INodeExecutionData[] {
  if (result === null) return [];
  if (!isObject(result) && !Array.isArray(result)) throw notItems();
  if (!Array.isArray(result)) return [toItem(result.json ? result : { json: result }, 0)];
  for (const entry of result) if (!isObject(entry)) throw notItems();
  const entries = result as Entry[];
  if (entries.some((e) => Object.keys(e).some((k) => ITEM_KEYS.has(k)))) entries.forEach(checkTopLevelKeys);
  return normalize(entries).map((entry, i) => toItem(entry, i));
}

/** 'runOnceForEachItem': the script's return value for input item `index`, or undefined to drop it. */
export function itemFromEachItemResult(result: unknown, index: number): INodeExecutionData | undefined {
  if (result === null || result === undefined) return undefined;
  if (Array.isArray(result)) {
    const first = result.length > 0 ? `An array of ${typeof result[0]}s was returned.` : 'An empty array was returned.';
    throw new ReturnShapeError(
      "Code doesn't return a single object",
      `${first} If you need to output multiple items, please use the 'Run Once for All Items' mode instead.`,
      index,
    );
  }
  if (!isObject(result)) {
    throw new ReturnShapeError("Code doesn't return an object", `Please return an object representing the output item. ('${String(result)}' was returned instead.)`, index);
  }
  const [entry] = normalize([result]);
  const item = toItem(entry!, index, { item: index });
  checkTopLevelKeys(entry!, index);
  return item;
}
