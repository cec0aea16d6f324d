// Reading a GenieACS NBI device document: nested objects keyed by path segment, leaves shaped
// `{ _value, _type, _timestamp, _writable }`, instances keyed "1", "2", … A parameter that was
// never fetched has no `_value`; every reader here answers undefined for it rather than guessing.

export type DocNode = Record<string, unknown>;

const isNode = (v: unknown): v is DocNode => !!v && typeof v === 'object' && !Array.isArray(v);

/** The object at a dotted path below `node` ("WiFi.Radio.1"), or undefined. */
export function at(node: unknown, path: string): DocNode | undefined {
  let cur: unknown = node;
  for (const seg of path.split('.')) {
    if (!seg) continue;
    if (!isNode(cur)) return undefined;
    cur = cur[seg];
  }
  return isNode(cur) ? cur : undefined;
}

/** The raw `_value` of the leaf at `path` below `node`. */
export function value(node: unknown, path: string): unknown {
  return at(node, path)?._value;
}

/** A non-empty trimmed string value (numbers and booleans as text). */
export function str(node: unknown, path: string): string | undefined {
  const v = value(node, path);
  if (v === undefined || v === null) return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

/** A number from a numeric value or a numeric string ("-18.45", "-18.45 dBm", " 123 "). */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*([-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*(?:[a-zµ ]*)$/i.exec(v);
  return m ? Number(m[1]) : undefined;
}

export const num = (node: unknown, path: string): number | undefined => toNumber(value(node, path));

/** true/false from xsd:boolean values and the spellings CPEs use ("true", "1", "Enabled"). */
export function toBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  if (['true', '1', 'yes', 'on', 'enabled', 'up'].includes(s)) return true;
  if (['false', '0', 'no', 'off', 'disabled', 'down'].includes(s)) return false;
  return undefined;
}

export const bool = (node: unknown, path: string): boolean | undefined => toBool(value(node, path));

/** The instances of a multi-instance object ("1", "2", …), in numeric order. */
export function instances(node: unknown): [string, DocNode][] {
  if (!isNode(node)) return [];
  return Object.entries(node)
    .filter((e): e is [string, DocNode] => /^\d+$/.test(e[0]) && isNode(e[1]))
    .sort((a, b) => Number(a[0]) - Number(b[0]));
}

/** Instances of the object at `path` below `node`, each with its own path (for names and references). */
export function instancesAt(node: unknown, base: string, path: string): { index: string; path: string; node: DocNode }[] {
  return instances(at(node, path)).map(([index, child]) => ({ index, path: `${base}.${path}.${index}`, node: child }));
}

/** Path references from a list-valued parameter (LowerLayers, SSIDReference): "Device.WiFi.Radio.1." → "Device.WiFi.Radio.1". */
export function refs(v: unknown): string[] {
  if (typeof v !== 'string') return [];
  return v
    .split(',')
    .map((s) => s.trim().replace(/\.$/, ''))
    .filter(Boolean);
}

/**
 * The object a reference points at. References are absolute ("Device.WiFi.Radio.1"), though some
 * firmwares drop the root ("WiFi.Radio.1"); both resolve against the document.
 */
export function resolve(doc: DocNode, root: string, ref: string): DocNode | undefined {
  const path = ref.startsWith(`${root}.`) ? ref : `${root}.${ref}`;
  return at(doc, path);
}

/** `ref` written with its root ("WiFi.SSID.1" → "Device.WiFi.SSID.1"), for comparisons. */
export const absolute = (root: string, ref: string): string => (ref.startsWith(`${root}.`) ? ref : `${root}.${ref}`);

/** `o` without its undefined fields, so outputs carry only what a source reported. */
export function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
