// Parameter values: read out of a device document (nested `_value` leaves) as flat
// `{path: value}`, and typed for setParameterValues (xsd type and a value of the matching JS type).
import type { Fail } from './query.ts';

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => !!v && typeof v === 'object' && !Array.isArray(v);

/** The node of a device document at a dotted path ("InternetGatewayDevice.DeviceInfo." works too). */
export function nodeAt(doc: unknown, path: string): unknown {
  let node: unknown = doc;
  for (const segment of path.split('.').filter(Boolean)) {
    if (!isNode(node)) return undefined;
    node = node[segment];
  }
  return node;
}

function collectLeaves(node: Node, prefix: string, out: Record<string, unknown>): void {
  if ('_value' in node) {
    out[prefix] = node._value ?? null;
    return;
  }
  // A parameter that was never fetched has only _writable (and no _object): a leaf without a value.
  if (!node._object && '_writable' in node && !Object.keys(node).some((k) => !k.startsWith('_'))) {
    out[prefix] = null;
    return;
  }
  for (const [key, child] of Object.entries(node)) if (!key.startsWith('_') && isNode(child)) collectLeaves(child, prefix ? `${prefix}.${key}` : key, out);
}

/**
 * Values of a device document as `{path: value}`. For each asked path: its value when it is a
 * parameter, every parameter below it when it is an object, null when the device has nothing there.
 * Without paths, every parameter of the document.
 */
export function flattenValues(doc: unknown, paths?: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isNode(doc)) return out;
  if (!paths?.length) {
    for (const [key, child] of Object.entries(doc)) if (!key.startsWith('_') && isNode(child)) collectLeaves(child, key, out);
    return out;
  }
  for (const raw of paths) {
    const path = raw.replace(/\.+$/, '');
    const node = nodeAt(doc, path);
    if (isNode(node)) collectLeaves(node, path, out);
    else out[path] = null;
  }
  return out;
}

/** The `_type` the device document records for a parameter, if any. */
export function storedType(doc: unknown, path: string): string | undefined {
  const node = nodeAt(doc, path);
  return isNode(node) && typeof node._type === 'string' && node._type ? node._type : undefined;
}

export const XSD_TYPES = ['xsd:string', 'xsd:boolean', 'xsd:unsignedInt', 'xsd:int', 'xsd:dateTime'];
const MAX_UNSIGNED_INT = 4_294_967_295;
const MIN_INT = -2_147_483_648;
const MAX_INT = 2_147_483_647;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * The xsd type a value looks like: booleans and "true"/"false" → boolean; whole numbers without
 * a leading zero → unsignedInt (≥ 0) or int; ISO 8601 date-times → dateTime; anything else string.
 */
export function inferXsdType(value: unknown): string {
  if (typeof value === 'boolean') return 'xsd:boolean';
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value <= MAX_UNSIGNED_INT) return 'xsd:unsignedInt';
    if (Number.isInteger(value) && value >= MIN_INT && value < 0) return 'xsd:int';
    return 'xsd:string';
  }
  if (value instanceof Date) return 'xsd:dateTime';
  const text = String(value ?? '').trim();
  if (/^(true|false)$/i.test(text)) return 'xsd:boolean';
  if (/^(0|[1-9]\d*)$/.test(text) && Number(text) <= MAX_UNSIGNED_INT) return 'xsd:unsignedInt';
  if (/^-[1-9]\d*$/.test(text) && Number(text) >= MIN_INT) return 'xsd:int';
  if (DATE_TIME.test(text)) return 'xsd:dateTime';
  return 'xsd:string';
}

/** A value converted for its xsd type (boolean, number or text); `label` names the row in errors. */
export function coerceValue(value: unknown, type: string, label: string, fail: Fail): string | number | boolean {
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value.trim() : String(value ?? '');
  switch (type) {
    case 'xsd:boolean': {
      if (typeof value === 'boolean') return value;
      if (/^(true|1)$/i.test(text)) return true;
      if (/^(false|0)$/i.test(text)) return false;
      return fail(`${label}: "${text}" is not a boolean`, 'xsd:boolean takes true, false, 1 or 0.');
    }
    case 'xsd:unsignedInt':
    case 'xsd:int': {
      const n = typeof value === 'number' ? value : /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
      const [min, max] = type === 'xsd:int' ? [MIN_INT, MAX_INT] : [0, MAX_UNSIGNED_INT];
      if (!Number.isInteger(n) || n < min || n > max) return fail(`${label}: "${text}" is not a valid ${type}`, `${type} takes a whole number from ${min} to ${max}.`);
      return n;
    }
    case 'xsd:dateTime': {
      if (!DATE_TIME.test(text)) return fail(`${label}: "${text}" is not an xsd:dateTime`, 'Use ISO 8601, e.g. 2026-03-01T08:00:00Z.');
      return text;
    }
    default:
      // xsd:string and any other type (xsd:long, xsd:hexBinary, ...): sent as given, as text.
      return typeof value === 'string' ? value : text;
  }
}
